"""Keeping stored arrivals equal to the schedule: every write that moves dates calls `redate`."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.schedule import adopt_timeline, plan_timeline
from cityplanner.domain.validation import parse_date


def redate(db: Database, trip_id: int, *, adopt: bool = False) -> None:
    """Give every unpinned stop its derived arrival, inside the caller's transaction.

    With `adopt`, dates the stops were given (an import, a stop added with a date) are
    kept: the first sets an undated trip's start, and any that do not follow are pinned.
    """
    found = db.execute("SELECT start FROM trips WHERE id = ?", [trip_id]).fetchone()
    start = parse_date(found[0]) if found else None
    rows = db.execute(
        "SELECT id, arrival, nights, pinned, name FROM stops WHERE trip_id = ? ORDER BY position",
        [trip_id],
    ).fetchall()
    stored = [parse_date(row[1]) for row in rows]
    pins = [bool(row[3]) and stored[i] is not None for i, row in enumerate(rows)]
    if adopt:
        adopted, new_pins = adopt_timeline(
            start, [(a, row[2]) for a, row in zip(stored, rows, strict=True)], pinned=pins
        )
        if adopted != start:
            start = adopted
            db.execute("UPDATE trips SET start = ? WHERE id = ?", [iso(start), trip_id])
        changed = [
            (int(p), row[0]) for p, old, row in zip(new_pins, pins, rows, strict=True) if p != old
        ]
        db.conn.executemany("UPDATE stops SET pinned = ? WHERE id = ?", changed)
        pins = new_pins
    if start is None and any(pins):
        raise ValidationError(
            "This trip has no start date yet, so no arrival can be pinned; "
            "set the trip's start date first."
        )
    planned = plan_timeline(
        start, [(a, row[2], p) for a, row, p in zip(stored, rows, pins, strict=True)]
    )
    for dates, row in zip(planned, rows, strict=True):
        if dates.too_late:
            raise ValidationError(
                f"{row[2]} nights in {row[4]} from {dates.arrival} would go past the year 9999."
            )
    db.conn.executemany(
        "UPDATE stops SET arrival = ? WHERE id = ?",
        [
            (iso(dates.arrival), row[0])
            for dates, old, row in zip(planned, stored, rows, strict=True)
            if dates.arrival != old
        ],
    )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
