"""A person plans a trip in the window, then undoes and redoes every step."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from cityplanner.domain import Theme
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.itinerary import AddSiteDialog
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.ui.conftest import answer_text_dialogs, type_city


def names(window: MainWindow) -> list[str]:
    return [s.place.name for s in window.doc.stops.stops]


def stored_names(window: MainWindow) -> list[str]:
    trip_id = window.doc.trip_id
    assert trip_id is not None
    return [s.place.name for s in window.store.trips.stops(trip_id)]


def drag_row(window: MainWindow, source: int, drop_before: int) -> None:
    """What a drop of row `source` between rows does in the table."""
    model = window.doc.stops
    mime = model.mimeData([model.index(source, 1)])
    assert model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, drop_before, 0, window.itinerary.table.rootIndex()
    )
    model.dropMimeData(
        mime, Qt.DropAction.MoveAction, drop_before, 0, window.itinerary.table.rootIndex()
    )


def edit_cell(qtbot: QtBot, window: MainWindow, row: int, column: int, text: str) -> None:
    table = window.itinerary.table
    index = window.doc.stops.index(row, column)
    table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits through a queued call.
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=2000)


def test_plan_a_trip_then_undo_and_redo_everything(
    qtbot: QtBot,
    empty_store: Store,
    settings: Settings,
    monkeypatch: MonkeyPatch,
    gazetteer: Gazetteer,
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    window = MainWindow(empty_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert window.doc.trips.rowCount() == 0

    answer_text_dialogs(monkeypatch, ["Occitanie 2017"])
    window.itinerary.act_new_trip.trigger()
    assert [t.name for t in window.doc.trips.items] == ["Occitanie 2017"]
    assert window.doc.trip_id is not None

    qtbot.waitUntil(window.places.search.isEnabled, timeout=5000)
    for text in ("toulouse", "arles fr", "carc"):
        type_city(qtbot, window, text)
    assert names(window) == ["Toulouse", "Arles", "Carcassonne"]
    assert window.itinerary.current_stop_row() == 2  # each new stop goes after the selected one

    drag_row(window, 2, 1)
    assert names(window) == stored_names(window) == ["Toulouse", "Carcassonne", "Arles"]

    edit_cell(qtbot, window, 1, window.doc.stops.COL_NIGHTS, "2")
    assert window.store.trips.stops(window.doc.trip_id)[1].nights == 2
    # The nights editor is the details pane's spin box: no minus sign can be typed in it,
    # and a negative number reaching the model is refused with the domain's reason.
    edit_cell(qtbot, window, 1, window.doc.stops.COL_NIGHTS, "-")
    assert window.store.trips.stops(window.doc.trip_id)[1].nights == 2
    assert not window.doc.stops.setData(
        window.doc.stops.index(1, window.doc.stops.COL_NIGHTS), "-3"
    )
    assert errors and "negative" in errors[-1]
    # The calendar editor takes no impossible date; pinning one on an undated trip is refused.
    edit_cell(qtbot, window, 1, window.doc.stops.COL_ARRIVAL, "2017-13-40")
    edit_cell(qtbot, window, 1, window.doc.stops.COL_ARRIVAL, "2017-10-05")
    assert "no start date" in errors[-1]
    stops = window.doc.stops
    assert not stops.setData(stops.index(1, stops.COL_ARRIVAL), "2017-13-40")
    assert "not a valid date" in errors[-1]
    assert window.store.trips.stops(window.doc.trip_id)[1].nights == 2
    assert window.store.trips.stops(window.doc.trip_id)[1].arrival is None

    window.itinerary.select_stop_row(0)
    window.itinerary.act_add_site.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddSiteDialog)  # one dialog: name, theme, status, position
    qtbot.keyClicks(dialog.name, "Capitole square")
    dialog.theme.set_theme(Theme.MOBILITY)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    (site,) = window.store.sites.for_trip(window.doc.trip_id)
    assert (site.name, site.theme, site.stop_id) == (
        "Capitole square",
        Theme.MOBILITY,
        window.doc.stops.stop_at(0).id,
    )
    assert window.itinerary.details.currentWidget() is window.itinerary.details.site_editor

    window.journal.act_new_entry.trigger()
    pane = window.journal.pane
    pane.title.setText("First day")
    pane.title.editingFinished.emit()
    pane.body.setPlainText("**Metro** to the Capitole")
    pane.flush()
    (entry,) = window.store.journal.for_trip(window.doc.trip_id)
    assert (entry.title, entry.body) == ("First day", "**Metro** to the Capitole")
    assert "Metro" in pane.preview.toPlainText() and "**" not in pane.preview.toPlainText()

    steps = window.undo_stack.count()
    assert steps >= 8
    for _ in range(steps):
        window.act_undo.trigger()
    assert window.doc.trips.rowCount() == 0
    assert window.store.trips.list() == []

    for _ in range(steps):
        window.act_redo.trigger()
    trip_id = window.doc.trip_id
    assert trip_id is not None
    assert stored_names(window) == names(window) == ["Toulouse", "Carcassonne", "Arles"]
    assert window.store.trips.stops(trip_id)[1].nights == 2
    assert [s.name for s in window.store.sites.for_trip(trip_id)] == ["Capitole square"]
    assert [e.title for e in window.store.journal.for_trip(trip_id)] == ["First day"]
    assert window.store.journal.for_trip(trip_id)[0].body == "**Metro** to the Capitole"


def test_removing_a_stop_and_undoing_restores_its_sites_and_journal_links(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    trip_id = window.doc.trip_id
    assert trip_id is not None
    before_sites = demo_store.sites.for_trip(trip_id)
    before_journal = demo_store.journal.for_trip(trip_id)
    window.itinerary.select_stop_row(0)
    window.itinerary.act_delete.trigger()
    assert names(window)[0] == "Albi"
    assert demo_store.sites.for_trip(trip_id) == []
    assert demo_store.journal.for_trip(trip_id)[0].stop_id is None
    window.act_undo.trigger()
    assert names(window)[0] == "Toulouse"
    assert demo_store.sites.for_trip(trip_id) == before_sites
    assert demo_store.journal.for_trip(trip_id) == before_journal
    assert "8,638 km" in window.itinerary.totals_label.text()


def test_keyboard_moves_and_totals_follow(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.itinerary.select_stop_row(7)
    window.itinerary.table.setFocus()
    qtbot.waitUntil(window.itinerary.table.hasFocus)
    qtbot.keyClick(window.itinerary.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert names(window)[6:] == ["Yerevan", "Moscow"]
    assert stored_names(window)[6:] == ["Yerevan", "Moscow"]
    assert "8,638 km" not in window.itinerary.totals_label.text()
    qtbot.keyClick(window.itinerary.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(window)[6:] == ["Moscow", "Yerevan"]
    assert "8,638 km" in window.itinerary.totals_label.text()


def test_deleting_a_trip_can_be_undone(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    trip_id = window.doc.trip_id
    counts = (
        len(demo_store.trips.stops(trip_id or 0)),
        len(demo_store.sites.for_trip(trip_id or 0)),
    )
    window.itinerary.act_delete_trip.trigger()
    assert demo_store.trips.list() == []
    window.act_undo.trigger()
    assert window.doc.trip_id == trip_id
    assert (
        len(demo_store.trips.stops(trip_id or 0)),
        len(demo_store.sites.for_trip(trip_id or 0)),
    ) == counts
    assert window.doc.stops.rowCount() == 8


def test_geometry_splitters_and_last_trip_are_restored(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    second = demo_store.trips.create("Second trip")
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(780, 560)  # fits the offscreen screen, so restoring needs no clamping
    window.select_trip(second.id)
    window.main_split.setSizes([150, 400, 200])
    sizes = window.main_split.sizes()
    window.close()
    again = MainWindow(demo_store, settings)
    qtbot.addWidget(again)
    again.show()
    assert again.doc.trip_id == second.id
    assert again.size().toTuple() == (780, 560)
    assert again.main_split.sizes() == sizes
    assert str(demo_store.path) in settings.recent_databases()


def test_every_shortcut_is_listed_in_help(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    from cityplanner.ui.shell import ShortcutsDialog

    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    dialog = ShortcutsDialog([*window.actions(), window.act_undo, window.act_redo], window)
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Ctrl+Z", "Ctrl+N", "Ctrl+J", "Ctrl+Up"} <= listed


def test_journal_entry_shows_and_changes_what_it_is_about(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    pane = window.journal.pane
    assert pane.link.currentText() == "1. Toulouse"
    assert "€500M" in pane.preview.toPlainText()
    site = window.doc.sites.item_at(0)
    pane.link.setCurrentIndex(pane.link.findData(f"site:{site.id}"))
    pane.link.activated.emit(pane.link.currentIndex())
    (entry,) = demo_store.journal.for_trip(window.doc.trip_id or 0)
    assert (entry.site_id, entry.stop_id) == (site.id, site.stop_id)
    window.act_undo.trigger()
    (entry,) = demo_store.journal.for_trip(window.doc.trip_id or 0)
    assert entry.site_id is None


def test_markdown_preview_shows_html_as_text(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    pane = window.journal.pane
    pane.body.setPlainText('<img src=x onerror="alert(1)"> and **bold**')
    text = pane.preview.toPlainText()
    assert "<img" in text and "bold" in text and "**" not in text


def test_typing_in_notes_is_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.itinerary.select_stop_row(1)
    editor = window.itinerary.details.stop_editor
    original = editor.stop.notes if editor.stop else ""
    for text in ("Train", "Train from Matabiau", "Train from Matabiau at 9:12"):
        editor.notes.setPlainText(text)
        editor.flush()
    stop_id = window.doc.stops.stop_at(1).id or 0
    assert demo_store.trips.stop(stop_id).notes == "Train from Matabiau at 9:12"
    assert window.undo_stack.count() == 1
    window.act_undo.trigger()
    assert demo_store.trips.stop(stop_id).notes == original
    assert window.itinerary.details.stop_editor.notes.toPlainText() == original
