"""A big trip's map: legs placed where Leaflet itself would place them, labels in a crowded
view of the whole trip, and the map's data built once when the window opens."""

from __future__ import annotations

import json
import random
import time
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from cityplanner.domain.models import Place, Stop, Trip
from cityplanner.domain.schedule import redated
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.maps.payload import map_payload
from cityplanner.store import Store
from cityplanner.ui.map import MapView
from cityplanner.ui.map import _controller as controller_module
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

pytestmark = pytest.mark.slow

# Each leg path's points as the page placed them, and as Leaflet's own projection places
# them, at the map's zoom now.
PLACED = """JSON.stringify((function () {
  var map = CityPlannerMap.map();
  var lines = [];
  map.eachLayer(function (layer) {
    if (!layer._cpPaths || !layer._rings) return;
    layer._rings.forEach(function (ring, r) {
      lines.push(ring.map(function (p, i) {
        var own = map.latLngToLayerPoint(layer.getLatLngs()[r][i]);
        return [p.x, p.y, own.x, own.y];
      }));
    });
  });
  return lines;
})())"""


def world_trip(count: int, seed: int = 5) -> tuple[Trip, list[Stop]]:
    rng = random.Random(seed)
    stops = [
        Stop(
            Place(f"City {i}", rng.uniform(-60, 70), rng.uniform(-179, 179), "FR"),
            id=i + 1,
            nights=rng.randint(0, 3),
            mode=rng.choice(list(TravelMode)),
        )
        for i in range(count)
    ]
    start = date(2030, 1, 1)
    return Trip("World", id=1, start=start), list(redated(start, stops))


def show(qtbot: QtBot, js, view: MapView, payload: dict) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_payload(payload)
    js.wait_for(view.page(), "window.CityPlannerMap.ready")


def test_legs_are_placed_where_leaflet_places_their_points(qtbot, view, js) -> None:  # type: ignore[no-untyped-def]
    trip, stops = world_trip(60)
    payload = map_payload(trip, stops, [])
    show(qtbot, js, view, payload)
    page = view.page()
    paths = sum(len(leg["paths"]) for leg in payload["legs"])
    assert js(page, "CityPlannerMap.counts().legs") == paths
    for zoom in (1.25, 4, 9):
        js(page, f"CityPlannerMap.map().setView([40, 10], {zoom}, {{animate: false}}); 1")
        lines = json.loads(js(page, PLACED))
        assert len(lines) == paths
        for line in lines:
            assert line, "every leg has its points"
            for x, y, own_x, own_y in line:
                assert abs(x - own_x) <= 1 and abs(y - own_y) <= 1
    assert [text for level, text in view.map_page.console_messages if level > 0] == []


def test_malformed_leg_paths_draw_what_can_be_drawn(qtbot, view, js) -> None:  # type: ignore[no-untyped-def]
    trip, stops = world_trip(3)
    payload = map_payload(trip, stops, [])
    payload["legs"][0]["paths"] = [[4360426, 144367, "x", None, 5237403, 488969], "text", []]
    show(qtbot, js, view, payload)
    lines = json.loads(js(view.page(), PLACED))
    assert sorted(len(line) for line in lines)[-1] >= 2
    assert [text for level, text in view.map_page.console_messages if level > 0] == []


def test_a_crowded_view_of_the_whole_trip_names_stops_without_overlaps(qtbot, view, js) -> None:  # type: ignore[no-untyped-def]
    trip, stops = world_trip(400)
    show(qtbot, js, view, map_payload(trip, stops, []))
    page = view.page()
    js(page, "CityPlannerMap.map().setView([20, 0], 2, {animate: false}); 1")
    js(page, "CityPlannerMap.placeLabels(); 1")
    boxes = json.loads(
        js(
            page,
            """JSON.stringify([...document.querySelectorAll('.cp-stop-label')]
              .filter(function (n) { return n.style.display !== 'none'; })
              .map(function (n) { var r = n.getBoundingClientRect();
                                  return [r.left, r.top, r.right, r.bottom]; }))""",
        )
    )
    assert 1 <= len(boxes) < len(stops)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (
                a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
            )
    # Close up on Europe: the stops in view there have room, and are named; none out of view is.
    js(page, "CityPlannerMap.map().setView([48, 10], 6, {animate: false}); 1")
    js(page, "CityPlannerMap.placeLabels(); 1")
    named = set(json.loads(js(page, "JSON.stringify(CityPlannerMap.followState().labels)")))
    in_view = set(
        json.loads(
            js(
                page,
                """JSON.stringify((function () {
                  var map = CityPlannerMap.map(), size = map.getSize(), ids = [];
                  document.querySelectorAll('[data-stop-id]').forEach(function (n) {
                    var r = n.getBoundingClientRect();
                    if (r.left >= 0 && r.right <= size.x && r.top >= 0 && r.bottom <= size.y)
                      ids.push(Number(n.getAttribute('data-stop-id')));
                  });
                  return ids;
                })())""",
            )
        )
    )
    assert named and named <= {stop.id for stop in stops}
    assert len(named & in_view) >= min(3, len(in_view))


def test_opening_the_window_builds_the_map_s_data_once(
    qtbot: QtBot, empty_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    real = controller_module.map_payload

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(len(args[1]))
        time.sleep(0.3)  # a big trip's data takes a while: still being built below
        return real(*args, **kwargs)

    monkeypatch.setattr(controller_module, "map_payload", counted)
    trip = empty_store.trips.create("Around", start=date(2030, 1, 1))
    _, stops = world_trip(50)
    assert trip.id is not None
    empty_store.trips.add_stops(trip.id, [Stop(s.place, nights=s.nights) for s in stops])
    settings.set_last_trip(str(empty_store.path), trip.id)
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    window.show()
    # The first picture has handed the map's data to the worker; a screenshot now waits
    # for that answer rather than building the data a second time.
    qtbot.waitUntil(lambda: bool(built), timeout=10_000)
    window.wait_until_ready()
    assert built == [50]
    assert window.map.view.is_drawn
    window.close()


def test_a_stop_s_pin_is_made_draggable_when_the_pointer_reaches_it(qtbot, view, js) -> None:  # type: ignore[no-untyped-def]
    trip, stops = world_trip(30)
    show(qtbot, js, view, map_payload(trip, stops, []))
    page = view.page()
    draggable = "document.querySelectorAll('.cp-stop.leaflet-marker-draggable').length"
    assert js(page, draggable) == 0  # thousands of pins set up nothing until then
    js(
        page,
        f"document.querySelector('[data-stop-id=\"{stops[3].id}\"] .cp-stop-number')"
        ".dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); 1",
    )
    assert js(page, draggable) == 1
    assert js(
        page,
        f"!!document.querySelector('[data-stop-id=\"{stops[3].id}\"].leaflet-marker-draggable')",
    )


def test_legs_drawn_together_keep_their_mode_s_and_their_day_s_colours(qtbot, view, js) -> None:  # type: ignore[no-untyped-def]
    trip, stops = world_trip(40)
    payload = map_payload(trip, stops, [])
    show(qtbot, js, view, payload)
    page = view.page()
    colours = """JSON.stringify((function () {
      var found = {};
      CityPlannerMap.map().eachLayer(function (layer) {
        if (layer._cpPaths) found[layer.options.color] = (found[layer.options.color] || 0)
          + layer._cpPaths.length;
      });
      return found;
    })())"""
    by_mode: dict[str, int] = {}
    for leg in payload["legs"]:
        mode = next(m for m in payload["modes"] if m["key"] == leg["mode"])
        by_mode[mode["colour"]] = by_mode.get(mode["colour"], 0) + len(leg["paths"])
    assert json.loads(js(page, colours)) == by_mode
    # Coloured by day: each leg in its day's colour; one day: that day's legs only.
    js(page, "CityPlannerMap.showDays({colour: true, day: 0}); 1")
    by_day: dict[str, int] = {}
    assert all(leg["day"] > 0 for leg in payload["legs"])
    for leg in payload["legs"]:
        colour = payload["dayColours"][(leg["day"] - 1) % len(payload["dayColours"])]
        by_day[colour] = by_day.get(colour, 0) + len(leg["paths"])
    assert json.loads(js(page, colours)) == by_day
    day = payload["legs"][5]["day"]
    legs = sum(len(leg["paths"]) for leg in payload["legs"] if leg["day"] == day)
    shown = json.loads(
        js(page, f"JSON.stringify(CityPlannerMap.showDays({{colour: false, day: {day}}}))")
    )
    assert shown["legs"] == legs
    assert sum(json.loads(js(page, colours)).values()) == legs
    js(page, "CityPlannerMap.showDays({colour: false, day: 0}); 1")
    assert sum(json.loads(js(page, colours)).values()) == sum(by_mode.values())
