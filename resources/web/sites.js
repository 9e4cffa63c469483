/* CityPlanner map: the trip's sites, clustered where they crowd, drawn as Leaflet markers.
 *
 * The clusters of one zoom level are worked out from the sites' positions when that
 * level is first shown, and kept until the sites change: sites are taken in turn, and
 * each one joins the first cluster whose first site is within RADIUS pixels of it, or
 * starts one (a grid of RADIUS-pixel cells finds the near clusters). One level costs a
 * single pass over the sites, so a trip of ten thousand sites is on the map in a few
 * milliseconds, and no work is spent on levels nobody looks at.
 *
 * Only what is in view becomes a Leaflet marker: the clusters (a ring split by theme
 * around the number of sites, see CityPlannerParts.clusterIcon) and the sites shown
 * alone. A move or a zoom changes only the markers that differ. The layer is a feature
 * group, so the page listens to its sites' events in one place (click, hover, drag,
 * menu: `event.layer` is the site's marker).
 */
(function () {
  "use strict";

  // Sites closer than this many pixels are drawn as one cluster.
  var RADIUS = 48;
  // From the next zoom on every site is drawn alone (the payload spreads sites that
  // share a point).
  var LAST_CLUSTERED_ZOOM = 15;
  // Markers are made for a little more than the view, so that a short pan shows them.
  var PAD = 0.25;
  var TILE = 256;

  // Web Mercator, as a fraction of the world's width from the top left corner.
  function worldX(lon) {
    return (lon + 180) / 360;
  }
  function worldY(lat) {
    var s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  // The clusters of one zoom level: for each, its first site, how many, where they are
  // on average, the box around them (in world fractions: north is the smaller y; across
  // the antimeridian, west may be below 0 or east above 1), and its sites (as indexes into
  // the layer's points). The world's edges meet: sites either side of the antimeridian
  // cluster together, as they are drawn side by side.
  function clusterLevel(xs, ys, zoom) {
    // Whole cells across the world, each at least RADIUS pixels wide, so that near sites
    // are in the same cell or the next one, the last cell's next being the first.
    var columns = Math.max(1, Math.floor((TILE * Math.pow(2, zoom)) / RADIUS));
    var cell = 1 / columns;
    var limit = Math.pow(RADIUS / (TILE * Math.pow(2, zoom)), 2);
    var grid = new Map();
    var clusters = [];
    for (var i = 0; i < xs.length; i++) {
      var x = xs[i], y = ys[i];
      var cx = Math.floor(x / cell) % columns, cy = Math.floor(y / cell);
      var best = null, bestDistance = limit;
      for (var gx = cx - 1; gx <= cx + 1; gx++) {
        for (var gy = cy - 1; gy <= cy + 1; gy++) {
          var near = grid.get((((gx % columns) + columns) % columns) * (columns + 3) + gy + 1);
          if (!near) continue;
          for (var k = 0; k < near.length; k++) {
            var c = near[k];
            var dx = c.x0 - x, dy = c.y0 - y;
            dx -= Math.round(dx);
            var d = dx * dx + dy * dy;
            if (d <= bestDistance) {
              bestDistance = d;
              best = c;
            }
          }
        }
      }
      if (best) {
        // On the copy of the world nearest the cluster's first site.
        var ux = x + Math.round(best.x0 - x);
        best.members.push(i);
        best.sx += ux;
        best.sy += y;
        if (ux < best.west) best.west = ux;
        if (ux > best.east) best.east = ux;
        if (y < best.north) best.north = y;
        if (y > best.south) best.south = y;
        continue;
      }
      var made = {
        id: clusters.length, x0: x, y0: y, sx: x, sy: y, members: [i],
        west: x, east: x, north: y, south: y,
      };
      clusters.push(made);
      var key = cx * (columns + 3) + cy + 1;
      var inCell = grid.get(key);
      if (inCell) inCell.push(made);
      else grid.set(key, [made]);
    }
    return clusters;
  }

  // Enter or Space on a focused marker, as on a button.
  function isEnter(event) {
    if (!event) return false;
    return event.key === "Enter" || event.key === " " || event.keyCode === 13 || event.keyCode === 32;
  }

  function latOf(y) {
    return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  }
  function lonOf(x) {
    return x * 360 - 180;
  }

  var SiteLayer = L.FeatureGroup.extend({
    // options.siteMarker(row index) → the site's marker (made once, kept by the caller);
    // options.themeOf(row index) → its theme's index;
    // options.clusterIcon(counts by theme index, total) → the icon of a cluster.
    initialize: function (options) {
      L.FeatureGroup.prototype.initialize.call(this, []);
      L.setOptions(this, options);
      this.setSites([]);
    },

    // The sites to draw: `points` are [lat, lon, row index] for each site shown.
    setSites: function (points) {
      this._points = points;
      this._xs = new Float64Array(points.length);
      this._ys = new Float64Array(points.length);
      this._at = {};
      for (var i = 0; i < points.length; i++) {
        this._xs[i] = worldX(points[i][1]);
        this._ys[i] = worldY(points[i][0]);
        this._at[points[i][2]] = i;
      }
      this._levels = {};
      if (this._map) this.refresh(true);
      return this;
    },

    // Whether a site (by row index) is among those drawn, alone or in a cluster.
    holds: function (row) {
      return Object.prototype.hasOwnProperty.call(this._at, row);
    },

    // The [lat, lon] of every site drawn.
    points: function () {
      return this._points.map(function (p) {
        return [p[0], p[1]];
      });
    },

    // The row indexes of every site drawn.
    rows: function () {
      return this._points.map(function (p) {
        return p[2];
      });
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      map.on("moveend", this._onMove, this);
      this.refresh(true);
    },

    onRemove: function (map) {
      map.off("moveend", this._onMove, this);
      L.FeatureGroup.prototype.onRemove.call(this, map);
      this._dragged = null;
      this.clearLayers();
      this._shown = {};
    },

    // A marker's drag events are not passed on to its groups as its clicks are: the layer
    // passes them on itself (`event.layer` is the site's marker, as for a click), and
    // keeps the site being dragged on the map until it is dropped.
    addLayer: function (layer) {
      if (!this.hasLayer(layer)) layer.on("dragstart dragend", this._onDrag, this);
      return L.FeatureGroup.prototype.addLayer.call(this, layer);
    },

    removeLayer: function (layer) {
      var child = layer in this._layers ? this._layers[layer] : layer;
      if (this.hasLayer(child)) child.off("dragstart dragend", this._onDrag, this);
      return L.FeatureGroup.prototype.removeLayer.call(this, layer);
    },

    _onDrag: function (event) {
      var marker = event.target;
      if (event.type === "dragstart") this._dragged = marker;
      else if (this._dragged === marker) this._dragged = null;
      this.fire(event.type, L.extend({}, event, { layer: marker, propagatedFrom: marker }));
    },

    // Whether this marker is being dragged now.
    isDragged: function (marker) {
      return !!marker && marker === this._dragged;
    },

    _onMove: function () {
      this.refresh(false);
    },

    _level: function (zoom) {
      if (!this._levels[zoom]) this._levels[zoom] = clusterLevel(this._xs, this._ys, zoom);
      return this._levels[zoom];
    },

    // Draw what is in view now: clusters and sites alone, changing only what differs.
    refresh: function (reset) {
      var map = this._map;
      if (!map) return;
      if (!this._shown) this._shown = {};
      // After new sites, markers drawn before are not reused (a cluster's or a row's key
      // may now stand for others), but the one being dragged stays.
      var before = reset ? {} : this._shown;
      var zoom = Math.floor(map.getZoom());
      var next = {};
      var view = map.getBounds().pad(PAD);
      var wide = view.getEast() - view.getWest() >= 360;
      var west = worldX(view.getWest()), span = worldX(view.getEast()) - west;
      var north = worldY(view.getNorth()), south = worldY(view.getSouth());
      // Where a point at world x (0 to 1) is drawn in this view: on the copy of the world
      // the view shows it in (a view across the antimeridian shows two; a view of the whole
      // world, the one the stops are on), or NaN: not in view.
      function placed(x, y) {
        if (y < north || y > south) return NaN;
        if (wide) return x;
        var shift = x - west;
        shift -= Math.floor(shift);
        return shift <= span ? west + shift : NaN;
      }
      var self = this;
      function siteAt(row, x, lat) {
        var marker = before["s" + row] || self.options.siteMarker(row);
        var lon = lonOf(x);
        var at = marker.getLatLng();
        if (Math.abs(at.lng - lon) > 1e-9 && !self.isDragged(marker)) marker.setLatLng([lat, lon]);
        return marker;
      }
      var key, marker, x;
      if (zoom > LAST_CLUSTERED_ZOOM) {
        for (var i = 0; i < this._points.length; i++) {
          x = placed(this._xs[i], this._ys[i]);
          if (x !== x) continue;
          key = "s" + this._points[i][2];
          next[key] = siteAt(this._points[i][2], x, this._points[i][0]);
        }
      } else {
        var clusters = this._level(zoom);
        for (var j = 0; j < clusters.length; j++) {
          var c = clusters[j];
          var n = c.members.length;
          if (n === 1) {
            x = placed(c.x0, c.y0);
            if (x !== x) continue;
            var point = this._points[c.members[0]];
            key = "s" + point[2];
            next[key] = siteAt(point[2], x, point[0]);
          } else {
            x = placed(c.sx / n, c.sy / n);
            if (x !== x) continue;
            key = "c" + zoom + ":" + c.id;
            marker = before[key] || this._clusterMarker(c);
            var lng = lonOf(x);
            if (Math.abs(marker.getLatLng().lng - lng) > 1e-9) {
              marker.setLatLng([marker.getLatLng().lat, lng]);
            }
            next[key] = marker;
          }
        }
      }
      var kept = {};
      for (key in next) kept[L.stamp(next[key])] = true;
      for (key in this._shown) {
        marker = this._shown[key];
        if (kept[L.stamp(marker)]) continue;
        // A site being dragged stays until it is dropped.
        if (this.isDragged(marker)) next["dragged"] = marker;
        else this.removeLayer(marker);
      }
      // (A marker already on the map is left as it is.)
      for (key in next) this.addLayer(next[key]);
      this._shown = next;
      this.fire("sitesdrawn");
    },

    // How many sites of each theme a cluster holds.
    _themeCounts: function (cluster) {
      var counts = {};
      var themeOf = this.options.themeOf;
      for (var i = 0; i < cluster.members.length; i++) {
        var t = themeOf(this._points[cluster.members[i]][2]);
        counts[t] = (counts[t] || 0) + 1;
      }
      return counts;
    },

    _clusterMarker: function (cluster) {
      var n = cluster.members.length;
      var self = this;
      var marker = L.marker([latOf(cluster.sy / n), lonOf(cluster.sx / n)], {
        icon: this.options.clusterIcon(this._themeCounts(cluster), n),
      });
      marker.on("click", function (event) {
        if (event.originalEvent) L.DomEvent.stop(event.originalEvent);
        self.openCluster(cluster);
      });
      // A cluster reached with Tab opens with Enter, as a click opens it; the focus then
      // goes to the map, whose next Tab reaches what the cluster held.
      marker.on("keypress", function (event) {
        if (!isEnter(event.originalEvent)) return;
        L.DomEvent.stop(event.originalEvent);
        self.openCluster(cluster);
        self._map.getContainer().focus({ preventScroll: true });
      });
      return marker;
    },

    // Zoom in to the box around a cluster's sites: at least one level, so that it opens.
    openCluster: function (cluster) {
      var map = this._map;
      var box = L.latLngBounds(
        [latOf(cluster.south), lonOf(cluster.west)],
        [latOf(cluster.north), lonOf(cluster.east)]
      );
      var zoom = Math.max(Math.floor(map.getZoom()) + 1, map.getBoundsZoom(box, false, [40, 40]));
      map.setView(box.getCenter(), Math.min(zoom, LAST_CLUSTERED_ZOOM + 1));
    },

    // The lowest zoom, from `from` on, at which a site is drawn alone.
    zoomShowing: function (row, from) {
      var index = this._at[row];
      if (index === undefined) return null;
      for (var zoom = Math.max(0, Math.floor(from)); zoom <= LAST_CLUSTERED_ZOOM; zoom++) {
        var clusters = this._level(zoom);
        for (var j = 0; j < clusters.length; j++) {
          var members = clusters[j].members;
          if (members.indexOf(index) >= 0) {
            if (members.length === 1) return zoom;
            break;
          }
        }
      }
      return LAST_CLUSTERED_ZOOM + 1;
    },

    // Where the map must go for a site to be drawn alone and in view, as {center, zoom}:
    // null when it is so already, or when the site is not among those drawn. The centre is
    // on the copy of the world in view (a site across the antimeridian is not looked for
    // a whole world away).
    viewFor: function (row) {
      var map = this._map;
      var index = this._at[row];
      if (!map || index === undefined) return null;
      var lat = this._points[index][0], lon = this._points[index][1];
      lon += 360 * Math.round((map.getCenter().lng - lon) / 360);
      var at = L.latLng(lat, lon);
      var zoom = this.zoomShowing(row, map.getZoom());
      var drawn = this._shown && this._shown["s" + row];
      if (zoom <= Math.floor(map.getZoom()) && drawn && map.getBounds().pad(-0.05).contains(drawn.getLatLng())) {
        return null;
      }
      // (Not below the zoom shown: a site alone at 12 is closer at 12.75.)
      return { center: at, zoom: Math.max(zoom, map.getZoom()) };
    },
  });

  window.CityPlannerSites = {
    SiteLayer: SiteLayer,
    isEnter: isEnter,
  };
})();
