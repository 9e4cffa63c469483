/* CityPlanner itinerary map: draws a trip from the JSON in #cp-trip onto a Leaflet map.
 *
 * Every text from the trip reaches the document through textContent, a DOM property
 * (title, href) or escapeHtml(); none is ever parsed as markup or code.
 */
(function () {
  "use strict";

  var TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var TILE_ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  var BASEMAP_ATTRIBUTION = "Outlines: Natural Earth";
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var DASH = /^[0-9 .]*$/;

  // Drawings on a 24×24 grid, filled with the current colour.
  var GLYPHS = {
    signal:
      '<circle cx="12" cy="18" r="2.4"/><path d="M6.6 13.6a7.6 7.6 0 0 1 10.8 0M3.3 10.2a12.4 12.4 0 0 1 17.4 0" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
    bus: '<path fill-rule="evenodd" d="M7 3h10a3 3 0 0 1 3 3v10a2 2 0 0 1-1.5 1.9V21h-3v-3h-7v3h-3v-3.1A2 2 0 0 1 4 16V6a3 3 0 0 1 3-3zm0 3v5h10V6zm-.5 7.5v2h3v-2zm8 0v2h3v-2z"/>',
    drop: '<path d="M12 2.5S5 10.5 5 15a7 7 0 0 0 14 0c0-4.5-7-12.5-7-12.5z"/>',
    parking:
      '<path fill-rule="evenodd" d="M7 3h6a5 5 0 0 1 0 10h-2.5v8H7zm3.5 3.2v3.6H13a1.8 1.8 0 0 0 0-3.6z"/>',
    person: '<circle cx="12" cy="4.5" r="2.7"/><path d="M8.5 8.5h7l-1 7.5h-1.6l-.6 6h-1.6l-.6-6H9.5z"/>',
    car: '<path fill-rule="evenodd" d="M7 5h10l2.2 5.5A2 2 0 0 1 21 12.5V17h-2v2.5h-3V17H8v2.5H5V17H3v-4.5a2 2 0 0 1 1.8-2zm.9 2-1.5 3.5h11.2L16.1 7zM5.5 12.5v2h3v-2zm10 0v2h3v-2z"/>',
    bolt: '<path d="M13.5 2 4.5 14h6l-1 8 9-12h-6z"/>',
    speech:
      '<path d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9.5L5 21v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/>',
    bulb: '<path d="M12 2a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2zM9 18.5h6V20a2 2 0 0 1-2 2h-2a2 2 0 0 1-2-2z"/>',
    flask: '<path d="M9 2h6v2h-1v5l5.8 9.7A2.2 2.2 0 0 1 17.9 22H6.1a2.2 2.2 0 0 1-1.9-3.3L10 9V4H9z"/>',
    star: '<path d="m12 2 3 6.5 7 .8-5.2 4.8 1.5 7L12 17.6l-6.3 3.5 1.5-7L2 9.3l7-.8z"/>',
    dot: '<circle cx="12" cy="12" r="6"/>',
  };

  var state = null;

  // Timings for benchmarks/map_render.py, visible in the page's performance entries.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

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

  function glyphSvg(name) {
    var body = Object.prototype.hasOwnProperty.call(GLYPHS, name) ? GLYPHS[name] : GLYPHS.dot;
    return '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">' + body + "</svg>";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // ---- icons -------------------------------------------------------------------------

  function siteIcon(theme, status) {
    var key = theme.key + "/" + status.key;
    if (!state.icons[key]) {
      state.icons[key] = L.divIcon({
        className: "cp-site cp-status-" + status.key.replace(/[^a-z-]/g, ""),
        html:
          '<span class="cp-badge" style="--cp-colour:' +
          colourOf(theme.colour) +
          '">' +
          glyphSvg(theme.glyph) +
          "</span>",
        iconSize: [24, 24],
        iconAnchor: [12, 12],
        popupAnchor: [0, -12],
      });
    }
    return state.icons[key];
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

  function clusterIcon(cluster) {
    var markers = cluster.getAllChildMarkers();
    var counts = {};
    for (var i = 0; i < markers.length; i++) {
      var t = markers[i].options.cpTheme;
      counts[t] = (counts[t] || 0) + 1;
    }
    var stops = [];
    var done = 0;
    state.data.themes.forEach(function (theme, index) {
      if (!counts[index]) return;
      var start = (done / markers.length) * 360;
      done += counts[index];
      var end = (done / markers.length) * 360;
      stops.push(colourOf(theme.colour) + " " + start.toFixed(1) + "deg " + end.toFixed(1) + "deg");
    });
    var size = markers.length < 10 ? 32 : markers.length < 100 ? 38 : 46;
    var ring = el("div", "cp-cluster-ring");
    ring.style.background = "conic-gradient(" + stops.join(", ") + ")";
    ring.appendChild(el("span", "cp-cluster-count", markers.length));
    // Hang the ring just below its point: a stop's pin stands above the same point,
    // and the sites of a city would otherwise hide behind it.
    return L.divIcon({
      className: "cp-cluster",
      html: ring,
      iconSize: [size, size],
      iconAnchor: [size / 2, 2],
    });
  }

  // ---- popups ------------------------------------------------------------------------

  function stopPopup(stop) {
    var box = el("div", "cp-popup");
    box.appendChild(el("h3", null, stop.number + ". " + stop.name));
    var facts = [];
    if (stop.country) facts.push(stop.country);
    if (stop.dates) facts.push(stop.dates);
    if (stop.nights) {
      facts.push(stop.nights + " " + (stop.nights === 1 ? state.data.labels.night : state.data.labels.nights));
    }
    if (facts.length) box.appendChild(el("div", "cp-facts", facts.join(" · ")));
    if (stop.mode) {
      var mode = modeOf(stop.mode);
      box.appendChild(el("div", "cp-facts", mode ? mode.label : stop.mode));
    }
    if (stop.note) box.appendChild(el("p", "cp-note", stop.note));
    return box;
  }

  function sitePopup(row) {
    var f = state.fields;
    var theme = state.data.themes[row[f.theme]] || { label: "", colour: "#888888" };
    var status = state.data.statuses[row[f.status]] || { label: "" };
    var box = el("div", "cp-popup");
    box.appendChild(el("h3", null, row[f.name]));
    var line = el("div", "cp-facts");
    var swatch = el("span", "cp-swatch");
    swatch.style.background = colourOf(theme.colour);
    line.appendChild(swatch);
    line.appendChild(document.createTextNode(theme.label + " · " + status.label));
    box.appendChild(line);
    var stop = state.data.stops[row[f.stop]];
    if (stop) {
      var where = state.data.labels.stop + " " + stop.number + ": " + stop.name;
      box.appendChild(el("div", "cp-facts", stop.dates ? where + " · " + stop.dates : where));
    }
    if (row[f.approximate]) box.appendChild(el("div", "cp-facts cp-approximate", state.data.labels.approximate));
    if (row[f.note]) box.appendChild(el("p", "cp-note", row[f.note]));
    var url = row[f.url];
    if (url && /^https?:\/\//i.test(url)) {
      var link = el("a", "cp-link", state.data.labels.website);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    }
    return box;
  }

  function modeOf(key) {
    for (var i = 0; i < state.data.modes.length; i++) {
      if (state.data.modes[i].key === key) return state.data.modes[i];
    }
    return null;
  }

  // ---- layers ------------------------------------------------------------------------

  var SiteMarker = L.Marker.extend({
    _initIcon: function () {
      L.Marker.prototype._initIcon.call(this);
      this._icon.setAttribute("data-site-id", String(this.options.cpRow[state.fields.id]));
    },
  });

  function onSiteClick(event) {
    var marker = event.layer;
    if (!marker || !marker.options.cpRow) return;
    openSitePopup(marker);
    if (state.bridge) state.bridge.siteClicked(marker.options.cpRow[state.fields.id]);
  }

  function openSitePopup(marker) {
    state.sitePopup
      .setLatLng(marker.getLatLng())
      .setContent(sitePopup(marker.options.cpRow))
      .openOn(state.map);
  }

  function drawBasemap(map, basemap) {
    map.createPane("cp-basemap");
    map.getPane("cp-basemap").style.zIndex = 150;
    var renderer = L.canvas({ pane: "cp-basemap", padding: 0.5 });
    var countries = L.geoJSON(basemap.countries, {
      pane: "cp-basemap",
      renderer: renderer,
      interactive: false,
      attribution: BASEMAP_ATTRIBUTION,
      style: { color: "#a89f8c", weight: 0.8, fillColor: "#f6f2e8", fillOpacity: 1 },
    });
    var capitals = L.layerGroup(
      basemap.capitals.map(function (c) {
        return L.circleMarker([c.lat, c.lon], {
          pane: "cp-basemap",
          renderer: renderer,
          interactive: false,
          radius: 2,
          weight: 1,
          color: "#7d7566",
          fillColor: "#ffffff",
          fillOpacity: 1,
        });
      })
    );
    var osm = L.tileLayer(TILE_URL, { maxZoom: 19, attribution: TILE_ATTRIBUTION });
    return { countries: countries, capitals: capitals, osm: osm };
  }

  function drawStops(data) {
    state.stops.clearLayers();
    state.stopMarkers = {};
    data.stops.forEach(function (stop) {
      var marker = L.marker([stop.lat, stop.lon], {
        icon: stopIcon(stop),
        title: stop.name,
        alt: stop.name,
        zIndexOffset: 1000,
        riseOnHover: true,
      });
      marker.bindPopup(function () {
        return stopPopup(stop);
      });
      marker.on("add", function () {
        marker.getElement().setAttribute("data-stop-id", String(stop.id));
      });
      marker.on("click", function () {
        if (state.bridge) state.bridge.stopClicked(stop.id);
      });
      state.stopMarkers[stop.id] = marker;
      state.stops.addLayer(marker);
    });
  }

  function drawRoute(data) {
    state.route.clearLayers();
    data.legs.forEach(function (leg) {
      var style = modeOf(leg.mode) || data.unknownMode;
      leg.paths.forEach(function (path) {
        L.polyline(path, {
          color: colourOf(style.colour),
          weight: Number(style.weight) || 3,
          opacity: 0.9,
          dashArray: DASH.test(style.dash) && style.dash ? style.dash : null,
          interactive: false,
        }).addTo(state.route);
      });
    });
  }

  function drawSites(data) {
    var f = state.fields;
    state.cluster.clearLayers();
    state.siteMarkers = {};
    state.byTheme = data.themes.map(function () {
      return [];
    });
    // One light marker per site: no popup or handlers of its own (the cluster group
    // listens for all of them), which keeps ten thousand sites quick to add.
    data.sites.forEach(function (row) {
      var theme = data.themes[row[f.theme]];
      var status = data.statuses[row[f.status]];
      if (!theme || !status) return;
      var marker = new SiteMarker([row[f.lat], row[f.lon]], {
        icon: siteIcon(theme, status),
        title: row[f.name],
        alt: row[f.name],
        cpTheme: row[f.theme],
        cpRow: row,
      });
      state.siteMarkers[row[f.id]] = marker;
      state.byTheme[row[f.theme]].push(marker);
    });
    var visible = [];
    data.themes.forEach(function (theme, index) {
      if (!state.hiddenThemes[theme.key]) visible = visible.concat(state.byTheme[index]);
    });
    // chunkProgress (see init) reports the end of loading; a detached group loads at once.
    state.sitesLoaded = false;
    state.cluster.addLayers(visible);
    if (!state.cluster._map) sitesLoaded();
  }

  function sitesLoaded() {
    state.sitesLoaded = true;
    finishLoading();
  }

  // Ready once the sites are all in and the page has finished drawing everything else.
  function finishLoading() {
    if (!state.sitesLoaded || !state.drawn || CityPlannerMap.ready) return;
    mark("cp-ready");
    CityPlannerMap.ready = true;
    document.documentElement.setAttribute("data-cp-ready", "1");
  }

  function buildControl(data) {
    if (state.control) state.control.remove();
    var overlays = {};
    overlays[escapeHtml(data.labels.countries)] = state.basemap.countries;
    overlays[escapeHtml(data.labels.capitals)] = state.basemap.capitals;
    overlays[escapeHtml(data.labels.osm)] = state.basemap.osm;
    overlays[escapeHtml(data.labels.route)] = state.route;
    overlays[escapeHtml(data.labels.stops)] = state.stops;
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
      var label =
        '<span class="cp-swatch" style="background:' + colourOf(theme.colour) + '"></span>' + escapeHtml(theme.label);
      overlays[label] = layer;
    });
    state.control = L.control.layers(null, overlays, { collapsed: true, position: "topright" });
    state.control.addTo(state.map);
  }

  function onOverlayChange(event) {
    var index = event.layer.cpThemeIndex;
    if (index === undefined) return;
    var theme = state.data.themes[index];
    if (event.type === "overlayadd") {
      delete state.hiddenThemes[theme.key];
      state.cluster.addLayers(state.byTheme[index]);
    } else {
      state.hiddenThemes[theme.key] = true;
      state.cluster.removeLayers(state.byTheme[index]);
    }
  }

  function buildLegend(data) {
    if (state.legend) state.legend.remove();
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("details", "cp-legend");
      box.open = true;
      box.appendChild(el("summary", null, data.labels.legend));
      var usedModes = {};
      data.legs.forEach(function (leg) {
        usedModes[leg.mode || ""] = true;
      });
      if (data.stops.length) {
        var row = legendRow();
        row.firstChild.appendChild(el("span", "cp-legend-stop", "1"));
        row.appendChild(el("span", null, data.labels.stops));
        box.appendChild(row);
      }
      data.modes.concat([{ key: "", label: data.labels.unknownMode }]).forEach(function (mode) {
        if (!usedModes[mode.key]) return;
        var style = mode.key ? mode : data.unknownMode;
        var row = legendRow();
        var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        svg.setAttribute("width", "34");
        svg.setAttribute("height", "10");
        var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
        line.setAttribute("x1", "1");
        line.setAttribute("y1", "5");
        line.setAttribute("x2", "33");
        line.setAttribute("y2", "5");
        line.setAttribute("stroke", colourOf(style.colour));
        line.setAttribute("stroke-width", String(Number(style.weight) || 3));
        if (style.dash && DASH.test(style.dash)) line.setAttribute("stroke-dasharray", style.dash);
        svg.appendChild(line);
        row.firstChild.appendChild(svg);
        row.appendChild(el("span", null, mode.label));
        box.appendChild(row);
      });
      var f = state.fields;
      var themes = {};
      var statuses = {};
      data.sites.forEach(function (r) {
        themes[r[f.theme]] = true;
        statuses[r[f.status]] = true;
      });
      data.themes.forEach(function (theme, index) {
        if (!themes[index]) return;
        var row = legendRow();
        var badge = el("span", "cp-legend-icon cp-status-visited");
        badge.innerHTML = '<span class="cp-badge" style="--cp-colour:' + colourOf(theme.colour) + '">' + glyphSvg(theme.glyph) + "</span>";
        row.firstChild.appendChild(badge);
        row.appendChild(el("span", null, theme.label));
        box.appendChild(row);
      });
      data.statuses.forEach(function (status, index) {
        if (!statuses[index]) return;
        var row = legendRow();
        var badge = el("span", "cp-legend-icon cp-status-" + status.key.replace(/[^a-z-]/g, ""));
        badge.innerHTML = '<span class="cp-badge" style="--cp-colour:#555555">' + glyphSvg("dot") + "</span>";
        row.firstChild.appendChild(badge);
        row.appendChild(el("span", null, status.label));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(state.map);
    state.legend = legend;
  }

  function legendRow() {
    var row = el("div", "cp-legend-row");
    row.appendChild(el("span", "cp-legend-key"));
    return row;
  }

  function fitToTrip(data) {
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
    if (south > north) {
      state.map.setView([20, 0], 2, { animate: false });
    } else {
      // Keep the trip clear of the legend in the lower right corner.
      var legend = state.legend && state.legend.getContainer();
      var right = legend ? Math.min(legend.offsetWidth + 30, state.map.getSize().x / 3) : 40;
      state.map.fitBounds(L.latLngBounds([south, west], [north, east]), {
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
    drawStops(data);
    drawRoute(data);
    buildControl(data);
    buildLegend(data);
    // Fit before the sites go in, so they are clustered once, for the final view.
    if (fit) fitToTrip(data);
    drawSites(data);
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
      bridge.dataReplaced.connect(function (text) {
        update(JSON.parse(text));
      });
      state.map.on("contextmenu", offerNewSite);
      document.addEventListener("click", onLinkClick, true);
      bridge.pageReady();
    });
  }

  // In the application, web links open in the user's browser, and only when the user
  // clicks them; the page itself never navigates away.
  function onLinkClick(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !/^(https?|mailto):/i.test(link.href)) return;
    event.preventDefault();
    if (event.isTrusted && state.bridge) state.bridge.openLink(link.href);
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
      icons: {},
      hiddenThemes: {},
      stops: L.featureGroup(),
      route: L.featureGroup(),
      cluster: null,
      bridge: null,
      selected: null,
    };
    map.options.zoomSnap = 0.25;
    map.setMinZoom(1);
    map.setMaxZoom(18);
    map.attributionControl.setPrefix(false);
    state.basemap = drawBasemap(map, readJson("cp-basemap"));
    mark("cp-basemap");
    var data = readJson("cp-trip");
    state.cluster = L.markerClusterGroup({
      // Clustering ten thousand sites takes a few tenths of a second: one go is quickest.
      // Beyond that, work in slices so that the page stays responsive.
      chunkedLoading: data.sites.length > 20000,
      chunkProgress: function (done, total) {
        if (done >= total) sitesLoaded();
      },
      maxClusterRadius: 48,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
      // Sites are spread out where they share a point, so the finest levels need no
      // clusters; fewer levels make adding thousands of sites quicker.
      disableClusteringAtZoom: 16,
    });
    state.cluster.on("click", onSiteClick);
    state.sitePopup = L.popup({ offset: [0, -10], maxWidth: 300 });
    state.route.addTo(map);
    state.cluster.addTo(map);
    state.stops.addTo(map);
    map.on("overlayadd overlayremove", onOverlayChange);
    draw(data, true);
    // The outlines go on once the view is fitted, so that they are drawn only once.
    state.basemap.countries.addTo(map);
    state.basemap.capitals.addTo(map);
    mark("cp-drawn");
    state.drawn = true;
    finishLoading();
    if (options && options.bridge) connectBridge();
  }

  function update(data) {
    CityPlannerMap.ready = false;
    var selected = state.selected;
    draw(data, false);
    if (selected !== null && state.stopMarkers[selected]) highlight(selected);
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
    // Open the popup once there: its own auto-pan would cut the pan short.
    state.map.once("moveend", function () {
      marker.openPopup();
    });
    state.map.panTo(marker.getLatLng());
    return true;
  }

  function selectSite(siteId) {
    var marker = state.siteMarkers[siteId];
    if (!marker) return false;
    state.cluster.zoomToShowLayer(marker, function () {
      openSitePopup(marker);
    });
    return true;
  }

  function counts() {
    return {
      stops: Object.keys(state.stopMarkers).length,
      sites: Object.keys(state.siteMarkers).length,
      legs: state.route.getLayers().length,
    };
  }

  window.CityPlannerMap = {
    ready: false,
    init: init,
    update: update,
    selectStop: selectStop,
    selectSite: selectSite,
    counts: counts,
    map: function () {
      return state && state.map;
    },
  };
})();
