"""The table of the photos about to be added: each one, when it was taken, where it goes, why."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.ui.photos._places import (
    Destination,
    Names,
    destination_combo,
    key_of,
    parse_key,
)
from cityplanner.ui.shell import ThumbnailCache, placeholder_icon, short_day

if TYPE_CHECKING:  # Pillow is imported when photos are read, not when the window opens
    from cityplanner.formats.photo_import import PhotoCandidate

Index = QModelIndex | QPersistentModelIndex
#: What the core writes for a photo placed by hand (`PhotoRepository.place`).
BY_HAND = "Placed by hand."
UNPLACED_BACKGROUND = QColor("#fff1c2")
UNPLACED_TEXT = QColor("#5d4200")


def taken_text(when: datetime | None) -> str:
    """7 Oct 2017 14:05, the time where it was taken."""
    if when is None:
        return ""
    return f"{short_day(when.date(), year=True)} {when:%H:%M}"


class PreviewModel(QAbstractTableModel):
    """The candidates of a preview; "Goes to" can be chosen by hand, row by row."""

    COL_PHOTO, COL_TAKEN, COL_WHERE, COL_WHY = range(4)

    def __init__(
        self,
        candidates: list[PhotoCandidate],
        names: Names,
        thumbnails: ThumbnailCache,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._candidates = candidates
        self._names, self._thumbnails = names, thumbnails
        self._chosen: dict[int, tuple[int | None, int | None]] = {}
        self._rows_of: dict[str, int] = {c.file.sha256: row for row, c in enumerate(candidates)}
        self._headers = [self.tr("Photo"), self.tr("Taken"), self.tr("Goes to"), self.tr("Why")]
        thumbnails.sig_ready.connect(self._on_thumbnail_ready)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._candidates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == self.COL_WHERE else flags

    # -- what each row says -----------------------------------------------------------
    def where(self, row: int) -> tuple[int | None, int | None]:
        """(stop id, site id) the photo of `row` goes to, chosen by hand or by the rule."""
        if row in self._chosen:
            return self._chosen[row]
        placement = self._candidates[row].placement
        return (placement.stop_id, placement.site_id)

    def is_unplaced(self, row: int) -> bool:
        return self.where(row)[0] is None

    def by_hand(self, row: int) -> bool:
        return row in self._chosen

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        candidate = self._candidates[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole and column == self.COL_WHERE:
            return self.where(row)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_PHOTO:
            file = candidate.file
            return self._thumbnails.icon_of(file.sha256, str(file.path)) or placeholder_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_PHOTO:
                return str(candidate.file.path)
            return self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_unplaced(row):
            return QBrush(UNPLACED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and self.is_unplaced(row):
            return QBrush(UNPLACED_TEXT)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_WHERE and self.by_hand(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: int, column: int) -> str:
        candidate = self._candidates[row]
        if column == self.COL_PHOTO:
            return candidate.file.path.name
        if column == self.COL_TAKEN:
            return taken_text(candidate.placement.taken_at) or self.tr("no date")
        if column == self.COL_WHERE:
            stop_id, site_id = self.where(row)
            if stop_id is None:
                return self.tr("Not placed: choose a stop")
            return self._names.where(stop_id, site_id)
        if self.by_hand(row):
            return self.tr("Placed by hand.")
        return " ".join((candidate.placement.reason, *candidate.file.notes))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.COL_WHERE:
            return False
        stop_id, site_id = value
        row = index.row()
        placement = self._candidates[row].placement
        if (stop_id, site_id) == (placement.stop_id, placement.site_id):
            self._chosen.pop(row, None)
        else:
            self._chosen[row] = (stop_id, site_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_WHY))
        return True

    # -- the result -------------------------------------------------------------------
    def photos(self, trip_id: int) -> list[Photo]:
        """The records to add, with the places chosen by hand."""
        out = []
        for row, candidate in enumerate(self._candidates):
            photo = candidate.photo(trip_id)
            if row in self._chosen:
                stop_id, site_id = self._chosen[row]
                photo = photo.with_changes(
                    stop_id=stop_id,
                    site_id=site_id,
                    placed_by=PlacedBy.HAND if stop_id is not None else PlacedBy.NONE,
                    reason=BY_HAND if stop_id is not None else "Taken off its place by hand.",
                )
            out.append(photo)
        return out

    def counts(self) -> dict[PlacedBy, int]:
        """How many photos go where by which rule (by hand included)."""
        out = dict.fromkeys(PlacedBy, 0)
        for row, candidate in enumerate(self._candidates):
            if self.is_unplaced(row):
                out[PlacedBy.NONE] += 1
            elif self.by_hand(row):
                out[PlacedBy.HAND] += 1
            else:
                out[candidate.placement.placed_by] += 1
        return out

    def _on_thumbnail_ready(self, sha256: str) -> None:
        row = self._rows_of.get(sha256)
        if row is not None:
            index = self.index(row, self.COL_PHOTO)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class DestinationDelegate(QStyledItemDelegate):
    """A list of the trip's stops and sites to choose where a photo goes."""

    def __init__(self, choices: list[Destination], parent: Any = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = destination_combo(self._choices, index.data(Qt.ItemDataRole.EditRole))
        combo.setParent(parent)
        combo.setAccessibleName(self.tr("Goes to"))
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """The list at its own height, in the middle of the (taller) row."""
        cell = option.rect
        height = min(cell.height(), editor.sizeHint().height())
        editor.setGeometry(cell.x(), cell.y() + (cell.height() - height) // 2, cell.width(), height)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            row = editor.findData(key_of(*index.data(Qt.ItemDataRole.EditRole)))
            if row >= 0 and row != editor.currentIndex():
                editor.setCurrentIndex(row)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, parse_key(str(editor.currentData())), Qt.ItemDataRole.EditRole)
