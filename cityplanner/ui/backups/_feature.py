"""Backups of the open file: made on open and after a stretch of edits, listed, restored.

The automatic backups run on `ctx.runner`. A worker must not touch the window's SQLite
connection (it belongs to the GUI thread), so the worker opens a read-only connection
of its own to the file and copies from that: the file is in write-ahead-log mode, so that
reader sees the last committed state while the window goes on writing, and a large file's
integrity check never freezes the window. A backup asked for in the dialog runs on the
GUI thread, from the window's own connection, because the person is waiting for it and
the list shows it at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from cityplanner.domain.errors import CityPlannerError
from cityplanner.store.backups import (
    BackupInfo,
    backup_file,
    backup_folder,
    list_backups,
    make_backup,
    restore,
    rotate,
    should_backup,
    unchanged_since_backup,
)
from cityplanner.store.database import FULL_CHECK_BYTES, full_check, mark_damaged
from cityplanner.ui.backups._dialog import BackupsDialog, made_text
from cityplanner.ui.shell import WindowContext, make_action, plural

log = logging.getLogger(__name__)

#: The runner's kind for automatic backups.
TASK = "backup"


def back_up_file(path: Path, reason: str, *, if_changed: bool = False) -> Path | None:
    """Worker: copy the file through a connection of its own, then thin out the old copies.

    With `if_changed`, a file not written since its newest copy is not copied again, so that
    opening the file many times a day does not push this morning's copies out of the recent ones.
    """
    if if_changed and unchanged_since_backup(path):
        return None
    copy = backup_file(path, reason=reason)
    rotate(path)
    return copy


class BackupsFeature(QObject):
    """File → Backups…, and the backups made without asking: on open and after edits."""

    sig_backed_up = Signal(object)
    """A backup was made (automatically or on request): its path."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._path: Path | None = ctx.store.path
        self._edits = 0
        self._last: datetime | None = None
        self._quiet = False
        self.dialog: BackupsDialog | None = None
        self.act_backups = make_action(ctx.window, self.tr("&Backups…"), self.show_backups)
        self.act_backups.setEnabled(self._path is not None)
        ctx.undo_stack.indexChanged.connect(self._on_index_changed)
        # A damaged file is not copied over its own good backups: it is offered one instead.
        if self._path is not None and not ctx.store.damage:
            self._back_up_in_background("on open", if_changed=True)
            self._check_in_background(self._path)

    def actions(self) -> list[QAction]:
        return [self.act_backups]

    # -- automatic -------------------------------------------------------------------
    def _on_index_changed(self, _index: int) -> None:
        """Every step done, undone or redone changed the file."""
        if self._quiet or self._path is None:
            return
        self._edits += 1
        now = datetime.now(UTC)
        if should_backup(self._last, self._edits, now) and not self._ctx.runner.busy(TASK):
            self._back_up_in_background("after edits")

    def _back_up_in_background(self, reason: str, *, if_changed: bool = False) -> None:
        path = self._path
        assert path is not None
        self._last, self._edits = datetime.now(UTC), 0
        self._ctx.runner.submit(
            TASK,
            lambda: back_up_file(path, reason, if_changed=if_changed),
            on_result=self._on_backed_up,
            on_error=self._on_backup_failed,
        )

    def _check_in_background(self, path: Path) -> None:
        """A large file gets the full check too, after the quick one on opening."""
        try:
            large = path.stat().st_size >= FULL_CHECK_BYTES
        except OSError:
            return
        if large:
            self._ctx.runner.submit(
                "full-check",
                lambda: full_check(path),
                on_result=self._on_checked,
                on_error=lambda error: log.warning("The full check failed: %s", error),
            )

    def _on_checked(self, damage: str | None) -> None:
        if damage is not None:
            mark_damaged(self._ctx.store.db, damage)
            self._ctx.show_error(damage)

    def _on_backed_up(self, copy: Path | None) -> None:
        if copy is not None:
            self.sig_backed_up.emit(copy)
            self._refresh()

    def _on_backup_failed(self, error: BaseException) -> None:
        if not isinstance(error, CityPlannerError):
            log.error("The automatic backup failed", exc_info=error)
        else:
            log.warning("The automatic backup failed: %s", error)
        self._ctx.show_message(
            self.tr("The automatic backup failed: {error}").format(error=error), 15000
        )

    # -- the dialog ----------------------------------------------------------------------
    def show_backups(self) -> None:
        """Open the list of backups (window-modal; it stays open while backing up or restoring)."""
        if self._path is None:
            self._ctx.show_message(self.tr("An in-memory database has no backups."), 5000)
            return
        if self.dialog is None:
            self.dialog = BackupsDialog(backup_folder(self._path), self._ctx.window)
            self.dialog.sig_backup_requested.connect(self.back_up_now)
            self.dialog.sig_restore_requested.connect(self.restore_backup)
        self._refresh()
        self.dialog.open()

    def _refresh(self, select: Path | None = None) -> None:
        if self.dialog is not None and self._path is not None:
            self.dialog.set_backups(list_backups(self._path), select=select)

    def back_up_now(self) -> None:
        ctx, path = self._ctx, self._path
        assert path is not None
        ctx.flush_edits()  # what is being typed belongs in the copy
        try:
            with ctx.busy_cursor():
                copy = make_backup(ctx.store.db, path, reason="by hand")
                rotate(path)
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            return
        self._last, self._edits = datetime.now(UTC), 0
        self._refresh(select=copy)
        self.sig_backed_up.emit(copy)
        ctx.show_message(self.tr("Backed up to {path}").format(path=copy), 8000)

    def restore_backup(self, info: BackupInfo) -> None:
        """Ask, then replace the file's content with `info`'s; the history of edits goes."""
        ctx, path = self._ctx, self._path
        assert path is not None
        if not info.readable:
            ctx.show_error(self.tr("This backup is damaged and cannot be restored."))
            return
        question = self.tr(
            "Replace everything in {file} with the backup of {when} ({holds})?\n\n"
            "What the file holds now is backed up first, so you can come back to it from "
            "this list; Undo cannot."
        ).format(file=path.name, when=made_text(info), holds=self._holds(info))
        parent = self.dialog if self.dialog is not None else ctx.window
        answer = QMessageBox.question(parent, self.tr("Restore backup"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        ctx.flush_edits()
        try:
            with ctx.busy_cursor():
                done = restore(info.path, path, ctx.store.db)
                rotate(path)
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            self._refresh()
            return
        self._quiet = True  # clearing the history is not an edit
        try:
            ctx.undo_stack.clear()
        finally:
            self._quiet = False
        self._last, self._edits = datetime.now(UTC), 0
        ctx.doc.reload()
        self._refresh(select=done.kept_at)
        ctx.show_message(
            self.tr(
                "Restored the backup of {when}: {holds}. What it replaced is backed up."
            ).format(when=made_text(done.backup), holds=self._holds(done.backup))
        )

    def _holds(self, info: BackupInfo) -> str:
        return self.tr("{trips}, {stops}").format(
            trips=plural(info.trips or 0, "trip"), stops=plural(info.stops or 0, "stop")
        )
