"""File → Backups…: backups made on open and after edits, listed, made by hand, restored.

The feature is built around a plain `QMainWindow` with its own `WindowContext`, as the
main window builds it, so these tests need nothing of the other features.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.store.backups import (
    BACKUP_DIR_ENV_VAR,
    EDITS_PER_BACKUP,
    list_backups,
)
from cityplanner.ui.backups import BackupsFeature
from cityplanner.ui.shell import Settings, WindowContext
from tests.store.test_backups import age, change_everything, corrupt


@pytest.fixture(autouse=True)
def backup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv(BACKUP_DIR_ENV_VAR, str(folder))
    return folder


class Harness:
    """A window holding only the Backups feature, and what a test looks at."""

    def __init__(self, qtbot: QtBot, store: Store, settings: Settings) -> None:
        self.qtbot, self.store = qtbot, store
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.ctx = WindowContext(store, settings, self.window)
        self.feature = BackupsFeature(self.ctx)
        self.window.addAction(self.feature.act_backups)
        self.window.show()

    @property
    def path(self) -> Path:
        assert self.store.path is not None
        return self.store.path

    def wait_for_backups(self, count: int) -> None:
        self.qtbot.waitUntil(lambda: len(list_backups(self.path)) == count, timeout=5000)
        self.qtbot.waitUntil(lambda: not self.ctx.runner.busy(), timeout=5000)

    def open_dialog(self) -> Any:
        self.feature.act_backups.trigger()
        dialog = self.feature.dialog
        assert dialog is not None and dialog.isVisible()
        return dialog

    def dump(self) -> list[str]:
        return list(self.store.db.conn.iterdump())


@pytest.fixture
def harness(qtbot: QtBot, demo_store: Store, settings: Settings) -> Iterator[Harness]:
    made = Harness(qtbot, demo_store, settings)
    yield made
    made.ctx.runner.shutdown()


def test_opening_the_file_backs_it_up_in_the_background(harness: Harness) -> None:
    harness.wait_for_backups(1)
    (made,) = list_backups(harness.path)
    assert (made.reason, made.trips, made.stops) == ("on open", 1, 8)


def test_opening_a_file_unchanged_since_its_last_backup_makes_no_other(
    harness: Harness, qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    harness.wait_for_backups(1)
    (made,) = list_backups(harness.path)
    age(harness.path, made.made_at - timedelta(minutes=1))
    again = Harness(qtbot, demo_store, settings)
    qtbot.waitUntil(lambda: not again.ctx.runner.busy(), timeout=5000)
    assert list_backups(harness.path) == [made]
    change_everything(demo_store)
    third = Harness(qtbot, demo_store, settings)
    qtbot.waitUntil(lambda: len(list_backups(harness.path)) == 2, timeout=5000)
    for each in (again, third):
        each.ctx.runner.shutdown()


def test_the_dialog_lists_the_backups_and_backs_up_now(
    harness: Harness, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    harness.wait_for_backups(1)
    dialog = harness.open_dialog()
    model = dialog.model
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Made",
        "Why",
        "Trips",
        "Stops",
        "Size",
    ]
    assert [model.index(0, c).data() for c in (1, 2, 3)] == ["on open", "1", "8"]
    assert model.index(0, 4).data().endswith("kB")
    with qtbot.waitSignal(harness.feature.sig_backed_up):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "by hand"
    assert dialog.selected() == model.backup_at(0)  # the new one, at the top, is selected
    assert "Backed up to" in harness.window.statusBar().currentMessage()


def test_restoring_asks_then_brings_back_the_backup_and_clears_the_history(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness.wait_for_backups(1)
    before = harness.dump()
    change_everything(harness.store)
    harness.ctx.doc.reload()
    harness.ctx.undo_stack.push(QUndoCommand("an edit"))
    assert [t.name for t in harness.ctx.doc.trips.items] == [
        "Smart city tour 2017",
        "Baltic capitals",
    ]
    edited = harness.dump()
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = harness.open_dialog()
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # answered No
    assert harness.dump() == edited
    assert harness.ctx.undo_stack.count() == 1

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # answered Yes
    assert "with the backup of" in asked[0] and "(1 trip, 8 stops)" in asked[0]
    assert harness.dump() == before
    assert [t.name for t in harness.ctx.doc.trips.items] == ["Smart city tour 2017"]
    assert harness.ctx.undo_stack.count() == 0
    message = harness.window.statusBar().currentMessage()
    assert message.startswith("Restored the backup of ") and "1 trip, 8 stops" in message
    # What it replaced is the newest backup, selected, and can be restored in turn.
    assert dialog.model.rowCount() == 2
    kept = dialog.selected()
    assert kept is not None and kept.reason == "before restore"
    assert (kept.trips, kept.stops) == (2, 8)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert harness.dump() == edited
    harness.qtbot.wait(10)
    assert not harness.ctx.runner.busy()  # clearing the history started no backup


def test_a_damaged_backup_is_marked_and_cannot_be_restored(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness.wait_for_backups(1)
    (made,) = list_backups(harness.path)
    corrupt(made.path)
    before = harness.dump()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    dialog = harness.open_dialog()
    assert dialog.model.index(0, 2).data() == "damaged"
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "damaged" in dialog.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "cannot be restored" in dialog.summary.text()
    dialog.table.selectRow(0)
    assert not dialog.restore_button.isEnabled()
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))  # nothing asked, nothing done
    harness.feature.restore_backup(replace(made, readable=False))
    assert errors == ["This backup is damaged and cannot be restored."]
    assert harness.dump() == before


def test_a_backup_that_breaks_after_it_was_listed_is_refused_with_the_reason(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness.wait_for_backups(1)
    dialog = harness.open_dialog()
    listed = dialog.selected()
    assert listed is not None and listed.readable
    corrupt(listed.path)
    change_everything(harness.store)
    before = harness.dump()
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "damaged" in errors[0] and "not changed" in errors[0]
    assert harness.dump() == before
    assert dialog.model.index(0, 2).data() == "damaged"  # the list was read again


def test_a_stretch_of_edits_makes_a_backup(harness: Harness) -> None:
    harness.wait_for_backups(1)
    for n in range(EDITS_PER_BACKUP - 1):
        harness.ctx.undo_stack.push(QUndoCommand(f"edit {n}"))
    harness.qtbot.wait(50)
    assert not harness.ctx.runner.busy() and len(list_backups(harness.path)) == 1
    with harness.qtbot.waitSignal(harness.feature.sig_backed_up):
        harness.ctx.undo_stack.undo()  # an undo changes the file as much as an edit
    harness.wait_for_backups(2)
    assert list_backups(harness.path)[0].reason == "after edits"


def test_a_failed_automatic_backup_is_told_in_the_status_bar(
    qtbot: QtBot, demo_store: Store, settings: Settings, backup_dir: Path
) -> None:
    backup_dir.write_text("a file where the folder should be")
    harness = Harness(qtbot, demo_store, settings)
    qtbot.waitUntil(
        lambda: "automatic backup failed" in harness.window.statusBar().currentMessage(),
        timeout=5000,
    )
    harness.ctx.runner.shutdown()


def test_an_in_memory_database_has_no_backups(
    qtbot: QtBot, settings: Settings, backup_dir: Path
) -> None:
    with Store.memory() as store:
        harness = Harness(qtbot, store, settings)
        assert not harness.feature.act_backups.isEnabled()
        harness.feature.show_backups()
        assert harness.feature.dialog is None
        harness.ctx.undo_stack.push(QUndoCommand("an edit"))
        assert not harness.ctx.runner.busy()
        harness.ctx.runner.shutdown()
    assert not backup_dir.exists()
