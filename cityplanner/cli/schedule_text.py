"""How the command line words a trip's dates: long dates, durations, moved stops, conflicts.

Shared by `show`, `days`, `edit-stop` and `set-start`, so they always say the same thing
the same way; dates and durations are worded by `cityplanner.domain.wording`, as in the
window.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import date
from typing import Any

from cityplanner.domain.models import Stop, Trip
from cityplanner.domain.schedule import StopDates, conflict_text, gap_text, trip_span
from cityplanner.domain.wording import about_hours, long_date

__all__ = ["about_hours", "long_date"]  # also used by days and dates


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def set_start_hint(trip_ref: str) -> str:
    return f"cityplanner set-start {shlex.quote(trip_ref)} YYYY-MM-DD"


def notices(stops: Sequence[Stop], planned: Sequence[StopDates]) -> list[str]:
    """One line per conflict ("Conflict: …") and per gap of free days ("Note: …")."""
    lines: list[str] = []
    for index in range(len(stops)):
        conflict = conflict_text(stops, planned, index)
        if conflict:
            lines.append(f"Conflict: {conflict}")
        gap = gap_text(stops, planned, index)
        if gap:
            lines.append(f"Note: {gap}")
    return lines


def conflict_count(planned: Sequence[StopDates]) -> int:
    return sum(1 for dates in planned if dates.conflict)


def span_json(trip: Trip, planned: Sequence[StopDates]) -> dict[str, Any]:
    """`start`, `end` and `days` of a trip: its first and last day, both counted."""
    span = trip_span(planned)
    if span is None:
        return {"start": iso(trip.start), "end": None, "days": None}
    return {"start": iso(span.start), "end": iso(span.end), "days": span.days}


def span_line(planned: Sequence[StopDates]) -> str | None:
    """ "Mon 2 Oct 2017 to Sun 22 Oct 2017, 21 days", or None for an undated trip."""
    span = trip_span(planned)
    if span is None:
        return None
    count = f"{span.days} day{'s' if span.days != 1 else ''}"
    return f"{long_date(span.start)} to {long_date(span.end)}, {count}"


def moved_lines(
    before: Sequence[Stop], after: Sequence[Stop], *, skip: int | None = None
) -> list[str]:
    """One line per stop whose arrival changed, by stop id; `skip` leaves one stop out."""
    old = {stop.id: stop.arrival for stop in before}
    lines: list[str] = []
    for stop in after:
        if stop.id == skip or stop.id not in old or old[stop.id] == stop.arrival:
            continue
        lines.append(
            f"  {stop.position + 1}. {stop.place.name}: "
            f"{_day_or_none(old[stop.id])} → {_day_or_none(stop.arrival)}"
        )
    return lines


def _day_or_none(day: date | None) -> str:
    return long_date(day) if day is not None else "no date"
