"""Keeping stored arrivals equal to the schedule: every write that moves dates calls `redate`."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.schedule import adopt_timeline, plan_arrivals


def redate(db: Database, trip_id: int, *, adopt: bool = False) -> None:
    """Give every unpinned stop its derived arrival, inside the caller's transaction.

    With `adopt`, dates the stops were given (an import, a stop added with a date) are
    kept: the first sets an undated trip's start, and any that do not follow are pinned.
    """
    found = db.execute("SELECT start FROM trips WHERE id = ?", [trip_id]).fetchone()
    start = date.fromisoformat(found[0]) if found and found[0] else None
    rows = db.execute(
        "SELECT id, arrival, nights, pinned, name FROM stops WHERE trip_id = ? ORDER BY position",
        [trip_id],
    ).fetchall()
    # Stored dates were validated when written: read them without the checks of parse_date.
    stored = [date.fromisoformat(row[1]) if row[1] else None for row in rows]
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
    arrivals, departures = plan_arrivals(
        start, [(a, row[2], p) for a, row, p in zip(stored, rows, pins, strict=True)]
    )
    for arrival, departure, row in zip(arrivals, departures, rows, strict=True):
        if arrival is not None and departure is None:
            raise ValidationError(
                f"{row[2]} nights in {row[4]} from {arrival} would go past the year 9999."
            )
    db.conn.executemany(
        "UPDATE stops SET arrival = ? WHERE id = ?",
        [
            (arrival.isoformat() if arrival else None, row[0])
            for arrival, old, row in zip(arrivals, stored, rows, strict=True)
            if arrival != old
        ],
    )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
