"""A whole trip as portable records: read from the store, and written back in one go.

A trip file (`cityplanner.formats.trip_file`) carries a trip between CityPlanner users.
Its objects are *records*: plain JSON values, one dict per object, naming other objects
by uid rather than by row id (which differ between two databases). This module reads a
stored trip as records, writes records back in one transaction (adding, changing and
removing rows matched by uid). What was exchanged, each object's record as a trip file
carried it, is kept by `sync_bases`.

Records are read and written by one small function per kind of object
(`sync_records`), and named in `KINDS`. A track's points travel beside its record, as
the packed bytes the store keeps, keyed by their hash (`StoredTrip.track_points`,
`WritePlan.track_points`): a record stays small enough to compare and to keep as a base.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlite_utils import Database

from cityplanner.domain.errors import StoreError
from cityplanner.store import legs
from cityplanner.store.database import writing
from cityplanner.store.rows import Row, fetch_rows
from cityplanner.store.schedule import redate
from cityplanner.store.sync_records import (
    QUERIES,
    READERS,
    TAG_TABLES,
    WRITERS,
    Record,
    tags_of,
    trip_record,
    trip_row,
)

log = logging.getLogger(__name__)


#: The kinds of objects a trip holds besides the trip itself, in the order they are written
#: (an object is written after those it names).
KINDS = ("stops", "sites", "journal", "costs", "photos", "tracks")


@dataclass
class TripRecords:
    """A trip and everything in it, as records keyed by uid (in each kind's order)."""

    trip: Record
    objects: dict[str, dict[str, Record]] = field(default_factory=dict)

    @property
    def uid(self) -> str:
        return str(self.trip["uid"])

    def of(self, kind: str) -> dict[str, Record]:
        return self.objects.setdefault(kind, {})


@dataclass
class StoredTrip:
    """A stored trip's records with what only this database knows: row ids, photo files."""

    records: TripRecords
    trip_id: int
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    """(kind, uid) → row id, so that undo can put removed rows back under their ids."""
    photo_files: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """A photo's uid → its stored path and whether it is a copy beside the database."""
    track_points: dict[str, bytes] = field(default_factory=dict)
    """A track's points as stored (`pack_points`), by their SHA-256 (the record's `sha256`)."""


def trip_id_for_uid(db: Database, uid: str) -> int | None:
    """The id of the stored trip with this uid, or None."""
    row = db.execute("SELECT id FROM trips WHERE uid = ?", [uid]).fetchone()
    return int(row[0]) if row else None


# -- reading ----------------------------------------------------------------------------


def read_trip(db: Database, trip_id: int) -> StoredTrip:
    """The stored trip `trip_id` as records, with its row ids and photo files."""
    rows = fetch_rows(db, "SELECT * FROM trips WHERE id = ?", [trip_id])
    if not rows:
        from cityplanner.domain.errors import NotFoundError

        raise NotFoundError(f"There is no trip number {trip_id}.")
    rates = db.execute(
        "SELECT currency, rate FROM trip_rates WHERE trip_id = ? ORDER BY currency", [trip_id]
    ).fetchall()
    stored = StoredTrip(TripRecords(trip_record(rows[0], dict(rates))), trip_id)
    uids: dict[str, dict[int, str]] = {}
    for kind in KINDS:
        found = fetch_rows(db, QUERIES[kind], [trip_id])
        tags = tags_of(db, kind, [r["id"] for r in found])
        uids[kind] = {r["id"]: r["uid"] for r in found}
        records = stored.records.of(kind)
        for row in found:
            records[row["uid"]] = READERS[kind](row, uids, tags.get(row["id"], []))
            stored.ids[(kind, row["uid"])] = row["id"]
            if kind == "photos":
                stored.photo_files[row["uid"]] = (str(row["path"]), bool(row["copied"]))
            elif kind == "tracks":
                stored.track_points[records[row["uid"]]["sha256"]] = bytes(row["points"])
    return stored


# -- writing ----------------------------------------------------------------------------


@dataclass
class WritePlan:
    """What `write_trip` makes of a trip: the records it should hold afterwards.

    `ids` gives rows to put back under their old ids (undo); `photo_files` the stored path
    of each photo to add (a photo without one is recorded as missing, by its file name);
    `track_points` the packed points of every track written, by their hash.
    """

    records: TripRecords
    ids: Mapping[tuple[str, str], int] = field(default_factory=dict)
    photo_files: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    track_points: Mapping[str, bytes] = field(default_factory=dict)


def write_trip(db: Database, plan: WritePlan, *, what: str = "import the trip") -> int:
    """Make the stored trip with `plan`'s uid hold exactly `plan.records`; returns its id.

    A trip not stored yet is added. Only objects whose record differs from the stored one
    are written, so the others keep their `modified_at`; stored objects that `records`
    lacks are removed. All of it is one transaction (the caller's, if it opened one).
    """
    with writing(db, what):
        records = plan.records
        trip_id = trip_id_for_uid(db, records.uid)
        if trip_id is None:
            trip_id = _insert(
                db, "trips", trip_row(records.trip), plan.ids.get(("trip", records.uid))
            )
            _write_rates(db, trip_id, records.trip)
            stored = StoredTrip(TripRecords({}), trip_id)
        else:
            stored = read_trip(db, trip_id)
            if _differs(stored.records.trip, records.trip):
                _update(db, "trips", trip_id, trip_row(records.trip))
                _write_rates(db, trip_id, records.trip)
        ids = dict(stored.ids)
        # Removals first, children before parents, so that cascades touch nothing kept.
        for kind in reversed(KINDS):
            wanted = records.of(kind)
            for uid in stored.records.of(kind):
                if uid not in wanted:
                    db.execute(f"DELETE FROM {kind} WHERE id = ?", [ids.pop((kind, uid))])
        for kind in KINDS:
            before = stored.records.of(kind)
            for uid, record in records.of(kind).items():
                key = (kind, uid)
                if uid in before and not _differs(before[uid], record):
                    continue
                row = WRITERS[kind](record, trip_id, ids)
                if kind == "tracks":
                    row["points"] = _points_of(plan, record)
                if key in ids:
                    _update(db, kind, ids[key], row)
                else:
                    if kind == "photos":
                        path, copied = plan.photo_files.get(uid, (record["original"], False))
                        row.update(path=path, copied=int(copied))
                    ids[key] = _insert(db, kind, row, plan.ids.get(key))
                if kind in TAG_TABLES and (
                    uid not in before or before[uid]["tags"] != record["tags"]
                ):
                    _write_tags(db, kind, ids[key], record["tags"])
        _renumber(db, trip_id, records)
        redate(db, trip_id)
        legs.forget(db, trip_id)
        legs.fill(db, trip_id)
    return trip_id


def _points_of(plan: WritePlan, record: Record) -> bytes:
    points = plan.track_points.get(record["sha256"])
    if points is None:
        raise StoreError(f"The points of the track {record['name']!r} are missing.")
    return points


def _differs(stored: Record, record: Record) -> bool:
    """Whether `record` says anything else than the stored record (keys it alone has aside)."""
    return any(record.get(key) != value for key, value in stored.items() if key in record) or (
        not stored
    )


def _insert(db: Database, table: str, row: Row, row_id: int | None) -> int:
    if (
        row_id is not None
        and not db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone()
    ):
        row = {"id": row_id, **row}
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def _update(db: Database, table: str, row_id: int, row: Row) -> None:
    assignments = ", ".join(f"{column} = ?" for column in row)
    db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*row.values(), row_id])


def _write_rates(db: Database, trip_id: int, trip: Record) -> None:
    rates: Mapping[str, str] = trip.get("rates") or {}
    db.execute("DELETE FROM trip_rates WHERE trip_id = ?", [trip_id])
    db.conn.executemany(
        "INSERT INTO trip_rates (trip_id, currency, rate) VALUES (?, ?, ?)",
        [(trip_id, currency, str(rate)) for currency, rate in sorted(rates.items())],
    )
    # The rates' triggers stamped the trip now; it keeps the time its record says.
    _keep_stamp(db, "trips", trip_id, trip["modified_at"])


def _keep_stamp(db: Database, table: str, row_id: int, stamp: str) -> None:
    """Put back a row's `modified_at` that its tags' or rates' triggers moved (setting it to
    the value it already has would count as an edit, and stamp it now)."""
    db.execute(
        f"UPDATE {table} SET modified_at = ? WHERE id = ? AND modified_at IS NOT ?",
        [stamp, row_id, stamp],
    )


def _write_tags(db: Database, kind: str, row_id: int, tags: list[str]) -> None:
    table, key = TAG_TABLES[kind]
    owner = kind
    stamp = db.execute(f"SELECT modified_at FROM {owner} WHERE id = ?", [row_id]).fetchone()[0]
    db.execute(f"DELETE FROM {table} WHERE {key} = ?", [row_id])
    db.conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(row_id, tag) for tag in tags])
    _keep_stamp(db, owner, row_id, stamp)


def _renumber(db: Database, trip_id: int, records: TripRecords) -> None:
    """Stops take the positions 0, 1, 2… in the order of their records' positions."""
    ordered = sorted(records.of("stops").values(), key=lambda r: (r["position"], r["uid"]))
    db.conn.executemany(
        "UPDATE stops SET position = ? WHERE trip_id = ? AND uid = ? AND position != ?",
        [(i, trip_id, r["uid"], i) for i, r in enumerate(ordered)],
    )
