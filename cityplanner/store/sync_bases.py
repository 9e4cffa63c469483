"""What a database remembers of the trip files it exchanged: each file's records, by its id.

An exchange (table `sync_exchange`, its records in `sync_record`) is one trip file
written or read, with every object's record as the file carried it. The *base* is what
tells a local edit from an incoming one: the state both sides are known to have held,
their common ancestor. One base per trip is not enough. A database that exports twice
cannot know which of its files the other side received (perhaps both, by two people), and
the base of its second export would read the first's receiver's state as edits of theirs,
reverting the exporter's own edits since. So each *exchange* is kept with the content of
its file, named by the file's id: the last `KEPT_FILES` files this database wrote for the
trip, and as many of those it read. A file says which exchanges its writer's trip
descends from (`based_on`: the ids of the writer's remembered exchanges, latest first);
the reader merges against the first of those it remembers too, or the file itself if it
is one of its own (`common_base`). When it remembers none of them, the last file it read
still tells what was removed since, but not who changed what (`Base.known` is false):
every difference is then for a person to settle.

A base is the content of the file, not the merged result of an import, so that a local
edit kept against an incoming one still reads as a local edit next time. It is kept
whole, field by field, rather than as a hash, so that two people changing different
fields of one stop do not conflict. It is keyed by the trip's uid, so it survives the
trip's removal and return by undo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from cityplanner.store.database import writing
from cityplanner.store.sync import TripRecords
from cityplanner.store.sync_records import Record

#: How many of the files it wrote for a trip, and of those it read, a database remembers
#: the content of: enough for a trip sent to several people, each answering in turn.
KEPT_FILES = 20


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


def remember(db: Database, records: TripRecords, state: SyncState) -> int:
    """Remember a file written or read for the trip (`state.direction`); the oldest beyond
    the last `KEPT_FILES` of that direction are forgotten. Returns the exchange's id."""
    with writing(db, "remember the exchanged trip"):
        cursor = db.execute(
            "INSERT INTO sync_exchange (trip_uid, file_id, direction, synced_at, "
            "file_exported_at) VALUES (?, ?, ?, ?, ?)",
            [records.uid, state.file_id, state.direction, state.synced_at,
             state.file_exported_at],
        )  # fmt: skip
        exchange = int(cursor.lastrowid or 0)
        rows = [(exchange, "trip", records.uid, _dump(records.trip))]
        rows += [
            (exchange, kind, uid, _dump(record))
            for kind in records.objects
            for uid, record in records.objects[kind].items()
        ]
        db.conn.executemany("INSERT INTO sync_record VALUES (?, ?, ?, ?)", rows)
        db.execute(
            "DELETE FROM sync_exchange WHERE trip_uid = ? AND direction = ? AND id NOT IN "
            "(SELECT id FROM sync_exchange WHERE trip_uid = ? AND direction = ? "
            "ORDER BY id DESC LIMIT ?)",
            [records.uid, state.direction, records.uid, state.direction, KEPT_FILES],
        )
    return exchange


def forget(db: Database, exchange_id: int) -> None:
    """Forget one exchange (undo of the import that remembered it)."""
    with writing(db, "forget the exchanged trip"):
        db.execute("DELETE FROM sync_exchange WHERE id = ?", [exchange_id])


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
