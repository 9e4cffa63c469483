"""The itinerary table: a thin Qt adapter over a trip's list of stops."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QDate,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop
from cityplanner.domain.schedule import StopDates, plan_dates, redated
from cityplanner.domain.validation import check_nights, parse_date
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo.distance import geodesic_km
from cityplanner.geo.travel import travel_hours
from cityplanner.ui.shell._counts import distance_figure, distance_unit
from cityplanner.ui.shell._labels import label
from cityplanner.ui.shell._schedule_cells import (
    SCHEDULE_ROLES,
    arrival_cell,
    as_qdate,
    conflict_background,
)

STOP_MIME = "application/x-cityplanner-stop-id"
Index = QModelIndex | QPersistentModelIndex


class StopsModel(QAbstractTableModel):
    """Rows are stops in trip order; leg lengths are kept beside them.

    Edits are validated as the domain validates, then handed to the window as a
    request (so that they go through the undo stack); the model itself only
    changes through `set_stops`, `insert_stop`, `remove_stop`, `move_stop` and
    `replace_stop`, each emitting the narrowest signal that describes it.
    """

    sig_edit_requested = Signal(object, object)
    """A valid edit of a cell: (old Stop, new Stop)."""
    sig_edit_refused = Signal(str)
    """An edit was refused; the message says why."""
    sig_move_requested = Signal(int, int)
    """A stop was dropped on another row: (stop id, target row)."""
    sig_legs_changed = Signal()
    """Stops or legs changed, so totals must be recomputed."""
    sig_start_requested = Signal(object)
    """The first stop's arrival was edited: the trip should start on that date."""

    # The stop's number is the vertical header, so that moving a row moves its cells intact.
    COL_CITY, COL_COUNTRY, COL_ARRIVAL, COL_NIGHTS, COL_MODE, COL_LEG, COL_TIME = range(7)
    EDITABLE = frozenset({COL_ARRIVAL, COL_NIGHTS, COL_MODE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stops: list[Stop] = []
        self._legs: list[float] = []
        self._start: date | None = None
        self._planned: list[StopDates] = []
        self._stale = False
        self._headers = [
            self.tr("City"),
            self.tr("Country"),
            self.tr("Arrival"),
            self.tr("Nights"),
            self.tr("Mode"),
            "",  # the leg's unit can change (Edit → Preferences…): see headerData
            self.tr("Est. time"),
        ]

    # -- reading -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._stops)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section == self.COL_LEG:
            return self.tr("Leg ({unit})").format(unit=distance_unit().value)
        return self._headers[section] if 0 <= section < len(self._headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._stops):
            return None
        stop = self._stops[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(stop, index.row(), column, edit=role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_NIGHTS,
            self.COL_LEG,
            self.COL_TIME,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CITY:
            place = stop.place
            region = f", {place.admin1}" if place.admin1 else ""
            return f"{place.name}{region} ({place.lat:.5f}, {place.lon:.5f})"
        if role == Qt.ItemDataRole.BackgroundRole:
            return conflict_background(self._planned, index.row())
        if column == self.COL_ARRIVAL and role in SCHEDULE_ROLES:
            return arrival_cell(self._stops, self._planned, index.row(), role)
        if role == Qt.ItemDataRole.UserRole:
            return stop.id
        return None

    def _text(self, stop: Stop, row: int, column: int, *, edit: bool) -> Any:
        if column == self.COL_CITY:
            return stop.place.name
        if column == self.COL_COUNTRY:
            return stop.place.country_code
        if column == self.COL_ARRIVAL:
            arrival = self._planned[row].arrival if row < len(self._planned) else stop.arrival
            if edit:
                return as_qdate(arrival)
            return arrival.isoformat() if arrival else ""
        if column == self.COL_NIGHTS:
            # Edited as text so that any typed value is checked with the domain's message.
            return str(stop.nights)
        if column == self.COL_MODE:
            if edit:
                return stop.mode.value if stop.mode else ""
            return label(stop.mode) if stop.mode else ""
        if column == self.COL_LEG:
            return "" if row == 0 else distance_figure(self._legs[row])
        if column == self.COL_TIME:
            if row == 0 or stop.mode is None:
                return ""
            return format_hours(travel_hours(self._legs[row], stop.mode))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        flags = base | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- editing (validated, then requested through the undo stack) ---------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        old = self.stop_at(index.row())
        try:
            new = self._edited(old, index.column(), value)
        except ValidationError as exc:
            self.sig_edit_refused.emit(str(exc))
            return False
        if new is None or new == old:
            return False
        self.sig_edit_requested.emit(old, new)
        return True

    def _edited(self, stop: Stop, column: int, value: Any) -> Stop | None:
        if column == self.COL_ARRIVAL:
            return self._edited_arrival(stop, value)
        text = "" if value is None else str(value).strip()
        if column == self.COL_NIGHTS:
            return stop.with_changes(nights=check_nights(text or "0"))  # type: ignore[arg-type]
        if column == self.COL_MODE:
            return stop.with_changes(mode=TravelMode.parse(text) if text else None)
        return None

    def _edited_arrival(self, stop: Stop, value: Any) -> Stop | None:
        """A typed date pins the stop (the first stop's moves the trip's start instead);
        an emptied one lets it follow again."""
        if isinstance(value, QDate):
            day = date(value.year(), value.month(), value.day()) if value.isValid() else None
        else:
            day = parse_date("" if value is None else str(value))
        if day is None:
            return stop.with_changes(pinned=False) if stop.pinned else None
        if self.row_of(stop.id) == 0 and not stop.pinned:
            if day != stop.arrival:
                self.sig_start_requested.emit(day)
            return None
        if self._start is None:
            raise ValidationError(
                self.tr(
                    "This trip has no start date yet, so no arrival can be pinned: "
                    "set it with Trip → Set start date… or type the first stop's arrival."
                )
            )
        return stop.with_changes(arrival=day, pinned=True)

    # -- drag and drop --------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [STOP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            stop_id = self._stops[rows[0]].id
            mime.setData(STOP_MIME, QByteArray(str(stop_id).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(STOP_MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            stop_id = int(bytes(data.data(STOP_MIME).data()).decode())
        except ValueError:
            return False
        source = self.row_of(stop_id)
        if source < 0:
            return False
        # Dropped on a row: take its place; dropped between rows: go there.
        target = parent.row() if row < 0 and parent.isValid() else row
        if target < 0:
            target = len(self._stops)
        if target > source:
            target -= 1
        target = max(0, min(target, len(self._stops) - 1))
        if target != source:
            self.sig_move_requested.emit(stop_id, target)
        # The move happens through the undo stack; the view must not remove the row itself.
        return False

    # -- changes made by commands ------------------------------------------
    @property
    def stops(self) -> list[Stop]:
        if self._stale:
            self._stops = redated(self._start, self._stops)
            self._stale = False
        return list(self._stops)

    def stops_as_listed(self) -> Sequence[Stop]:
        """The stops without re-dating them: for figures that do not read arrivals."""
        return self._stops

    def stop_at(self, row: int) -> Stop:
        stop = self._stops[row]
        if self._stale and row < len(self._planned) and stop.arrival != self._planned[row].arrival:
            stop = self._stops[row] = redated(self._start, [stop], self._planned[row : row + 1])[0]
        return stop

    def row_of(self, stop_id: int | None) -> int:
        for row, stop in enumerate(self._stops):
            if stop.id == stop_id:
                return row
        return -1

    def legs(self) -> list[float]:
        return list(self._legs)

    @property
    def start(self) -> date | None:
        return self._start

    def planned(self) -> list[StopDates]:
        """Every stop's dates and how they fit, in table order."""
        return list(self._planned)

    def set_start(self, start: date | None) -> None:
        """The trip starts on another day: the unpinned stops follow."""
        if start != self._start:
            self._start = start
            self._replan()

    def set_stops(self, stops: Sequence[Stop], start: date | None = None) -> None:
        self.beginResetModel()
        self._start = start
        self._stops = redated(start, stops)
        self._planned = plan_dates(start, self._stops)
        # The store hands each stop out with its leg: only the unknown ones are measured
        # (a 2,000-stop trip opened would otherwise wait half a second for them).
        self._legs = [0.0] * len(self._stops)
        for row, stop in enumerate(self._stops):
            km = stop.leg_km if row and stop.leg_km is not None else self._leg(row)
            self._legs[row], self._stops[row] = km, _with_leg(stop, km)
        self.endResetModel()
        self.sig_legs_changed.emit()

    def insert_stop(self, row: int, stop: Stop) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._stops.insert(row, stop)
        self._legs.insert(row, 0.0)
        self.endInsertRows()
        self._after_structure_change(row, row + 1)

    def remove_stop(self, row: int) -> Stop:
        self.beginRemoveRows(QModelIndex(), row, row)
        stop = self._stops.pop(row)
        self._legs.pop(row)
        self.endRemoveRows()
        self._after_structure_change(row, row)
        return stop

    def move_stop(self, source: int, target: int) -> None:
        if source == target:
            return
        # Qt's destination is the row *before which* the moved row is placed.
        destination = target + 1 if target > source else target
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        stop = self._stops.pop(source)
        self._stops.insert(target, stop)
        self._legs.pop(source)
        self._legs.insert(target, 0.0)
        self.endMoveRows()
        low, high = min(source, target), max(source, target)
        self._after_structure_change(low, high + 1)

    def replace_stop(self, stop: Stop) -> None:
        row = self.row_of(stop.id)
        if row < 0:
            return
        self._stops[row] = stop
        self._refresh_legs(row, row + 1)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self._replan()
        self.sig_legs_changed.emit()

    def _after_structure_change(self, first: int, last: int) -> None:
        """Renumber the rows from `first` on and refresh the legs around [first, last]."""
        self._refresh_legs(first, last)
        self._replan()
        if self._stops:
            top = max(0, min(first, len(self._stops) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, top, len(self._stops) - 1)
        self.sig_legs_changed.emit()

    def _replan(self) -> None:
        """Re-date the stops as the store does, and repaint only the rows whose dates changed.

        The plan is authoritative; a stop object takes its new arrival when it is next read
        (`stop_at`, `stops`), so that re-dating 2,000 stops after an edit copies none of them.
        """
        planned = plan_dates(self._start, self._stops)
        old = self._planned
        changed = [
            row for row in range(len(planned)) if row >= len(old) or planned[row] != old[row]
        ]
        self._planned = planned
        self._stale = True
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], self.COL_ARRIVAL), self.index(changed[-1], self.COL_ARRIVAL)
            )

    def _refresh_legs(self, first: int, last: int) -> None:
        """Measure the legs arriving at rows [first, last]; each stop keeps its own."""
        for row in range(max(first, 0), min(last, len(self._stops) - 1) + 1):
            value = self._leg(row)
            self._stops[row] = _with_leg(self._stops[row], value)
            if value != self._legs[row]:
                self._legs[row] = value
                self.dataChanged.emit(self.index(row, self.COL_LEG), self.index(row, self.COL_TIME))

    def _leg(self, row: int) -> float:
        if row <= 0 or row >= len(self._stops):
            return 0.0
        a, b = self._stops[row - 1].place, self._stops[row].place
        return geodesic_km((a.lat, a.lon), (b.lat, b.lon))


def _with_leg(stop: Stop, km: float) -> Stop:
    """`stop` carrying the length of the leg that reaches it in the table (the same object
    when it does already, as every stop read from the store does)."""
    return stop if stop.leg_km == km else replace(stop, leg_km=km)


def format_hours(hours: float) -> str:
    """`2.5` → `2 h 30`; under an hour → `45 min`."""
    minutes = round(hours * 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"
