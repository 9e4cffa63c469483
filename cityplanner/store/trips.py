"""Trips and their ordered stops."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlite_utils import Database

from cityplanner.domain.errors import AmbiguousError, NotFoundError, ValidationError
from cityplanner.domain.models import Stop, Trip
from cityplanner.domain.validation import check_name, check_text, parse_date
from cityplanner.store import legs
from cityplanner.store.database import writing
from cityplanner.store.rows import fetch_rows, new_uid, stop_from_row, stop_to_row, trip_from_row
from cityplanner.store.schedule import iso as _iso
from cityplanner.store.schedule import redate


@dataclass(frozen=True, slots=True)
class TripSummary:
    """What a list of trips shows about each one."""

    trip: Trip
    stop_count: int
    first_date: date | None
    last_date: date | None
    km: float = 0.0
    """The geodesic length of the route, kept by the store as stops change."""


class TripRepository:
    """Reads and writes trips and stops; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- trips -------------------------------------------------------------
    def list(self) -> builtins.list[Trip]:
        return [trip_from_row(r) for r in fetch_rows(self._db, "SELECT * FROM trips ORDER BY id")]

    def summaries(self) -> builtins.list[TripSummary]:
        rows = fetch_rows(
            self._db,
            """
            SELECT t.*, COUNT(s.id) AS stop_count, MIN(s.arrival) AS first_arrival,
                   MAX(date(s.arrival, '+' || s.nights || ' days')) AS last_departure,
                   TOTAL(s.leg_km) AS km
            FROM trips t LEFT JOIN stops s ON s.trip_id = t.id
            GROUP BY t.id ORDER BY t.id
            """,
        )
        return [
            TripSummary(
                trip=trip_from_row(r),
                stop_count=r["stop_count"],
                first_date=parse_date(r["first_arrival"]),
                last_date=parse_date(r["last_departure"]),
                km=float(r["km"]),
            )
            for r in rows
        ]

    def get(self, trip_id: int) -> Trip:
        rows = fetch_rows(self._db, "SELECT * FROM trips WHERE id = ?", [trip_id])
        if not rows:
            raise NotFoundError(f"There is no trip number {trip_id}.")
        return trip_from_row(rows[0])

    def find(self, ref: str) -> Trip:
        """The trip named by `ref`: its id, or its name in any letter case."""
        text = ref.strip()
        if text.isdigit():
            by_id = fetch_rows(self._db, "SELECT * FROM trips WHERE id = ?", [int(text)])
            if by_id:
                return trip_from_row(by_id[0])
        folded = text.casefold()
        matches = [t for t in self.list() if t.name.casefold() == folded]
        if not matches:
            matches = [t for t in self.list() if folded and folded in t.name.casefold()]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"No trip is called {ref!r}. List them with: cityplanner trips")
        names = [f"{t.id}: {t.name}" for t in matches]
        raise AmbiguousError(
            f"{ref!r} matches {len(matches)} trips ({'; '.join(names)}); give its number instead.",
            names,
        )

    def create(self, name: str, description: str = "", *, start: date | None = None) -> Trip:
        trip = Trip(name=name, description=description, start=start, uid=new_uid())
        with writing(self._db, "create the trip"):
            cursor = self._db.execute(
                "INSERT INTO trips (name, description, start, uid) VALUES (?, ?, ?, ?)",
                [trip.name, trip.description, _iso(trip.start), trip.uid],
            )
        return replace(trip, id=cursor.lastrowid)

    def update(self, trip: Trip) -> Trip:
        """Save a trip's name and description (its start is changed with `set_start`)."""
        self.get(_require_id(trip.id))
        with writing(self._db, "save the trip"):
            self._db.execute(
                "UPDATE trips SET name = ?, description = ? WHERE id = ?",
                [check_name(trip.name, "Trip name"), check_text(trip.description), trip.id],
            )
        return self.get(_require_id(trip.id))

    def set_start(self, trip_id: int, start: date | None) -> Trip:
        """Give the trip another start date; every unpinned stop follows, in one transaction."""
        trip = self.get(trip_id)
        if (
            start is None
            and self._db.execute(
                "SELECT 1 FROM stops WHERE trip_id = ? AND pinned = 1 LIMIT 1", [trip_id]
            ).fetchone()
        ):
            raise ValidationError(
                f"{trip.name!r} has pinned arrivals, which need a start date; let them follow "
                "first (Trip → Let arrival follow, or edit-stop TRIP POS --unpin)."
            )
        with writing(self._db, "change the start date"):
            self._db.execute("UPDATE trips SET start = ? WHERE id = ?", [_iso(start), trip_id])
            self._redate(trip_id)
        return self.get(trip_id)

    def delete(self, trip_id: int) -> None:
        """Remove a trip with its stops, sites and journal, all at once."""
        self.get(trip_id)
        with writing(self._db, "delete the trip"):
            self._db.execute("DELETE FROM trips WHERE id = ?", [trip_id])

    def restore(self, trip: Trip) -> Trip:
        """Put back a deleted trip under its original id (for undo)."""
        with writing(self._db, "restore the trip"):
            self._db.execute(
                "INSERT INTO trips (id, name, description, start, uid, home_currency, budget, "
                "travellers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    trip.id,
                    trip.name,
                    trip.description,
                    _iso(trip.start),
                    trip.uid or new_uid(),
                    trip.home_currency,
                    str(trip.budget) if trip.budget is not None else None,
                    trip.travellers,
                ],
            )
        return trip

    # -- stops -------------------------------------------------------------
    def stops(self, trip_id: int) -> builtins.list[Stop]:
        """The trip's stops in order, each with the length of the leg reaching it (`leg_km`)."""
        rows = fetch_rows(
            self._db, "SELECT * FROM stops WHERE trip_id = ? ORDER BY position", [trip_id]
        )
        stops = [stop_from_row(r) for r in rows]
        kms = legs.vetted(
            [(s.place.lat, s.place.lon) for s in stops], [r.get("leg_km") for r in rows]
        )
        for stop, km in zip(stops, kms, strict=True):
            # Made just now and not yet shared: given its leg without a copy of each stop.
            object.__setattr__(stop, "leg_km", km)
        return stops

    def stop(self, stop_id: int) -> Stop:
        rows = fetch_rows(self._db, "SELECT * FROM stops WHERE id = ?", [stop_id])
        if not rows:
            raise NotFoundError(f"There is no stop number {stop_id}.")
        return stop_from_row(rows[0])

    def stop_count(self, trip_id: int) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM stops WHERE trip_id = ?", [trip_id])
        return int(row.fetchone()[0])

    def add_stop(self, trip_id: int, stop: Stop, *, at: int | None = None) -> Stop:
        """Insert `stop` at index `at` (default: the end); later stops move down."""
        self.get(trip_id)
        count = self.stop_count(trip_id)
        index = count if at is None else at
        _check_index(index, count + 1)
        new = replace(stop, trip_id=trip_id, position=index, id=stop.id)
        with writing(self._db, "add the stop"):
            self._shift(trip_id, index, +1)
            stop_id = self._insert_stop(new)
            self._legs(trip_id, [index, index + 1])
            self._redate(trip_id, adopt=True)
        return self.stop(stop_id)

    def add_stops(self, trip_id: int, stops: builtins.list[Stop]) -> builtins.list[Stop]:
        """Append many stops in one transaction (imports, demo data)."""
        self.get(trip_id)
        start = self.stop_count(trip_id)
        added: builtins.list[Stop] = []
        with writing(self._db, "add the stops"):
            for offset, stop in enumerate(stops):
                new = _placed(stop, trip_id, start + offset, None, stop.uid or new_uid())
                added.append(_placed(new, trip_id, start + offset, self._insert_stop(new)))
            self._legs(trip_id, [])  # the new stops' legs are not known yet
            if any(stop.arrival is not None for stop in stops):
                self._redate(trip_id, adopt=True)
                by_id = {s.id: s for s in self.stops(trip_id)}
                added = [by_id[s.id] for s in added]
            else:
                self._redate(trip_id)
        return added

    def restore_stop(self, stop: Stop) -> Stop:
        """Put back a removed stop under its original id and position (for undo)."""
        trip_id = _require_id(stop.trip_id)
        _check_index(stop.position, self.stop_count(trip_id) + 1)
        with writing(self._db, "restore the stop"):
            self._shift(trip_id, stop.position, +1)
            self._insert_stop(stop)
            self._legs(trip_id, [stop.position, stop.position + 1])
            self._redate(trip_id)
        return self.stop(_require_id(stop.id))

    def update_stop(self, stop: Stop) -> Stop:
        """Save a stop's place, dates, mode and notes; its position is kept."""
        current = self.stop(_require_id(stop.id))
        row = stop_to_row(
            replace(
                stop,
                trip_id=current.trip_id,
                position=current.position,
                uid=stop.uid or current.uid,
            )
        )
        assignments = ", ".join(f"{column} = ?" for column in row)
        with writing(self._db, "save the stop"):
            self._db.execute(
                f"UPDATE stops SET {assignments} WHERE id = ?", [*row.values(), stop.id]
            )
            if (stop.place.lat, stop.place.lon) != (current.place.lat, current.place.lon):
                trip_id = _require_id(current.trip_id)
                self._legs(trip_id, [current.position, current.position + 1])
            self._redate(_require_id(current.trip_id))
        return self.stop(_require_id(stop.id))

    def move_stop(self, stop_id: int, to_index: int) -> Stop:
        """Move a stop to index `to_index`, renumbering the others in one transaction."""
        stop = self.stop(stop_id)
        trip_id = _require_id(stop.trip_id)
        _check_index(to_index, self.stop_count(trip_id))
        start = stop.position
        if to_index != start:
            with writing(self._db, "move the stop"):
                if to_index > start:
                    self._db.execute(
                        "UPDATE stops SET position = position - 1 "
                        "WHERE trip_id = ? AND position > ? AND position <= ?",
                        [trip_id, start, to_index],
                    )
                else:
                    self._db.execute(
                        "UPDATE stops SET position = position + 1 "
                        "WHERE trip_id = ? AND position >= ? AND position < ?",
                        [trip_id, to_index, start],
                    )
                self._db.execute("UPDATE stops SET position = ? WHERE id = ?", [to_index, stop_id])
                low, high = min(start, to_index), max(start, to_index)
                self._legs(trip_id, range(low, high + 2))
                self._redate(trip_id)
        return self.stop(stop_id)

    def reorder(self, trip_id: int, stop_ids: builtins.list[int]) -> None:
        """Give the trip's stops the order of `stop_ids` (a permutation of them)."""
        current = {s.id for s in self.stops(trip_id)}
        if set(stop_ids) != current or len(stop_ids) != len(current):
            raise ValidationError("The new order must list every stop of the trip exactly once.")
        with writing(self._db, "reorder the stops"):
            for index, stop_id in enumerate(stop_ids):
                self._db.execute("UPDATE stops SET position = ? WHERE id = ?", [index, stop_id])
            self._legs(trip_id, None)
            self._redate(trip_id)

    def remove_stop(self, stop_id: int) -> Stop:
        """Delete a stop and its sites; later stops move up. Returns what was removed."""
        stop = self.stop(stop_id)
        with writing(self._db, "remove the stop"):
            self._db.execute("DELETE FROM stops WHERE id = ?", [stop_id])
            self._shift(_require_id(stop.trip_id), stop.position + 1, -1)
            self._legs(_require_id(stop.trip_id), [stop.position])
            self._redate(_require_id(stop.trip_id))
        return stop

    def remove_stops(self, stop_ids: builtins.list[int]) -> None:
        """Delete many stops (and their sites) at once; the rest keep their order."""
        if not stop_ids:
            return
        trips: set[int] = set()
        with writing(self._db, "remove the stops"):
            for start in range(0, len(stop_ids), 500):
                chunk = stop_ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                found = self._db.execute(
                    f"SELECT DISTINCT trip_id FROM stops WHERE id IN ({marks})", chunk
                )
                trips.update(row[0] for row in found.fetchall())
                self._db.execute(f"DELETE FROM stops WHERE id IN ({marks})", chunk)
            for trip_id in trips:
                self._db.execute(
                    """
                    WITH ordered AS (
                        SELECT id, ROW_NUMBER() OVER (ORDER BY position) - 1 AS new_position
                        FROM stops WHERE trip_id = ?
                    )
                    UPDATE stops SET position = ordered.new_position
                    FROM ordered WHERE stops.id = ordered.id
                    """,
                    [trip_id],
                )
                self._legs(trip_id, None)
                self._redate(trip_id)

    def _redate(self, trip_id: int, *, adopt: bool = False) -> None:
        redate(self._db, trip_id, adopt=adopt)

    def _legs(self, trip_id: int, positions: Iterable[int] | None) -> None:
        """Forget the legs arriving at `positions` (None: all), then measure what is unknown."""
        legs.forget(self._db, trip_id, positions)
        legs.fill(self._db, trip_id)

    # -- helpers -----------------------------------------------------------
    def _insert_stop(self, stop: Stop) -> int:
        row = stop_to_row(stop)
        if stop.id is not None:
            row = {"id": stop.id, **row}
        cursor = self._db.conn.execute(_insert_sql(tuple(row)), builtins.list(row.values()))
        return int(cursor.lastrowid or 0)

    def _shift(self, trip_id: int, from_index: int, delta: int) -> None:
        self._db.execute(
            "UPDATE stops SET position = position + ? WHERE trip_id = ? AND position >= ?",
            [delta, trip_id, from_index],
        )


@functools.cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    """The INSERT for these columns, built once: imports insert stops by the thousand."""
    return f"INSERT INTO stops ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _placed(
    stop: Stop, trip_id: int, position: int, stop_id: int | None, uid: str | None = None
) -> Stop:
    """`stop` with its trip, position and id set, without validating it again.

    `dataclasses.replace` re-runs every check, which doubles the time of a large
    import; the stop was validated when it was made, and only these three change.
    """
    placed = object.__new__(Stop)
    for name in Stop.__slots__:
        object.__setattr__(placed, name, getattr(stop, name))
    object.__setattr__(placed, "trip_id", trip_id)
    object.__setattr__(placed, "position", position)
    object.__setattr__(placed, "id", stop_id)
    if uid is not None:
        object.__setattr__(placed, "uid", uid)
    return placed


def _check_index(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise ValidationError(
            f"Position {index + 1} is out of range: the trip has positions 1 to {max(size, 1)}."
            if size > 0
            else "The trip has no stops yet."
        )


def _require_id(value: int | None) -> int:
    if value is None:
        raise ValidationError("This item has not been saved yet.")
    return value
