"""The trip's tracks as a table: name, day, stop, points, distance, duration, ascent."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cityplanner.domain.tracks import Track, duration_text
from cityplanner.ui.shell import distance, number, short_day

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class TracksModel(QAbstractTableModel):
    """Tracks without their points (the store reads those only for the map and exports)."""

    COL_NAME, COL_DAY, COL_STOP, COL_POINTS, COL_KM, COL_DURATION, COL_ASCENT = range(7)
    _NUMBERS = (COL_POINTS, COL_KM, COL_DURATION, COL_ASCENT)

    def __init__(self, stop_name: Callable[[int | None], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._tracks: list[Track] = []
        self._stop_name = stop_name
        self._headers = (
            self.tr("Name"),
            self.tr("Day"),
            self.tr("Stop"),
            self.tr("Points"),
            self.tr("Distance"),
            self.tr("Duration"),
            self.tr("Ascent"),
        )

    @property
    def tracks(self) -> list[Track]:
        return list(self._tracks)

    def set_tracks(self, tracks: list[Track]) -> None:
        self.beginResetModel()
        self._tracks = list(tracks)
        self.endResetModel()

    def track_at(self, row: int) -> Track:
        return self._tracks[row]

    def row_of(self, track_id: int | None) -> int:
        return next((i for i, t in enumerate(self._tracks) if t.id == track_id), -1)

    def remove_track(self, track_id: int | None) -> int:
        """Take a track's row out; returns the row it had (-1 if it was not shown)."""
        row = self.row_of(track_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._tracks[row]
            self.endRemoveRows()
        return row

    def insert_track(self, row: int, track: Track) -> None:
        row = max(0, min(row, len(self._tracks)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._tracks.insert(row, track)
        self.endInsertRows()

    def stops_renamed(self) -> None:
        if self._tracks:
            last = len(self._tracks) - 1
            self.dataChanged.emit(self.index(0, self.COL_STOP), self.index(last, self.COL_STOP))

    # -- Qt's model interface -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tracks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tracks):
            return None
        track, column = self._tracks[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(track, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NAME:
            if track.kind == "planned":
                return self.tr("{name} (a planned line)").format(name=track.name)
            return track.name
        return None

    def _text(self, track: Track, column: int) -> str:
        if column == self.COL_NAME:
            return (
                track.name
                if track.kind == "recorded"
                else self.tr("{name} (planned)").format(name=track.name)
            )
        if column == self.COL_DAY:
            return short_day(track.day, year=True) if track.day else ""
        if column == self.COL_STOP:
            return self._stop_name(track.stop_id)
        if column == self.COL_POINTS:
            return number(track.point_count)
        if column == self.COL_KM:
            return distance(track.km)
        if column == self.COL_DURATION:
            return duration_text(track.duration)
        if column == self.COL_ASCENT:
            return f"{number(track.ascent_m)} m" if track.ascent_m is not None else ""
        return ""
