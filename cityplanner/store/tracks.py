"""Tracks of a trip: their figures as columns, their points packed in one BLOB each."""

from __future__ import annotations

import builtins
import logging
import struct
from dataclasses import replace
from datetime import date, datetime

import numpy as np
from sqlite_utils import Database

from cityplanner.domain.errors import NotFoundError, StoreError, ValidationError
from cityplanner.domain.tracks import Track, TrackPoints
from cityplanner.store.database import writing
from cityplanner.store.rows import Row, fetch_rows, new_uid

log = logging.getLogger(__name__)

#: See the comment above `_TRACKS_SQL` in store/schema.py for the layout.
_MAGIC = b"CPTK"
_VERSION = 1
_HEADER = struct.Struct("<4sBBxxII")
_HAS_ELE, _HAS_TIME = 1, 2
_SUMMARY = (
    "id, uid, trip_id, stop_id, day, name, kind, point_count, km, ascent_m, started_at, ended_at"
)


def pack_points(points: TrackPoints) -> bytes:
    """The points as the store keeps them: little-endian arrays after a small header.

    Missing elevations or times are left out altogether when no point has any.
    """
    flags = (_HAS_ELE if points.has_elevations else 0) | (_HAS_TIME if points.has_times else 0)
    parts = [
        _HEADER.pack(_MAGIC, _VERSION, flags, len(points), len(points.starts)),
        np.asarray(points.starts, dtype="<u4").tobytes(),
        points.lat.astype("<f8").tobytes(),
        points.lon.astype("<f8").tobytes(),
    ]
    if flags & _HAS_ELE:
        # float32 holds elevations to the millimetre; one out of its range is no elevation.
        ele = np.where(np.abs(points.ele) < 1e30, points.ele, np.nan)
        parts.append(ele.astype("<f4").tobytes())
    if flags & _HAS_TIME:
        parts.append(points.time.astype("<f8").tobytes())
    return b"".join(parts)


def unpack_points(blob: bytes) -> TrackPoints:
    """The points of a BLOB written by `pack_points` (any version this code knows)."""
    if len(blob) < _HEADER.size:
        raise StoreError("A track's points are damaged in the file (too short).")
    magic, version, flags, count, segments = _HEADER.unpack_from(blob)
    if magic != _MAGIC or version != _VERSION:
        raise StoreError(
            f"A track's points are in a format this version cannot read (version {version})."
        )
    sizes = [4 * segments, 8 * count, 8 * count]
    sizes += [4 * count] if flags & _HAS_ELE else []
    sizes += [8 * count] if flags & _HAS_TIME else []
    if _HEADER.size + sum(sizes) != len(blob):
        raise StoreError("A track's points are damaged in the file (wrong length).")
    offset = _HEADER.size

    def take(dtype: str, length: int) -> np.ndarray:
        nonlocal offset
        values = np.frombuffer(blob, dtype=dtype, count=length, offset=offset)
        offset += values.nbytes
        return values

    starts = tuple(int(s) for s in take("<u4", segments))
    lat = take("<f8", count).astype(np.float64)
    lon = take("<f8", count).astype(np.float64)
    ele = take("<f4", count).astype(np.float64) if flags & _HAS_ELE else np.full(count, np.nan)
    time = take("<f8", count).astype(np.float64) if flags & _HAS_TIME else np.full(count, np.nan)
    try:
        return TrackPoints(lat, lon, ele, time, starts)
    except ValidationError as exc:
        raise StoreError(f"A track's points are damaged in the file: {exc}") from None


class TrackRepository:
    """Reads and writes tracks; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, trip_id: int, *, with_points: bool = False) -> list[Track]:
        """The trip's tracks in the order recorded (undated last), points only if asked.

        With points, the whole trip is one query: what the map needs, read at once.
        """
        columns = f"{_SUMMARY}, points" if with_points else _SUMMARY
        rows = fetch_rows(
            self._db,
            f"SELECT {columns} FROM tracks WHERE trip_id = ? "
            "ORDER BY started_at IS NULL, started_at, id",
            [trip_id],
        )
        return [_track(row) for row in rows]

    def get(self, track_id: int) -> Track:
        rows = fetch_rows(self._db, f"SELECT {_SUMMARY} FROM tracks WHERE id = ?", [track_id])
        if not rows:
            raise NotFoundError(f"There is no track number {track_id}.")
        return _track(rows[0])

    def points(self, track_id: int) -> TrackPoints:
        row = self._db.execute("SELECT points FROM tracks WHERE id = ?", [track_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no track number {track_id}.")
        return unpack_points(bytes(row[0]))

    def count(self, trip_id: int) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM tracks WHERE trip_id = ?", [trip_id])
        return int(row.fetchone()[0])

    def add(self, track: Track) -> Track:
        """Save a track with its points (or put back a removed one under its id and uid)."""
        return self.add_many([track])[0]

    def add_many(self, tracks: builtins.list[Track]) -> builtins.list[Track]:
        with writing(self._db, "add the tracks"):
            return [self._insert(track) for track in tracks]

    def restore(self, track: Track, points: TrackPoints) -> Track:
        """Put a removed track back exactly as it was: same id, uid, stop and day."""
        return self.add(replace(track, points=points))

    def remove(self, track_id: int) -> tuple[Track, TrackPoints]:
        """Delete a track; returns it with its points, for `restore`."""
        track, points = self.get(track_id), self.points(track_id)
        with writing(self._db, "remove the track"):
            self._db.execute("DELETE FROM tracks WHERE id = ?", [track_id])
        return track, points

    def remove_many(self, track_ids: builtins.list[int]) -> None:
        with writing(self._db, "remove the tracks"):
            for start in range(0, len(track_ids), 500):
                chunk = track_ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                self._db.execute(f"DELETE FROM tracks WHERE id IN ({marks})", chunk)

    def attach(self, track_ids: builtins.list[int], stop_id: int | None) -> None:
        """Give these tracks this stop (None: no stop), as undoing a stop's removal needs."""
        with writing(self._db, "attach the tracks"):
            self._db.conn.executemany(
                "UPDATE tracks SET stop_id = ? WHERE id = ?", [(stop_id, i) for i in track_ids]
            )

    def _insert(self, track: Track) -> Track:
        if track.points is None:
            raise ValidationError(f"The track {track.name!r} has no points to save.")
        if track.trip_id is None:
            raise ValidationError("A track must belong to a trip.")
        uid = track.uid or new_uid()
        row: dict[str, object] = {
            "uid": uid,
            "trip_id": track.trip_id,
            "stop_id": track.stop_id,
            "day": track.day.isoformat() if track.day else None,
            "name": track.name,
            "kind": track.kind,
            "point_count": len(track.points),
            "km": track.km,
            "ascent_m": track.ascent_m,
            "started_at": _iso(track.started_at),
            "ended_at": _iso(track.ended_at),
            "points": pack_points(track.points),
        }
        if track.id is not None:
            row = {"id": track.id, **row}
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self._db.execute(
            f"INSERT INTO tracks ({columns}) VALUES ({marks})", list(row.values())
        )
        return replace(track, id=int(cursor.lastrowid or 0), uid=uid)


def _track(row: Row) -> Track:
    blob = row.get("points")
    return Track(
        id=row["id"],
        uid=row["uid"],
        trip_id=row["trip_id"],
        stop_id=row["stop_id"],
        day=date.fromisoformat(row["day"]) if row["day"] else None,
        name=row["name"],
        kind=row["kind"],
        point_count=row["point_count"],
        km=row["km"],
        ascent_m=row["ascent_m"],
        started_at=datetime.fromisoformat(row["started_at"]) if row["started_at"] else None,
        ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
        points=unpack_points(bytes(blob)) if blob is not None else None,
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
