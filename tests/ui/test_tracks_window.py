"""The Tracks view: tracks imported into the shown trip are listed, removed and put back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.exchange import _dialogs as exchange_dialogs
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def import_with(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The person sets the dialog's choices, waits for the preview, then presses Import."""
    choices: dict[str, object] = {"routes": "stops", "current": True, "seen": []}

    def run(dialog: exchange_dialogs.ImportDialog) -> int:
        choices["seen"].append(dialog)  # type: ignore[attr-defined]
        dialog.into_current.setChecked(bool(choices["current"]))
        dialog.routes.setCurrentIndex(dialog.routes.findData(choices["routes"]))
        qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=20000)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "exec", run)
    return choices


def test_imported_tracks_are_listed_removed_with_undo_and_drawn(
    qtbot: QtBot, demo_store: Store, settings: Settings, import_with: dict[str, object]
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    trip_id = window.doc.trip_id or 0
    window.exchange.import_file(DATA / "multitrackgpx.gpx")
    (dialog,) = import_with["seen"]  # type: ignore[misc]
    assert "recorded tracks: 3; points: 5,235; length: 82 km" in dialog.summary.toPlainText()
    tracks = window.tracks
    assert window.doc.trip_id == trip_id and tracks.model.rowCount() == 3
    assert tracks.model.index(0, 0).data() == "Tag 1"
    assert tracks.model.index(0, tracks.model.COL_POINTS).data() == "1,966"
    assert tracks.model.index(0, tracks.model.COL_KM).data() == "30 km"
    window.show()
    qtbot.waitExposed(window)
    window.tracks.act_show_tracks.trigger()
    assert window.centre_tabs.currentWidget() is tracks.pane
    # Delete on the table removes the chosen track; one undo step puts it back, same id.
    first_id = tracks.model.track_at(0).id
    tracks.table.selectRow(0)
    tracks.table.setFocus()
    qtbot.waitUntil(tracks.table.hasFocus, timeout=3000)
    qtbot.keyClick(tracks.table, Qt.Key.Key_Delete)
    assert tracks.model.rowCount() == 2 and demo_store.tracks.count(trip_id) == 2
    assert window.undo_stack.undoText() == "Remove track Tag 1"
    # The map's data follows: the removed track is no longer drawn.
    payload, _page = window.map.controller._payload_job()()
    assert [t["name"] for t in payload["tracks"]] == ["Tag 2", "Tag 3"]
    window.act_undo.trigger()
    assert tracks.model.track_at(0).id == first_id
    assert demo_store.tracks.count(trip_id) == 3
    # Undoing the import takes its tracks away too.
    window.act_undo.trigger()
    assert demo_store.tracks.count(trip_id) == 0 and tracks.model.rowCount() == 0


def test_gpx_routes_as_planned_lines_from_the_dialog(
    qtbot: QtBot, empty_store: Store, settings: Settings, import_with: dict[str, object]
) -> None:
    import_with.update(routes="lines", current=False)
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    window.exchange.import_file(DATA / "gdal.gpx")
    names = {t.name: t.kind for t in window.tracks.model.tracks}
    assert names == {"route name": "planned", "track name": "recorded"}
    model = window.tracks.model
    shown = sorted(model.index(row, 0).data() for row in range(model.rowCount()))
    assert shown == ["route name (planned)", "track name"]
