"""The map in a real Chromium page: loading, markers, safety, the bridge to Qt."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.maps.export import trip_payload
from cityplanner.maps.payload import DEFAULT_LABELS
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from tests.ui.conftest import console_errors as errors

pytestmark = pytest.mark.slow

INJECTION = '</script><img src=x onerror="window.__pwned=1">'
TEMPLATE_INJECTION = "back`tick ${alert(1)} `${window.__pwned=2}`"
# Markers that are shown: a cluster's animation leaves hidden copies for a moment.
COUNT_MARKERS = """(function () {
  function shown(selector) {
    return [...document.querySelectorAll('.leaflet-marker-pane ' + selector)]
      .filter(function (n) { return n.style.opacity !== '0'; });
  }
  var sites = shown('.cp-site').length;
  shown('.cp-cluster').forEach(function (n) { sites += Number(n.textContent); });
  return JSON.stringify({stops: shown('.cp-stop').length, sites: sites});
})()"""


@pytest.fixture
def store():
    with Store.memory() as store:
        yield store


def show(qtbot, view, payload):
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_payload(payload)


def test_demo_page_loads_with_all_markers_and_no_errors(qtbot, view, store, js):
    trip = load_demo(store)
    show(qtbot, view, trip_payload(store, trip.id))
    js.wait_for(view.page(), "window.CityPlannerMap.ready")
    expected = {"stops": 8, "sites": 11}
    qtbot.waitUntil(lambda: json.loads(js(view.page(), COUNT_MARKERS)) == expected)
    assert js(view.page(), "document.querySelectorAll('.cp-legend').length") == 1
    labels = js(view.page(), "document.querySelector('.leaflet-control-layers').textContent")
    assert "Stops" in labels and "Route" in labels and "Water" in labels
    assert js(view.page(), "CityPlannerMap.counts().legs") == 7
    assert errors(view) == []


def hostile(store):
    trip = store.trips.create(INJECTION)
    stops = store.trips.add_stops(
        trip.id,
        [
            Stop(Place(INJECTION, 43.6, 1.44), arrival=date(2017, 10, 2), notes=TEMPLATE_INJECTION),
            Stop(Place(TEMPLATE_INJECTION, 48.85, 2.35), mode="plane"),
        ],
    )
    sites = store.sites.add_many(
        [
            Site(
                INJECTION,
                "water",
                stop_id=stops[0].id,
                lat=45.0,
                lon=-1.0,
                description=TEMPLATE_INJECTION,
            ),
            Site(
                TEMPLATE_INJECTION,
                "energy",
                stop_id=stops[1].id,
                lat=47.0,
                lon=6.0,
                description=INJECTION,
            ),
        ]
    )
    return trip, stops, sites


def test_injected_names_show_as_text_and_run_nothing(qtbot, view, store, js):
    trip, stops, sites = hostile(store)
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    for number, stop in enumerate(stops, start=1):
        view.select_stop(stop.id)
        js.wait_for(
            page,
            "document.querySelector('.leaflet-popup-content h3') && document.querySelector("
            f"'.leaflet-popup-content h3').textContent === {json.dumps(f'{number}. {stop.name}')}",
        )
    for site in sites:
        view.select_site(site.id)
        js.wait_for(
            page,
            "document.querySelector('.leaflet-popup-content h3') && document.querySelector("
            f"'.leaflet-popup-content h3').textContent === {json.dumps(site.name)}",
        )
        popup = js(page, "document.querySelector('.leaflet-popup-content').textContent")
        assert site.description in popup
    titles = js(page, "JSON.stringify([...document.querySelectorAll('[title]')].map(e => e.title))")
    assert INJECTION in json.loads(titles)
    assert js(page, "document.title") == INJECTION
    assert js(page, "typeof window.__pwned") == "undefined"
    assert js(page, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert not view.map_page.dialogs
    assert errors(view) == []


def test_clicking_markers_reaches_qt_signals(qtbot, view, store, js):
    trip, stops, sites = hostile(store)
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    with qtbot.waitSignal(view.sig_stop_clicked, timeout=5_000) as blocker:
        js(page, f"document.querySelector('[data-stop-id=\"{stops[1].id}\"]').click()")
    assert blocker.args == [stops[1].id]
    view.select_site(sites[0].id)
    js.wait_for(page, f"document.querySelector('[data-site-id=\"{sites[0].id}\"]')")
    with qtbot.waitSignal(view.sig_site_clicked, timeout=5_000) as blocker:
        js(page, f"document.querySelector('[data-site-id=\"{sites[0].id}\"]').click()")
    assert blocker.args == [sites[0].id]


def test_add_site_here_hands_over_the_point(qtbot, view, store, js):
    trip, _, _ = hostile(store)
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    js(page, "CityPlannerMap.map().fire('contextmenu', {latlng: L.latLng(44.5, 2.25)}); 1")
    js.wait_for(page, "document.querySelector('.cp-add-site')")
    assert js(page, "document.querySelector('.cp-add-site').textContent") == "Add site here"
    with qtbot.waitSignal(view.sig_add_site_requested, timeout=5_000) as blocker:
        js(page, "document.querySelector('.cp-add-site').click(); 1")
    assert blocker.args == [pytest.approx(44.5), pytest.approx(2.25)]


def test_select_stop_highlights_and_pans(qtbot, view, store, js):
    trip = load_demo(store)
    show(qtbot, view, trip_payload(store, trip.id))
    moscow = next(s for s in store.trips.stops(trip.id) if s.name == "Moscow")
    view.select_stop(moscow.id)
    page = view.page()
    js.wait_for(page, f"document.querySelector('.cp-selected[data-stop-id=\"{moscow.id}\"]')")
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3')")
    assert (
        js(page, "document.querySelector('.leaflet-popup-content h3').textContent") == "7. Moscow"
    )
    assert js(page, "Math.abs(CityPlannerMap.map().getCenter().lng - 37.6) < 1") is True


def test_update_data_keeps_zoom_and_pan(qtbot, view, store, js):
    trip = load_demo(store)
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    js(page, "CityPlannerMap.map().setView([50.0, 10.0], 6, {animate: false}); 1")
    toulouse = store.trips.stops(trip.id)[0]
    store.sites.add(Site("New", "energy", stop_id=toulouse.id, lat=50.2, lon=10.2))
    view.update_data(trip_payload(store, trip.id))
    js.wait_for(page, "CityPlannerMap.counts().sites === 12 && CityPlannerMap.ready")
    view_state = json.loads(
        js(page, "var m = CityPlannerMap.map(); JSON.stringify([m.getZoom(), m.getCenter()])")
    )
    assert view_state[0] == 6
    assert view_state[1] == {
        "lat": pytest.approx(50.0, abs=1e-6),
        "lng": pytest.approx(10.0, abs=1e-6),
    }
    assert js(page, "document.querySelectorAll('.leaflet-marker-pane .cp-stop').length") == 8
    assert errors(view) == []


def test_the_page_cannot_read_local_files(qtbot, view, store, js):
    trip, _, _ = hostile(store)
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    js(
        page,
        "window.__fetched = 'pending';"
        "fetch('file:///etc/hostname').then(r => r.text())"
        ".then(t => { window.__fetched = 'read:' + t; }, () => { window.__fetched = 'blocked'; });"
        "1",
    )
    js.wait_for(page, "window.__fetched !== 'pending'")
    assert js(page, "window.__fetched") == "blocked"
    xhr = js(
        page,
        "(function () { try { var x = new XMLHttpRequest();"
        " x.open('GET', 'file:///etc/hostname', false); x.send();"
        " return 'read:' + x.status + x.responseText; } catch (e) { return 'blocked'; } })()",
    )
    assert xhr == "blocked"
    escaped = js(
        page,
        "(function () { try { var x = new XMLHttpRequest();"
        " x.open('GET', 'cityplanner://map/../../etc/hostname', false); x.send();"
        " return x.status === 200 ? 'read:' + x.responseText : 'blocked'; }"
        " catch (e) { return 'blocked'; } })()",
    )
    assert escaped == "blocked"


def test_navigation_stays_on_the_page_and_links_go_to_the_browser(
    qtbot, view, store, js, monkeypatch
):
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    trip, stops, _ = hostile(store)
    site = store.sites.add(
        Site("Linked", "water", stop_id=stops[0].id, lat=46.0, lon=3.0, url="https://example.org/x")
    )
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    js(page, "window.location.href = 'https://example.org/away'; 1")
    assert js(page, "window.open('https://example.org/popup') === null") is True
    js(
        page,
        "var a = document.createElement('a'); a.href = 'https://example.org/js';"
        " document.body.appendChild(a); a.click(); 1",
    )
    qtbot.wait(300)
    assert view.url() == view.page_url
    assert opened == []  # neither a script's navigation nor its synthetic click goes out

    view.select_site(site.id)
    js.wait_for(page, "document.querySelector('.leaflet-popup-content a.cp-link')")
    qtbot.wait(400)  # let the popup's auto-pan settle before aiming at the link
    rect = json.loads(
        js(
            page,
            "JSON.stringify(document.querySelector("
            "'.leaflet-popup-content a.cp-link').getBoundingClientRect())",
        )
    )
    point = QPoint(int(rect["x"] + rect["width"] / 2), int(rect["y"] + rect["height"] / 2))
    QTest.mouseClick(
        view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    qtbot.waitUntil(lambda: opened == ["https://example.org/x"], timeout=5_000)
    assert view.url() == view.page_url


def test_show_trip_and_refresh_trip_read_the_store(qtbot, view, store, js):
    trip = load_demo(store)
    assert set(view.labels()) == set(DEFAULT_LABELS)
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_trip(store, trip.id)
    page = view.page()
    js.wait_for(page, "CityPlannerMap.ready && CityPlannerMap.counts().stops === 8")
    store.trips.remove_stop(store.trips.stops(trip.id)[-1].id)
    view.refresh_trip(store, trip.id)
    js.wait_for(page, "CityPlannerMap.ready && CityPlannerMap.counts().stops === 7")
    assert errors(view) == []


def test_an_empty_trip_shows_the_world_calmly(qtbot, view, store, js):
    trip = store.trips.create("Nothing yet")
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    assert json.loads(js(page, "JSON.stringify(CityPlannerMap.counts())")) == {
        "stops": 0,
        "sites": 0,
        "legs": 0,
    }
    assert js(page, "CityPlannerMap.map().getZoom()") == 2
    assert errors(view) == []


def test_a_leg_across_the_antimeridian_is_drawn_in_two_pieces(qtbot, view, store, js):
    trip = store.trips.create("Pacific")
    store.trips.add_stops(
        trip.id,
        [
            Stop(Place("Tokyo", 35.68, 139.65)),
            Stop(Place("San Francisco", 37.77, -122.42), mode="plane"),
        ],
    )
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    assert js(page, "CityPlannerMap.counts().legs") == 2
    # Its two pieces are two paths of one line (a few legs are drawn as SVG).
    assert js(page, "document.querySelectorAll('.leaflet-overlay-pane svg path').length") == 1
    assert errors(view) == []


def test_thousands_of_legs_are_drawn_on_a_canvas(qtbot, view, store, js):
    trip = store.trips.create("Everywhere")
    store.trips.add_stops(
        trip.id,
        [
            Stop(Place(f"Town {i}", 40 + (i % 20) * 0.5, (i // 20) * 0.5), mode="car")
            for i in range(400)
        ],
    )
    show(qtbot, view, trip_payload(store, trip.id))
    page = view.page()
    assert js(page, "CityPlannerMap.counts().legs") == 399
    # Thousands of legs cost no DOM nodes: no SVG path for any of them.
    assert js(page, "document.querySelectorAll('.leaflet-overlay-pane canvas').length") >= 1
    assert js(page, "document.querySelectorAll('.leaflet-overlay-pane svg path').length") == 0
    assert errors(view) == []


def test_the_map_shows_one_day_or_colours_the_trip_by_day(qtbot, view, store, js):
    trip = load_demo(store)
    toulouse = store.trips.stops(trip.id)[0]
    planned = store.sites.for_trip(trip.id)[0]
    store.sites.update(planned.with_changes(day_of_stay=1))  # day 2, in Toulouse
    show(qtbot, view, trip_payload(store, trip.id))
    js.wait_for(view.page(), "window.CityPlannerMap.ready")
    page = view.page()
    # Day 6 (7 Oct): Albi, left that morning, and Arles, reached by car; no site is planned.
    assert js(page, "JSON.stringify(CityPlannerMap.showDays({day: 6}))") == '{"stops":2,"legs":1}'
    qtbot.waitUntil(lambda: json.loads(js(page, COUNT_MARKERS)) == {"stops": 2, "sites": 0})
    # Day 2: Toulouse and its one planned site.
    js(page, "CityPlannerMap.showDays({day: 2}); 1")
    qtbot.waitUntil(lambda: json.loads(js(page, COUNT_MARKERS)) == {"stops": 1, "sites": 1})
    # Every day again, coloured: each stop's pin takes the colour of its first day.
    js(page, "CityPlannerMap.showDays({day: 0, colour: true}); 1")
    qtbot.waitUntil(lambda: json.loads(js(page, COUNT_MARKERS)) == {"stops": 8, "sites": 11})
    colour = js(
        page,
        f"document.querySelector('[data-stop-id=\"{toulouse.id}\"]').style.getPropertyValue('--cp-day')",
    )
    assert colour == "#1b9e77"
    # From the window's side: the view sends the mode over its bridge.
    view.show_days(colour=False, day=6)
    js.wait_for(page, "document.documentElement.getAttribute('data-cp-day') === '6'")
    assert errors(view) == []


# Whether the legs' drawing (SVG or canvas) lies under the tracks' canvas in the page.
LEGS_UNDER_TRACKS = """(function () {
  var legs = null, tracks = null;
  CityPlannerMap.map().eachLayer(function (layer) {
    if (layer.options.cpTrack && layer._renderer) tracks = layer._renderer._container;
    else if (layer._cpPaths && layer._renderer) legs = layer._renderer._container;
  });
  if (!legs || !tracks) return null;
  return !!(legs.compareDocumentPosition(tracks) & Node.DOCUMENT_POSITION_FOLLOWING);
})()"""


def test_legs_stay_under_the_tracks_when_they_change_renderer(qtbot, view, store, js):
    trip = store.trips.create("Walks and drives")
    store.trips.add_stops(
        trip.id,
        [
            Stop(Place(f"Town {i}", 40 + (i % 20) * 0.5, (i // 20) * 0.5), mode="car")
            for i in range(5)
        ],
    )
    payload = trip_payload(store, trip.id)
    track = {"id": 7, "name": "Walk", "kind": "recorded", "km": 3, "duration": "", "ascent": None,
             "day": "", "stop": None, "lines": [[[40.0, 0.0], [40.5, 0.5]]]}  # fmt: skip
    payload["tracks"] = [track]
    show(qtbot, view, payload)
    page = view.page()
    assert js(page, LEGS_UNDER_TRACKS) is True  # a few legs, as SVG
    # The trip grows past a few hundred legs: they go on a canvas, still under the track.
    store.trips.add_stops(
        trip.id,
        [
            Stop(Place(f"Village {i}", 41 + (i % 20) * 0.5, (i // 20) * 0.5), mode="car")
            for i in range(400)
        ],
    )
    bigger = trip_payload(store, trip.id)
    bigger["tracks"] = [track]
    js(page, "CityPlannerMap.update(" + json.dumps(bigger) + "); 1")
    assert js(page, "CityPlannerMap.counts().legs") == 404
    assert js(page, LEGS_UNDER_TRACKS) is True
    assert errors(view) == []
