"""File → Open trip file…: the preview of a trip file's update, its conflicts, and its undo.

The file is read and checked off the GUI thread (it may carry hundreds of photos, each
hashed); the preview is computed here, against the store. Each conflict has its own
choice (keep mine, take theirs) and two buttons set them all; every choice recomputes the
list of changes, so that what is shown is what Update writes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.formats.trip_file import TripFile, read_trip_file
from cityplanner.formats.trip_file_compare import TRIP
from cityplanner.formats.trip_file_import import (
    TripFileImport,
    TripFilePreview,
    apply_trip_file,
    preview_trip_file,
    undo_trip_file,
)
from cityplanner.formats.trip_file_merge import ORDER, Change, Conflict, Key, Side
from cityplanner.store import Store
from cityplanner.ui.shell import StoreCommand, TaskRunner, TripDocument

log = logging.getLogger(__name__)

TRIP_FILE_FILTER = str(
    QT_TRANSLATE_NOOP("ExchangeFeature", "CityPlanner trip files (*.cptrip);;All files (*)")
)

_KINDS = {
    TRIP: QT_TRANSLATE_NOOP("TripFileDialog", "Trip"),
    ORDER: QT_TRANSLATE_NOOP("TripFileDialog", "Stops"),
    "stops": QT_TRANSLATE_NOOP("TripFileDialog", "Stop"),
    "sites": QT_TRANSLATE_NOOP("TripFileDialog", "Site"),
    "journal": QT_TRANSLATE_NOOP("TripFileDialog", "Journal entry"),
    "costs": QT_TRANSLATE_NOOP("TripFileDialog", "Cost"),
    "photos": QT_TRANSLATE_NOOP("TripFileDialog", "Photo"),
    "tracks": QT_TRANSLATE_NOOP("TripFileDialog", "Track"),
}
#: The fixed phrases the merge writes (cityplanner.formats.trip_file_merge), translated here.
_PHRASES = frozenset(
    {
        QT_TRANSLATE_NOOP("TripFileDialog", "Order of the stops"),
        QT_TRANSLATE_NOOP("TripFileDialog", "removed here"),
        QT_TRANSLATE_NOOP("TripFileDialog", "removed in the file"),
        QT_TRANSLATE_NOOP("TripFileDialog", "changed here"),
        QT_TRANSLATE_NOOP("TripFileDialog", "changed in the file"),
    }
)
_ACTIONS = {
    "added": QT_TRANSLATE_NOOP("TripFileDialog", "added"),
    "changed": QT_TRANSLATE_NOOP("TripFileDialog", "changed: {fields}"),
    "removed": QT_TRANSLATE_NOOP("TripFileDialog", "removed"),
}


def _tr(text: object) -> str:
    return QCoreApplication.translate("TripFileDialog", str(text))


def _phrase(text: str) -> str:
    """A phrase of the merge in the window's language; names and values stay as they are."""
    return _tr(text) if text in _PHRASES else text


class TripFileDialog(QDialog):
    """Reads a trip file, shows what it adds or changes and its conflicts; `preview` is
    what to apply once accepted."""

    def __init__(self, path: Path, store: Store, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open trip file {name}").format(name=path.name))
        self._path, self._store, self._runner = path, store, runner
        self.preview: TripFilePreview | None = None
        self._choices: dict[Key, Side] = {}
        self.heading = QLabel(self.tr("Reading {name}…").format(name=path.name))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.changes = _table([self.tr("What"), self.tr("Name"), self.tr("Change")])
        self.conflicts = _table(
            [self.tr("Conflict"), self.tr("Here"), self.tr("In the file"), self.tr("Keep")]
        )
        self.conflicts_label = QLabel()
        self.conflicts_label.setWordWrap(True)
        self.keep_all_mine = QPushButton(self.tr("Keep all &mine"))
        self.take_all_theirs = QPushButton(self.tr("Take all &theirs"))
        self.keep_all_mine.clicked.connect(lambda: self._choose_all(Side.MINE))
        self.take_all_theirs.clicked.connect(lambda: self._choose_all(Side.THEIRS))
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Import"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._conflict_box = QWidget()
        box = QVBoxLayout(self._conflict_box)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.conflicts_label, 1)
        row.addWidget(self.keep_all_mine)
        row.addWidget(self.take_all_theirs)
        box.addLayout(row)
        box.addWidget(self.conflicts, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.changes)
        split.addWidget(self._conflict_box)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.buttons)
        self._conflict_box.hide()
        self._fit()
        self._read()

    def _fit(self) -> None:
        """Large enough to read, never larger than the screen (1024×700 included)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 900, 600
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    def _read(self) -> None:
        path = self._path
        self._runner.submit(
            "trip-file-read",
            lambda: read_trip_file(path),
            on_result=self._on_read,
            on_error=self._on_failed,
        )

    def _on_read(self, trip_file: TripFile) -> None:
        self.progress.hide()
        try:
            self._show(preview_trip_file(self._store, trip_file))
        except CityPlannerError as exc:
            self._on_failed(exc)

    def _on_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.preview = None
        self.ok_button.setEnabled(False)
        if isinstance(error, CityPlannerError):
            self.heading.setText(self.tr("{error} Nothing was imported.").format(error=error))
        else:
            log.error("Reading %s failed", self._path, exc_info=error)
            self.heading.setText(
                self.tr("{name} could not be read: {error}").format(
                    name=self._path.name, error=error
                )
            )

    def _show(self, preview: TripFilePreview) -> None:
        self.preview = preview
        file = preview.file
        if preview.is_update:
            heading = self.tr("{file} updates the trip {trip} (file written on {when}).")
            self.ok_button.setText(self.tr("&Update"))
        else:
            heading = self.tr("{file} adds a new trip, {trip} (file written on {when}).")
        self.heading.setText(
            heading.format(file=file.label, trip=preview.trip_name, when=_when(file.exported_at))
        )
        if preview.is_update and not preview.changes:
            self.counts.setText(self.tr("Nothing changes: the trip is as the file has it."))
        else:
            self.counts.setText(_counts_line(preview))
        self._fill_changes(preview.changes)
        self._fill_conflicts(preview)
        self.notes.setText("\n".join(preview.notes))
        self.notes.setVisible(bool(preview.notes))
        self.ok_button.setEnabled(bool(preview.changes))

    def _fill_changes(self, changes: list[Change]) -> None:
        self.changes.setRowCount(len(changes))
        for row, change in enumerate(changes):
            fields = ", ".join(change.fields)
            cells = (_tr(_KINDS[change.kind]), _phrase(change.label),
                     _tr(_ACTIONS[change.action]).format(fields=fields))  # fmt: skip
            for column, text in enumerate(cells):
                self.changes.setItem(row, column, _cell(text))
        self.changes.resizeRowsToContents()

    def _fill_conflicts(self, preview: TripFilePreview) -> None:
        conflicts = preview.conflicts
        self._conflict_box.setVisible(bool(conflicts))
        self.conflicts_label.setText(
            self.tr(
                "Conflicts ({count}): changed here and in the file since the trip was last "
                "shared. Choose, for each, which version to keep."
            ).format(count=len(conflicts))
        )
        self.conflicts.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            what = f"{_tr(_KINDS[conflict.kind])}: {_phrase(conflict.label)}"
            here = _with_time(_phrase(conflict.mine), conflict.mine_modified)
            there = _with_time(_phrase(conflict.theirs), conflict.theirs_modified)
            for column, text in enumerate((what, here, there)):
                self.conflicts.setItem(row, column, _cell(text))
            choice = QComboBox()
            choice.addItem(self.tr("Mine (this database)"), Side.MINE.value)
            choice.addItem(self.tr("Theirs (the file)"), Side.THEIRS.value)
            choice.setCurrentIndex(0 if preview.side_of(conflict) is Side.MINE else 1)
            choice.currentIndexChanged.connect(
                lambda _i, c=conflict, box=choice: self._choose(c, Side(box.currentData()))
            )
            self.conflicts.setCellWidget(row, 3, choice)
        self.conflicts.resizeRowsToContents()

    def _choose(self, conflict: Conflict, side: Side) -> None:
        self._choices[conflict.key] = side
        self._resolve()

    def _choose_all(self, side: Side) -> None:
        if self.preview is None:
            return
        self._choices = {c.key: side for c in self.preview.conflicts}
        self._resolve()

    def _resolve(self) -> None:
        if self.preview is not None:
            self._show(self.preview.resolved(self._choices))


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in (1, 2)
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    return table


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _with_time(what: str, stamp: str) -> str:
    return f"{what}\n({_when(stamp)})" if stamp else what


def _when(stamp: str) -> str:
    """2026-12-01T13:36:14.788Z → 2026-12-01 13:36 UTC."""
    return f"{stamp[:16].replace('T', ' ')} UTC" if len(stamp) >= 16 else "?"


def _counts_line(preview: TripFilePreview) -> str:
    changes = preview.changes
    words = {
        action: sum(1 for c in changes if c.action == action and c.kind not in (TRIP, ORDER))
        for action in _ACTIONS
    }
    text = QCoreApplication.translate(
        "TripFileDialog", "{added} added, {changed} changed, {removed} removed"
    )
    return text.format(**words)


class TripFileCommand(StoreCommand):
    """Imports a trip file (adding its trip or updating it in place) in one undo step."""

    def __init__(self, doc: TripDocument, preview: TripFilePreview) -> None:
        if preview.is_update:
            text = QCoreApplication.translate("ExchangeCommands", "Update {trip} from {file}")
        else:
            text = QCoreApplication.translate("ExchangeCommands", "Import {trip} from {file}")
        super().__init__(text.format(trip=preview.trip_name, file=preview.file.label))
        self._doc, self._preview = doc, preview
        self.done: TripFileImport | None = None

    def _do(self) -> None:
        self.done = apply_trip_file(self._doc.store, self._preview)
        self._doc.reload()
        self._doc.show_trip(self.done.trip_id)

    def _undo(self) -> None:
        if self.done is None:
            return
        undo_trip_file(self._doc.store, self.done)
        self._doc.reload()
        if not self.done.created:
            self._doc.show_trip(self.done.trip_id)
