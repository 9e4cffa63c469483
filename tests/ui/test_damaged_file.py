"""A damaged file is caught before anything is written, and restored from a backup in one click."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.store.backups import make_backup
from cityplanner.ui.main import WindowManager
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

PAGE = 4096


def test_a_damaged_file_opens_read_only_and_its_newest_backup_comes_back(
    qtbot: QtBot, tmp_path: Path, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    path = tmp_path / "trip.db"
    with Store.open(path) as store:
        trips = [t.name for t in store.trips.list()]
        make_backup(store.db, path, reason="by hand")
    stops_page = _journal_tags_page(path) - 1
    with path.open("r+b") as handle:  # one page of garbage over data
        handle.seek(stops_page * PAGE)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(PAGE)))
    damaged = hashlib.sha256(path.read_bytes()).hexdigest()

    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def answer(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    manager = WindowManager(settings, gazetteer=lambda: None, geocoder=lambda: None)
    assert manager.open(path)
    window = manager.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert "(read-only)" in window.windowTitle()
    assert manager.store is not None and manager.store.read_only and manager.store.damage
    # Refused: nothing is written to the damaged file, and the user is told why.
    window.itinerary.trips_pane.new_trip = lambda: None  # type: ignore[method-assign]
    assert not window.ctx.push(_new_trip_command(window))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == damaged

    assert not manager.offer_restore(manager.store)  # "No": the damaged file stays as it was
    assert hashlib.sha256(path.read_bytes()).hexdigest() == damaged
    assert manager.offer_restore(manager.store)  # "Yes"
    assert "damaged" in asked[0] and "newest good backup" in asked[0]
    restored = manager.store
    assert restored is not None and not restored.read_only
    assert [t.name for t in restored.trips.list()] == trips
    new_window = manager.window
    assert isinstance(new_window, MainWindow)
    qtbot.addWidget(new_window)
    assert "(read-only)" not in new_window.windowTitle()
    manager.store.close() if manager.store else None


def _new_trip_command(window: MainWindow):  # type: ignore[no-untyped-def]
    from cityplanner.ui.itinerary import _commands

    return _commands.AddTripCommand(window.doc, "Anything")


def test_with_no_good_backup_what_can_be_read_is_saved_and_opened(
    qtbot: QtBot, tmp_path: Path, settings: Settings, monkeypatch: MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "trip.db"
    Store.open(path).close()
    with path.open("r+b") as handle:
        handle.seek((_journal_tags_page(path) - 1) * PAGE)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(PAGE)))
    saved = tmp_path / "saved.db"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    manager = WindowManager(settings, gazetteer=lambda: None, geocoder=lambda: None)
    assert manager.open(path)
    qtbot.addWidget(manager.window)  # type: ignore[arg-type]
    assert manager.store is not None and manager.store.newest_good_backup is None
    assert manager.offer_salvage(manager.store)
    assert manager.store is not None and manager.store.path == saved
    assert not manager.store.read_only
    qtbot.addWidget(manager.window)  # type: ignore[arg-type]
    assert [t.name for t in manager.store.trips.list()] == ["Smart city tour 2017"]


def _journal_tags_page(path: Path) -> int:
    """The (1-based) page holding the journal's tags: data, never the schema."""
    conn = sqlite3.connect(path)
    try:
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'journal_tags'"
        ).fetchone()
    finally:
        conn.close()
    return int(page)
