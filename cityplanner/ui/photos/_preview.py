"""Add photos…: the files are read in the background, then where each one goes is shown.

Nothing is written until OK: the dialog first reads every file off the GUI thread (with a
progress bar and Cancel), then lists each photo with when it was taken and where it goes,
the ones without a place highlighted with a list to choose one, and below them the files
left out and why.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
)

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.ui.photos._places import Names, destinations
from cityplanner.ui.photos._preview_model import DestinationDelegate, PreviewModel
from cityplanner.ui.shell import TaskRunner, TripDocument, number, plural

if TYPE_CHECKING:
    from cityplanner.formats.photo_import import PhotoPreview

log = logging.getLogger(__name__)

#: The reasons the core gives for leaving a file out (`photo_files`, `photo_import`), translated
#: when shown; a reason not listed here is shown as the core wrote it.
LEFT_OUT = {
    "hidden": QT_TRANSLATE_NOOP("PhotoLeftOut", "hidden"),
    "not a photo file": QT_TRANSLATE_NOOP("PhotoLeftOut", "not a photo file"),
    "HEIC (install the heic extra)": QT_TRANSLATE_NOOP(
        "PhotoLeftOut", "HEIC (install the heic extra)"
    ),
    "not found": QT_TRANSLATE_NOOP("PhotoLeftOut", "not found"),
    "unreadable folder": QT_TRANSLATE_NOOP("PhotoLeftOut", "unreadable folder"),
    "not a valid image": QT_TRANSLATE_NOOP("PhotoLeftOut", "not a valid image"),
    "too large": QT_TRANSLATE_NOOP("PhotoLeftOut", "too large"),
    "unreadable": QT_TRANSLATE_NOOP("PhotoLeftOut", "unreadable"),
    "already in the trip": QT_TRANSLATE_NOOP("PhotoLeftOut", "already in the trip"),
    "same photo as another file": QT_TRANSLATE_NOOP("PhotoLeftOut", "same photo as another file"),
}
THUMBNAIL_ROW = 52


def left_out_label(kind: str) -> str:
    if kind not in LEFT_OUT:
        return kind
    return QCoreApplication.translate("PhotoLeftOut", str(LEFT_OUT[kind]))


def _read(
    paths: Sequence[Path],
    start: Any,
    stops: Sequence[Stop],
    sites: Sequence[Site],
    known: set[str],
    cancel: threading.Event,
    report: Callable[..., None],
) -> PhotoPreview:
    """Find, read and place the photos (in a worker); stops early once `cancel` is set."""
    from cityplanner.formats.photo_import import preview_photos, trip_view

    view = trip_view(start, stops, sites)

    def progress(done: int, total: int) -> bool:
        report(done, total)
        return not cancel.is_set()

    return preview_photos(paths, view, known=known, progress=progress)


class PreviewDialog(QDialog):
    """Reads the photos, shows where each goes; `photos()` are the records to add after OK."""

    def __init__(
        self,
        paths: Sequence[Path],
        doc: TripDocument,
        runner: TaskRunner,
        *,
        copy_into: Path | None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add photos"))
        self._doc, self._runner, self._paths = doc, runner, list(paths)
        self._cancel = threading.Event()
        self._started = time.perf_counter()
        self.read_seconds: float | None = None
        """How long reading and placing took (for the benchmark and the log)."""
        self.preview: PhotoPreview | None = None
        self.model: PreviewModel | None = None
        self.status = QLabel(self.tr("Looking for photos…"))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Photos to add"))
        self.table.setIconSize(QSize(THUMBNAIL_ROW - 6, THUMBNAIL_ROW - 6))
        self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_ROW)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.hide()
        self.left_out = QPlainTextEdit()
        self.left_out.setReadOnly(True)
        self.left_out.hide()
        if copy_into is not None:
            note = self.tr("The photos are copied into {folder} (Edit → Preferences…).").format(
                folder=copy_into
            )
        else:
            note = self.tr(
                "The photos stay where they are: the trip refers to them (Edit → Preferences…)."
            )
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Add photos"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.left_out)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(980, 600)
        self._start()

    def _start(self) -> None:
        doc, paths, cancel = self._doc, self._paths, self._cancel
        trip_id = doc.trip_id or 0
        start, stops, sites = doc.stops.start, doc.stops.stops, doc.sites.items
        known = doc.store.photos.known_hashes(trip_id)
        self._runner.submit(
            "photos-preview",
            lambda report: _read(paths, start, stops, sites, known, cancel, report),
            on_result=self._on_read,
            on_error=self._on_error,
            on_progress=self._on_progress,
        )

    @property
    def reading(self) -> bool:
        return self.preview is None and not self._cancel.is_set()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(
            self.tr("Reading photo {done} of {total}…").format(
                done=number(done), total=number(total)
            )
        )

    def _on_error(self, exc: BaseException) -> None:
        log.error("Reading photos failed", exc_info=exc)
        self.progress.hide()
        self.status.setText(self.tr("The photos could not be read: {error}").format(error=exc))

    def _on_read(self, preview: PhotoPreview) -> None:
        self.read_seconds = time.perf_counter() - self._started
        log.info("Read %s photos in %.2f s", len(preview.candidates), self.read_seconds)
        self.preview = preview
        self.progress.hide()
        # The photos without a place come first: they are the ones to look at.
        candidates = sorted(preview.candidates, key=lambda c: c.placement.stop_id is not None)
        self.model = PreviewModel(candidates, Names(self._doc), self._doc.thumbnails, self.table)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            PreviewModel.COL_WHERE, DestinationDelegate(destinations(self._doc), self.table)
        )
        header = self.table.horizontalHeader()
        for column, width in ((PreviewModel.COL_PHOTO, 220), (PreviewModel.COL_TAKEN, 140)):
            header.resizeSection(column, width)
        header.resizeSection(PreviewModel.COL_WHERE, 230)
        header.setSectionResizeMode(PreviewModel.COL_WHY, QHeaderView.ResizeMode.Stretch)
        for row in range(self.model.rowCount()):
            if self.model.is_unplaced(row):
                self.table.openPersistentEditor(self.model.index(row, PreviewModel.COL_WHERE))
        self.table.setVisible(bool(preview.candidates))
        self.model.dataChanged.connect(lambda *_args: self._summarise())
        self._summarise()
        self._list_left_out(preview)

    def _summarise(self) -> None:
        assert self.model is not None
        total = self.model.rowCount()
        self.ok_button.setEnabled(total > 0)
        if not total:
            self.status.setText(self.tr("There is no new photo to add."))
            self.ok_button.setText(self.tr("&Add photos"))
            return
        counts = self.model.counts()
        parts = []
        if counts[PlacedBy.TIME]:
            parts.append(self.tr("{n} by the time taken").format(n=number(counts[PlacedBy.TIME])))
        if counts[PlacedBy.POSITION]:
            parts.append(self.tr("{n} by position").format(n=number(counts[PlacedBy.POSITION])))
        if counts[PlacedBy.HAND]:
            parts.append(self.tr("{n} by hand").format(n=number(counts[PlacedBy.HAND])))
        text = self.tr("{photos} to add.").format(photos=plural(total, "photo"))
        if parts:
            text += " " + self.tr("Placed: {parts}.").format(parts=", ".join(parts))
        if counts[PlacedBy.NONE]:
            text += " " + self.tr(
                "{n} without a place (highlighted): choose a stop, or add them unplaced."
            ).format(n=number(counts[PlacedBy.NONE]))
        self.status.setText(text)
        self.ok_button.setText(self.tr("&Add {photos}").format(photos=plural(total, "photo")))

    def _list_left_out(self, preview: PhotoPreview) -> None:
        lines = [
            self.tr("Refused: {name}: {reason}").format(name=r.path.name, reason=r.message)
            for r in preview.refused
        ]
        skipped = sum(preview.skipped.values())
        if skipped:
            parts = ", ".join(
                f"{number(n)} {left_out_label(kind)}" for kind, n in preview.skipped.most_common()
            )
            lines.append(self.tr("Left out: {parts}.").format(parts=parts))
        self.left_out.setPlainText("\n".join(lines))
        self.left_out.setVisible(bool(lines))
        spacing = self.left_out.fontMetrics().lineSpacing()
        self.left_out.setFixedHeight(spacing * min(6, max(1, len(lines))) + 14)

    def photos(self, trip_id: int) -> list[Photo]:
        """The records to add, as shown (with the places chosen by hand)."""
        return self.model.photos(trip_id) if self.model is not None else []

    def reject(self) -> None:
        self._cancel.set()
        self._runner.forget("photos-preview")
        super().reject()
