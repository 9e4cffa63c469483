"""The itinerary's leg lengths come from the store when a trip opens, and stay right after
every edit: each one shown equals a fresh geodesic measurement of the two stops it joins."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from geopy.distance import geodesic
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.qtbot import QtBot

import cityplanner.geo.distance
from cityplanner.domain import Place, Stop, TravelMode
from cityplanner.store import Store
from cityplanner.ui.itinerary._commands import ReorderStopsCommand
from cityplanner.ui.shell import Settings, distance_figure
from cityplanner.ui.shell._stops_model import STOP_MIME
from cityplanner.ui.window import MainWindow


def fresh_legs(stops: list[Stop]) -> list[float]:
    """Each stop's leg measured here and now, with geopy itself."""
    points = [(s.place.lat, s.place.lon) for s in stops]
    return [0.0] + [geodesic(a, b).km for a, b in itertools.pairwise(points)]


def assert_legs_are_fresh(window: MainWindow) -> None:
    model = window.doc.stops
    stops = model.stops
    expected = fresh_legs(stops)
    assert model.legs() == pytest.approx(expected, rel=1e-9, abs=1e-9)
    shown = [model.data(model.index(row, model.COL_LEG)) for row in range(model.rowCount())]
    assert shown == ["", *(distance_figure(km) for km in expected[1:])]
    # The stops the table hands out carry the lengths of their own legs, as the store's do.
    assert [s.leg_km for s in stops] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    stored = window.store.trips.stops(window.doc.trip_id or 0)
    assert [s.id for s in stored] == [s.id for s in stops]
    assert [s.leg_km for s in stored] == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.fixture
def big_store(tmp_path: Path) -> Iterator[Store]:
    rng = random.Random(5)
    store = Store.open(tmp_path / "legs.db", seed_demo=False)
    trip = store.trips.create("Far and wide")
    store.trips.add_stops(
        trip.id or 0,
        [
            Stop(
                place=Place(f"City {i}", rng.uniform(-60, 70), rng.uniform(-179, 179), "FR"),
                nights=rng.randint(0, 3),
                mode=TravelMode.TRAIN,
            )
            for i in range(40)
        ],
    )
    yield store
    store.close()


def count_measurements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every geodesic measurement made through `cityplanner.geo.distance`."""
    calls = [0]
    real = cityplanner.geo.distance.geodesic

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(cityplanner.geo.distance, "geodesic", counted)
    return calls


def test_opening_a_trip_measures_no_leg_again(
    qtbot: QtBot, big_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_measurements(monkeypatch)
    window = MainWindow(big_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.doc.stops.rowCount() == 40
    assert calls[0] == 0  # 39 legs, none measured: the store kept them
    monkeypatch.undo()
    assert_legs_are_fresh(window)
    total = distance_figure(sum(fresh_legs(window.doc.stops.stops)))
    assert total in window.itinerary.totals_label.text()


def test_a_stored_length_that_does_not_fit_its_stops_is_measured_again(
    qtbot: QtBot, big_store: Store, settings: Settings
) -> None:
    # A file written by another program: one length far off, one not a number at all.
    big_store.db.execute("UPDATE stops SET leg_km = 12345.0 WHERE position = 3")
    big_store.db.execute("UPDATE stops SET leg_km = 'far' WHERE position = 7")
    big_store.db.conn.commit()
    window = MainWindow(big_store, settings)
    qtbot.addWidget(window)
    model = window.doc.stops
    expected = fresh_legs(model.stops)
    assert model.legs() == pytest.approx(expected, rel=1e-9)
    assert model.data(model.index(3, model.COL_LEG)) == distance_figure(expected[3])
    assert model.data(model.index(7, model.COL_LEG)) == distance_figure(expected[7])


def drop_on_row(window: MainWindow, stop_id: int, row: int) -> None:
    """Drop a stop's row between rows, as dragging it in the table does."""
    model = window.doc.stops
    mime = QMimeData()
    mime.setData(STOP_MIME, str(stop_id).encode())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, QModelIndex())


def test_every_edit_and_its_undo_and_redo_keep_the_legs_right(
    qtbot: QtBot, big_store: Store, settings: Settings
) -> None:
    window = MainWindow(big_store, settings)
    qtbot.addWidget(window)
    window.show()
    it, doc = window.itinerary, window.doc
    trip_id = doc.trip_id or 0

    def add() -> None:
        it.select_stop_row(4)
        it.add_place(Place("Quito", -0.22, -78.51, "EC"))

    def remove() -> None:
        it.select_stop_row(10)
        it.remove_selected_stop()

    def move_up() -> None:
        it.select_stop_row(20)
        it.move_selected(-1)

    def drag() -> None:
        drop_on_row(window, doc.stops.stop_at(2).id or 0, 30)

    def reorder() -> None:
        ids = [s.id or 0 for s in doc.stops.stops]
        random.Random(3).shuffle(ids)
        window.ctx.push(ReorderStopsCommand(doc, trip_id, ids, "Shuffle"))

    def move_marker() -> None:
        window.map.sig_marker_moved.emit("stop", doc.stops.stop_at(15).id or 0, 51.5, -0.12)

    def move_first_marker() -> None:
        window.map.sig_marker_moved.emit("stop", doc.stops.stop_at(0).id or 0, -33.9, 151.2)

    edits: list[tuple[str, Callable[[], None]]] = [
        ("add", add),
        ("remove", remove),
        ("move up", move_up),
        ("drag", drag),
        ("reorder", reorder),
        ("move on the map", move_marker),
        ("move the first stop on the map", move_first_marker),
    ]
    for name, edit in edits:
        before = [s.id for s in doc.stops.stops]
        count = window.undo_stack.count()
        edit()
        assert window.undo_stack.count() == count + 1, name
        assert_legs_are_fresh(window)
        window.undo_stack.undo()
        assert [s.id for s in doc.stops.stops] == before, name
        assert_legs_are_fresh(window)
        window.undo_stack.redo()
        assert_legs_are_fresh(window)
    # And all the way back, then forward again.
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert_legs_are_fresh(window)
    while window.undo_stack.canRedo():
        window.undo_stack.redo()
    assert_legs_are_fresh(window)
