/* CityPlanner offline basemap: land, lakes, rivers, borders and place names on canvas tiles.
 *
 * The tiles were cut at build time (packaging/build_basemap.py): Web Mercator, zoom 0 to
 * `maxZoom`, each a small JSON object with its points counted in `extent` steps across
 * the tile: `l` land rings (filled even-odd; lakes are its holes, so they show the sea's
 * colour and their shores are stroked as coast), `r` rivers, `a` borders between regions
 * of one country, `b` borders between countries, `p` place names [x, y, rank, name], `f`
 * when dry land covers the whole tile. Every ring and line is delta-encoded (x0, y0, dx1,
 * dy1, ...). Beyond the last level, its tiles are enlarged.
 *
 * In the window the tiles are fetched one by one from the page's own folder as the view
 * needs them (`source`); an exported page carries them inside (`tiles`, with `cover`
 * telling which ranges it carries: a carried range's missing tile is sea).
 */
(function () {
  "use strict";

  var SIZE = 256;
  var COLOURS = {
    sea: "#d7e5ec",
    land: "#f6f2e8",
    coast: "#9fb5c0",
    border: "#b3a58c",
    region: "#b9b2a6",
    river: "#78a6c6",
    text: "#3f3a32",
    town: "#5b554b",
    halo: "rgba(255, 255, 255, 0.9)",
    dot: "#6f675a",
  };
  // Capital, city of a million, city, town: font and dot of each.
  var RANKS = [
    { font: "bold 12px sans-serif", dot: 3.2 },
    { font: "12px sans-serif", dot: 2.6 },
    { font: "11px sans-serif", dot: 2.2 },
    { font: "10px sans-serif", dot: 1.8 },
  ];
  // A river's width in screen pixels, by zoom (index); beyond the last, the last.
  var RIVER_PX = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.3, 1.5, 1.7, 1.9];
  // A region border's dash, on and off, in screen pixels.
  var REGION_DASH = [3, 2];
  var CACHE_TILES = 600;
  var SEA = {};

  function TileSource(config) {
    this.extent = Number(config.extent) || 4096;
    this.maxZoom = Number(config.maxZoom);
    this.url = config.source || null;
    this.tiles = config.tiles || null;
    this.cover = config.cover || [];
    this.cache = new Map();
    this.waiting = {};
    // The latest tiles asked of the window, for a look at what the map fetched.
    this.fetched = [];
  }

  // The stored tile that draws tile (z, x, y): itself, or its ancestor at the finest
  // level there is. Null when nothing covers it.
  TileSource.prototype.origin = function (z, x, y) {
    if (this.tiles) {
      for (var i = this.cover.length - 1; i >= 0; i--) {
        var c = this.cover[i];
        if (c[0] > z) continue;
        var s = Math.pow(2, z - c[0]);
        var ax = Math.floor(x / s), ay = Math.floor(y / s);
        if (ax >= c[1] && ax <= c[3] && ay >= c[2] && ay <= c[4]) return { z: c[0], x: ax, y: ay };
      }
      return null;
    }
    if (!(this.maxZoom >= 0)) return null;
    var top = Math.min(z, this.maxZoom);
    var scale = Math.pow(2, z - top);
    return { z: top, x: Math.floor(x / scale), y: Math.floor(y / scale) };
  };

  TileSource.prototype.get = function (origin, callback) {
    var key = origin.z + "/" + origin.x + "/" + origin.y;
    if (this.tiles) {
      callback(this.tiles[key] || SEA);
      return;
    }
    var found = this.cache.get(key);
    if (found) {
      // Most recently used last, so the oldest go first when the cache is full.
      this.cache.delete(key);
      this.cache.set(key, found);
      callback(found);
      return;
    }
    if (this.waiting[key]) {
      this.waiting[key].push(callback);
      return;
    }
    var self = this;
    this.waiting[key] = [callback];
    this.fetched.push(key);
    if (this.fetched.length > CACHE_TILES) this.fetched.shift();
    fetch(this.url + key + ".json")
      .then(function (response) {
        return response.ok ? response.json() : SEA;
      })
      .catch(function () {
        return SEA;
      })
      .then(function (tile) {
        var value = tile && typeof tile === "object" ? tile : SEA;
        self.cache.set(key, value);
        if (self.cache.size > CACHE_TILES) self.cache.delete(self.cache.keys().next().value);
        var callbacks = self.waiting[key];
        delete self.waiting[key];
        callbacks.forEach(function (cb) {
          cb(value);
        });
      });
  };

  // How a stored tile's units map onto the drawn tile's pixels: px = q * k - dx.
  function placing(source, coords, origin) {
    var scale = Math.pow(2, coords.z - origin.z);
    return {
      k: (SIZE * scale) / source.extent,
      dx: (coords.x - origin.x * scale) * SIZE,
      dy: (coords.y - origin.y * scale) * SIZE,
    };
  }

  function tracePath(ctx, lines, closed) {
    for (var i = 0; i < lines.length; i++) {
      var flat = lines[i];
      if (!flat || flat.length < 4) continue;
      var x = flat[0], y = flat[1];
      ctx.moveTo(x, y);
      for (var j = 2; j + 1 < flat.length; j += 2) {
        x += flat[j];
        y += flat[j + 1];
        ctx.lineTo(x, y);
      }
      if (closed) ctx.closePath();
    }
  }

  function newCanvas(size) {
    var ratio = window.devicePixelRatio || 1;
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    return { canvas: canvas, ctx: canvas.getContext("2d"), ratio: ratio };
  }

  function wrapped(coords) {
    var n = Math.pow(2, coords.z);
    return { x: ((coords.x % n) + n) % n, y: coords.y, z: coords.z };
  }

  function strokeLines(ctx, lines, colour, width) {
    ctx.beginPath();
    tracePath(ctx, lines, false);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawLand(ctx, ratio, tile, at, zoom) {
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = COLOURS.sea;
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (tile.f) {
      ctx.fillStyle = COLOURS.land;
      ctx.fillRect(0, 0, SIZE, SIZE);
    }
    // Stored units straight onto the canvas; line widths are then in stored units too.
    ctx.setTransform(ratio * at.k, 0, 0, ratio * at.k, -ratio * at.dx, -ratio * at.dy);
    ctx.lineJoin = "round";
    if (tile.l && tile.l.length) {
      ctx.beginPath();
      tracePath(ctx, tile.l, true);
      ctx.fillStyle = COLOURS.land;
      ctx.fill("evenodd");
      // Each ring's cut edges lie outside the tile (it was cut with a margin), so the
      // stroke draws the coast only.
      ctx.strokeStyle = COLOURS.coast;
      ctx.lineWidth = 0.7 / at.k;
      ctx.stroke();
    }
    if (tile.r && tile.r.length) {
      ctx.lineCap = "round";
      strokeLines(ctx, tile.r, COLOURS.river, RIVER_PX[Math.min(zoom, RIVER_PX.length - 1)] / at.k);
      ctx.lineCap = "butt";
    }
    if (tile.a && tile.a.length) {
      ctx.setLineDash([REGION_DASH[0] / at.k, REGION_DASH[1] / at.k]);
      strokeLines(ctx, tile.a, COLOURS.region, 0.8 / at.k);
      ctx.setLineDash([]);
    }
    if (tile.b && tile.b.length) strokeLines(ctx, tile.b, COLOURS.border, 1 / at.k);
  }

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // Names in the order the build ranked them, each beside its dot, right or else left,
  // none over another and none past the tile's edge (where it would be cut in two).
  function drawPlaces(ctx, ratio, tile, at) {
    var places = tile.p || [];
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    var taken = [];
    for (var i = 0; i < places.length; i++) {
      var place = places[i];
      var px = place[0] * at.k - at.dx, py = place[1] * at.k - at.dy;
      if (px < 0 || px >= SIZE || py < 0 || py >= SIZE) continue;
      var rank = RANKS[place[2]] || RANKS[RANKS.length - 1];
      var name = String(place[3] || "");
      if (!name) continue;
      ctx.font = rank.font;
      var width = ctx.measureText(name).width;
      var half = 7;
      var gap = rank.dot + 3;
      var right = [px - rank.dot - 1, py - half, px + gap + width + 1, py + half];
      var left = [px - gap - width - 1, py - half, px + rank.dot + 1, py + half];
      var box = null;
      [right, left].some(function (candidate) {
        if (candidate[0] < 0 || candidate[2] > SIZE || candidate[1] < 0 || candidate[3] > SIZE) return false;
        if (taken.some(function (t) { return overlaps(t, candidate); })) return false;
        box = candidate;
        return true;
      });
      if (!box) continue;
      taken.push(box);
      ctx.beginPath();
      if (place[2] === 0) ctx.rect(px - rank.dot, py - rank.dot, 2 * rank.dot, 2 * rank.dot);
      else ctx.arc(px, py, rank.dot, 0, 2 * Math.PI);
      ctx.fillStyle = place[2] === 0 ? COLOURS.text : "#ffffff";
      ctx.strokeStyle = COLOURS.dot;
      ctx.lineWidth = 1;
      ctx.fill();
      ctx.stroke();
      var tx = box === right ? px + gap : px - gap;
      ctx.textAlign = box === right ? "left" : "right";
      ctx.strokeStyle = COLOURS.halo;
      ctx.lineWidth = 3;
      ctx.strokeText(name, tx, py);
      ctx.fillStyle = place[2] === 3 ? COLOURS.town : COLOURS.text;
      ctx.fillText(name, tx, py);
    }
  }

  function canvasLayer(source, paint, options) {
    var Layer = L.GridLayer.extend({
      createTile: function (coords, done) {
        var made = newCanvas(this.getTileSize());
        var where = wrapped(coords);
        var origin = source.origin(where.z, where.x, where.y);
        var finish = function (tile) {
          paint(made.ctx, made.ratio, tile, origin ? placing(source, where, origin) : null, where.z);
          // Leaflet expects `done` after createTile has returned.
          setTimeout(function () {
            done(null, made.canvas);
          }, 0);
        };
        if (origin) source.get(origin, finish);
        else finish(SEA);
        return made.canvas;
      },
    });
    return new Layer(options);
  }

  function paintLand(ctx, ratio, tile, at, zoom) {
    if (at) drawLand(ctx, ratio, tile, at, zoom);
    else {
      ctx.fillStyle = COLOURS.sea;
      ctx.fillRect(0, 0, SIZE * ratio, SIZE * ratio);
    }
  }

  function paintPlaces(ctx, ratio, tile, at) {
    if (at && tile.p) drawPlaces(ctx, ratio, tile, at);
  }

  // The two layers of the basemap: land (sea, land, lakes, coasts, rivers, borders) and
  // place names.
  function layers(map, config) {
    var source = new TileSource(config || {});
    map.createPane("cp-basemap");
    map.getPane("cp-basemap").style.zIndex = 150;
    map.createPane("cp-basemap-places");
    map.getPane("cp-basemap-places").style.zIndex = 160;
    map.getPane("cp-basemap-places").style.pointerEvents = "none";
    var land = canvasLayer(source, paintLand, {
      pane: "cp-basemap",
      attribution: (config && config.attribution) || "",
      maxZoom: 19,
      keepBuffer: 1,
    });
    var places = canvasLayer(source, paintPlaces, {
      pane: "cp-basemap-places",
      attribution: (config && config.placesAttribution) || "",
      maxZoom: 19,
      keepBuffer: 1,
    });
    land.cpSource = source;
    // Where no tile is drawn yet, the sea shows rather than Leaflet's grey.
    land.on("add", function () {
      map.getContainer().style.background = COLOURS.sea;
    });
    land.on("remove", function () {
      map.getContainer().style.background = "";
    });
    return { land: land, places: places, source: source };
  }

  // Calls back once the layer has drawn every tile in view (or at the latest after
  // `LOAD_LIMIT_MS`, so that a map never waits on its background).
  var LOAD_LIMIT_MS = 5000;
  function whenDrawn(layer, callback) {
    var called = false;
    function once() {
      if (called) return;
      called = true;
      layer.off("load", once);
      callback();
    }
    layer.on("load", once);
    setTimeout(once, LOAD_LIMIT_MS);
  }

  window.CityPlannerBasemap = { layers: layers, whenDrawn: whenDrawn, colours: COLOURS };
})();
