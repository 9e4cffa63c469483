"""How an arrival cell shows the schedule: pinned in bold with a pin, conflicts in red.

The sentences are the domain's (`conflict_text`, `gap_text`), worded here in the window's
language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor, QFont

from cityplanner.domain.models import Stop
from cityplanner.domain.schedule import StopDates
from cityplanner.ui.shell._counts import plural
from cityplanner.ui.shell._dates import short_day
from cityplanner.ui.shell._icons import conflict_icon, icon

SCHEDULE_ROLES = frozenset(
    {
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


def arrival_cell(stops: Sequence[Stop], planned: Sequence[StopDates], row: int, role: int) -> Any:
    """The decoration, font, colour or tooltip of stop `row`'s arrival."""
    if not 0 <= row < len(planned):
        return None
    dates = planned[row]
    conflict = conflict_text(stops, planned, row)
    if role == Qt.ItemDataRole.DecorationRole:
        if conflict:
            return conflict_icon()
        return icon("pin") if dates.pinned else None
    if role == Qt.ItemDataRole.FontRole and dates.pinned:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and conflict:
        return QColor("#b71c1c")
    if role == Qt.ItemDataRole.ToolTipRole:
        return conflict or _explain(stops, planned, row)
    return None


def conflict_background(planned: Sequence[StopDates], row: int) -> QColor | None:
    """A light red behind every cell of a stop whose dates collide."""
    if 0 <= row < len(planned) and planned[row].conflict:
        return QColor("#fde2e1")
    return None


def conflict_text(stops: Sequence[Stop], planned: Sequence[StopDates], row: int) -> str | None:
    """One sentence saying what collides at stop `row`, or None."""
    dates, city = planned[row], stops[row].place.name
    if dates.too_late:
        return QCoreApplication.translate(
            "Itinerary", "The stay in {city} would end after the year 9999."
        ).format(city=city)
    if dates.overlap_days <= 0:
        return None
    days = plural(dates.overlap_days, "day")
    if row == 0 or dates.arrival is None or dates.derived is None:
        return QCoreApplication.translate(
            "Itinerary", "{city} is pinned {days} before the trip's start."
        ).format(city=city, days=days)
    return QCoreApplication.translate(
        "Itinerary",
        "{city} is pinned to arrive on {arrival}, {days} before the stay in {before} ends ({end}).",
    ).format(
        city=city,
        arrival=short_day(dates.arrival, year=True),
        days=days,
        before=stops[row - 1].place.name,
        end=short_day(dates.derived, year=True),
    )


def gap_text(stops: Sequence[Stop], planned: Sequence[StopDates], row: int) -> str | None:
    """A notice of free days before a pinned stop, or None."""
    days = planned[row].gap_days
    if days <= 0:
        return None
    return QCoreApplication.translate("Itinerary", "{days} free before {city}.").format(
        days=plural(days, "day"), city=stops[row].place.name
    )


def _explain(stops: Sequence[Stop], planned: Sequence[StopDates], row: int) -> str:
    dates = planned[row]
    if dates.pinned:
        note = QCoreApplication.translate(
            "Itinerary", "Pinned: this date stays when the stops before it change."
        )
        gap = gap_text(stops, planned, row)
        return f"{note}\n{gap}" if gap else note
    if dates.arrival is not None:
        return QCoreApplication.translate(
            "Itinerary", "Follows the previous stop's departure. Type a date to pin it."
        )
    return QCoreApplication.translate(
        "Itinerary", "The trip has no start date yet: Trip → Set start date…"
    )


def as_qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day is not None else QDate()
