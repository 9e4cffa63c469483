"""The map in the window follows the trip, and its markers can be moved and edited.

Real pages in QtWebEngine: stops added through the itinerary's commands, the page's view
read back with runJavaScript, marker drags reported through the bridge as the page does
(and once with the mouse), the marker menu's actions, undo.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.models import Place, Site
from cityplanner.domain.vocabulary import Theme
from cityplanner.geo.distance import geodesic_km
from cityplanner.store import Store
from cityplanner.ui.shell import Settings
from cityplanner.ui.shell._shortcuts import ShortcutsDialog
from cityplanner.ui.window import MainWindow

pytestmark = pytest.mark.slow

CITIES = [
    Place("Lyon", 45.76, 4.84, country_code="FR"),
    Place("Turin", 45.07, 7.69, country_code="IT"),
    Place("Geneva", 46.2, 6.14, country_code="CH"),
    Place("Munich", 48.14, 11.58, country_code="DE"),
    Place("Vienna", 48.21, 16.37, country_code="AT"),
    Place("Prague", 50.08, 14.42, country_code="CZ"),
]
INSIDE = """(function (points) {
  var bounds = CityPlannerMap.map().getBounds();
  return points.every(function (p) { return bounds.contains(L.latLng(p[0], p[1])); });
})(%s)"""


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, empty_store: Store, settings: Settings) -> Iterator[MainWindow]:
    trip = empty_store.trips.create("Alps")
    settings.set_last_trip(str(empty_store.path), trip.id)
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.wait_until_ready()
    yield window
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def drawn(window: MainWindow, js, condition: str = "true") -> None:  # type: ignore[no-untyped-def]
    """Draw what is pending and wait until the page shows it."""
    window.map.wait_until_drawn(30)
    js.wait_for(window.map.view.page(), f"CityPlannerMap.ready && ({condition})")


def follow(window: MainWindow, js) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(js(window.map.view.page(), "JSON.stringify(CityPlannerMap.followState())"))


def centre(window: MainWindow, js) -> list[float]:  # type: ignore[no-untyped-def]
    page = window.map.view.page()
    return json.loads(
        js(
            page,
            "(function(m){var c=m.getCenter();return JSON.stringify([c.lat,c.lng,m.getZoom()])})(CityPlannerMap.map())",
        )
    )


def add_six(window: MainWindow) -> None:
    for place in CITIES:
        window.itinerary.add_place(place)


def console_errors(window: MainWindow) -> list[str]:
    return [text for level, text in window.map.view.map_page.console_messages if level > 0]


def test_stops_added_to_an_empty_trip_are_all_in_view(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    page = window.map.view.page()
    assert js(page, "CityPlannerMap.map().getZoom()") == 2
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    points = [[p.lat, p.lon] for p in CITIES]
    js.wait_for(page, INSIDE % json.dumps(points))
    # Fitted, not left at world zoom with the pins stacked.
    assert js(page, "CityPlannerMap.map().getZoom()") >= 4
    state = follow(window, js)
    assert state["fitted"] is True and state["button"] is False
    assert console_errors(window) == []


def test_after_a_move_by_hand_a_new_stop_leaves_the_view_alone(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    page = window.map.view.page()
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    # The person drags the map: Leaflet moves it outside any of the page's own moves.
    js(page, "CityPlannerMap.map().panBy([250, 120], {animate: false}); 1")
    moved = centre(window, js)
    assert follow(window, js)["button"] is True
    window.itinerary.add_place(Place("Lisbon", 38.72, -9.14, country_code="PT"))
    drawn(window, js, "CityPlannerMap.counts().stops === 7")
    assert centre(window, js) == moved
    assert js(page, INSIDE % json.dumps([[38.72, -9.14]])) is False
    state = follow(window, js)
    assert state == {**state, "user": True, "fitted": False, "button": True}
    button = "document.querySelector('.cp-zoom-trip button')"
    assert js(page, f"{button}.textContent") == "Zoom to trip"
    # Its button brings the whole trip back into view, and the map follows it again.
    js(page, f"{button}.click(); 1")
    js.wait_for(page, INSIDE % json.dumps([[38.72, -9.14], [50.08, 14.42]]))
    assert follow(window, js)["button"] is False


def test_view_zoom_to_trip_and_zoom_to_selected_stop(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    page = window.map.view.page()
    add_six(window)
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    munich = window.doc.stops.stop_at(3)
    near = [(48.15, 11.6), (48.10, 11.52), (48.20, 11.50)]
    for number, (lat, lon) in enumerate(near):
        store.sites.add(
            Site(stop_id=munich.id, name=f"Site {number}", theme=Theme.MUSEUM, lat=lat, lon=lon)
        )
    window.doc.reload()
    drawn(window, js, "CityPlannerMap.counts().sites === 3")
    window.itinerary.select_stop(munich.id or 0)
    # Selecting a stop flies to it and its sites, closer than the whole trip.
    wanted = [[munich.place.lat, munich.place.lon], *map(list, near)]
    js.wait_for(page, f"CityPlannerMap.map().getZoom() >= 9 && {INSIDE % json.dumps(wanted)}")
    js.wait_for(page, "!!document.querySelector('.leaflet-popup-content h3')")
    assert js(page, INSIDE % json.dumps([[50.08, 14.42], [45.07, 7.69]])) is False
    window.map.act_zoom_trip.trigger()
    js.wait_for(page, INSIDE % json.dumps([[p.lat, p.lon] for p in CITIES]))
    assert follow(window, js)["fitted"] is True
    window.map.act_zoom_stop.trigger()
    js.wait_for(page, f"CityPlannerMap.map().getZoom() >= 9 && {INSIDE % json.dumps(wanted)}")
    assert console_errors(window) == []


def test_the_new_actions_have_free_shortcuts_and_are_in_the_view_menu(window: MainWindow) -> None:
    actions = [window.map.act_stop_labels, window.map.act_zoom_trip, window.map.act_zoom_stop]
    keys = [a.shortcut().toString() for a in actions]
    assert keys == ["Ctrl+Alt+L", "Ctrl+Shift+F", "Ctrl+Shift+G"]
    others = [a for a in window.actions() if a not in actions and not a.shortcut().isEmpty()]
    assert not {a.shortcut().toString() for a in others} & set(keys)
    view_menu = next(
        m.menu() for m in window.menuBar().actions() if m.text().replace("&", "") == "View"
    )
    assert all(a in view_menu.actions() for a in actions)
    # Help → Keyboard shortcuts lists the window's actions, these among them.
    dialog = ShortcutsDialog(window.actions(), window)
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    dialog.deleteLater()
    assert rows["Zoom to trip"] == "Ctrl+Shift+F"
    assert rows["Zoom to selected stop"] == "Ctrl+Shift+G"
    assert rows["Stop labels"] == "Ctrl+Alt+L"


def test_stop_labels_are_a_remembered_view_setting(
    qtbot: QtBot, window: MainWindow, settings: Settings, js
) -> None:  # type: ignore[no-untyped-def]
    page = window.map.view.page()
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    action = window.map.act_stop_labels
    assert action.isCheckable() and action.isChecked() and settings.stop_labels()
    js.wait_for(page, "CityPlannerMap.followState().labels.length > 0")
    action.trigger()
    assert settings.stop_labels() is False
    js.wait_for(page, "CityPlannerMap.followState().labels.length === 0")
    assert js(page, "document.documentElement.getAttribute('data-cp-labels')") == "0"
    # A new page (another trip) starts without them.
    window.map.view.show_trip(window.store, window.doc.trip_id or 0)
    qtbot.waitUntil(lambda: window.map.view.is_ready, timeout=30_000)
    js.wait_for(page, "document.documentElement.getAttribute('data-cp-labels') === '0'")
    action.trigger()
    assert settings.stop_labels() is True
    js.wait_for(page, "CityPlannerMap.followState().labels.length > 0")


# -- moving markers -----------------------------------------------------------------


def stored_legs(store: Store, trip_id: int) -> list[float]:
    """The legs' lengths the store keeps (what the trips list adds up)."""
    rows = store.db.execute(
        "SELECT leg_km FROM stops WHERE trip_id = ? ORDER BY position", [trip_id]
    ).fetchall()
    return [row[0] for row in rows]


def test_a_stop_dragged_on_the_map_moves_in_one_undo_step(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    geneva = store.trips.stops(trip_id)[2]
    before = stored_legs(store, trip_id)
    steps = window.undo_stack.count()
    # What the page sends on dragend.
    window.map.view.bridge.markerMoved("stop", geneva.id, 46.52, 6.63)  # to Lausanne
    moved = store.trips.stop(geneva.id or 0)
    assert (moved.place.lat, moved.place.lon) == (46.52, 6.63)
    assert moved.place.approximate is False
    legs = stored_legs(store, trip_id)
    # Its two legs are measured again, in the store and in the window; the others stay.
    assert legs[2] == pytest.approx(geodesic_km((45.07, 7.69), (46.52, 6.63)), rel=1e-6)
    assert legs[3] == pytest.approx(geodesic_km((46.52, 6.63), (48.14, 11.58)), rel=1e-6)
    assert legs[:2] == before[:2] and legs[4:] == before[4:]
    assert window.doc.stops.legs()[2:4] == pytest.approx(legs[2:4], rel=1e-3)
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Move Geneva on the map"
    drawn(window, js, f"CityPlannerMap.markerAt('stop', {geneva.id})[0] === 46.52")
    window.undo_stack.undo()
    back = store.trips.stop(geneva.id or 0)
    assert (back.place.lat, back.place.lon) == (46.2, 6.14)
    assert stored_legs(store, trip_id) == pytest.approx(before)
    assert window.doc.stops.stop_at(2).place.lat == 46.2


def test_a_site_dragged_on_the_map_is_no_longer_approximate(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    lyon = store.trips.stops(trip_id)[0]
    site = store.sites.add(
        Site(
            stop_id=lyon.id,
            name="Confluence",
            lat=45.76,
            lon=4.84,
            approximate=True,
            theme=Theme.ENERGY,
        )
    )
    window.doc.reload()
    drawn(window, js, "CityPlannerMap.counts().sites === 1")
    window.map.view.bridge.markerMoved("site", site.id, 45.74, 4.82)
    moved = store.sites.get(site.id or 0)
    assert (moved.lat, moved.lon, moved.approximate) == (45.74, 4.82, False)
    assert window.undo_stack.undoText() == "Move site Confluence on the map"
    window.undo_stack.undo()
    back = store.sites.get(site.id or 0)
    assert (back.lat, back.lon, back.approximate) == (45.76, 4.84, True)
    window.undo_stack.redo()
    assert store.sites.get(site.id or 0).lat == 45.74


@pytest.mark.parametrize(
    ("kind", "lat", "lon"),
    [
        ("stop", float("nan"), 6.0),
        ("stop", 46.0, float("inf")),
        ("stop", 95.0, 6.0),
        ("photo", 46.0, 6.0),
        ("<b>stop</b>", 46.0, 6.0),
    ],
)
def test_a_bad_move_from_the_page_changes_nothing(
    window: MainWindow, js, errors_shown: list[str], kind: str, lat: float, lon: float
) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    before = store.trips.stops(trip_id)
    steps = window.undo_stack.count()
    window.map.view.bridge.markerMoved(kind, before[0].id, lat, lon)
    window.map.view.bridge.markerMoved("stop", 987654, 46.0, 6.0)  # no such stop
    assert store.trips.stops(trip_id) == before
    assert window.undo_stack.count() == steps
    assert errors_shown == []


def test_a_move_the_file_refuses_is_said_once_and_drawn_back(
    window: MainWindow, js, errors_shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from cityplanner.domain.errors import CityPlannerError

    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    stop = store.trips.stops(trip_id)[1]

    def refuse(_stop: object) -> None:
        raise CityPlannerError("The file is read-only.")

    monkeypatch.setattr(store.trips, "update_stop", refuse)
    steps = window.undo_stack.count()
    window.map.view.bridge.markerMoved("stop", stop.id, 44.0, 7.0)
    assert errors_shown == ["The file is read-only."]
    assert window.undo_stack.count() == steps
    # The map is sent the trip again, so the pin goes back where the stop still is.
    assert window.map.controller._timer.isActive()


def test_a_stop_dragged_with_the_mouse_moves(qtbot: QtBot, window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    window.centre_tabs.setCurrentWidget(window.map.view)
    view, page = window.map.view, window.map.view.page()
    vienna = window.doc.stops.stop_at(4)
    target = view.focusProxy() or view
    selected = window.itinerary.current_stop_row()  # the stop added last
    assert selected == 5
    where = json.loads(
        js(
            page,
            "(function(){var m=CityPlannerMap.map();var p=m.latLngToContainerPoint("
            f"[{vienna.place.lat},{vienna.place.lon}]);return JSON.stringify([p.x,p.y]);}})()",
        )
    )
    start = QPoint(round(where[0]), round(where[1]) - 20)  # on the pin, above its tip
    with qtbot.waitSignal(view.sig_marker_moved, timeout=10_000) as moved:
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for step in range(1, 11):
            QTest.mouseMove(target, start + QPoint(-6 * step, 4 * step), 20)
        QTest.mouseRelease(
            target,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            start + QPoint(-60, 40),
        )
    kind, stop_id, lat, lon = moved.args
    assert (kind, stop_id) == ("stop", vienna.id)
    assert lat < vienna.place.lat and lon < vienna.place.lon
    stored = window.store.trips.stop(vienna.id or 0)
    assert (stored.place.lat, stored.place.lon) == pytest.approx((lat, lon))
    # A drag is not a click: it did not select the stop. Ctrl+Z puts it back.
    assert window.itinerary.current_stop_row() == selected
    window.undo_stack.undo()
    assert window.store.trips.stop(vienna.id or 0).place.lat == vienna.place.lat
    # A click on the pin (once drawn back) still selects it.
    drawn(window, js, f"CityPlannerMap.markerAt('stop', {vienna.id})[0] === {vienna.place.lat}")
    where = json.loads(
        js(
            page,
            "(function(){var m=CityPlannerMap.map();var p=m.latLngToContainerPoint("
            f"[{vienna.place.lat},{vienna.place.lon}]);return JSON.stringify([p.x,p.y]);}})()",
        )
    )
    pin = QPoint(round(where[0]), round(where[1]) - 20)
    before = centre(window, js)
    with qtbot.waitSignal(view.sig_stop_clicked, timeout=10_000) as clicked:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pin)
    assert clicked.args == [vienna.id]
    assert window.itinerary.current_stop_row() == 4
    # Selected by a click on the map, the stop opens its popup where it is: no flight.
    js.wait_for(page, "!!document.querySelector('.leaflet-popup-content h3')")
    qtbot.wait(800)
    assert centre(window, js)[2] == before[2]


# -- the marker menu ----------------------------------------------------------------


def menu_action(window: MainWindow, kind: str, item_id: int, text: str):  # type: ignore[no-untyped-def]
    menu = window.map.build_marker_menu(kind, item_id)
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_the_page_asks_for_the_marker_menu(qtbot: QtBot, window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    drawn(window, js, "CityPlannerMap.counts().stops === 6")
    stop = window.doc.stops.stop_at(1)
    page = window.map.view.page()
    # A right-click on the pin, as Leaflet reports it to the page's handler.
    js(
        page,
        f"document.querySelector('[data-stop-id=\"{stop.id}\"]').dispatchEvent(new MouseEvent("
        "'contextmenu', {bubbles: true, cancelable: true, clientX: 300, clientY: 300})); 1",
    )
    qtbot.waitUntil(lambda: window.map.marker_menu is not None, timeout=5000)
    menu = window.map.marker_menu
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()] == ["&Edit…", "&Remove", "&Zoom here"]
    menu.close()
    # No "Add site here" popup on a marker: that is for the map itself.
    assert js(page, "document.querySelectorAll('.cp-add-site').length") == 0


def test_marker_menu_edit_remove_and_zoom(window: MainWindow, js) -> None:  # type: ignore[no-untyped-def]
    add_six(window)
    store, trip_id = window.store, window.doc.trip_id
    assert trip_id is not None
    turin = store.trips.stops(trip_id)[1]
    site = store.sites.add(
        Site(stop_id=turin.id, name="Lingotto", theme=Theme.SIGHT, lat=45.03, lon=7.66)
    )
    window.doc.reload()
    drawn(window, js, "CityPlannerMap.counts().sites === 1")
    details = window.itinerary.details

    menu_action(window, "stop", turin.id, "Edit…").trigger()
    assert window.itinerary.current_stop().id == turin.id  # type: ignore[union-attr]
    assert details.currentWidget() is details.stop_editor
    menu_action(window, "site", site.id, "Edit…").trigger()
    assert details.currentWidget() is details.site_editor
    assert details.site_editor.site.id == site.id  # type: ignore[union-attr]

    page = window.map.view.page()
    menu_action(window, "site", site.id, "Zoom here").trigger()
    js.wait_for(page, "CityPlannerMap.map().getZoom() >= 12")
    js.wait_for(page, INSIDE % json.dumps([[45.03, 7.66]]))

    menu_action(window, "site", site.id, "Remove").trigger()
    assert store.sites.for_trip(trip_id) == []
    menu_action(window, "stop", turin.id, "Remove").trigger()
    assert [s.place.name for s in store.trips.stops(trip_id)] == [
        "Lyon",
        "Geneva",
        "Munich",
        "Vienna",
        "Prague",
    ]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert [s.place.name for s in store.trips.stops(trip_id)][1] == "Turin"
    assert [s.name for s in store.sites.for_trip(trip_id)] == ["Lingotto"]
