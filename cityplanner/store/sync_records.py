"""The records of a trip file, one small function per kind of object: read from a row, and
written back to one.

A record names other objects by uid (`Uids` maps each kind's row ids to uids while
reading; the writers map uids back to the ids of this database). Adding a kind of object
is a query, a reader and a writer here, and its name in `sync.KINDS`.

Recorded tracks are one such kind, with one difference: their points are no field of
the record. A track record names its points by the SHA-256 of their packed form
(`cityplanner.store.tracks.pack_points`), which the trip file carries as a member of its
own (`tracks/<sha256>.bin`); the writer leaves the points to `sync.write_trip`, which
takes them from its plan by that hash. A track is never edited in place in CityPlanner,
so it has no `modified_at`: a track that differs is a track replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from sqlite_utils import Database

from cityplanner.store.rows import Row

Record = dict[str, Any]
Ids = Mapping[tuple[str, str], int]

QUERIES = {
    "stops": "SELECT * FROM stops WHERE trip_id = ? ORDER BY position, id",
    "sites": "SELECT s.*, p.position AS stop_position FROM sites s JOIN stops p "
    "ON p.id = s.stop_id WHERE p.trip_id = ? ORDER BY p.position, s.id",
    "journal": "SELECT * FROM journal WHERE trip_id = ? ORDER BY day, id",
    "costs": "SELECT * FROM costs WHERE trip_id = ? ORDER BY id",
    "photos": "SELECT * FROM photos WHERE trip_id = ? ORDER BY taken_at IS NULL, taken_at, id",
    "tracks": "SELECT * FROM tracks WHERE trip_id = ? ORDER BY started_at IS NULL, started_at, id",
}

TAG_TABLES = {"sites": ("site_tags", "site_id"), "journal": ("journal_tags", "entry_id")}


def tags_of(db: Database, kind: str, ids: list[int]) -> dict[int, list[str]]:
    if kind not in TAG_TABLES or not ids:
        return {}
    table, key = TAG_TABLES[kind]
    found: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        cursor = db.execute(
            f"SELECT {key}, tag FROM {table} WHERE {key} IN ({marks}) ORDER BY rowid", chunk
        )
        for owner, tag in cursor.fetchall():
            found.setdefault(owner, []).append(tag)
    return found


Uids = dict[str, dict[int, str]]


def _ref(uids: Uids, kind: str, row_id: int | None) -> str | None:
    return None if row_id is None else uids[kind].get(row_id)


def trip_record(row: Row, rates: dict[str, str]) -> Record:
    return {
        "uid": row["uid"],
        "name": row["name"],
        "description": row["description"],
        "start": row["start"],
        "home_currency": row["home_currency"],
        "budget": row["budget"],
        "travellers": row["travellers"],
        "rates": rates,
        "created_at": row["created_at"],
        "modified_at": row["modified_at"],
    }


def _stop_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    return {
        "uid": row["uid"],
        "position": row["position"],
        "name": row["name"],
        "country_code": row["country_code"],
        "admin1": row["admin1"],
        "lat": row["lat"],
        "lon": row["lon"],
        "timezone": row["timezone"],
        "population": row["population"],
        "source_id": row["source_id"],
        "approximate": bool(row["approximate"]),
        "arrival": row["arrival"],
        "nights": row["nights"],
        "pinned": bool(row["pinned"]),
        "mode": row["mode"],
        "notes": row["notes"],
        "leg_km": row["leg_km"],
        "modified_at": row["modified_at"],
    }


def _site_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    return {
        "uid": row["uid"],
        "stop": _ref(uids, "stops", row["stop_id"]),
        "name": row["name"],
        "theme": row["theme"],
        "status": row["status"],
        "lat": row["lat"],
        "lon": row["lon"],
        "approximate": bool(row["approximate"]),
        "address": row["address"],
        "url": row["url"],
        "description": row["description"],
        "tags": tags,
        "day_of_stay": row["day_of_stay"],
        "start_time": row["start_time"],
        "minutes": row["minutes"],
        "modified_at": row["modified_at"],
    }


def _entry_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    return {
        "uid": row["uid"],
        "day": row["day"],
        "title": row["title"],
        "body": row["body"],
        "stop": _ref(uids, "stops", row["stop_id"]),
        "site": _ref(uids, "sites", row["site_id"]),
        "tags": tags,
        "modified_at": row["modified_at"],
    }


def _cost_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    return {
        "uid": row["uid"],
        "amount": row["amount"],
        "currency": row["currency"],
        "category": row["category"],
        "day": row["day"],
        "paid": bool(row["paid"]),
        "refund": bool(row["refund"]),
        "rate": row["rate"],
        "note": row["note"],
        "stop": _ref(uids, "stops", row["stop_id"]),
        "site": _ref(uids, "sites", row["site_id"]),
        "leg_stop": _ref(uids, "stops", row["leg_stop_id"]),
        "modified_at": row["modified_at"],
    }


def _photo_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    original = str(row["original"] or row["path"])
    return {
        "uid": row["uid"],
        "sha256": row["sha256"],
        "size": row["size"],
        # Only the file's name: where it was on someone's disk is theirs to keep.
        "original": original.replace("\\", "/").rsplit("/", 1)[-1],
        "taken_at": row["taken_at"],
        "zone": row["zone"],
        "lat": row["lat"],
        "lon": row["lon"],
        "width": row["width"],
        "height": row["height"],
        "orientation": row["orientation"],
        "caption": row["caption"],
        "placed_by": row["placed_by"],
        "reason": row["reason"],
        "stop": _ref(uids, "stops", row["stop_id"]),
        "site": _ref(uids, "sites", row["site_id"]),
        "entry": _ref(uids, "journal", row["journal_id"]),
        "added_at": row["added_at"],
        "modified_at": row["modified_at"],
    }


def points_sha256(blob: bytes) -> str:
    """The hash naming a track's packed points in a record and in a trip file."""
    return hashlib.sha256(blob).hexdigest()


def track_file(sha256: str) -> str:
    """The trip file member holding the packed points of this hash."""
    return f"tracks/{sha256}.bin"


def _track_record(row: Row, uids: Uids, tags: list[str]) -> Record:
    sha = points_sha256(bytes(row["points"]))
    return {
        "uid": row["uid"],
        "name": row["name"],
        "kind": row["kind"],
        "stop": _ref(uids, "stops", row["stop_id"]),
        "day": row["day"],
        "started_at": row["started_at"],
        "ended_at": row["ended_at"],
        "point_count": row["point_count"],
        "km": row["km"],
        "ascent_m": row["ascent_m"],
        "sha256": sha,
        "file": track_file(sha),
    }


READERS: dict[str, Callable[[Row, Uids, list[str]], Record]] = {
    "stops": _stop_record,
    "sites": _site_record,
    "journal": _entry_record,
    "costs": _cost_record,
    "photos": _photo_record,
    "tracks": _track_record,
}


def _id(ids: Ids, kind: str, uid: str | None) -> int | None:
    return None if uid is None else ids.get((kind, uid))


def trip_row(r: Record) -> Row:
    return {
        "uid": r["uid"],
        "name": r["name"],
        "description": r["description"],
        "start": r["start"],
        "home_currency": r["home_currency"],
        "budget": r["budget"],
        "travellers": r["travellers"],
        "created_at": r["created_at"],
        "modified_at": r["modified_at"],
    }


def _stop_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "trip_id": trip_id,
        "position": r["position"],
        "name": r["name"],
        "country_code": r["country_code"],
        "admin1": r["admin1"],
        "lat": r["lat"],
        "lon": r["lon"],
        "timezone": r["timezone"],
        "population": r["population"],
        "source_id": r["source_id"],
        "approximate": int(r["approximate"]),
        "arrival": r["arrival"],
        "nights": r["nights"],
        "pinned": int(r["pinned"] and r["arrival"] is not None),
        "mode": r["mode"],
        "notes": r["notes"],
        "leg_km": None,
        "modified_at": r["modified_at"],
    }


def _site_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "stop_id": _id(ids, "stops", r["stop"]),
        "name": r["name"],
        "theme": r["theme"],
        "status": r["status"],
        "lat": r["lat"],
        "lon": r["lon"],
        "approximate": int(r["approximate"]),
        "address": r["address"],
        "url": r["url"],
        "description": r["description"],
        "day_of_stay": r["day_of_stay"],
        "start_time": r["start_time"],
        "minutes": r["minutes"],
        "modified_at": r["modified_at"],
    }


def _entry_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "trip_id": trip_id,
        "stop_id": _id(ids, "stops", r["stop"]),
        "site_id": _id(ids, "sites", r["site"]),
        "day": r["day"],
        "title": r["title"],
        "body": r["body"],
        "modified_at": r["modified_at"],
    }


def _cost_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "trip_id": trip_id,
        "stop_id": _id(ids, "stops", r["stop"]),
        "site_id": _id(ids, "sites", r["site"]),
        "leg_stop_id": _id(ids, "stops", r["leg_stop"]),
        "amount": r["amount"],
        "currency": r["currency"],
        "category": r["category"],
        "day": r["day"],
        "paid": int(r["paid"]),
        "refund": int(r["refund"]),
        "rate": r["rate"],
        "note": r["note"],
        "modified_at": r["modified_at"],
    }


def _photo_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "trip_id": trip_id,
        "stop_id": _id(ids, "stops", r["stop"]),
        "site_id": _id(ids, "sites", r["site"]),
        "journal_id": _id(ids, "journal", r["entry"]),
        "original": r["original"],
        "sha256": r["sha256"],
        "size": r["size"],
        "taken_at": r["taken_at"],
        "zone": r["zone"],
        "lat": r["lat"],
        "lon": r["lon"],
        "width": r["width"],
        "height": r["height"],
        "orientation": r["orientation"],
        "caption": r["caption"],
        "placed_by": r["placed_by"],
        "reason": r["reason"],
        "added_at": r["added_at"],
        "modified_at": r["modified_at"],
    }


def _track_row(r: Record, trip_id: int, ids: Ids) -> Row:
    return {
        "uid": r["uid"],
        "trip_id": trip_id,
        "stop_id": _id(ids, "stops", r["stop"]),
        "day": r["day"],
        "name": r["name"],
        "kind": r["kind"],
        "point_count": r["point_count"],
        "km": r["km"],
        "ascent_m": r["ascent_m"],
        "started_at": r["started_at"],
        "ended_at": r["ended_at"],
    }


WRITERS: dict[str, Callable[[Record, int, Ids], Row]] = {
    "stops": _stop_row,
    "sites": _site_row,
    "journal": _entry_row,
    "costs": _cost_row,
    "photos": _photo_row,
    "tracks": _track_row,
}
