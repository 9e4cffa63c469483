"""File → Find moved photos…: the missing originals looked for by content in a folder.

The search (`PhotoRepository.relink`) walks the folder and hashes the files of a missing
photo's size, which for a large folder takes seconds, so it runs on a worker over a
connection of its own; its answer is then applied through the undo stack, so that finding
the photos again is one step to undo like any other change.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cityplanner.domain.photos import Photo
from cityplanner.store import Store
from cityplanner.store.photos import RelinkReport
from cityplanner.ui.photos._commands import RelinkPhotosCommand
from cityplanner.ui.shell import WindowContext, plural

log = logging.getLogger(__name__)


def relink_in_file(db_path: Path, folder: Path, trip_id: int) -> RelinkReport:
    """Look for a trip's missing photos in `folder` (in a worker, on its own connection).

    It writes nothing: the window may change the photos meanwhile, and the command that
    follows changes only where each file is."""
    with Store.open(db_path, seed_demo=False) as store:
        return store.photos.find_moved(folder, trip_id=trip_id)


class Relinking(QObject):
    """Asks for the folder, searches it in the background, and says what was found."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.last_report: RelinkReport | None = None

    def ask(self) -> None:
        ctx = self._ctx
        if ctx.doc.trip_id is None:
            ctx.show_error(self.tr("Select a trip first."))
            return
        start = ctx.settings.last_folder("photos")
        chosen = QFileDialog.getExistingDirectory(
            ctx.window, self.tr("Find moved photos in the folder"), start
        )
        if chosen:
            ctx.settings.set_last_folder("photos", chosen)
            self.search(Path(chosen))

    def search(self, folder: Path) -> None:
        """Look for the shown trip's missing photos in `folder`, in the background."""
        ctx = self._ctx
        trip_id, store = ctx.doc.trip_id, ctx.store
        if trip_id is None:
            return
        before = {p.id: p for p in ctx.doc.photos}
        ctx.show_message(
            self.tr("Looking for the missing photos in {folder}…").format(folder=folder)
        )

        def done(report: RelinkReport) -> None:
            self._on_found(folder, before, report)

        if store.path is None:  # in memory: no other connection can see it
            try:
                done(store.photos.find_moved(folder, trip_id=trip_id))
            except Exception as exc:
                self._on_error(exc)
            return
        path = store.path
        ctx.runner.submit(
            "photos-relink",
            lambda: relink_in_file(path, folder, trip_id),
            on_result=done,
            on_error=self._on_error,
        )

    def _on_found(
        self, folder: Path, before: dict[int | None, Photo], report: RelinkReport
    ) -> None:
        ctx = self._ctx
        ctx.clear_message()
        self.last_report = report
        found = [p for p in report.found if p.id in before]
        if found:
            old = [before[p.id] for p in found]
            ctx.push(RelinkPhotosCommand(ctx.doc, old, found))
        else:
            ctx.doc.thumbnails.forget_files()
            ctx.doc.thumbnails.check_files(ctx.doc.photos)
        if not found and not report.missing:
            text = self.tr("No photo of this trip is missing.")
        else:
            text = self.tr("Found {found} again in {folder}; {missing} still missing.").format(
                found=plural(len(found), "photo"),
                folder=folder,
                missing=plural(len(report.missing), "photo"),
            )
        ctx.show_message(text, 10000)
        QMessageBox.information(ctx.window, self.tr("Find moved photos"), text)

    def _on_error(self, exc: BaseException) -> None:
        log.warning("Looking for moved photos failed: %s", exc)
        self._ctx.clear_message()
        self._ctx.show_error(str(exc))
