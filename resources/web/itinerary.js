/* CityPlanner itinerary map, part two: draws the trip in #cp-trip onto the Leaflet map
 * with the pieces from itinerary-parts.js, keeps it up to date, and talks to the
 * application over its web channel when there is one.
 */
(function () {
  "use strict";

  var TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var TILE_ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  var P = window.CityPlannerParts;
  var el = P.el;

  var state = null;

  // Timings of the first drawing, for benchmarks/ui_scale.py, in the page's performance
  // entries (only until the page is first ready: a long session must not pile them up).
  var marking = true;
  function mark(name) {
    if (!marking || !window.performance || !performance.mark) return;
    performance.mark(name);
    if (name === "cp-ready") marking = false;
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // ---- layers ------------------------------------------------------------------------

  var SiteMarker = L.Marker.extend({
    _initIcon: function () {
      L.Marker.prototype._initIcon.call(this);
      this._icon.setAttribute("data-site-id", String(this.options.cpRow[state.fields.id]));
    },
  });

  // One tooltip for every site, moved to the site under the mouse: ten thousand sites
  // need no tooltip of their own.
  function onSiteHover(event) {
    var marker = event.layer;
    if (!marker || !marker.options.cpRow || state.dragging) return;
    state.tipMarker = marker;
    state.siteTip
      .setLatLng(marker.getLatLng())
      .setContent(el("span", null, P.cut(marker.options.cpRow[state.fields.name], 60)));
    state.map.openTooltip(state.siteTip);
  }

  function onSiteLeave() {
    state.tipMarker = null;
    state.map.closeTooltip(state.siteTip);
  }

  // A site drawn no more (gone into a cluster, out of view, hidden) takes its name along:
  // the mouse never left it, so no mouseout says so.
  function onSitesDrawn() {
    if (state.tipMarker && !state.cluster.hasLayer(state.tipMarker)) onSiteLeave();
    scheduleLabels();
  }

  function onSiteClick(event) {
    var marker = event.layer;
    if (!marker || !marker.options.cpRow) return;
    afterMove(null);
    openSitePopup(marker);
    if (state.bridge) state.bridge.siteClicked(marker.options.cpRow[state.fields.id]);
  }

  // ---- photos -----------------------------------------------------------------------

  var PhotoMarker = L.Marker.extend({
    _initIcon: function () {
      L.Marker.prototype._initIcon.call(this);
      this._icon.setAttribute("data-photo-id", String(this.options.cpPhoto.id));
    },
  });

  // How long after a photo was clicked the application's answer (it selects the photo's
  // stop or site, and asks the map to show that) leaves the photo's popup open.
  var PHOTO_ECHO_MS = 2000;
  // On a map shorter than this the legend starts folded.
  var LEGEND_OPEN_HEIGHT = 640;

  function drawPhotos(data) {
    state.photoCluster.clearLayers();
    state.photoMarkers = {};
    var markers = [];
    (data.photos || []).forEach(function (photo, order) {
      var src = P.photoSource(data, photo.sha);
      if (src === null || !isFinite(photo.lat) || !isFinite(photo.lon)) return;
      var marker = new PhotoMarker([photo.lat, photo.lon], {
        icon: P.photoIcon(src),
        title: photo.caption || photo.when || "",
        zIndexOffset: 500,
        cpPhoto: photo,
        cpSrc: src,
        cpOrder: order,
      });
      state.photoMarkers[photo.id] = marker;
      markers.push(marker);
    });
    state.photoCluster.addLayers(markers);
  }

  function photoStop(photo) {
    return typeof photo.stop === "number" ? state.data.stops[photo.stop] || null : null;
  }

  function onPhotoClick(event) {
    var marker = event.layer;
    if (!marker || !marker.options.cpPhoto) return;
    var photo = marker.options.cpPhoto;
    afterMove(null); // a popup still to come from a selection would close this one
    openPhotoPopup(marker);
    if (!state.bridge) return;
    var stop = photoStop(photo);
    state.photoEcho = {
      stop: stop ? stop.id : null,
      site: photo.site === null || photo.site === undefined ? null : photo.site,
      until: Date.now() + PHOTO_ECHO_MS,
    };
    state.bridge.photoClicked(photo.id);
    if (state.photoEcho.site !== null) state.bridge.siteClicked(state.photoEcho.site);
    else if (stop) state.bridge.stopClicked(stop.id);
  }

  // Whether selecting this stop or site answers the photo just clicked.
  function isPhotoEcho(kind, id) {
    var echo = state.photoEcho;
    return !!echo && Date.now() < echo.until && String(echo[kind]) === String(id);
  }

  function openPhotoPopup(marker) {
    var content = P.photoPopup(marker.options.cpPhoto, marker.options.cpSrc, state.data);
    var popup = state.photoPopup;
    var icon = marker.getElement();
    var spread = !!icon && icon.classList.contains("cp-photo-spread");
    popup.options.offset = spread ? P.photoPopupOffset(true) : P.photoPopupOffset(false);
    state.photoPopupMarker = marker;
    popup.setLatLng(marker.getLatLng()).setContent(content).openOn(state.map);
    // The picture's size is known once it has loaded: then the popup fits around it.
    var img = content.querySelector("img");
    if (img && !img.complete) {
      img.addEventListener("load", function () {
        if (popup.isOpen() && popup.getContent() === content) popup.update();
      });
    }
  }

  // Photos spread around their cluster's point stand on the ends of its legs (see the CSS).
  function onPhotosSpread(event) {
    event.markers.forEach(function (marker) {
      var icon = marker.getElement();
      if (icon) icon.classList.toggle("cp-photo-spread", event.type === "spiderfied");
    });
  }

  // A photo's popup goes once its photo has gone into a cluster.
  function onPhotosRegrouped() {
    var marker = state.photoPopupMarker;
    if (!marker || !state.photoPopup.isOpen()) return;
    if (state.photoCluster.getVisibleParent(marker) !== marker) state.map.closePopup(state.photoPopup);
  }

  function selectPhoto(photoId) {
    var marker = state.photoMarkers[photoId];
    if (!marker || !state.map.hasLayer(state.photoCluster)) return false;
    state.photoCluster.zoomToShowLayer(marker, function () {
      openPhotoPopup(marker);
    });
    return true;
  }

  function openSitePopup(marker) {
    state.sitePopupMarker = marker;
    state.sitePopup
      .setLatLng(marker.getLatLng())
      .setContent(P.sitePopup(marker.options.cpRow, state.fields, state.data))
      .openOn(state.map);
  }

  // The offline map (resources/web/basemap.js): land and borders, and place names.
  function drawBasemap(map, basemap) {
    var offline = CityPlannerBasemap.layers(map, basemap);
    var osm = L.tileLayer(TILE_URL, { maxZoom: 19, attribution: TILE_ATTRIBUTION });
    return { countries: offline.land, capitals: offline.places, osm: osm };
  }

  function drawStops(data) {
    // A pin being dragged stays, so that its drop is heard (see markerDropped).
    var dragged = state.dragMarker && state.dragMarker.options.cpStop ? state.dragMarker : null;
    state.stops.eachLayer(function (layer) {
      if (layer !== dragged) state.stops.removeLayer(layer);
    });
    state.stopMarkers = {};
    data.stops.forEach(function (stop) {
      if (dragged && String(dragged.options.cpStop.id) === String(stop.id)) {
        state.stopMarkers[stop.id] = dragged;
        return;
      }
      var marker = L.marker([stop.lat, stop.lon], {
        icon: P.stopIcon(stop),
        title: stop.name,
        alt: stop.name,
        zIndexOffset: 1000,
        riseOnHover: true,
        // Movable all the same: see wakeStopDragging.
        draggable: false,
        autoPan: true,
        cpStop: stop,
      });
      marker.bindPopup(function () {
        return P.stopPopup(stop, state.data);
      });
      marker.on("add", function () {
        marker.getElement().setAttribute("data-stop-id", String(stop.id));
        marker.cpLabel = null;
        paintStop(marker, stop);
        if (String(state.selected) === String(stop.id)) {
          marker.getElement().classList.add("cp-selected");
        }
      });
      marker.on("click", function () {
        afterMove(null);
        // The window's answer (select the stop) must not fly away from where the person is.
        state.stopEcho = { id: stop.id, until: Date.now() + PHOTO_ECHO_MS };
        if (state.bridge) state.bridge.stopClicked(stop.id);
      });
      marker.on("dragstart", onDragStart);
      marker.on("dragend", function () {
        markerDropped("stop", stop.id, marker);
        // A stop removed while its pin was dragged goes now.
        if (state.stopMarkers[stop.id] !== marker) state.stops.removeLayer(marker);
      });
      marker.on("contextmenu", function (event) {
        askMarkerMenu("stop", stop.id, event);
      });
      state.stopMarkers[stop.id] = marker;
      state.stops.addLayer(marker);
    });
  }

  // ---- moving markers, and their menu ----------------------------------------------------

  // A stop's pin becomes draggable when the pointer reaches it or presses on it (before
  // the pin hears the press: this listens on the way down), rather than thousands of
  // pins each setting up dragging as they are first drawn.
  function wakeStopDragging(event) {
    if (!state.movable || !event.target || !event.target.closest) return;
    var icon = event.target.closest(".cp-stop[data-stop-id]");
    var marker = icon && state.stopMarkers[icon.getAttribute("data-stop-id")];
    if (marker && marker.dragging && !marker.dragging.enabled()) marker.dragging.enable();
  }

  function onDragStart(event) {
    state.dragging = true;
    state.dragMarker = (event && (event.layer || event.target)) || null;
    state.map.closePopup();
    state.map.closeTooltip(state.siteTip);
  }

  // A marker dropped somewhere else: the application moves its stop or site (one undo
  // step) and sends the trip again, which draws it there for good.
  function markerDropped(kind, id, marker) {
    state.dragging = false;
    state.dragMarker = null;
    var at = marker.getLatLng().wrap();
    if (state.bridge) state.bridge.markerMoved(kind, Number(id), at.lat, at.lng);
    scheduleLabels();
  }

  function onSiteDragEnd(event) {
    var marker = event.layer;
    if (marker && marker.options.cpRow) {
      var id = marker.options.cpRow[state.fields.id];
      markerDropped("site", id, marker);
      // A site removed while it was dragged goes now.
      if (state.siteMarkers[id] !== marker) state.cluster.refresh(false);
    }
  }

  // A site reached with Tab answers Enter as it answers a click.
  function onSiteKey(event) {
    if (!CityPlannerSites.isEnter(event.originalEvent)) return;
    L.DomEvent.preventDefault(event.originalEvent);
    onSiteClick(event);
  }

  function onSiteMenu(event) {
    var marker = event.layer;
    if (marker && marker.options.cpRow) {
      askMarkerMenu("site", marker.options.cpRow[state.fields.id], event);
    }
  }

  // The application shows its own menu (Edit…, Remove, Zoom here) where the mouse is.
  function askMarkerMenu(kind, id, event) {
    if (event && event.originalEvent) L.DomEvent.preventDefault(event.originalEvent);
    if (state.bridge && state.bridge.markerMenuRequested) {
      state.bridge.markerMenuRequested(kind, Number(id));
    }
  }

  // ---- stop labels: name and dates, where there is room --------------------------------

  function scheduleLabels() {
    // While the legend is still to come, drawTheRest places them.
    if (state.labelTimer || state.afterTripQueued) return;
    state.labelTimer = setTimeout(function () {
      state.labelTimer = null;
      placeLabels();
    }, 40);
  }

  function setLabelShown(marker, label, box) {
    var node = marker.cpLabel;
    if (!box) {
      if (node) node.style.display = "none";
      return;
    }
    var icon = marker.getElement();
    if (!icon) return;
    if (!node || node.parentNode !== icon) {
      node = P.labelNode(label);
      icon.appendChild(node);
      marker.cpLabel = node;
    }
    P.placeLabelNode(node, box);
    node.style.display = "";
  }

  // Labels go on in stop order; one that would cover another label, a stop's pin, a site,
  // a cluster or a control of the map stays hidden at this zoom. Only stops in view are
  // measured.
  function placeLabels() {
    mark("cp-labels-start");
    var map = state.map;
    var size = map.getSize();
    var margin = 200;
    var inView = [];
    state.data.stops.forEach(function (stop) {
      var marker = state.stopMarkers[stop.id];
      if (!marker) return;
      if (!state.stops.hasLayer(marker) || !marker.getElement()) return;
      var point = map.latLngToContainerPoint(marker.getLatLng());
      if (point.x < -margin || point.y < -margin || point.x > size.x + margin || point.y > size.y + margin) {
        setLabelShown(marker, null, null);
        return;
      }
      inView.push({ stop: stop, marker: marker, point: point });
    });
    var grid = new P.BoxGrid(96);
    inView.forEach(function (item) {
      grid.add(P.shift(P.PIN_BOX, item.point), item.stop.id);
    });
    var origin = map.getContainer().getBoundingClientRect();
    // Sites and clusters, and the map's own controls (legend, layers, zoom buttons).
    var others = [].slice.call(map.getPane("markerPane").querySelectorAll(".cp-site, .cp-cluster"));
    others = others.concat([].slice.call(map.getContainer().querySelectorAll(".leaflet-control")));
    for (var i = 0; i < others.length; i++) {
      if (others[i].style.opacity === "0") continue;
      var r = others[i].getBoundingClientRect();
      if (!r.width) continue;
      grid.add([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top], "site");
    }
    var shown = 0;
    function free(box, item) {
      var at = P.shift(box, item.point);
      var fits = at[0] >= 0 && at[2] <= size.x && at[1] >= 0 && at[3] <= size.y;
      return fits && !grid.hits(at, item.stop.id) ? at : null;
    }
    inView.forEach(function (item) {
      // Where not even the smallest label would fit (a crowded view of the whole trip),
      // its text is not measured.
      var room = state.labelsOn && P.LABEL_LEAST.some(function (box) {
        return free(box, item) !== null;
      });
      var label = room ? item.marker.cpLabelText || P.stopLabel(item.stop) : null;
      if (label) item.marker.cpLabelText = label;
      var chosen = null;
      (label ? label.boxes : []).some(function (box) {
        var at = free(box, item);
        if (at) {
          grid.add(at, item.stop.id);
          chosen = box;
        }
        return chosen !== null;
      });
      if (chosen) shown += 1;
      setLabelShown(item.marker, label, chosen);
    });
    state.labelsShown = shown;
    mark("cp-labels-end");
  }

  function setLabels(on) {
    state.labelsOn = !!on;
    document.documentElement.setAttribute("data-cp-labels", state.labelsOn ? "1" : "0");
    placeLabels();
    return state.labelsShown;
  }

  // ---- legs: great circles, those that look alike drawn as one line ---------------------

  // Up to this many legs are drawn as SVG, more on a canvas.
  var SVG_LEGS = 300;

  var DEG = Math.PI / 180;
  var MAX_LATITUDE = L.Projection.SphericalMercator.MAX_LATITUDE;

  // A leg's path, read once from the flat list of whole 1e-5 degrees it travels as
  // (maps/greatcircle.py): its points, and their Web Mercator positions (0 to 1 across
  // the world). Null when fewer than two of its points can be drawn.
  function legPath(flat) {
    var count = Math.floor((flat && flat.length) / 2) || 0;
    var path = { latlngs: [], u: new Float64Array(count), v: new Float64Array(count) };
    var south = 90, west = 540, north = -90, east = -540;
    for (var i = 0; i < count; i++) {
      var lat = flat[2 * i] / 1e5;
      var lon = flat[2 * i + 1] / 1e5;
      if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90) continue;
      var sin = Math.sin(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * DEG);
      var at = path.latlngs.length;
      path.u[at] = 0.5 + lon / 360;
      path.v[at] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      path.latlngs.push(new L.LatLng(lat, lon));
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
    path.corners = [[south, west], [north, east]];
    return path.latlngs.length > 1 ? path : null;
  }

  // Legs that look alike (one colour, weight and dash) as one Leaflet polyline of many
  // paths: thousands of legs make a few layers, whose points are placed at each zoom
  // with plain arithmetic rather than through Leaflet's projection for every point.
  var LegLines = L.Polyline.extend({
    initialize: function (paths, options) {
      L.setOptions(this, options);
      this._cpPaths = paths;
      this._latlngs = paths.map(function (path) {
        return path.latlngs;
      });
      this._bounds = new L.LatLngBounds();
      for (var i = 0; i < paths.length; i++) this._bounds.extend(paths[i].corners);
    },

    // What Leaflet's own does (latLngToLayerPoint for every point), for its Web Mercator.
    _project: function () {
      var map = this._map;
      if (map.options.crs !== L.CRS.EPSG3857) {
        L.Polyline.prototype._project.call(this);
        return;
      }
      var scale = map.options.crs.scale(map.getZoom());
      var origin = map.getPixelOrigin();
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      this._rings = this._cpPaths.map(function (path) {
        var count = path.latlngs.length;
        var ring = new Array(count);
        for (var i = 0; i < count; i++) {
          var x = Math.round(path.u[i] * scale) - origin.x;
          var y = Math.round(path.v[i] * scale) - origin.y;
          ring[i] = new L.Point(x, y);
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        return ring;
      });
      if (this._bounds.isValid() && this._rings.length) {
        this._rawPxBounds = new L.Bounds([minX, minY], [maxX, maxY]);
        this._updateBounds();
      }
    },
  });

  // The legs' paths with what they are drawn in; the lines themselves come with the day
  // mode (see drawLegs).
  function drawRoute(data) {
    state.legPaths = [];
    data.legs.forEach(function (leg) {
      var style = P.modeOf(data, leg.mode) || data.unknownMode;
      (Array.isArray(leg.paths) ? leg.paths : []).forEach(function (flat) {
        var path = legPath(flat);
        if (!path) return;
        state.legPaths.push({
          path: path,
          day: Number(leg.day) || 0,
          colour: P.colourOf(style.colour),
          weight: Number(style.weight) || 3,
          dash: P.dashOf(style.dash),
        });
      });
    });
  }

  // The legs shown (all, or one day's), in their mode's colour or their day's.
  function drawLegs() {
    var mode = state.dayMode;
    var groups = {};
    var shown = 0;
    state.legPaths.forEach(function (leg) {
      if (mode.day && leg.day !== mode.day) return;
      var colour = (mode.colour && dayColour(leg.day)) || leg.colour;
      var key = colour + "/" + leg.weight + "/" + (leg.dash || "");
      var group = groups[key] || (groups[key] = { colour: colour, weight: leg.weight, dash: leg.dash, paths: [] });
      group.paths.push(leg.path);
      shown += 1;
    });
    state.route.clearLayers();
    var renderer = shown > SVG_LEGS ? state.routeCanvas : state.routeSvg;
    Object.keys(groups).forEach(function (key) {
      var group = groups[key];
      state.route.addLayer(
        new LegLines(group.paths, {
          color: group.colour,
          weight: group.weight,
          opacity: 0.9,
          dashArray: group.dash,
          interactive: false,
          renderer: renderer,
        })
      );
    });
    state.legsShown = shown;
    keepLegsUnderTracks(renderer);
  }

  // Leaflet stacks a renderer over those made before it: legs that go from SVG to a
  // canvas (or back) after the tracks were drawn would cover them. They go back under.
  function keepLegsUnderTracks(renderer) {
    var legs = renderer._container;
    var tracks = state.trackRenderer._container;
    if (!legs || !tracks || legs.parentNode !== tracks.parentNode) return;
    if (legs.compareDocumentPosition(tracks) & Node.DOCUMENT_POSITION_PRECEDING) {
      tracks.parentNode.insertBefore(legs, tracks);
    }
  }

  // ---- tracks: recorded and planned, each a line of its own ------------------------------

  // The day of the trip a track belongs to: its date's, else its stop's arrival day.
  function trackDay(track, data) {
    var day = typeof track.day === "string" ? Date.parse(track.day + "T00:00:00Z") : NaN;
    var first = typeof data.firstDay === "string" ? Date.parse(data.firstDay + "T00:00:00Z") : NaN;
    if (isFinite(day) && isFinite(first)) return Math.round((day - first) / 86400000) + 1;
    for (var i = 0; i < data.stops.length; i++) {
      if (data.stops[i].id === track.stop && data.stops[i].days) return data.stops[i].days[0] || 0;
    }
    return 0;
  }

  function drawTracks(data) {
    state.tracks.clearLayers();
    state.trackLines = [];
    var colour = P.colourOf(data.trackColour);
    (Array.isArray(data.tracks) ? data.tracks : []).forEach(function (track) {
      if (!track || typeof track !== "object") return;
      var planned = track.kind === "planned";
      var day = trackDay(track, data);
      var tip = P.trackTooltip(track, data.labels);
      P.trackLines(track).forEach(function (points) {
        var casing = L.polyline(points, {
          color: "#ffffff",
          weight: 6.5,
          opacity: 0.75,
          interactive: false,
          renderer: state.trackRenderer,
        });
        var line = L.polyline(points, {
          color: colour,
          weight: 3.5,
          opacity: 0.95,
          dashArray: planned ? P.TRACK_DASH : null,
          renderer: state.trackRenderer,
          cpTrack: track.id,
        });
        line.bindTooltip(tip, { sticky: true, className: "cp-track-tooltip" });
        state.trackLines.push({ casing: casing, line: line, day: day, colour: colour });
        state.tracks.addLayer(casing);
        state.tracks.addLayer(line);
      });
    });
  }

  // ---- days: colour the trip by day, or show one day only -------------------------------

  function dayColour(day) {
    var colours = (state.data && state.data.dayColours) || [];
    return day > 0 && colours.length ? colours[(day - 1) % colours.length] : "";
  }

  function onDay(range, day) {
    return range && range[0] > 0 && range[0] <= day && day <= range[1];
  }

  function paintStop(marker, stop) {
    var node = marker.getElement();
    if (!node) return;
    var colour = state.dayMode.colour ? dayColour(stop.days ? stop.days[0] : 0) : "";
    if (colour) node.style.setProperty("--cp-day", colour);
    else node.style.removeProperty("--cp-day");
  }

  function siteShown(row) {
    var theme = state.data.themes[row[state.fields.theme]];
    if (!theme || state.hiddenThemes[theme.key]) return false;
    return !state.dayMode.day || row[state.fields.day] === state.dayMode.day;
  }

  function applyDays(sitesToo) {
    var mode = state.dayMode;
    state.data.stops.forEach(function (stop) {
      var marker = state.stopMarkers[stop.id];
      if (!marker) return;
      var show = !mode.day || onDay(stop.days, mode.day);
      if (show && !state.stops.hasLayer(marker)) state.stops.addLayer(marker);
      if (!show && state.stops.hasLayer(marker)) state.stops.removeLayer(marker);
      paintStop(marker, stop);
    });
    drawLegs();
    state.trackLines.forEach(function (track) {
      var show = !mode.day || track.day === mode.day;
      track.line.setStyle({ color: (mode.colour && dayColour(track.day)) || track.colour });
      [track.casing, track.line].forEach(function (layer) {
        if (show && !state.tracks.hasLayer(layer)) state.tracks.addLayer(layer);
        if (!show && state.tracks.hasLayer(layer)) state.tracks.removeLayer(layer);
      });
    });
    if (sitesToo) placeSites();
    document.documentElement.setAttribute("data-cp-day", String(mode.day || 0));
    legendDays();
  }

  // While the trip is coloured by day, the legend says which colour is which day.
  function legendDays() {
    var box = state.legend && state.legend.getContainer();
    if (!box) return;
    var old = box.querySelector(".cp-legend-days");
    if (old) old.remove();
    var count = state.data.dayCount || 0;
    if (!state.dayMode.colour || !count) return;
    var row = el("div", "cp-legend-days");
    var shown = Math.min(count, (state.data.dayColours || []).length);
    for (var day = 1; day <= shown; day++) {
      var swatch = el("span", "cp-day-swatch", String(day));
      swatch.style.background = dayColour(day);
      row.appendChild(swatch);
    }
    row.appendChild(el("span", null, state.data.labels.byDay || "Day of the trip"));
    box.appendChild(row);
  }

  // Frame the places of one day: where the traveller is, and where they go that day.
  function fitToDay(day) {
    var points = [];
    state.data.stops.forEach(function (stop) {
      if (onDay(stop.days, day)) points.push([stop.lat, stop.lon]);
    });
    state.cluster.points().forEach(function (point) {
      points.push(point);
    });
    if (!points.length) return;
    state.map.closePopup();
    state.map.fitBounds(L.latLngBounds(points), {
      padding: [60, 60],
      maxZoom: 12,
      animate: false,
    });
  }

  function showDays(options) {
    var day = Math.max(0, Math.floor(Number(options && options.day) || 0));
    var changedDay = day !== state.dayMode.day;
    state.dayMode = { colour: !!(options && options.colour), day: day };
    applyDays(changedDay);
    if (changedDay && day) fitToDay(day);
    return { stops: state.stops.getLayers().length, legs: state.legsShown };
  }

  function drawSites(data) {
    var f = state.fields;
    // Markers are made when a site is first drawn alone (siteMarker); the icons are
    // shared by every site of a theme and status. A site being dragged keeps its marker
    // (with the site's new row) so that the drag goes on and its drop is heard.
    var dragged = state.dragMarker && state.dragMarker.options.cpRow ? state.dragMarker : null;
    state.siteMarkers = {};
    state.siteRowOf = {};
    state.siteIcons = data.themes.map(function (theme) {
      return data.statuses.map(function (status) {
        return P.siteIcon(theme, status);
      });
    });
    var rows = data.sites;
    for (var i = 0; i < rows.length; i++) {
      if (siteIcon(rows[i])) state.siteRowOf[rows[i][f.id]] = i;
    }
    var draggedId = dragged && dragged.options.cpRow[f.id];
    if (dragged && state.siteRowOf[draggedId] !== undefined) {
      dragged.options.cpRow = rows[state.siteRowOf[draggedId]];
      state.siteMarkers[draggedId] = dragged;
    }
    placeSites();
    sitesLoaded();
  }

  function siteIcon(row) {
    var f = state.fields;
    var icons = state.siteIcons[row[f.theme]];
    return (icons && icons[row[f.status]]) || null;
  }

  // The site's marker (row: its index in the trip's sites), made the first time it is needed.
  function siteMarker(index) {
    var f = state.fields;
    var row = state.data.sites[index];
    var marker = state.siteMarkers[row[f.id]];
    if (marker) return marker;
    marker = new SiteMarker([row[f.lat], row[f.lon]], {
      icon: siteIcon(row),
      alt: row[f.name],
      draggable: state.movable,
      cpTheme: row[f.theme],
      cpRow: row,
    });
    state.siteMarkers[row[f.id]] = marker;
    return marker;
  }

  // A site's marker by the site's id (null: no such site on the map).
  function siteMarkerById(siteId) {
    var index = state.siteRowOf[siteId];
    return index === undefined ? null : siteMarker(index);
  }

  // The sites of the themes and the day shown go into the clusters.
  function placeSites() {
    var f = state.fields;
    var rows = state.data.sites;
    var points = [];
    Object.keys(state.siteRowOf).forEach(function (id) {
      var index = state.siteRowOf[id];
      var row = rows[index];
      if (siteShown(row)) points.push([row[f.lat], row[f.lon], index]);
    });
    state.cluster.setSites(points);
  }

  // Every site is on the map (clustered), with the stops and the route: the trip is drawn.
  function sitesLoaded() {
    mark("cp-trip");
    state.sitesLoaded = true;
    CityPlannerMap.tripReady = true;
    finishLoading();
  }

  // Ready once the sites are all in and the page has finished drawing everything else.
  function finishLoading() {
    if (!state.sitesLoaded || !state.drawn || !state.legendDrawn || CityPlannerMap.ready) return;
    mark("cp-ready");
    CityPlannerMap.ready = true;
    document.documentElement.setAttribute("data-cp-ready", "1");
    if (state.bridge) state.bridge.mapDrawn();
  }

  function buildControl(data) {
    if (state.control) state.control.remove();
    var overlays = {};
    overlays[P.escapeHtml(data.labels.countries)] = state.basemap.countries;
    overlays[P.escapeHtml(data.labels.capitals)] = state.basemap.capitals;
    overlays[P.escapeHtml(data.labels.osm)] = state.basemap.osm;
    // Map packs, and the online layer's tiles through the application (packs.js).
    if (window.CityPlannerPacks) {
      CityPlannerPacks.extend(state.map, overlays, data, state.basemap.osm, function () {
        return state.bridge;
      });
    }
    overlays[P.escapeHtml(data.labels.route)] = state.route;
    overlays[P.escapeHtml(data.labels.stops)] = state.stops;
    if (state.trackLines.length) overlays[P.escapeHtml(data.labels.tracks || "Tracks")] = state.tracks;
    // Photos are on unless the person turned them off; the layer is listed when there are any.
    var photos = (data.photos || []).length > 0;
    if (photos) overlays[P.escapeHtml(data.labels.photos || "Photos")] = state.photoCluster;
    if (photos && !state.photosHidden) state.photoCluster.addTo(state.map);
    else state.photoCluster.remove();
    state.themeLayers = {};
    var present = {};
    data.sites.forEach(function (row) {
      present[row[state.fields.theme]] = true;
    });
    data.themes.forEach(function (theme, index) {
      if (!present[index]) return;
      var layer = L.layerGroup();
      layer.cpThemeIndex = index;
      if (!state.hiddenThemes[theme.key]) layer.addTo(state.map);
      state.themeLayers[theme.key] = layer;
      overlays[P.themeLabel(theme)] = layer;
    });
    state.control = L.control.layers(null, overlays, { collapsed: true, position: "topright" });
    state.control.addTo(state.map);
  }

  function onOverlayChange(event) {
    if (event.layer === state.stops) scheduleLabels();
    if (event.layer === state.photoCluster) {
      state.photosHidden = event.type === "overlayremove";
      return;
    }
    var index = event.layer.cpThemeIndex;
    if (index === undefined) return;
    var theme = state.data.themes[index];
    if (event.type === "overlayadd") delete state.hiddenThemes[theme.key];
    else state.hiddenThemes[theme.key] = true;
    placeSites();
  }

  function buildLegend(data) {
    if (state.legend) state.legend.remove();
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = P.legendBox(data, state.fields);
      box.open = legendOpen();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.addEventListener("toggle", function () {
        if (box.cpBuilt) state.legendOpen = box.open;
        // Labels keep clear of the legend, open or folded.
        scheduleLabels();
      });
      // The toggle event of the state set here comes later: it is not the person's.
      setTimeout(function () {
        box.cpBuilt = true;
      }, 0);
      return box;
    };
    legend.addTo(state.map);
    state.legend = legend;
    if (state.dayMode && state.dayMode.colour) legendDays();
  }

  // Where the trip is: its stops, sites, photos and tracks, as [south, west, north, east].
  function tripBounds(data) {
    var f = state.fields;
    var south = 90, west = 180, north = -90, east = -180;
    function extend(lat, lon) {
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
    data.stops.forEach(function (s) {
      extend(s.lat, s.lon);
    });
    data.sites.forEach(function (r) {
      extend(r[f.lat], r[f.lon]);
    });
    (data.photos || []).forEach(function (p) {
      extend(p.lat, p.lon);
    });
    state.trackLines.forEach(function (track) {
      track.line.getLatLngs().forEach(function (point) {
        extend(point.lat, point.lng);
      });
    });
    return south > north ? null : [south, west, north, east];
  }

  // Frame the whole trip; from now on the map follows the trip until the person moves it.
  function fitToTrip(data) {
    var box = tripBounds(data);
    programmatic(function () {
      frame(box);
    });
    state.follow = { user: false, fitted: true };
    showZoomButton();
  }

  function frame(box) {
    if (!box) {
      state.map.setView([20, 0], 2, { animate: false });
    } else {
      // Keep the trip clear of the legend in the lower right corner.
      var right = legendRoom();
      state.map.fitBounds(L.latLngBounds([box[0], box[1]], [box[2], box[3]]), {
        paddingTopLeft: [50, 50],
        paddingBottomRight: [right, 40],
        maxZoom: 13,
        animate: false,
      });
    }
  }

  function draw(data, fit) {
    state.data = data;
    state.fields = {};
    data.siteFields.forEach(function (name, index) {
      state.fields[name] = index;
    });
    mark("cp-draw");
    drawStops(data);
    mark("cp-stops");
    drawRoute(data);
    mark("cp-route");
    drawTracks(data);
    if (state.dayMode.day > (data.dayCount || 0)) state.dayMode.day = 0;
    applyDays(false);
    buildControl(data);
    // Fit before the sites go in, so they are clustered once, for the final view.
    mark("cp-legend");
    if (fit) fitToTrip(data);
    mark("cp-fit");
    if (state.whenFitted) {
      var fitted = state.whenFitted;
      state.whenFitted = null;
      fitted();
    }
    drawPhotos(data);
    state.legendDrawn = false;
    drawSites(data);
    mark("cp-sites");
    // The labels are placed after the legend is drawn (drawTheRest), clear of it.
    afterTrip();
  }

  // The legend and the offline map go on once the trip has been shown: laying out the
  // legend and painting the map's tiles cost more than drawing the trip, so the first
  // frame after a load shows the stops, the route and the sites, and the next one the
  // rest. The view was fitted clear of where the legend goes (legendRoom).
  function afterTrip() {
    // Labels asked for while the trip was drawn (the fit, the sites) wait for the legend.
    clearTimeout(state.labelTimer);
    state.labelTimer = null;
    if (state.afterTripQueued) return;
    state.afterTripQueued = true;
    requestAnimationFrame(function () {
      setTimeout(drawTheRest, 0);
    });
  }

  function drawTheRest() {
    state.afterTripQueued = false;
    buildLegend(state.data);
    state.legendDrawn = true;
    mark("cp-legend-on");
    if (state.addBasemap) {
      var add = state.addBasemap;
      state.addBasemap = null;
      add();
    }
    scheduleLabels();
    finishLoading();
  }

  // Whether the legend is drawn open: as the person last left it, else open unless the
  // map is so short that the open legend would hide the trip.
  function legendOpen() {
    if (state.legendOpen !== undefined) return state.legendOpen;
    return state.map.getSize().y >= LEGEND_OPEN_HEIGHT;
  }

  // How much room to keep on the right for the legend: its width, or before it is drawn,
  // about what an open (or folded, on a short map) legend takes.
  function legendRoom() {
    var size = state.map.getSize();
    var legend = state.legend && state.legend.getContainer();
    if (legend) return Math.min(legend.offsetWidth + 30, size.x / 3);
    return Math.min(legendOpen() ? 300 : 120, size.x / 3);
  }

  // ---- following the trip -------------------------------------------------------------

  // Moves the page makes itself; any other move is the person's.
  function programmatic(fn) {
    state.auto += 1;
    try {
      fn();
    } finally {
      state.auto -= 1;
    }
  }

  // An animated move of the page's own: its later steps are the page's too.
  function flight(fn) {
    state.flying = true;
    // (An animated zoom starts in the next frame: the map is on its way from now.)
    state.moving = true;
    programmatic(fn);
  }

  function onMoveStart() {
    state.moving = true;
    clearTimeout(state.flyTimer);
    if (!state.auto && !state.flying) state.follow.user = true;
    state.follow.fitted = false;
    showZoomButton();
  }

  function onMoveEnd(event) {
    if (event && event.type === "moveend") state.moving = false;
    // A flight may take a few moves (a cluster opens, then pans): the page's own until
    // the map has been still for a moment.
    if (state.flying) {
      clearTimeout(state.flyTimer);
      state.flyTimer = setTimeout(function () {
        state.flying = false;
      }, 300);
    }
    scheduleLabels();
  }

  // What the trip is made of: stops, sites and tracks, by id.
  function contentKey(data) {
    var id = data.siteFields.indexOf("id");
    var parts = data.stops.map(function (s) {
      return "s" + s.id;
    });
    data.sites.forEach(function (row) {
      parts.push("p" + row[id]);
    });
    (Array.isArray(data.tracks) ? data.tracks : []).forEach(function (t) {
      if (t) parts.push("t" + t.id);
    });
    return parts.sort().join(",");
  }

  function showZoomButton() {
    var box = state.zoomButton && state.zoomButton.getContainer();
    if (!box) return;
    var button = box.querySelector("button");
    button.textContent = (state.data && state.data.labels.zoomToTrip) || "Zoom to trip";
    button.title = button.textContent;
    box.style.display = state.follow.fitted || !state.data.stops.length ? "none" : "";
  }

  function buildZoomButton() {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var box = el("div", "leaflet-bar cp-zoom-trip");
      var button = el("button", null, "");
      button.type = "button";
      box.appendChild(button);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(button, "click", function (event) {
        L.DomEvent.stop(event);
        zoomToTrip();
      });
      return box;
    };
    control.addTo(state.map);
    state.zoomButton = control;
  }

  function zoomToTrip() {
    afterMove(null);
    state.map.closePopup();
    fitToTrip(state.data);
    return state.follow.fitted;
  }

  // Show a stop with all its sites (and its tracks), at a zoom where they can be told apart.
  function zoomToStop(stopId, then) {
    var index = -1;
    state.data.stops.forEach(function (stop, i) {
      if (String(stop.id) === String(stopId)) index = i;
    });
    if (index < 0) return false;
    var stop = state.data.stops[index];
    var f = state.fields;
    var points = [[stop.lat, stop.lon]];
    state.data.sites.forEach(function (row) {
      if (row[f.stop] === index) points.push([row[f.lat], row[f.lon]]);
    });
    var bounds = L.latLngBounds(points);
    var map = state.map;
    afterMove(then);
    flight(function () {
      if (points.length === 1 || bounds.getNorthEast().equals(bounds.getSouthWest(), 1e-6)) {
        map.flyTo(bounds.getCenter(), Math.max(map.getZoom(), 10), { duration: 0.6 });
      } else {
        map.flyToBounds(bounds, { padding: [70, 70], maxZoom: 15, duration: 0.6 });
      }
    });
    return true;
  }

  // What to do once the map arrives; a newer selection replaces it (its flight ends elsewhere).
  function afterMove(then) {
    if (state.afterMove) state.map.off("moveend", state.afterMove);
    state.afterMove = null;
    if (!then) return;
    state.afterMove = function () {
      state.map.off("moveend", state.afterMove);
      state.afterMove = null;
      then();
    };
    state.map.on("moveend", state.afterMove);
  }

  function zoomToSite(siteId) {
    return selectSite(siteId);
  }

  // ---- application bridge -------------------------------------------------------------

  function connectBridge() {
    if (!(window.qt && window.qt.webChannelTransport && window.QWebChannel)) return;
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.cityplanner;
      if (!bridge) return;
      state.bridge = bridge;
      bridge.selectStopRequested.connect(selectStop);
      bridge.selectSiteRequested.connect(selectSite);
      if (bridge.selectPhotoRequested) bridge.selectPhotoRequested.connect(selectPhoto);
      bridge.dayModeRequested.connect(function (colour, day) {
        showDays({ colour: colour, day: day });
      });
      bridge.dataReplaced.connect(function (text) {
        update(JSON.parse(text));
      });
      if (bridge.labelsRequested) bridge.labelsRequested.connect(setLabels);
      if (bridge.zoomRequested) {
        bridge.zoomRequested.connect(function (kind, id) {
          if (kind === "trip") zoomToTrip();
          else if (kind === "stop") zoomToStop(id);
          else if (kind === "site") zoomToSite(id);
        });
      }

      state.map.on("contextmenu", offerNewSite);
      document.addEventListener("click", onLinkClick, true);
      bridge.pageReady();
      if (CityPlannerMap.ready) bridge.mapDrawn();
    });
  }

  // In the application, web links open in the user's browser, and only when the user
  // clicks them; the page itself never navigates away. The click is reported first:
  // the application opens only a link it heard a trusted click on, just after it saw
  // the mouse pressed on the view itself (see MapBridge.openLink).
  function onLinkClick(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !/^(https?|mailto):/i.test(link.href)) return;
    event.preventDefault();
    if (!event.isTrusted || !state.bridge) return;
    state.bridge.linkClicked(link.href);
    state.bridge.openLink(link.href);
  }

  function offerNewSite(event) {
    var latlng = event.latlng.wrap();
    var button = el("button", "cp-add-site", state.data.labels.addSite);
    button.type = "button";
    var popup = L.popup({ closeButton: true }).setLatLng(event.latlng).setContent(button);
    button.addEventListener("click", function () {
      state.map.closePopup(popup);
      if (state.bridge) state.bridge.addSiteRequested(latlng.lat, latlng.lng);
    });
    popup.openOn(state.map);
  }

  // ---- public API -------------------------------------------------------------------

  function init(map, options) {
    mark("cp-init");
    state = {
      map: map,
      hiddenThemes: {},
      stops: L.featureGroup(),
      route: L.featureGroup(),
      cluster: null,
      photoCluster: null,
      photoMarkers: {},
      photosHidden: false,
      photoEcho: null,
      bridge: null,
      selected: null,
      dayMode: { colour: false, day: 0 },
      legPaths: [],
      legsShown: 0,
      tracks: L.featureGroup(),
      trackLines: [],
      auto: 0,
      flying: false,
      follow: { user: false, fitted: true },
      labelsOn: document.documentElement.getAttribute("data-cp-labels") !== "0",
      labelsShown: 0,
      labelTimer: null,
      dragging: false,
      // Markers can be moved where there is an application to tell (not in a shared file).
      movable: !!(options && options.bridge),
    };
    // Thousands of leg lines and tracks are drawn on canvases, which cost no DOM nodes;
    // a few legs are drawn as SVG, which costs less than a canvas to set up and redraw.
    state.routeCanvas = L.canvas({ padding: 0.3 });
    state.routeSvg = L.svg({ padding: 0.3 });
    state.trackRenderer = L.canvas({ padding: 0.3, tolerance: 4 });
    map.options.zoomSnap = 0.25;
    map.setMinZoom(1);
    map.setMaxZoom(18);
    map.attributionControl.setPrefix(false);
    state.basemap = drawBasemap(map, readJson("cp-basemap"));
    mark("cp-basemap");
    var data = readJson("cp-trip");
    state.firstData = data;
    mark("cp-json");
    state.cluster = new CityPlannerSites.SiteLayer({
      siteMarker: siteMarker,
      themeOf: function (index) {
        return state.data.sites[index][state.fields.theme];
      },
      clusterIcon: function (counts, total) {
        return P.clusterIcon(counts, total, state.data.themes);
      },
    });
    state.cluster.on("click", onSiteClick);
    state.cluster.on("mouseover", onSiteHover);
    state.cluster.on("mouseout", onSiteLeave);
    state.cluster.on("dragstart", onDragStart);
    state.cluster.on("dragend", onSiteDragEnd);
    state.cluster.on("contextmenu", onSiteMenu);
    state.cluster.on("keypress", onSiteKey);
    state.cluster.on("sitesdrawn", onSitesDrawn);
    state.siteTip = L.tooltip({ direction: "top", offset: [0, -12], className: "cp-site-tooltip" });
    state.sitePopup = L.popup({ offset: [0, -10], maxWidth: 300 });
    // Photos cluster among themselves, shown as a small stack of the first one.
    state.photoCluster = L.markerClusterGroup({
      maxClusterRadius: 60,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      spiderfyDistanceMultiplier: 3,
      iconCreateFunction: P.photoClusterIcon,
    });
    state.photoCluster.on("click", onPhotoClick);
    state.photoCluster.on("spiderfied unspiderfied", onPhotosSpread);
    state.photoCluster.on("animationend", onPhotosRegrouped);
    map.on("zoomend", onPhotosRegrouped);
    state.photoPopup = L.popup({
      offset: P.photoPopupOffset(),
      maxWidth: 280,
      className: "cp-photo-popup-box",
    });
    state.cluster.addTo(map);
    ["mouseover", "mousedown", "touchstart", "pointerdown"].forEach(function (type) {
      map.getPane("markerPane").addEventListener(type, wakeStopDragging, true);
    });
    map.on("overlayadd overlayremove", onOverlayChange);
    map.on("movestart zoomstart", onMoveStart);
    map.on("moveend zoomend resize", onMoveEnd);
    buildZoomButton();
    state.whenFitted = function () {
      // The route, tracks, stops and outlines go on once the view is fitted, so that each
      // is drawn once, where it stays (thousands of pins are not placed twice).
      state.route.addTo(map);
      mark("cp-route-on");
      state.tracks.addTo(map);
      state.stops.addTo(map);
      mark("cp-stops-on");
      // So does the offline map, so that its tiles load only once, after the trip (see
      // afterTrip). The map is drawn once its tiles are.
      state.addBasemap = function () {
        CityPlannerBasemap.whenDrawn(state.basemap.countries, function () {
          mark("cp-drawn");
          state.drawn = true;
          finishLoading();
        });
        state.basemap.countries.addTo(map);
        state.basemap.capitals.addTo(map);
        mark("cp-basemap-on");
      };
    };
    draw(data, true);
    state.contentKey = contentKey(data);
    if (options && options.bridge) connectBridge();
  }

  // New data in place. Stops, sites or tracks added or removed bring the whole trip into
  // view, unless the person has moved the map since it was last fitted: then the view
  // stays, and the Zoom to trip button offers it.
  function update(data) {
    CityPlannerMap.ready = false;
    CityPlannerMap.tripReady = false;
    var selected = state.selected;
    var key = contentKey(data);
    var fit = key !== state.contentKey && !state.follow.user;
    if (fit) afterMove(null);
    state.contentKey = key;
    draw(data, fit);
    if (selected !== null && state.stopMarkers[selected]) highlight(selected);
    showZoomButton();
  }

  function highlight(stopId) {
    Object.keys(state.stopMarkers).forEach(function (id) {
      var node = state.stopMarkers[id].getElement();
      if (node) node.classList.toggle("cp-selected", String(id) === String(stopId));
    });
    state.selected = stopId;
  }

  function selectStop(stopId) {
    var marker = state.stopMarkers[stopId];
    if (!marker) return false;
    highlight(stopId);
    if (isPhotoEcho("stop", stopId)) return true;
    var echo = state.stopEcho;
    state.stopEcho = null;
    if (echo && Date.now() < echo.until && String(echo.id) === String(stopId)) return true;
    // Open the popup once there: its own auto-pan would cut the flight short.
    return zoomToStop(stopId, function () {
      programmatic(function () {
        if (state.stopMarkers[stopId] === marker) marker.openPopup();
      });
    });
  }

  function selectSite(siteId) {
    var marker = siteMarkerById(siteId);
    if (!marker) return false;
    if (isPhotoEcho("site", siteId)) return true;
    afterMove(null);
    var index = state.siteRowOf[siteId];
    // (Looked up again on arrival: the trip may have been sent again meanwhile, with
    // the site moved, renamed or removed.)
    var open = function () {
      var now = siteMarkerById(siteId);
      if (!now) return;
      programmatic(function () {
        openSitePopup(now);
      });
    };
    // While the map is on its way somewhere (an earlier selection), this one waits for
    // it to arrive: the last site selected is the one shown, with its popup.
    if (state.moving) {
      afterMove(function () {
        selectSite(siteId);
      });
      return true;
    }
    // A site of a hidden theme or of another day is not drawn: its popup opens alone.
    if (!state.cluster.holds(index)) {
      flight(function () {
        state.map.setView(marker.getLatLng(), Math.max(state.map.getZoom(), 12), { animate: false });
      });
      open();
      return true;
    }
    var view = state.cluster.viewFor(index);
    if (!view) {
      open();
      return true;
    }
    afterMove(open);
    flight(function () {
      state.map.setView(view.center, view.zoom);
    });
    return true;
  }

  function counts() {
    return {
      stops: Object.keys(state.stopMarkers).length,
      sites: Object.keys(state.siteRowOf).length,
      legs: state.legsShown,
    };
  }

  // The lines of tracks drawn now (each track may have several).
  function trackCount() {
    return state.trackLines.filter(function (t) {
      return state.tracks.hasLayer(t.line);
    }).length;
  }

  // Where a stop's or site's marker is drawn now, as [lat, lon] (null: not drawn).
  function markerAt(kind, id) {
    var marker = kind === "site" ? siteMarkerById(id) : state.stopMarkers[id];
    if (!marker) return null;
    // (A site drawn on the world's next copy, across the antimeridian, is given as it is.)
    var at = marker.getLatLng().wrap();
    return [at.lat, at.lng];
  }

  // How the map follows the trip, and the labels shown (for tests and the window).
  function followState() {
    var box = state.zoomButton && state.zoomButton.getContainer();
    var labels = [];
    Object.keys(state.stopMarkers).forEach(function (id) {
      var node = state.stopMarkers[id].cpLabel;
      if (node && node.style.display !== "none" && node.parentNode) labels.push(Number(id));
    });
    return {
      user: state.follow.user,
      fitted: state.follow.fitted,
      button: !!box && box.style.display !== "none",
      labels: labels.sort(function (a, b) {
        return a - b;
      }),
    };
  }

  // The photos drawn, and how those in view show now: alone, or in how many clusters.
  function photoCounts() {
    var counts = { photos: 0, alone: 0, clustered: 0, clusters: 0 };
    var group = state.photoCluster;
    var bounds = state.map.getBounds();
    var seen = {};
    Object.keys(state.photoMarkers).forEach(function (id) {
      counts.photos += 1;
      var marker = state.photoMarkers[id];
      var shown = state.map.hasLayer(group) ? group.getVisibleParent(marker) : null;
      if (!shown || !bounds.contains(shown.getLatLng())) return;
      if (shown === marker) {
        counts.alone += 1;
      } else {
        counts.clustered += 1;
        if (!seen[L.stamp(shown)]) counts.clusters += 1;
        seen[L.stamp(shown)] = true;
      }
    });
    return counts;
  }

  // The notes of the page's first trip data, which the window's page carries after the
  // script that draws the trip (maps/page.py): the trip is on the map while they arrive.
  // They go into the sites' rows, where the popups read them.
  function addNotes() {
    var notes = readJson("cp-notes");
    if (!state || state.data !== state.firstData || !Array.isArray(notes)) return false;
    var rows = state.data.sites;
    var at = state.fields.note;
    if (at === undefined || notes.length !== rows.length) return false;
    for (var i = 0; i < rows.length; i++) {
      if (typeof notes[i] === "string" && notes[i]) rows[i][at] = notes[i];
    }
    // A site's popup opened meanwhile shows its note now.
    if (state.sitePopupMarker && state.sitePopup.isOpen()) openSitePopup(state.sitePopupMarker);
    return true;
  }

  window.CityPlannerMap = {
    // The whole map is drawn: the trip, and the offline map's tiles in view.
    ready: false,
    // The trip is drawn: its stops, route and every site (clustered), whether or not the
    // offline map's tiles are in yet.
    tripReady: false,
    init: init,
    update: update,
    addNotes: addNotes,
    selectStop: selectStop,
    selectSite: selectSite,
    selectPhoto: selectPhoto,
    showDays: showDays,
    setLabels: setLabels,
    placeLabels: placeLabels,
    zoomToTrip: zoomToTrip,
    zoomToStop: zoomToStop,
    zoomToSite: zoomToSite,
    followState: followState,
    markerAt: markerAt,
    counts: counts,
    trackCount: trackCount,
    // The themes (by index) of the sites drawn now, alone or in clusters, in order.
    siteThemes: function () {
      var seen = {};
      state.cluster.rows().forEach(function (index) {
        seen[state.data.sites[index][state.fields.theme]] = true;
      });
      return Object.keys(seen).map(Number).sort(function (a, b) {
        return a - b;
      });
    },
    photoCounts: photoCounts,
    map: function () {
      return state && state.map;
    },
    // For the shared page's itinerary panel (panel.js): fly there, then open the popup.
    // `options` are Leaflet's flyTo options (the panel turns the flight off for people
    // who ask for less motion).
    flyToStop: function (stopId, options) {
      var marker = state && state.stopMarkers[stopId];
      if (!marker) return false;
      highlight(stopId);
      // (A later click replaces what this flight was to do on arrival.)
      afterMove(function () {
        marker.openPopup();
      });
      state.map.flyTo(marker.getLatLng(), Math.max(state.map.getZoom(), 10), options);
      return true;
    },
    flyToSite: function (siteId, options) {
      var marker = state && siteMarkerById(siteId);
      if (!marker) return false;
      afterMove(function () {
        selectSite(siteId);
      });
      state.map.flyTo(marker.getLatLng(), Math.max(state.map.getZoom(), 16), options);
      return true;
    },
  };
})();
