"""One way to edit a field, and undo keys that reach what the user means."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QSpinBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.shell import DateEdit, Settings, ShortcutsDialog, TextDialog
from cityplanner.ui.window import MainWindow
from tests.ui.conftest import answer_text_dialogs, type_city


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: Settings) -> MainWindow:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.itinerary.select_stop_row(1)
    return window


def open_cell_editor(qtbot: QtBot, window: MainWindow, row: int, column: int) -> object:
    table = window.itinerary.table
    index = window.doc.stops.index(row, column)
    table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    return table.focusWidget()


def test_table_and_details_pane_use_the_same_editors(qtbot: QtBot, window: MainWindow) -> None:
    stops, details = window.doc.stops, window.itinerary.details.stop_editor
    mode = open_cell_editor(qtbot, window, 1, stops.COL_MODE)
    assert isinstance(mode, QComboBox)
    assert [mode.itemText(i) for i in range(mode.count())] == [
        details.mode.itemText(i) for i in range(details.mode.count())
    ]
    qtbot.keyClick(mode, Qt.Key.Key_Escape)
    nights = open_cell_editor(qtbot, window, 1, stops.COL_NIGHTS)
    assert isinstance(nights, QSpinBox) and isinstance(details.nights, QSpinBox)
    assert (nights.minimum(), nights.maximum()) == (details.nights.minimum(), 3650)
    qtbot.keyClick(nights, Qt.Key.Key_Escape)
    arrival = open_cell_editor(qtbot, window, 1, stops.COL_ARRIVAL)
    assert isinstance(arrival, DateEdit) and isinstance(details.arrival, DateEdit)
    assert arrival.calendarPopup() and details.arrival.calendarPopup()
    qtbot.keyClick(arrival, Qt.Key.Key_Escape)


def test_choosing_a_mode_in_the_table_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    stops = window.doc.stops
    before = stops.stop_at(1).mode
    box = open_cell_editor(qtbot, window, 1, stops.COL_MODE)
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(TravelMode.BUS.value))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: stops.stop_at(1).mode is TravelMode.BUS, timeout=2000)
    assert window.store.trips.stops(window.doc.trip_id)[1].mode is TravelMode.BUS
    window.undo_stack.undo()
    assert stops.stop_at(1).mode is before


def test_a_date_picked_in_the_details_pane_pins_the_stop_like_the_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = window.itinerary.details.stop_editor
    stop = window.doc.stops.stop_at(2)
    window.itinerary.select_stop_row(2)
    assert not stop.pinned
    editor.arrival.setFocus()
    editor.arrival.setDate(QDate(2017, 10, 8))
    editor.arrival.editingFinished.emit()
    stored = window.store.trips.stops(window.doc.trip_id)[2]
    assert stored.pinned and stored.arrival == date(2017, 10, 8)
    window.undo_stack.undo()
    stored = window.store.trips.stops(window.doc.trip_id)[2]
    assert not stored.pinned and stored.arrival == stop.arrival


def test_nights_stepped_in_the_details_pane_merge_into_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = window.itinerary.details.stop_editor
    nights = window.doc.stops.stop_at(1).nights
    count = window.undo_stack.count()
    editor.nights.setValue(nights + 1)
    editor.nights.setValue(nights + 2)
    assert window.store.trips.stops(window.doc.trip_id)[1].nights == nights + 2
    assert window.undo_stack.count() == count + 1
    window.undo_stack.undo()
    assert window.store.trips.stops(window.doc.trip_id)[1].nights == nights


def test_an_unset_arrival_reads_not_set_and_a_visit_changes_nothing(
    qtbot: QtBot, empty_store: Store, settings: Settings
) -> None:
    edit = DateEdit(allow_empty=True)
    qtbot.addWidget(edit)
    edit.set_day(None)
    assert edit.text() == "not set" and edit.day() is None
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert edit.day() is None  # today stands in, so a date can be typed, but is not chosen
    edit.clearFocus()
    assert edit.text() == "not set"
    edit.setFocus()
    edit.setDate(QDate(2017, 10, 2))
    assert edit.day() == date(2017, 10, 2)
    plain = QDateEdit()
    qtbot.addWidget(plain)


def test_ctrl_z_after_adding_a_city_undoes_the_stop_not_the_typing(
    qtbot: QtBot, empty_store: Store, settings: Settings, gazetteer: Gazetteer
) -> None:
    window = MainWindow(empty_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    window.show()
    trip = empty_store.trips.create("Occitanie")
    window.doc.show_trip(trip.id)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=5000)
    type_city(qtbot, window, "toulouse")
    qtbot.waitUntil(lambda: window.doc.stops.rowCount() == 1, timeout=3000)
    qtbot.wait(20)  # what a person's next key press would wait for anyway
    field = window.places.search
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.stops.rowCount() == 0  # the stop is gone
    # Both redo keys bring it back, on every platform.
    qtbot.keyClick(field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.stops.rowCount() == 1
    window.undo_stack.undo()
    qtbot.keyClick(
        field,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.doc.stops.rowCount() == 1


def test_ctrl_z_while_typing_undoes_the_typing_first(qtbot: QtBot, window: MainWindow) -> None:
    field = window.places.search
    field.setFocus()
    rows = window.doc.stops.rowCount()
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() != "abc"  # the field's own undo took the typing back
    assert window.doc.stops.rowCount() == rows


def test_shortcut_list_names_actions_not_undo_texts(qtbot: QtBot, window: MainWindow) -> None:
    window.itinerary.details.stop_editor.nights.setValue(9)  # now "Undo Edit …" in the menu
    assert window.act_undo.text() != "&Undo"
    dialog = ShortcutsDialog([window.act_undo, window.act_redo], window)
    qtbot.addWidget(dialog)
    names = [dialog.table.item(row, 0).text() for row in range(2)]
    keys = dialog.table.item(1, 1).text()
    assert names == ["Undo the last change", "Redo the change undone"]
    assert "Ctrl+Y" in keys and "Ctrl+Shift+Z" in keys


def test_a_refused_trip_name_keeps_the_dialog_and_what_was_typed(
    qtbot: QtBot, empty_store: Store, settings: Settings
) -> None:
    from cityplanner.domain.models import Trip

    dialog = TextDialog(None, "New trip", "Name of the trip:", lambda t: Trip(name=t))
    qtbot.addWidget(dialog)
    dialog.show()
    long_name = "x" * 5000
    dialog.field.setText(long_name)
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    assert dialog.isVisible() and dialog.field.text() == long_name
    assert dialog.reason.isVisible() and dialog.reason.text()
    dialog.field.setText("")
    dialog.accept()
    assert dialog.isVisible() and "empty" in dialog.reason.text().lower()
    dialog.field.setText("Iceland loop")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted


def test_new_trip_in_the_window_asks_again_until_the_name_is_good(
    qtbot: QtBot, empty_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    refusals = answer_text_dialogs(monkeypatch, ["", "\x07\x08", "Iceland loop"])
    window.itinerary.act_new_trip.trigger()
    assert len(refusals) == 2
    assert [t.name for t in empty_store.trips.list()] == ["Iceland loop"]


def test_typing_todays_date_into_an_unset_arrival_sets_it(qtbot: QtBot) -> None:
    edit = DateEdit(allow_empty=True)
    qtbot.addWidget(edit)
    edit.set_day(None)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, date.today().isoformat())
    assert edit.day() == date.today()
    edit.clearFocus()
    assert edit.day() == date.today() and edit.text() == date.today().isoformat()
