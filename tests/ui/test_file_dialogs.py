"""File dialogs open where the same kind of file was last opened or saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.shell import Settings, ask_export_path, ask_open_path
from cityplanner.ui.window import MainWindow


def test_each_purpose_remembers_its_own_folder(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    shown: list[str] = []
    imports, exports = tmp_path / "downloads", tmp_path / "books"
    imports.mkdir()
    exports.mkdir()
    answers = iter([imports / "walk.gpx", exports / "trip.pdf"])

    def dialog(_parent: object, _title: str, folder: str, _pattern: str) -> tuple[str, str]:
        shown.append(folder)
        return str(next(answers, "")), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert ask_open_path(window.ctx, "import", "Import", "*") == imports / "walk.gpx"
    assert ask_export_path(window.ctx, "Export", ".pdf", "*.pdf") == exports / "trip.pdf"
    ask_open_path(window.ctx, "import", "Import", "*")  # cancelled: remembers nothing new
    ask_export_path(window.ctx, "Export", ".pdf", "*.pdf")
    assert Path(shown[2]) == imports
    assert Path(shown[3]).parent == exports and Path(shown[3]).name.endswith(".pdf")

    # Remembered between runs, and a folder that is gone falls back to a standard one.
    again = MainWindow(demo_store, settings)
    qtbot.addWidget(again)
    assert settings.last_folder("import") == str(imports)
    imports.rmdir()
    ask_open_path(again.ctx, "import", "Import", "*")
    assert Path(shown[4]) != imports
