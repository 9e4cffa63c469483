"""A whole trip as portable records, and the state it was last exchanged in.

A trip file (`cityplanner.formats.trip_file`) carries a trip between CityPlanner users.
Its objects are *records*: plain JSON values, one dict per object, naming other objects
by uid rather than by row id (which differ between two databases). This module reads a
stored trip as records, writes records back in one transaction (adding, changing and
removing rows matched by uid), and keeps the *base*: each object's record as it was in
the last trip file imported or exported for that trip.

The base is what tells a local edit from an incoming one: the state both sides are known
to have held, their common ancestor. One base per trip is not enough. A database that
exports twice cannot know which of its files the other side received (perhaps both, by
two people), and the base of its second export would read the first's receiver's state
as edits of theirs, reverting the exporter's own edits since. So each *exchange* is kept
with the content of its file, named by the file's id: the last `KEPT_EXPORTS` files this
database wrote for the trip, and the last one it read. A file says which exchanges its
writer's trip descends from (`based_on`: the ids of the writer's remembered exchanges,
latest first); the reader merges against the first of those it remembers too, or the
file itself if it is one of its own (`common_base`). When it remembers none of them, the
last file it read still tells what was removed since, but not who changed what
(`Base.known` is false): every difference is then for a person to settle.

A base is the content of the file, not the merged result of an import, so that a local
edit kept against an incoming one still reads as a local edit next time. It is kept
whole, field by field, rather than as a hash, so that two people changing different
fields of one stop do not conflict. It is keyed by the trip's uid, so it survives the
trip's removal and return by undo.

Records are read and written by one small function per kind of object
(`sync_records`); the file's `"tracks"` member will be one more pair there, and a name
in `KINDS`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlite_utils import Database

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
KINDS = ("stops", "sites", "journal", "costs", "photos")


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


#: How many of the files it wrote for a trip a database remembers the content of: enough
#: for a trip sent to several people, each answering after a few more exports.
KEPT_EXPORTS = 20


@dataclass(frozen=True, slots=True)
class SyncState:
    """One exchange of a trip through a trip file: when, which way, and which file (its id,
    and when it was written)."""

    synced_at: str
    direction: str
    file_exported_at: str
    file_id: str = ""


@dataclass(frozen=True, slots=True)
class Base:
    """What an incoming file is merged against: `known` when it is the common ancestor of
    the file and the stored trip, else the last file read (or nothing)."""

    records: TripRecords | None
    known: bool
    state: SyncState | None = None


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
    return stored


# -- writing ----------------------------------------------------------------------------


@dataclass
class WritePlan:
    """What `write_trip` makes of a trip: the records it should hold afterwards.

    `ids` gives rows to put back under their old ids (undo); `photo_files` the stored path
    of each photo to add (a photo without one is recorded as missing, by its file name).
    """

    records: TripRecords
    ids: Mapping[tuple[str, str], int] = field(default_factory=dict)
    photo_files: Mapping[str, tuple[str, bool]] = field(default_factory=dict)


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


# -- the bases -------------------------------------------------------------------------


def save_export(db: Database, records: TripRecords, state: SyncState) -> None:
    """Remember a file written for the trip, and forget those beyond the last `KEPT_EXPORTS`."""
    with writing(db, "remember the exported trip"):
        _add_exchange(db, records.uid, records, state)
        db.execute(
            "DELETE FROM sync_exchange WHERE trip_uid = ? AND direction = 'export' AND id NOT IN "
            "(SELECT id FROM sync_exchange WHERE trip_uid = ? AND direction = 'export' "
            "ORDER BY id DESC LIMIT ?)",
            [records.uid, records.uid, KEPT_EXPORTS],
        )


def save_import(
    db: Database, records: TripRecords | None, state: SyncState | None, *, trip_uid: str
) -> None:
    """Remember `records` as the last file read for the trip (None: no file read)."""
    with writing(db, "remember the imported trip"):
        db.execute(
            "DELETE FROM sync_exchange WHERE trip_uid = ? AND direction = 'import'", [trip_uid]
        )
        if records is not None and state is not None:
            _add_exchange(db, trip_uid, records, state)


def _add_exchange(db: Database, trip_uid: str, records: TripRecords, state: SyncState) -> None:
    cursor = db.execute(
        "INSERT INTO sync_exchange (trip_uid, file_id, direction, synced_at, file_exported_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [trip_uid, state.file_id, state.direction, state.synced_at, state.file_exported_at],
    )
    exchange = cursor.lastrowid
    rows = [(exchange, "trip", trip_uid, _dump(records.trip))]
    rows += [
        (exchange, kind, uid, _dump(record))
        for kind in records.objects
        for uid, record in records.objects[kind].items()
    ]
    db.conn.executemany("INSERT INTO sync_record VALUES (?, ?, ?, ?)", rows)


def exchange_ids(db: Database, trip_uid: str) -> list[str]:
    """The ids of the trip's remembered files, the latest first: what a new file is based on."""
    rows = db.execute(
        "SELECT file_id FROM sync_exchange WHERE trip_uid = ? AND file_id != '' "
        "ORDER BY synced_at DESC, id DESC",
        [trip_uid],
    ).fetchall()
    return list(dict.fromkeys(row[0] for row in rows))


def read_import(db: Database, trip_uid: str) -> tuple[TripRecords, SyncState] | None:
    """The last file read for the trip, with its exchange, or None."""
    return _read_exchange(db, "trip_uid = ? AND direction = 'import'", [trip_uid])


def read_exchange(
    db: Database, trip_uid: str, file_id: str
) -> tuple[TripRecords, SyncState] | None:
    """The remembered file `file_id` of the trip (written or read here), or None."""
    if not file_id:
        return None
    return _read_exchange(db, "trip_uid = ? AND file_id = ?", [trip_uid, file_id])


def common_base(db: Database, trip_uid: str, names: list[str]) -> Base:
    """The base to merge a file against: the first of `names` (the file's own id, then those
    it is based on) that this database remembers, else the last file read, not known."""
    for name in names:
        found = read_exchange(db, trip_uid, name)
        if found is not None:
            return Base(found[0], True, found[1])
    last = read_import(db, trip_uid)
    return Base(last[0], False, last[1]) if last else Base(None, False)


def _read_exchange(
    db: Database, where: str, params: list[str]
) -> tuple[TripRecords, SyncState] | None:
    row = db.execute(
        "SELECT id, synced_at, direction, file_exported_at, file_id FROM sync_exchange "
        f"WHERE {where} ORDER BY id DESC LIMIT 1",
        params,
    ).fetchone()
    if row is None:
        return None
    rows = db.execute(
        "SELECT kind, uid, record FROM sync_record WHERE exchange_id = ? ORDER BY rowid",
        [row[0]],
    ).fetchall()
    trip = next((json.loads(r) for k, _, r in rows if k == "trip"), None)
    if trip is None:
        return None
    base = TripRecords(trip)
    for kind, uid, record in rows:
        if kind != "trip":
            base.of(kind)[uid] = json.loads(record)
    return base, SyncState(*row[1:])


def _dump(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)
