/* CityPlanner map packs: the detailed offline maps the person added (MBTiles, PMTiles)
 * as layers of the layer control, and the address the online layer's tiles come from.
 *
 * In the window, a pack's tiles come from the application's own address
 * (`packs/<id>/{z}/{x}/{y}`), and so do OpenStreetMap's (`osm/...`, kept for offline
 * use). In a shared file, a pack's tiles travel inside the page (`tiles`: "z/x/y" to a
 * data: URL). A tile that is not there is see-through, so the offline basemap shows
 * beneath. Which layers are on is reported to the application, which remembers it.
 * Names and attributions are file text: they are escaped before Leaflet shows them.
 */
(function () {
  "use strict";

  var P = window.CityPlannerParts;
  var NOTHING = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
  var MAX_ZOOM = 18;
  var state = { map: null, layers: {}, bridge: null, listening: false };

  // Tiles written inside the page, by "z/x/y".
  var EmbeddedTiles = L.TileLayer.extend({
    getTileUrl: function (coords) {
      var key = this._getZoomForUrl() + "/" + coords.x + "/" + coords.y;
      return this.options.cpTiles[key] || NOTHING;
    },
  });

  // Leaflet greys out, and so locks, a layer's box in the layer control while the map is
  // outside the layer's zoom levels. A pack stays switchable at every zoom (it simply
  // draws nothing where it has no tiles), so its box is never locked.
  var checkDisabled = L.Control.Layers.prototype._checkDisabledLayers;
  L.Control.Layers.prototype._checkDisabledLayers = function () {
    checkDisabled.call(this);
    (this._layerControlInputs || []).forEach(function (input) {
      var item = this._getLayer(input.layerId);
      if (item && item.layer.options.cpLayerId) input.disabled = false;
    }, this);
  };

  function number(value, low, high, fallback) {
    var n = Number(value);
    if (!isFinite(n)) return fallback;
    return Math.max(low, Math.min(high, Math.round(n)));
  }

  function makeLayer(pack) {
    var low = number(pack.minZoom, 0, MAX_ZOOM, 0);
    var high = number(pack.maxZoom, low, 24, MAX_ZOOM);
    var options = {
      // A little below its own levels, the pack's coarsest tiles are drawn smaller.
      minZoom: Math.max(0, low - 2),
      minNativeZoom: low,
      maxNativeZoom: high,
      maxZoom: MAX_ZOOM,
      attribution: P.escapeHtml(pack.attribution || pack.name || ""),
      errorTileUrl: NOTHING,
      // Above the online layer: a pack is the person's own, more detailed choice.
      zIndex: 5,
      cpLayerId: String(pack.id),
    };
    if (Array.isArray(pack.bounds) && pack.bounds.length === 2) {
      options.bounds = L.latLngBounds(pack.bounds);
    }
    if (pack.tiles) {
      options.cpTiles = pack.tiles;
      return new EmbeddedTiles("", options);
    }
    return L.tileLayer(String(pack.url), options);
  }

  function layerLabel(pack) {
    return P.escapeHtml(pack.name || pack.id);
  }

  function onToggle(event) {
    var id = event.layer && event.layer.options && event.layer.options.cpLayerId;
    var bridge = state.bridge && state.bridge();
    if (!id || !bridge || !bridge.layerShown) return;
    bridge.layerShown(id, event.type === "overlayadd");
  }

  // Called by itinerary.js while it builds the layer control: adds the packs to
  // `overlays` (label → layer) and points the online layer at the application.
  function extend(map, overlays, data, osm, bridgeOf) {
    state.map = map;
    state.bridge = bridgeOf;
    if (!state.listening) {
      map.on("overlayadd overlayremove", onToggle);
      state.listening = true;
    }
    if (osm && data.osmTiles) {
      osm.options.cpLayerId = "osm";
      if (osm._url !== data.osmTiles) osm.setUrl(data.osmTiles, true);
      if (data.osmShown && !map.hasLayer(osm)) osm.addTo(map);
    }
    var wanted = {};
    (data.packs || []).forEach(function (pack) {
      if (!pack || !pack.id) return;
      var id = String(pack.id);
      wanted[id] = true;
      var layer = state.layers[id];
      if (!layer) {
        layer = makeLayer(pack);
        state.layers[id] = layer;
      }
      overlays[layerLabel(pack)] = layer;
      if (pack.shown && !map.hasLayer(layer)) layer.addTo(map);
    });
    Object.keys(state.layers).forEach(function (id) {
      if (wanted[id]) return;
      state.layers[id].remove();
      delete state.layers[id];
    });
  }

  // For tests and pictures: the ids of the packs on the map.
  function shown() {
    return Object.keys(state.layers).filter(function (id) {
      return state.map && state.map.hasLayer(state.layers[id]);
    });
  }

  window.CityPlannerPacks = { extend: extend, shown: shown };
})();
