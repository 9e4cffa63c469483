"""Thin Qt list models over trips, sites, journal entries and photos."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from cityplanner.domain.models import JournalEntry, Site, Trip
from cityplanner.domain.photos import Photo
from cityplanner.ui.shell._dates import short_day
from cityplanner.ui.shell._labels import label
from cityplanner.ui.shell._thumbnails import ThumbnailCache, placeholder_icon

T = TypeVar("T", Trip, Site, JournalEntry, Photo)
Index = QModelIndex | QPersistentModelIndex


class _ItemsModel(QAbstractListModel, Generic[T]):
    """A list of domain objects with ids, changed one row at a time."""

    def __init__(self, display: Callable[[T], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []
        self._display: Callable[[T], str] = display
        self._decoration: Callable[[T], Any] | None = None
        self._tooltip: Callable[[T], str] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.DecorationRole and self._decoration is not None:
            return self._decoration(item)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(item)
        return None

    @property
    def items(self) -> list[T]:
        return list(self._items)

    def item_at(self, row: int) -> T:
        return self._items[row]

    def row_of(self, item_id: int | None) -> int:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return -1

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def insert_item(self, row: int, item: T) -> None:
        row = max(0, min(row, len(self._items)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def remove_item(self, item_id: int | None) -> int:
        row = self.row_of(item_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._items.pop(row)
            self.endRemoveRows()
        return row

    def replace_item(self, item: T) -> None:
        row = self.row_of(item.id)
        if row >= 0:
            self._items[row] = item
            self.dataChanged.emit(self.index(row), self.index(row))


class TripsModel(_ItemsModel[Trip]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(lambda trip: trip.name, parent)
        self._tooltip = lambda trip: trip.description or trip.name


class SitesModel(_ItemsModel[Site]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(lambda site: site.name, parent)
        self._tooltip = lambda site: f"{label(site.theme)} · {label(site.status)}"

    def set_decoration(self, decoration: Callable[[Site], Any]) -> None:
        self._decoration = decoration


class JournalModel(_ItemsModel[JournalEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(lambda e: f"{short_day(e.day, year=True)}  {e.title}", parent)
        self._tooltip = lambda e: e.body[:200]

    def insert_sorted(self, entry: JournalEntry) -> None:
        """Entries stay in date order, then by id."""
        row = 0
        while row < len(self._items) and (self._items[row].day, self._items[row].id or 0) <= (
            entry.day,
            entry.id or 0,
        ):
            row += 1
        self.insert_item(row, entry)


class PhotosModel(_ItemsModel[Photo]):
    """The shown trip's photos in the order they were taken, each with its thumbnail.

    It reads like a list (`for photo in doc.photos`, `len(doc.photos)`); a thumbnail that
    arrives later changes only the rows of that photo.
    """

    def __init__(self, thumbnails: ThumbnailCache, parent: Any = None) -> None:
        super().__init__(lambda photo: photo.caption or photo.file_name, parent)
        self._thumbnails = thumbnails
        self._decoration = lambda photo: thumbnails.icon_for(photo) or placeholder_icon()
        self._tooltip = lambda photo: photo.original or photo.path
        thumbnails.sig_ready.connect(self._on_thumbnail_ready)
        thumbnails.sig_files_checked.connect(self._on_files_checked)

    def __iter__(self) -> Iterator[Photo]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def by_sha(self, sha256: str) -> Photo | None:
        """The photo of the shown trip with this content (a trip holds a content once)."""
        return next((p for p in self._items if p.sha256 == sha256), None)

    def _on_thumbnail_ready(self, sha256: str) -> None:
        role = [Qt.ItemDataRole.DecorationRole]
        for row, photo in enumerate(self._items):
            if photo.sha256 == sha256:
                self.dataChanged.emit(self.index(row), self.index(row), role)

    def _on_files_checked(self) -> None:
        if self._items:
            last = len(self._items) - 1
            self.dataChanged.emit(self.index(0), self.index(last), [Qt.ItemDataRole.DecorationRole])
