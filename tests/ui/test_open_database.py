"""File → Open database: another file replaces the window; a bad file is explained and refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.ui.main import WindowManager
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def test_opening_another_file_swaps_the_window_and_a_bad_file_changes_nothing(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    manager = WindowManager(settings, gazetteer=lambda: None, geocoder=lambda: None)
    assert manager.open(tmp_path / "first.db")
    first = manager.window
    assert isinstance(first, MainWindow)
    qtbot.addWidget(first)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    first.sig_open_requested.emit(str(notes))
    assert manager.window is first
    assert warnings and "not a CityPlanner database" in warnings[0]
    assert notes.read_text() == "not a database"
    first.sig_open_requested.emit(str(tmp_path / "second.db"))
    second = manager.window
    assert isinstance(second, MainWindow) and second is not first
    qtbot.addWidget(second)
    assert "second.db" in second.windowTitle()
    assert str(tmp_path / "first.db") in settings.recent_databases()
    second.close()
    assert manager.store is not None
    manager.store.close()
