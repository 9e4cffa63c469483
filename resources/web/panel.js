/* CityPlanner shared page: the itinerary panel of an exported trip map.
 *
 * Only the exported file loads this script: the window shows its itinerary beside the
 * map. The panel lists the trip's stops in order, with the leg that reaches each one
 * and its sites below it; a click flies the map there. It folds to one button (the
 * state lives in the page only), Escape folds it, and on a narrow window it is a sheet
 * under the map. Printed, it is a plain list after the map (see panel.css).
 *
 * Every text from the trip is written with textContent; the only markup set as such is
 * the map's own site badge, made from constants and checked colours.
 */
(function () {
  "use strict";

  var OPEN = "cp-panel-open";
  var P = window.CityPlannerParts;
  // The words of a payload made without panel data (see `panel_data` in maps/payload.py).
  var WORDS = {
    itinerary: "Itinerary",
    show: "Show the itinerary",
    hide: "Hide the itinerary",
    km: "km",
    notOnMap: "not on the map",
    noStops: "This trip has no stops yet.",
  };

  // Room for the panel is made before the map is, so that the map fits the trip beside it.
  document.documentElement.classList.add(OPEN);

  function el(tag, className, text) {
    return P.el(tag, className, text);
  }

  function readTrip() {
    var node = document.getElementById("cp-trip");
    return node ? JSON.parse(node.textContent) : null;
  }

  function lessMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function flight() {
    return lessMotion() ? { animate: false } : { duration: 0.9 };
  }

  function nightsText(count, labels) {
    return count + " " + (count === 1 ? labels.night : labels.nights);
  }

  function kmText(km, words) {
    return Math.round(Number(km)).toLocaleString("en") + " " + words.km;
  }

  function statusClass(status) {
    return "cp-status-" + String(status.key).replace(/[^a-z-]/g, "");
  }

  // The badge the map draws for a site of this theme and status (itinerary-parts.js),
  // made once per pair and copied: parsing it for each of thousands of sites is slow.
  var badges = {};

  function badge(theme, status) {
    var key = theme.key + "/" + status.key;
    if (!badges[key]) {
      var box = el("span", "cp-panel-badge " + statusClass(status));
      box.setAttribute("aria-hidden", "true");
      box.innerHTML = P.siteIcon(theme, status).options.html;
      badges[key] = box;
    }
    return badges[key].cloneNode(true);
  }

  function textBlock(className, name, facts) {
    var block = el("span", className);
    block.appendChild(el("span", "cp-panel-name", name));
    if (facts) block.appendChild(el("span", "cp-panel-facts", facts));
    return block;
  }

  // ---- what the panel lists ---------------------------------------------------------

  // The sites of each stop, in the panel's order: [{id, theme, status, name, placed}].
  function sitesByStop(data, panel) {
    var f = {};
    data.siteFields.forEach(function (name, index) {
      f[name] = index;
    });
    var known = {};
    data.sites.forEach(function (row) {
      known[row[f.id]] = { id: row[f.id], theme: row[f.theme], status: row[f.status], name: row[f.name], placed: true };
    });
    (panel.unplaced || []).forEach(function (row) {
      known[row[0]] = { id: row[0], theme: row[1], status: row[2], name: row[3], placed: false };
    });
    return data.stops.map(function (stop, index) {
      var entry = panel.stops && panel.stops[index];
      if (entry && entry.sites) {
        return entry.sites.map(function (id) {
          return known[id];
        }).filter(Boolean);
      }
      // A payload without panel data: the map's rows, in their order.
      return data.sites.filter(function (row) {
        return row[f.stop] === index;
      }).map(function (row) {
        return known[row[f.id]];
      });
    });
  }

  function legLine(data, panel, words, index) {
    if (index === 0) return null;
    var stop = data.stops[index];
    var parts = [];
    var mode = stop.mode ? P.modeOf(data, stop.mode) : null;
    if (mode) parts.push(mode.label);
    var entry = panel.stops && panel.stops[index];
    if (entry && typeof entry.km === "number" && isFinite(entry.km)) parts.push(kmText(entry.km, words));
    if (!parts.length) return null;
    var line = el("div", "cp-panel-leg", parts.join(" · "));
    if (mode) line.style.setProperty("--cp-leg", P.colourOf(mode.colour));
    return line;
  }

  function stopButton(data, stop) {
    var button = el("button", "cp-panel-stop-button");
    button.type = "button";
    button.setAttribute("data-stop-id", String(stop.id));
    button.appendChild(el("span", "cp-panel-number", Number(stop.number)));
    var facts = [];
    if (stop.dates) facts.push(stop.dates);
    if (stop.nights) facts.push(nightsText(stop.nights, data.labels));
    button.appendChild(textBlock("cp-panel-text", stop.name, facts.join(" · ")));
    return button;
  }

  function siteItem(data, words, site) {
    var theme = data.themes[site.theme];
    var status = data.statuses[site.status];
    var item = el("li", "cp-panel-site-item");
    if (!theme || !status) return null;
    var facts = theme.label + " · " + status.label;
    var body;
    if (site.placed) {
      body = el("button", "cp-panel-site");
      body.type = "button";
      body.setAttribute("data-site-id", String(site.id));
    } else {
      body = el("span", "cp-panel-site cp-panel-unplaced");
      facts += " · " + words.notOnMap;
    }
    body.appendChild(badge(theme, status));
    body.appendChild(textBlock("cp-panel-text", site.name, facts));
    item.appendChild(body);
    return item;
  }

  function tripSummary(data, panel) {
    var parts = [];
    if (panel.dates) parts.push(panel.dates);
    if (panel.nights) parts.push(nightsText(panel.nights, data.labels));
    var count = data.stops.length;
    parts.push(count + " " + (count === 1 ? data.labels.stop : data.labels.stops).toLowerCase());
    return parts.join(" · ");
  }

  function listing(data, panel, words) {
    var body = el("div", "cp-panel-body");
    body.id = "cp-panel-body";
    body.appendChild(el("h1", "cp-panel-title", data.trip && data.trip.name ? data.trip.name : words.itinerary));
    body.appendChild(el("p", "cp-panel-summary", tripSummary(data, panel)));
    if (!data.stops.length) {
      body.appendChild(el("p", "cp-panel-empty", words.noStops));
      return body;
    }
    var sites = sitesByStop(data, panel);
    var list = el("ol", "cp-panel-stops");
    data.stops.forEach(function (stop, index) {
      var item = el("li", "cp-panel-stop");
      var leg = legLine(data, panel, words, index);
      if (leg) item.appendChild(leg);
      item.appendChild(stopButton(data, stop));
      var rows = sites[index].map(function (site) {
        return siteItem(data, words, site);
      }).filter(Boolean);
      if (rows.length) {
        var sub = el("ul", "cp-panel-sites");
        rows.forEach(function (row) {
          sub.appendChild(row);
        });
        item.appendChild(sub);
      }
      list.appendChild(item);
    });
    body.appendChild(list);
    return body;
  }

  // ---- behaviour --------------------------------------------------------------------

  function setOpen(panel, open) {
    var map = window.CityPlannerMap && CityPlannerMap.map();
    var toggle = panel.querySelector(".cp-panel-toggle");
    var words = panel.cpWords;
    document.documentElement.classList.toggle(OPEN, open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.querySelector(".cp-panel-toggle-text").textContent = open ? words.hide : words.itinerary;
    toggle.title = open ? words.hide : words.show;
    if (map) map.invalidateSize({ animate: false });
  }

  function current(panel, button) {
    panel.querySelectorAll("[aria-current]").forEach(function (node) {
      node.removeAttribute("aria-current");
    });
    button.setAttribute("aria-current", "true");
  }

  function onClick(event) {
    var panel = event.currentTarget;
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target || !panel.contains(target)) return;
    if (target.classList.contains("cp-panel-toggle")) {
      setOpen(panel, !document.documentElement.classList.contains(OPEN));
      return;
    }
    var stopId = target.getAttribute("data-stop-id");
    var siteId = target.getAttribute("data-site-id");
    var done = false;
    if (stopId !== null) done = CityPlannerMap.flyToStop(Number(stopId), flight());
    else if (siteId !== null) done = CityPlannerMap.flyToSite(Number(siteId), flight());
    if (done) current(panel, target);
  }

  // Escape folds the panel from inside it, or when nothing has the focus (on the map,
  // Escape is Leaflet's: it closes the popup).
  function onKey(event) {
    if (event.key !== "Escape" || !document.documentElement.classList.contains(OPEN)) return;
    var panel = document.getElementById("cp-panel");
    var focus = document.activeElement;
    if (!panel || (focus && focus !== document.body && !panel.contains(focus))) return;
    event.preventDefault();
    setOpen(panel, false);
    panel.querySelector(".cp-panel-toggle").focus();
  }

  // Printed, the map is laid out for the paper: Leaflet measures its box again and shows
  // what the person was looking at; after printing, the view they had comes back.
  var screenView = null;

  function printing(event) {
    var map = window.CityPlannerMap && CityPlannerMap.map();
    var before = event.type === "beforeprint";
    if (before) screenView = map ? { center: map.getCenter(), zoom: map.getZoom(), bounds: map.getBounds() } : null;
    document.documentElement.classList.toggle("cp-printing", before);
    if (!map) return;
    map.invalidateSize({ animate: false });
    if (before && screenView) map.fitBounds(screenView.bounds, { animate: false });
    else if (screenView) map.setView(screenView.center, screenView.zoom, { animate: false });
  }

  function build() {
    var data = readTrip();
    if (!data || !window.CityPlannerMap || !CityPlannerMap.map()) {
      document.documentElement.classList.remove(OPEN);
      return;
    }
    var info = data.panel || {};
    var words = {};
    Object.keys(WORDS).forEach(function (key) {
      var given = info.labels && info.labels[key];
      words[key] = typeof given === "string" ? given : WORDS[key];
    });
    var panel = el("aside", "cp-panel");
    panel.id = "cp-panel";
    panel.setAttribute("aria-label", words.itinerary);
    panel.cpWords = words;
    var toggle = el("button", "cp-panel-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-controls", "cp-panel-body");
    toggle.appendChild(el("span", "cp-panel-toggle-icon")).setAttribute("aria-hidden", "true");
    toggle.appendChild(el("span", "cp-panel-toggle-text"));
    panel.appendChild(toggle);
    panel.appendChild(listing(data, info, words));
    panel.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    // After the map in the document: printed, the list follows it.
    document.body.appendChild(panel);
    setOpen(panel, true);
    window.addEventListener("beforeprint", printing);
    window.addEventListener("afterprint", printing);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
