"""`cityplanner FILE` in the window: a database opens in it, a GPX file is imported after
the window is up, through the same preview as File → Import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.cli.desktop import parse_command_line
from cityplanner.store import Store
from cityplanner.ui.exchange import _dialogs as exchange_dialogs
from cityplanner.ui.main import WindowManager
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def manager(settings: Settings) -> WindowManager:
    return WindowManager(settings, gazetteer=lambda: None, geocoder=lambda: None)


def close(qtbot: QtBot, manager: WindowManager) -> None:
    window = manager.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.close()
    assert manager.store is not None
    manager.store.close()


def test_a_database_on_the_command_line_opens_in_the_window(
    qtbot: QtBot, manager: WindowManager, tmp_path: Path
) -> None:
    path = tmp_path / "holiday.db"
    Store.open(path).close()
    assert manager.open_command_line(parse_command_line([str(path)]))
    window = manager.window
    assert isinstance(window, MainWindow) and window.isVisible()
    assert manager.store is not None and manager.store.path == path
    assert "holiday.db" in window.windowTitle()
    close(qtbot, manager)


def test_a_gpx_file_is_imported_after_the_preview_once_the_window_is_shown(
    qtbot: QtBot, manager: WindowManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previews: list[tuple[exchange_dialogs.ImportDialog, bool]] = []

    def read_then_import(dialog: exchange_dialogs.ImportDialog) -> int:
        """The person reads the preview, then presses Import."""
        previews.append(
            (dialog, isinstance(manager.window, MainWindow) and manager.window.isVisible())
        )
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "exec", read_then_import)
    gpx = Path(shutil.copy(DATA / "wpt.gpx", tmp_path / "walk.gpx"))
    db = tmp_path / "mine.db"
    assert manager.open_command_line(parse_command_line(["--db", str(db), str(gpx)]))
    window = manager.window
    assert isinstance(window, MainWindow) and manager.store is not None
    assert manager.store.path == db
    assert previews == []  # queued: the window comes up first
    qtbot.waitUntil(lambda: len(manager.store.trips.list()) == 2, timeout=20000)  # type: ignore[union-attr]
    ((dialog, window_was_shown),) = previews
    assert window_was_shown and dialog.parent() is window
    assert " stops" in dialog.summary.toPlainText()
    imported = manager.store.trips.list()[-1]
    assert window.doc.trip_id == imported.id and window.doc.stops.rowCount() > 0
    window.act_undo.trigger()
    assert len(manager.store.trips.list()) == 1
    close(qtbot, manager)
