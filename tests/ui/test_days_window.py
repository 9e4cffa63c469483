"""Dates and days in the window: ripples, pins, conflicts, the Days view and its drag."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.days import _model as days_model
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

D = date


def open_window(qtbot: QtBot, store: Store, settings: Settings) -> MainWindow:
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def arrivals(window: MainWindow) -> list[date | None]:
    """The arrivals as the table shows them (and as the store holds them)."""
    shown = [s.arrival for s in window.doc.stops.stops]
    stored = [s.arrival for s in window.store.trips.stops(window.doc.trip_id or 0)]
    assert shown == stored
    return shown


def edit(qtbot: QtBot, window: MainWindow, row: int, column: int, value: object) -> None:
    stops = window.doc.stops
    assert stops.setData(stops.index(row, column), value, Qt.ItemDataRole.EditRole)


def test_more_nights_move_every_later_stop_and_undo_restores_every_date(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = open_window(qtbot, demo_store, settings)
    before = arrivals(window)
    assert before[:3] == [D(2017, 10, 2), D(2017, 10, 6), D(2017, 10, 7)]
    edit(qtbot, window, 0, window.doc.stops.COL_NIGHTS, "6")
    after = arrivals(window)
    assert after[0] == before[0]
    assert all((a - b).days == 2 for a, b in zip(after[1:], before[1:], strict=True) if a and b)
    assert "23 days" in window.itinerary.totals_label.text()
    window.act_undo.trigger()
    assert arrivals(window) == before
    assert "21 days · 2 Oct – 22 Oct 2017" in window.itinerary.totals_label.text()


def test_a_pinned_stop_stays_and_a_collision_is_marked_until_it_follows_again(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = open_window(qtbot, demo_store, settings)
    stops = window.doc.stops
    window.itinerary.select_stop_row(2)  # Arles, 7 Oct
    window.itinerary.act_pin.trigger()
    assert stops.stop_at(2).pinned
    assert stops.data(stops.index(2, stops.COL_ARRIVAL), Qt.ItemDataRole.DecorationRole)
    assert "Pinned" in stops.data(stops.index(2, stops.COL_ARRIVAL), Qt.ItemDataRole.ToolTipRole)

    edit(qtbot, window, 1, stops.COL_NIGHTS, "3")  # Albi now lasts until 9 Oct
    assert arrivals(window)[1:4] == [D(2017, 10, 6), D(2017, 10, 7), D(2017, 10, 9)]
    tip = stops.data(stops.index(2, stops.COL_ARRIVAL), Qt.ItemDataRole.ToolTipRole)
    assert "Arles" in tip and "Albi" in tip and "2 days" in tip
    assert "1 conflict" in window.itinerary.totals_label.text()

    window.itinerary.select_stop_row(2)
    window.itinerary.act_unpin.trigger()
    assert arrivals(window)[2] == D(2017, 10, 9)
    assert "conflict" not in window.itinerary.totals_label.text()
    for _ in range(3):
        window.act_undo.trigger()
    assert not stops.stop_at(2).pinned and arrivals(window)[2] == D(2017, 10, 7)


def test_the_first_arrival_moves_the_start_and_others_pin_only_on_a_dated_trip(
    qtbot: QtBot, empty_store: Store, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    trip = empty_store.trips.create("Iceland loop")
    from tests.store.conftest import make_stop

    for name, nights in [("Reykjavík", 2), ("Vík", 1), ("Höfn", 1)]:
        empty_store.trips.add_stop(
            trip.id or 0, make_stop(name, 64.0, -20.0).with_changes(nights=nights)
        )
    window = open_window(qtbot, empty_store, settings)
    stops = window.doc.stops
    assert arrivals(window) == [None, None, None]
    assert not stops.setData(stops.index(1, stops.COL_ARRIVAL), "2018-06-05")
    assert "no start date" in errors[-1]
    assert arrivals(window) == [None, None, None]

    # The first stop's arrival is the trip's start: every stop follows, in one step.
    stops.setData(stops.index(0, stops.COL_ARRIVAL), "2018-06-01")
    assert arrivals(window) == [D(2018, 6, 1), D(2018, 6, 3), D(2018, 6, 4)]
    assert window.store.trips.get(trip.id or 0).start == D(2018, 6, 1)
    edit(qtbot, window, 1, stops.COL_ARRIVAL, "2018-06-10")
    assert stops.stop_at(1).pinned
    assert arrivals(window) == [D(2018, 6, 1), D(2018, 6, 10), D(2018, 6, 11)]
    window.itinerary.set_start(D(2018, 5, 1))
    assert arrivals(window) == [D(2018, 5, 1), D(2018, 6, 10), D(2018, 6, 11)]
    assert "free" in stops.data(stops.index(1, stops.COL_ARRIVAL), Qt.ItemDataRole.ToolTipRole)
    for _ in range(3):
        window.act_undo.trigger()
    assert arrivals(window) == [None, None, None]
    assert window.store.trips.get(trip.id or 0).start is None


def day_rows(window: MainWindow) -> list[str]:
    model = window.days.model
    return [model.item(row).text() for row in range(model.rowCount())]


def children(window: MainWindow, day: int) -> list[str]:
    item = window.days.model.item(day - 1)
    return [item.child(row).text() for row in range(item.rowCount())]


def test_the_days_view_lists_each_day_with_its_stay_travel_and_sites(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = open_window(qtbot, demo_store, settings)
    window.days.act_show_days.trigger()
    assert window.centre_tabs.currentWidget() is window.days.pane
    qtbot.waitUntil(lambda: window.days.model.rowCount() == 21)
    rows = day_rows(window)
    assert rows[0] == "Day 1 · Mon 2 Oct 2017 — Toulouse, night 1 of 4"
    assert rows[5] == "Day 6 · Sat 7 Oct 2017 — Arles, night 1 of 2"
    assert rows[-1].startswith("Day 21 · Sun 22 Oct 2017 — the trip ends")
    assert children(window, 6) == ["Albi → Arles by car, 202 km, about 3 h 22"]
    assert any(
        "Amsterdam → Reykjavík by plane" in c and "clock −2 h" in c for c in children(window, 12)
    )
    assert children(window, 1)[0] == "Not planned yet in Toulouse (11)"

    # Choosing a day selects its stop in the table (and, through it, on the map).
    window.days.select_day(6)
    assert window.itinerary.current_stop().name == "Arles"


def drop_site(window: MainWindow, site_id: int, day: int) -> None:
    """What dropping a site's row onto day `day` of the Days view does."""
    model = window.days.model
    mime = days_model.QMimeData()
    mime.setData(days_model.SITE_MIME, str(site_id).encode())
    target = model.item(day - 1).index()
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)


def test_dragging_a_site_to_a_day_of_its_stay_plans_it_in_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    window = open_window(qtbot, demo_store, settings)
    window.days.act_show_days.trigger()
    qtbot.waitUntil(lambda: window.days.model.rowCount() == 21)
    site = window.doc.sites.item_at(0)  # a Toulouse site
    drop_site(window, site.id or 0, 3)
    assert window.store.sites.get(site.id or 0).day_of_stay == 2
    qtbot.waitUntil(lambda: any(site.name in c for c in children(window, 3)))
    assert children(window, 1)[0] == "Not planned yet in Toulouse (10)"

    drop_site(window, site.id or 0, 6)  # Arles: not a day of the Toulouse stay
    assert "outside the stay" in errors[-1]
    assert window.store.sites.get(site.id or 0).day_of_stay == 2

    # Back onto the "not planned" group: unplanned again.
    model = window.days.model
    group = model.item(0).child(0)
    mime = model.mimeData([model.item(2).child(0).index()])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, group.index())
    assert window.store.sites.get(site.id or 0).day_of_stay is None
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert window.store.sites.get(site.id or 0).day_of_stay is None
    window.act_redo.trigger()
    assert window.store.sites.get(site.id or 0).day_of_stay == 2


def test_an_undated_trip_says_how_to_give_it_days(
    qtbot: QtBot, empty_store: Store, settings: Settings
) -> None:
    empty_store.trips.create("No dates")
    window = open_window(qtbot, empty_store, settings)
    window.days.act_show_days.trigger()
    qtbot.waitUntil(lambda: window.days.pane.empty.isVisible())
    assert "Set start date" in window.days.pane.empty.text()
    assert not window.days.tree.isVisible()


def test_selecting_a_table_row_keeps_the_days_in_step(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = open_window(qtbot, demo_store, settings)
    window.days.act_show_days.trigger()
    qtbot.waitUntil(lambda: window.days.model.rowCount() == 21)
    table = window.itinerary.table
    table.selectionModel().setCurrentIndex(
        window.doc.stops.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    window.itinerary.select_stop_row(1)
    edit(qtbot, window, 1, window.doc.stops.COL_NIGHTS, "2")
    qtbot.waitUntil(lambda: window.days.model.rowCount() == 22)
    assert day_rows(window)[5] == "Day 6 · Sat 7 Oct 2017 — Albi, night 2 of 2"


def test_a_visit_gets_a_time_and_a_duration_and_the_day_lists_it_by_time(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    from PySide6.QtCore import QTime

    from cityplanner.ui.days import _plan_dialog

    def choose(dialog: _plan_dialog.PlanVisitDialog) -> int:
        dialog.day.setCurrentIndex(2)  # day 2 of the stay
        dialog.timed.setChecked(True)
        dialog.at.setTime(QTime(14, 30))
        dialog.minutes.setValue(90)
        return 1

    monkeypatch.setattr(_plan_dialog.PlanVisitDialog, "exec", choose)
    window = open_window(qtbot, demo_store, settings)
    window.days.act_show_days.trigger()
    qtbot.waitUntil(lambda: window.days.model.rowCount() == 21)
    site = window.doc.sites.item_at(1)
    group = window.days.model.item(0).child(0)
    window.days.tree.setCurrentIndex(group.child(1).index())
    window.days.act_plan_visit.trigger()
    saved = window.store.sites.get(site.id or 0)
    assert (saved.day_of_stay, saved.start_time.isoformat(), saved.minutes) == (1, "14:30:00", 90)
    qtbot.waitUntil(lambda: any(c.startswith("14:30 · ") for c in children(window, 2)))
    assert f"14:30 · {site.name} (1 h 30)" in children(window, 2)
    window.act_undo.trigger()
    assert window.store.sites.get(site.id or 0).day_of_stay is None
