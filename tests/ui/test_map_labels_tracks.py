"""Stop labels where there is room, and recorded or planned tracks, in a real page."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cityplanner.domain.models import Place, Stop
from cityplanner.maps.export import trip_payload
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from tests.ui.conftest import console_errors as errors

pytestmark = pytest.mark.slow

# Every shown label's box and its stop, every stop icon's box and its stop, in pixels.
BOXES = """JSON.stringify((function () {
  function box(n) { var r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
  function stop(n) { return n.closest('[data-stop-id]').getAttribute('data-stop-id'); }
  var labels = [...document.querySelectorAll('.cp-stop-label')]
    .filter(function (n) { return n.style.display !== 'none'; })
    .map(function (n) { return [stop(n), box(n)]; });
  var pins = [...document.querySelectorAll('.cp-stop')].map(function (n) { return [stop(n), box(n)]; });
  var controls = [...document.querySelectorAll('.leaflet-control')].map(box);
  return {labels: labels, pins: pins, controls: controls};
})())"""


@pytest.fixture
def store():
    with Store.memory() as store:
        yield store


def show(qtbot, js, view, payload):
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_payload(payload)
    js.wait_for(view.page(), "window.CityPlannerMap.ready")


def set_view(js, page, lat, lon, zoom):
    js(page, f"CityPlannerMap.map().setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    js(page, "CityPlannerMap.placeLabels(); 1")


def labelled(js, page):
    return json.loads(js(page, "JSON.stringify(CityPlannerMap.followState().labels)"))


def overlaps(a, b):
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def dense_trip(store: Store):
    """Twelve towns of Occitanie, a few kilometres apart."""
    trip = store.trips.create("Dense", start=date(2030, 5, 1))
    towns = [Stop(Place(f"Town {i}", 43.5 + 0.05 * (i % 4), 1.3 + 0.07 * i)) for i in range(12)]
    return trip, store.trips.add_stops(trip.id, towns)


def test_labels_show_at_regional_zoom_and_hide_where_they_collide(qtbot, view, store, js):
    trip = load_demo(store)
    stops = store.trips.stops(trip.id)
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    # Occitanie and Provence at regional zoom: every French stop is named (the legend
    # folded: labels keep clear of it too).
    js(page, "document.querySelector('.cp-legend').open = false; 1")
    set_view(js, page, 43.9, 2.9, 8)
    french = [s.id for s in stops if s.place.country_code == "FR"]
    assert set(french) <= set(labelled(js, page))
    first = js(
        page,
        f"document.querySelector('[data-stop-id=\"{stops[0].id}\"] .cp-stop-label').textContent",
    )
    assert first.startswith("Toulouse") and "2017" in first
    # The whole world: the four French stops are too close for four labels.
    set_view(js, page, 30, 20, 2)
    assert len(set(french) & set(labelled(js, page))) < len(french)
    boxes = json.loads(js(page, BOXES))
    assert boxes["labels"]
    for i, (owner, label) in enumerate(boxes["labels"]):
        assert not any(overlaps(label, other) for _, other in boxes["labels"][i + 1 :])
        assert not any(overlaps(label, pin) for stop, pin in boxes["pins"] if stop != owner)
        assert not any(overlaps(label, control) for control in boxes["controls"])
    assert errors(view) == []


def test_a_dense_trip_names_few_stops_far_away_and_all_close_up(qtbot, view, store, js):
    trip, stops = dense_trip(store)
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    set_view(js, page, 43.6, 1.7, 5)
    far = labelled(js, page)
    assert 1 <= len(far) <= 4
    assert far[0] == stops[0].id  # in order of stop number: the first stop wins
    set_view(js, page, 43.6, 1.7, 10)
    assert len(labelled(js, page)) == 12
    assert errors(view) == []


def test_labels_are_text_cut_with_an_ellipsis(qtbot, view, store, js):
    trip = store.trips.create("Names")
    name = "<img src=x onerror=window.__pwned=1>" + "Llanfairpwllgwyngyll" * 3
    store.trips.add_stops(trip.id, [Stop(Place(name, 52.22, -4.2))])
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    js.wait_for(page, "document.querySelector('.cp-stop-label')")
    text = js(page, "document.querySelector('.cp-label-name').textContent")
    assert text.endswith("…") and len(text) <= 28
    assert name.startswith(text[:-1])
    assert js(page, "document.querySelectorAll('.cp-stop-label img').length") == 0
    assert js(page, "window.__pwned === undefined") is True


def test_labels_can_be_turned_off(qtbot, view, store, js):
    trip, _stops = dense_trip(store)
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    set_view(js, page, 43.6, 1.7, 10)
    assert js(page, "CityPlannerMap.setLabels(false)") == 0
    assert labelled(js, page) == []
    assert js(page, "CityPlannerMap.setLabels(true)") == 12


def test_no_console_errors_at_world_regional_and_city_zoom(qtbot, view, store, js):
    trip = load_demo(store)
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    for lat, lon, zoom in [(20, 0, 1), (43.9, 2.9, 7), (43.6045, 1.444, 15), (43.6045, 1.444, 18)]:
        set_view(js, page, lat, lon, zoom)
        qtbot.wait(300)
    js(page, "CityPlannerMap.zoomToTrip(); 1")
    js.wait_for(page, "CityPlannerMap.followState().fitted")
    assert errors(view) == []


# -- tracks ------------------------------------------------------------------------


def tracks_payload(store: Store):
    trip = load_demo(store)
    payload = trip_payload(store, trip.id)
    toulouse = payload["stops"][0]
    payload["tracks"] = [
        {
            "id": 1,
            "name": "Ride </script><b>bold</b>",
            "kind": "recorded",
            "km": 18.43,
            "duration": "1 h 12 min",
            "ascent": 120,
            "day": "2017-10-03",
            "stop": toulouse["id"],
            "lines": [
                [[43.60, 1.44], [43.62, 1.47], [43.65, 1.50]],
                [[43.66, 1.52], [43.70, 1.55]],
            ],
        },
        {
            "id": 2,
            "name": "Walk in Reykjavík",
            "kind": "planned",
            "km": 4.2,
            "duration": "",
            "ascent": None,
            "day": "",
            "stop": payload["stops"][5]["id"],
            "lines": [[[64.14, -21.94], [64.15, -21.90]]],
        },
    ]
    return trip, payload


def test_tracks_are_drawn_listed_and_described(qtbot, view, store, js):
    _trip, payload = tracks_payload(store)
    show(qtbot, js, view, payload)
    page = view.page()
    assert js(page, "CityPlannerMap.trackCount()") == 3  # the first track has two lines
    control = js(page, "document.querySelector('.leaflet-control-layers').textContent")
    assert "Tracks" in control
    # Drawn after the view was fitted, the layers still show as on in the control.
    boxes = "[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
    ticked = json.loads(
        js(
            page,
            f"JSON.stringify({boxes}.map(l => [l.textContent.trim(), l.querySelector('input').checked]))",
        )
    )
    assert {name for name, on in ticked if on} >= {"Stops", "Route", "Tracks"}
    legend = js(page, "document.querySelector('.cp-legend').textContent")
    assert "Recorded track" in legend and "Planned track" in legend
    # Its facts, as text, on hover.
    js(
        page,
        "CityPlannerMap.map().eachLayer(function (l) { if (l.options.cpTrack === 1 && l.getTooltip())"
        " l.openTooltip(l.getLatLngs()[0]); }); 1",
    )
    js.wait_for(page, "document.querySelector('.cp-track-tip')")
    tip = js(page, "document.querySelector('.cp-track-tip').textContent")
    assert "Ride </script><b>bold</b>" in tip
    assert "18 km" in tip and "1 h 12 min" in tip and "↑ 120 m" in tip
    assert js(page, "document.querySelectorAll('.cp-track-tip b').length") == 0
    assert errors(view) == []


def test_tracks_are_part_of_the_trip_s_frame_and_of_its_days(qtbot, view, store, js):
    trip = store.trips.create("Walks", start=date(2030, 5, 1))
    store.trips.add_stops(trip.id, [Stop(Place("Oslo", 59.91, 10.75), nights=2)])
    payload = trip_payload(store, trip.id)
    assert payload["firstDay"] == "2030-05-01"
    payload["tracks"] = [
        {"id": 7, "name": "Far walk", "kind": "recorded", "km": 30, "duration": "", "ascent": None,
         "day": "2030-05-02", "stop": None, "lines": [[[60.5, 11.5], [60.9, 12.2]]]},
    ]  # fmt: skip
    show(qtbot, js, view, payload)
    page = view.page()
    inside = "CityPlannerMap.map().getBounds().contains([60.9, 12.2])"
    assert js(page, inside) is True
    # Day 2 shows it, in day 2's colour when coloured by day; day 1 hides it.
    js(page, "CityPlannerMap.showDays({colour: true, day: 2}); 1")
    assert js(page, "CityPlannerMap.trackCount()") == 1
    colour = js(
        page,
        "(function(){var c='';CityPlannerMap.map().eachLayer(function(l){"
        "if(l.options.cpTrack===7)c=l.options.color;});return c;})()",
    )
    assert colour == payload["dayColours"][1]
    js(page, "CityPlannerMap.showDays({colour: false, day: 1}); 1")
    assert js(page, "CityPlannerMap.trackCount()") == 0
    js(page, "CityPlannerMap.showDays({colour: false, day: 0}); 1")
    assert js(page, "CityPlannerMap.trackCount()") == 1
    assert errors(view) == []


@pytest.mark.parametrize(
    "tracks",
    [
        "not a list",
        [None, 3, "x", {"id": 1}],
        [{"id": 1, "name": None, "kind": "x", "km": "far", "ascent": "up", "lines": "no"}],
        [
            {
                "id": 1,
                "name": "bad points",
                "lines": [[["a", 1], [None, 2]], [[1, 2]], [[91, 0], [1e9, 5]]],
            }
        ],
    ],
)
def test_malformed_tracks_are_skipped_without_errors(qtbot, view, store, js, tracks):
    trip = load_demo(store)
    payload = trip_payload(store, trip.id)
    payload["tracks"] = tracks
    show(qtbot, js, view, payload)
    page = view.page()
    assert js(page, "CityPlannerMap.trackCount()") == 0
    assert js(page, "CityPlannerMap.counts().stops") == 8
    assert errors(view) == []


def test_tracks_arrive_with_an_update_in_place(qtbot, view, store, js):
    _trip, payload = tracks_payload(store)
    without = {key: value for key, value in payload.items() if key != "tracks"}  # older
    show(qtbot, js, view, without)
    page = view.page()
    assert js(page, "CityPlannerMap.trackCount()") == 0
    view.update_data(payload)
    js.wait_for(page, "CityPlannerMap.trackCount() === 3")
    assert errors(view) == []


def test_a_site_names_itself_on_hover_as_text(qtbot, view, store, js):
    from cityplanner.domain.models import Site
    from cityplanner.domain.vocabulary import Theme

    trip = store.trips.create("Hover")
    (stop,) = store.trips.add_stops(trip.id, [Stop(Place("Nantes", 47.22, -1.55))])
    name = "Les Machines <b>de</b> l’île"
    site = store.sites.add(
        Site(stop_id=stop.id, name=name, theme=Theme.SIGHT, lat=47.206, lon=-1.564)
    )
    show(qtbot, js, view, trip_payload(store, trip.id))
    page = view.page()
    marker = f"document.querySelector('[data-site-id=\"{site.id}\"]')"
    js.wait_for(page, marker)
    js(page, f"{marker}.dispatchEvent(new MouseEvent('mouseover', {{bubbles: true}})); 1")
    js.wait_for(page, "document.querySelector('.cp-site-tooltip')")
    assert js(page, "document.querySelector('.cp-site-tooltip').textContent") == name
    assert js(page, "document.querySelectorAll('.cp-site-tooltip b').length") == 0
    js(page, f"{marker}.dispatchEvent(new MouseEvent('mouseout', {{bubbles: true}})); 1")
    js.wait_for(page, "!document.querySelector('.cp-site-tooltip')")
    assert errors(view) == []
