/* CityPlanner itinerary map, part one: the pieces the map is drawn with: glyphs, icons,
 * popups and the legend. Pure builders over the trip data; itinerary.js places them.
 *
 * Every text from the trip reaches the document through textContent, a DOM property
 * (title, href) or escapeHtml(); none is ever parsed as markup or code.
 */
(function () {
  "use strict";

  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var DASH = /^[0-9 .]*$/;
  var SHA256 = /^[0-9a-f]{64}$/;
  var JPEG_DATA = /^data:image\/jpeg;base64,[A-Za-z0-9+\/]+={0,2}$/;
  // A photo's square sits up and to the right of its point, clear of a stop's pin (above
  // the point) and of a cluster of sites (below it); a short tail leads to the point.
  var PHOTO_SIZE = 44;
  var PHOTO_ANCHOR = [-12, 56];
  var SVG = "http://www.w3.org/2000/svg";
  // A stop's label: how many characters of its name and dates it shows, and where it
  // stands beside the pin (whose tip is the stop's point; see stopIcon).
  var LABEL_CHARS = 28;
  var LABEL_FONT = "600 12px system-ui, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif";
  var DATES_FONT = "11px system-ui, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif";
  var LABEL_LEFT = 14;
  var LABEL_TOP = -35;
  var LABEL_PAD = 10;
  // The smallest boxes a label can take, right and left: every label's box holds one.
  var LABEL_LEAST = [
    [LABEL_LEFT, LABEL_TOP, LABEL_LEFT + LABEL_PAD, LABEL_TOP + 19],
    [-LABEL_LEFT - LABEL_PAD, LABEL_TOP, -LABEL_LEFT, LABEL_TOP + 19],
  ];
  // The pin's own box, from its point: what a label must keep clear of.
  var PIN_BOX = [-15, -37, 15, -5];
  var TRACK_DASH = "7 7";

  // A status legend's plain dot, on a 24×24 grid. The themes' icons are the window's
  // own Font Awesome outlines, from theme-glyphs.js.
  var DOT = { width: 24, height: 24, d: "M12 6a6 6 0 1 0 0 12a6 6 0 1 0 0-12z" };
  var THEME_GLYPHS = window.CityPlannerGlyphs || {};

  var siteIcons = {};

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function colourOf(value) {
    return COLOUR.test(value) ? value : "#888888";
  }

  function dashOf(value) {
    return value && DASH.test(value) ? value : null;
  }

  function statusClass(status) {
    return "cp-status-" + String(status.key).replace(/[^a-z-]/g, "");
  }

  function glyphOf(name) {
    var glyph = Object.prototype.hasOwnProperty.call(THEME_GLYPHS, name) ? THEME_GLYPHS[name] : DOT;
    var width = Number(glyph.width) || 512;
    return { viewBox: "0 0 " + width + " " + (Number(glyph.height) || 512), d: String(glyph.d) };
  }

  // Markup from constants and checked colours only: no trip text goes in here.
  function badgeHtml(colour, name) {
    var glyph = glyphOf(name);
    return (
      '<span class="cp-badge" style="--cp-colour:' +
      colourOf(colour) +
      '"><svg viewBox="' +
      glyph.viewBox +
      '" aria-hidden="true" fill="currentColor"><path d="' +
      escapeHtml(glyph.d) +
      '"/></svg></span>'
    );
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function modeOf(data, key) {
    for (var i = 0; i < data.modes.length; i++) {
      if (data.modes[i].key === key) return data.modes[i];
    }
    return null;
  }

  // A text cut to `limit` characters, with an ellipsis when it was longer.
  function cut(text, limit) {
    var chars = Array.from(String(text || "").replace(/[\u0000-\u001f\u007f]+/g, " ").trim());
    return chars.length > limit ? chars.slice(0, limit - 1).join("").trimEnd() + "\u2026" : chars.join("");
  }

  // ---- stop labels -------------------------------------------------------------------

  var measurer = null;

  function textWidth(text, font) {
    if (!measurer) measurer = document.createElement("canvas").getContext("2d");
    measurer.font = font;
    return measurer.measureText(text).width;
  }

  // What a stop's label says, and the boxes it may take beside its pin (in pixels from
  // the point): to the right first, else to the left.
  function stopLabel(stop) {
    var name = cut(stop.name, LABEL_CHARS);
    var dates = cut(stop.dates, LABEL_CHARS + 4);
    var width = Math.max(textWidth(name, LABEL_FONT), dates ? textWidth(dates, DATES_FONT) : 0);
    width = Math.ceil(width) + LABEL_PAD;
    var bottom = LABEL_TOP + (dates ? 32 : 19);
    return {
      name: name,
      dates: dates,
      width: width,
      boxes: [
        [LABEL_LEFT, LABEL_TOP, LABEL_LEFT + width, bottom],
        [-LABEL_LEFT - width, LABEL_TOP, -LABEL_LEFT, bottom],
      ],
    };
  }

  // The label's element inside the stop's icon (whose corner is 15, 36 up and left of the point).
  function labelNode(label) {
    var node = el("div", "cp-stop-label");
    node.appendChild(el("span", "cp-label-name", label.name));
    if (label.dates) node.appendChild(el("span", "cp-label-dates", label.dates));
    node.style.top = LABEL_TOP + 36 + "px";
    node.style.width = label.width + "px";
    return node;
  }

  function placeLabelNode(node, box) {
    node.style.left = box[0] + 15 + "px";
  }

  // Boxes on the screen, found again by the cells of a coarse grid they cover.
  function BoxGrid(cell) {
    this.cell = cell || 96;
    this.cells = {};
  }

  BoxGrid.prototype._each = function (box, fn) {
    var c = this.cell;
    for (var x = Math.floor(box[0] / c); x <= Math.floor(box[2] / c); x++) {
      for (var y = Math.floor(box[1] / c); y <= Math.floor(box[3] / c); y++) {
        if (fn(x + ":" + y) === true) return true;
      }
    }
    return false;
  };

  BoxGrid.prototype.add = function (box, owner) {
    var cells = this.cells;
    this._each(box, function (key) {
      (cells[key] || (cells[key] = [])).push({ box: box, owner: owner });
    });
  };

  // Whether `box` overlaps a box of another owner.
  BoxGrid.prototype.hits = function (box, owner) {
    var cells = this.cells;
    return this._each(box, function (key) {
      var list = cells[key] || [];
      for (var i = 0; i < list.length; i++) {
        var other = list[i].box;
        if (list[i].owner === owner) continue;
        if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) {
          return true;
        }
      }
      return false;
    });
  };

  function shift(box, point) {
    return [box[0] + point.x, box[1] + point.y, box[2] + point.x, box[3] + point.y];
  }

  // ---- tracks ------------------------------------------------------------------------

  // The lines of a track that can be drawn: points with a finite latitude and longitude.
  function trackLines(track) {
    var lines = [];
    (Array.isArray(track && track.lines) ? track.lines : []).forEach(function (line) {
      if (!Array.isArray(line)) return;
      var points = [];
      line.forEach(function (point) {
        if (!Array.isArray(point)) return;
        var lat = Number(point[0]);
        var lon = Number(point[1]);
        if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 540) {
          points.push([lat, lon]);
        }
      });
      if (points.length > 1) lines.push(points);
    });
    return lines;
  }

  function trackFacts(track) {
    var facts = [];
    var km = Number(track.km);
    if (isFinite(km) && km > 0) facts.push(km.toFixed(km < 10 ? 1 : 0) + " km");
    if (track.duration) facts.push(String(track.duration));
    var ascent = Number(track.ascent);
    if (track.ascent !== null && track.ascent !== undefined && isFinite(ascent)) {
      facts.push("\u2191 " + Math.round(ascent) + " m");
    }
    return facts.join(" \u00b7 ");
  }

  function trackTooltip(track, labels) {
    var box = el("div", "cp-track-tip");
    box.appendChild(el("strong", null, cut(track.name, 60)));
    var kind = track.kind === "planned" ? labels.plannedTrack : labels.recordedTrack;
    box.appendChild(el("div", "cp-facts", kind || ""));
    var facts = trackFacts(track);
    if (facts) box.appendChild(el("div", "cp-facts", facts));
    return box;
  }

  // ---- icons -------------------------------------------------------------------------

  function siteIcon(theme, status) {
    var key = theme.key + "/" + status.key;
    if (!siteIcons[key]) {
      siteIcons[key] = L.divIcon({
        className: "cp-site " + statusClass(status),
        html: badgeHtml(theme.colour, theme.glyph),
        iconSize: [24, 24],
        iconAnchor: [12, 12],
        popupAnchor: [0, -12],
      });
    }
    return siteIcons[key];
  }

  function stopIcon(stop) {
    var pin = el("div", "cp-stop-pin");
    pin.appendChild(el("span", "cp-stop-number", Number(stop.number)));
    return L.divIcon({
      className: "cp-stop",
      html: pin,
      iconSize: [30, 30],
      iconAnchor: [15, 36],
      popupAnchor: [0, -34],
    });
  }

  // A ring split by theme, around the number of sites in the cluster: `counts` holds
  // how many sites of each theme (by index) it has, `total` all of them.
  function clusterIcon(counts, total, themes) {
    var slices = [];
    var done = 0;
    themes.forEach(function (theme, index) {
      if (!counts[index]) return;
      var start = (done / total) * 360;
      done += counts[index];
      var end = (done / total) * 360;
      slices.push(colourOf(theme.colour) + " " + start.toFixed(1) + "deg " + end.toFixed(1) + "deg");
    });
    var size = total < 10 ? 32 : total < 100 ? 38 : 46;
    var ring = el("div", "cp-cluster-ring");
    ring.style.background = "conic-gradient(" + slices.join(", ") + ")";
    ring.appendChild(el("span", "cp-cluster-count", total));
    // Hang the ring just below its point: a stop's pin stands above the same point,
    // and the sites of a city would otherwise hide behind it.
    return L.divIcon({
      className: "cp-cluster",
      html: ring,
      iconSize: [size, size],
      iconAnchor: [size / 2, 2],
    });
  }

  // ---- photos ------------------------------------------------------------------------

  // Where a photo's picture comes from: inside the page (a shared file), else the
  // application's own address for its thumbnail. Nothing else is ever used.
  function photoSource(data, sha) {
    if (typeof sha !== "string" || !SHA256.test(sha)) return null;
    var images = data.photoImages;
    if (images) {
      var url = Object.prototype.hasOwnProperty.call(images, sha) ? images[sha] : null;
      return typeof url === "string" && JPEG_DATA.test(url) ? url : null;
    }
    return "thumb/" + sha + ".jpg";
  }

  function photoImage(src, className) {
    var img = el("img", className);
    img.alt = "";
    img.draggable = false;
    img.decoding = "async";
    img.addEventListener("error", function () {
      img.classList.add("cp-photo-missing");
    });
    img.src = src;
    return img;
  }

  function photoIcon(src) {
    var frame = el("div", "cp-photo-frame");
    frame.appendChild(photoImage(src, "cp-photo-img"));
    return L.divIcon({
      className: "cp-photo",
      html: frame,
      iconSize: [PHOTO_SIZE, PHOTO_SIZE],
      iconAnchor: PHOTO_ANCHOR,
    });
  }

  // A small stack: the first photo of the cluster (in time order) and how many there are.
  function photoClusterIcon(cluster) {
    var markers = cluster.getAllChildMarkers();
    var first = markers[0];
    for (var i = 1; i < markers.length; i++) {
      if (markers[i].options.cpOrder < first.options.cpOrder) first = markers[i];
    }
    var frame = el("div", "cp-photo-frame cp-photo-stack");
    frame.appendChild(photoImage(first.options.cpSrc, "cp-photo-img"));
    frame.appendChild(el("span", "cp-photo-count", markers.length));
    return L.divIcon({
      className: "cp-photo cp-photo-cluster",
      html: frame,
      iconSize: [PHOTO_SIZE, PHOTO_SIZE],
      iconAnchor: PHOTO_ANCHOR,
    });
  }

  // Where a photo's popup points: the top middle of its square (centred on its point
  // when spread around its cluster's point).
  function photoPopupOffset(spread) {
    if (spread) return [0, 2 - PHOTO_SIZE / 2];
    return [PHOTO_SIZE / 2 - PHOTO_ANCHOR[0], 2 - PHOTO_ANCHOR[1]];
  }

  function photoPopup(photo, src, data) {
    var box = el("div", "cp-popup cp-photo-popup");
    box.appendChild(photoImage(src, "cp-photo-large"));
    if (photo.caption) box.appendChild(el("p", "cp-photo-caption", photo.caption));
    if (photo.when) {
      var time = el("time", "cp-facts", photo.when);
      if (photo.taken) time.dateTime = String(photo.taken);
      box.appendChild(time);
    }
    var stop = typeof photo.stop === "number" ? data.stops[photo.stop] : null;
    if (stop) {
      box.appendChild(el("div", "cp-facts", data.labels.stop + " " + stop.number + ": " + stop.name));
    }
    var placed = { site: data.labels.photoAtSite, stop: data.labels.photoAtStop }[photo.placed];
    if (placed) box.appendChild(el("div", "cp-facts cp-approximate", placed));
    return box;
  }

  // ---- popups ------------------------------------------------------------------------

  function stopPopup(stop, data) {
    var box = el("div", "cp-popup");
    box.appendChild(el("h3", null, stop.number + ". " + stop.name));
    var facts = [];
    if (stop.country) facts.push(stop.country);
    if (stop.dates) facts.push(stop.dates);
    if (stop.nights) {
      facts.push(stop.nights + " " + (stop.nights === 1 ? data.labels.night : data.labels.nights));
    }
    if (facts.length) box.appendChild(el("div", "cp-facts", facts.join(" · ")));
    if (stop.mode) {
      var mode = modeOf(data, stop.mode);
      box.appendChild(el("div", "cp-facts", mode ? mode.label : stop.mode));
    }
    if (stop.note) box.appendChild(el("p", "cp-note", stop.note));
    return box;
  }

  function sitePopup(row, fields, data) {
    var theme = data.themes[row[fields.theme]] || { label: "", colour: "" };
    var status = data.statuses[row[fields.status]] || { label: "" };
    var box = el("div", "cp-popup");
    box.appendChild(el("h3", null, row[fields.name]));
    var line = el("div", "cp-facts");
    var swatch = el("span", "cp-swatch");
    swatch.style.background = colourOf(theme.colour);
    line.appendChild(swatch);
    line.appendChild(document.createTextNode(theme.label + " · " + status.label));
    box.appendChild(line);
    var stop = data.stops[row[fields.stop]];
    if (stop) {
      var where = data.labels.stop + " " + stop.number + ": " + stop.name;
      box.appendChild(el("div", "cp-facts", stop.dates ? where + " · " + stop.dates : where));
    }
    if (row[fields.approximate]) {
      box.appendChild(el("div", "cp-facts cp-approximate", data.labels.approximate));
    }
    if (row[fields.note]) box.appendChild(el("p", "cp-note", row[fields.note]));
    var url = row[fields.url];
    if (url && /^https?:\/\//i.test(url)) {
      var link = el("a", "cp-link", data.labels.website);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    }
    return box;
  }

  // ---- legend ------------------------------------------------------------------------

  function legendRow(box, key, label) {
    var row = el("div", "cp-legend-row");
    var cell = el("span", "cp-legend-key");
    cell.appendChild(key);
    row.appendChild(cell);
    row.appendChild(el("span", null, label));
    box.appendChild(row);
  }

  function lineSample(style) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "10");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("y1", "5");
    line.setAttribute("x2", "33");
    line.setAttribute("y2", "5");
    line.setAttribute("stroke", colourOf(style.colour));
    line.setAttribute("stroke-width", String(Number(style.weight) || 3));
    var dash = dashOf(style.dash);
    if (dash) line.setAttribute("stroke-dasharray", dash);
    svg.appendChild(line);
    return svg;
  }

  function badge(className, colour, glyph) {
    var span = el("span", "cp-legend-icon " + className);
    span.innerHTML = badgeHtml(colour, glyph);
    return span;
  }

  // What the map shows, for the things this trip has: stops, modes, themes, statuses.
  function legendBox(data, fields) {
    var box = el("details", "cp-legend");
    box.open = true;
    box.appendChild(el("summary", null, data.labels.legend));
    if (data.stops.length) legendRow(box, el("span", "cp-legend-stop", "1"), data.labels.stops);
    var modes = {};
    data.legs.forEach(function (leg) {
      modes[leg.mode || ""] = true;
    });
    data.modes.forEach(function (mode) {
      if (modes[mode.key]) legendRow(box, lineSample(mode), mode.label);
    });
    if (modes[""]) legendRow(box, lineSample(data.unknownMode), data.labels.unknownMode);
    var themes = {};
    var statuses = {};
    data.sites.forEach(function (row) {
      themes[row[fields.theme]] = true;
      statuses[row[fields.status]] = true;
    });
    // Under their group's heading ("General", "Smart city") when the trip has both.
    var groups = {};
    data.themes.forEach(function (theme, index) {
      if (themes[index]) groups[theme.group] = true;
    });
    var grouped = Object.keys(groups).length > 1;
    var heading = null;
    data.themes.forEach(function (theme, index) {
      if (!themes[index]) return;
      if (grouped && theme.group !== heading) {
        heading = theme.group;
        box.appendChild(el("div", "cp-legend-group", theme.groupLabel));
      }
      legendRow(box, badge("cp-status-visited", theme.colour, theme.glyph), theme.label);
    });
    data.statuses.forEach(function (status, index) {
      if (statuses[index]) legendRow(box, badge(statusClass(status), "#555555", ""), status.label);
    });
    if (data.photos && data.photos.length) {
      legendRow(box, el("span", "cp-legend-photo"), data.labels.photos || "Photos");
    }
    var kinds = {};
    (Array.isArray(data.tracks) ? data.tracks : []).forEach(function (track) {
      if (track) kinds[track.kind === "planned" ? "planned" : "recorded"] = true;
    });
    var colour = data.trackColour || "#888888";
    if (kinds.recorded) {
      legendRow(box, lineSample({ colour: colour, weight: 3.5 }), data.labels.recordedTrack);
    }
    if (kinds.planned) {
      legendRow(box, lineSample({ colour: colour, weight: 3.5, dash: TRACK_DASH }), data.labels.plannedTrack);
    }
    return box;
  }

  // A layer control label: a colour swatch and escaped text (Leaflet sets it as markup).
  function themeLabel(theme) {
    return (
      '<span class="cp-swatch" style="background:' +
      colourOf(theme.colour) +
      '"></span>' +
      escapeHtml(theme.label)
    );
  }

  window.CityPlannerParts = {
    BoxGrid: BoxGrid,
    LABEL_LEAST: LABEL_LEAST,
    PIN_BOX: PIN_BOX,
    TRACK_DASH: TRACK_DASH,
    cut: cut,
    labelNode: labelNode,
    placeLabelNode: placeLabelNode,
    shift: shift,
    stopLabel: stopLabel,
    trackLines: trackLines,
    trackTooltip: trackTooltip,
    colourOf: colourOf,
    dashOf: dashOf,
    el: el,
    escapeHtml: escapeHtml,
    modeOf: modeOf,
    siteIcon: siteIcon,
    stopIcon: stopIcon,
    clusterIcon: clusterIcon,
    stopPopup: stopPopup,
    sitePopup: sitePopup,
    legendBox: legendBox,
    themeLabel: themeLabel,
    photoSource: photoSource,
    photoIcon: photoIcon,
    photoClusterIcon: photoClusterIcon,
    photoPopup: photoPopup,
    photoPopupOffset: photoPopupOffset,
  };
})();
