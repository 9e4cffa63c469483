"""The Backups dialog: the copies of the open file, newest first, to back up now or restore."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cityplanner.store.backups import BackupInfo, human_size
from cityplanner.ui.shell import conflict_icon

Index = QModelIndex | QPersistentModelIndex

MADE, REASON, TRIPS, STOPS, SIZE = range(5)
_NUMBERS = (TRIPS, STOPS, SIZE)
#: Why a backup was made, as its file name says it (translated when shown).
REASONS = (
    QT_TRANSLATE_NOOP("BackupsModel", "on open"),
    QT_TRANSLATE_NOOP("BackupsModel", "after edits"),
    QT_TRANSLATE_NOOP("BackupsModel", "by hand"),
    QT_TRANSLATE_NOOP("BackupsModel", "before restore"),
)


def made_text(info: BackupInfo) -> str:
    """When a backup was made, in local time, to the second."""
    return info.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class BackupsModel(QAbstractTableModel):
    """The backups of one file, newest first; a damaged one says so in its row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[BackupInfo] = []
        self._headers = [
            self.tr("Made"),
            self.tr("Why"),
            self.tr("Trips"),
            self.tr("Stops"),
            self.tr("Size"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        info, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not info.readable:
            if role == Qt.ItemDataRole.DecorationRole and column == MADE:
                return conflict_icon()
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#b71c1c")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("This backup is damaged: it cannot be read, nor restored.")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        return None

    def _text(self, info: BackupInfo, column: int) -> str:
        if column == MADE:
            return made_text(info)
        if column == REASON:
            return QCoreApplication.translate("BackupsModel", info.reason)
        if column == TRIPS:
            return str(info.trips) if info.readable else self.tr("damaged")
        if column == STOPS:
            return str(info.stops) if info.readable else ""
        return human_size(info.size_bytes)

    def set_backups(self, items: Sequence[BackupInfo]) -> None:
        # The folder is read again as a whole: a reset is what happened.
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._items[row]

    def row_of(self, path: Path) -> int:
        return next((row for row, info in enumerate(self._items) if info.path == path), -1)


class BackupsDialog(QDialog):
    """Lists the backups with Back up now and Restore…; what they do is the feature's."""

    sig_backup_requested = Signal()
    """The user asked for a backup now."""
    sig_restore_requested = Signal(object)
    """The user asked to restore a backup: its `BackupInfo`."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.resize(620, 420)
        self.model = BackupsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._folder = folder
        self.backup_button = QPushButton(self.tr("Back up &now"))
        self.restore_button = QPushButton(self.tr("&Restore…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.sig_backup_requested)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.table.doubleClicked.connect(lambda _index: self._on_restore_clicked())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._update_buttons()

    def set_backups(self, items: Sequence[BackupInfo], *, select: Path | None = None) -> None:
        """Show `items` (newest first), selecting `select` or else the newest."""
        self.model.set_backups(items)
        damaged = sum(1 for info in items if not info.readable)
        text = self.tr("%Ln backup(s), kept in {folder}.", "", len(items)).format(
            folder=self._folder
        )
        if not items:
            text = self.tr("No backups yet; they are kept in {folder}.").format(folder=self._folder)
        if damaged:
            text += " " + self.tr("Damaged ones cannot be restored.")
        self.summary.setText(text)
        row = self.model.row_of(select) if select is not None else 0
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.readable)

    def _on_restore_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.readable:
            self.sig_restore_requested.emit(chosen)
