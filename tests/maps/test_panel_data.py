"""The shared page's itinerary panel: its data, and that only the exported file has it."""

from __future__ import annotations

import json
import re

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.geo.distance import geodesic_km
from cityplanner.maps.export import trip_html, trip_payload
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import SITE_FIELDS, map_payload, panel_data

HOSTILE = "<img src=x onerror=alert(1)>"


def _trip_json(html: str) -> dict:
    data = re.search(r'<script type="application/json" id="cp-trip">(.*?)</script>', html, re.S)
    assert data is not None
    return json.loads(data.group(1))


def test_the_panel_lists_every_stop_and_site_of_the_demo_trip_in_order(demo):
    store, trip_id = demo
    payload = trip_payload(store, trip_id)
    panel = payload["panel"]
    stops = store.trips.stops(trip_id)
    sites = store.sites.for_trip(trip_id)
    assert panel["dates"] == "2 Oct 2017 – 22 Oct 2017"
    assert panel["nights"] == sum(stop.nights for stop in stops) == 20
    assert len(panel["stops"]) == len(payload["stops"]) == 8
    listed = [site_id for entry in panel["stops"] for site_id in entry["sites"]]
    assert listed == [site.id for site in sites]
    assert len(listed) == 11
    for stop, entry in zip(stops, panel["stops"], strict=True):
        assert entry["sites"] == [site.id for site in sites if site.stop_id == stop.id]
    # Every listed site is drawn: the page finds its name, theme and status in the rows.
    rows = {row[SITE_FIELDS.index("id")] for row in payload["sites"]}
    assert set(listed) == rows
    assert panel["unplaced"] == []


def test_each_stop_has_the_length_of_the_leg_that_reaches_it(demo):
    store, trip_id = demo
    stops = store.trips.stops(trip_id)
    kms = [entry["km"] for entry in trip_payload(store, trip_id)["panel"]["stops"]]
    assert kms[0] is None
    toulouse, albi = ((s.place.lat, s.place.lon) for s in stops[:2])
    assert kms[1] == round(geodesic_km(toulouse, albi), 1)
    assert 60 < kms[1] < 75
    assert all(km > 0 for km in kms[1:])


def test_a_site_without_a_position_is_listed_but_not_drawn():
    trip = Trip("T", id=1)
    stops = [Stop(Place("A", 10.0, 10.0), id=1), Stop(Place("B", 11.0, 12.0), id=2)]
    sites = [
        Site("Drawn", "water", stop_id=2, lat=11.0, lon=12.0, id=7),
        Site(HOSTILE, "energy", stop_id=2, status="idea", id=9),
    ]
    panel = panel_data(trip, stops, sites)
    assert [entry["sites"] for entry in panel["stops"]] == [[], [7, 9]]
    payload = map_payload(trip, stops, sites)
    assert [row[0] for row in payload["sites"]] == [7]
    themes = [theme["key"] for theme in payload["themes"]]
    statuses = [status["key"] for status in payload["statuses"]]
    [[site_id, theme, status, name]] = panel["unplaced"]
    assert (site_id, themes[theme], statuses[status], name) == (9, "energy", "idea", HOSTILE)


def test_an_undated_or_empty_trip_has_no_dates_and_no_legs():
    undated = panel_data(Trip("T", id=1), [Stop(Place("A", 1.0, 2.0), id=1)], [])
    assert undated["dates"] == ""
    assert undated["stops"] == [{"km": None, "sites": []}]
    empty = panel_data(Trip("T", id=1), [], [])
    assert (empty["dates"], empty["nights"], empty["stops"]) == ("", 0, [])


def test_hostile_names_reach_the_file_only_as_escaped_json(store):
    trip = store.trips.create(HOSTILE)
    stops = store.trips.add_stops(trip.id, [Stop(Place(HOSTILE, 43.6, 1.44))])
    store.sites.add(Site(HOSTILE, "water", stop_id=stops[0].id))  # no position: panel only
    html = trip_html(store, trip.id)
    assert HOSTILE not in html
    assert "<img" not in html
    payload = _trip_json(html)
    assert payload["stops"][0]["name"] == HOSTILE
    assert payload["panel"]["unplaced"][0][3] == HOSTILE


def test_only_the_exported_file_has_the_panel(demo, sample_inputs):
    store, trip_id = demo
    exported = trip_html(store, trip_id)
    script = 'panel.id = "cp-panel"'
    assert script in exported and ".cp-panel-toggle {" in exported
    assert exported.index(script) > exported.index("window.CityPlannerMap =")
    window = build_page(map_payload(*sample_inputs), assets=AssetMode.LINKED)
    assert "panel.js" not in window and "panel.css" not in window
    assert "cp-panel" not in window


def test_the_print_style_hides_the_controls(demo):
    store, trip_id = demo
    html = trip_html(store, trip_id)
    # The panel's own print rules (Leaflet's come first, and the map's style has others).
    print_css = html[html.index("@media print", html.index(".cp-panel-toggle {")) :]
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none\s*!important;\s*\}", print_css)
    assert hidden is not None
    selectors = {s.strip() for s in hidden.group(1).split(",")}
    assert {
        ".leaflet-control-zoom",
        ".leaflet-control-layers",
        ".cp-zoom-trip",
        ".cp-panel-toggle",
    } <= selectors
