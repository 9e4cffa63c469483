"""Reading a trip file's archive safely: entry names, sizes while unpacking, photo hashes.

The limits are those `safety` applies to KMZ archives (`MAX_UNPACKED_BYTES`, the
compression ratio of a zip bomb), counted while unpacking because an archive's directory
can lie; a photo may be larger than a document, up to `MAX_PHOTO_BYTES`.

A track's points are a member in the store's own packed format (`store.tracks`, with its
magic and version), named by its SHA-256. Unlike a photo's picture they are the track
itself: a track whose points are missing, damaged, of another count than its record
declares, or hold a value that is no number, refuses the whole file.
"""

from __future__ import annotations

import hashlib
import re
import zipfile

import numpy as np

from cityplanner.domain.errors import StoreError, ValidationError
from cityplanner.domain.tracks import MAX_TRACK_POINTS
from cityplanner.formats.safety import (
    MAX_COMPRESSION_RATIO,
    ZIP_ERRORS,
    bomb_message,
    unpack_counted,
)
from cityplanner.store.sync import TripRecords
from cityplanner.store.sync_records import points_sha256, track_file
from cityplanner.store.tracks import unpack_points

#: Most entries one trip file may hold (trip.json and one per photo).
MAX_ENTRIES = 50_000
#: Largest photo file a trip file may carry (a RAW-sized JPEG is well below it).
MAX_PHOTO_BYTES = 200 * 1024 * 1024
#: Most points all the tracks of one trip file may hold together.
MAX_FILE_TRACK_POINTS = 5 * MAX_TRACK_POINTS
#: Times beyond ±this many seconds from 1970 (about the year 5000) are no times.
_MAX_SECONDS = 1e11
_PHOTO_ENTRY = re.compile(r"^photos/[0-9a-f]{64}$")
_UNSAFE_NAME = re.compile(r"(^|/)\.\.(/|$)|^/|^[A-Za-z]:|\\")


def checked_entries(archive: zipfile.ZipFile, label: str, size: int) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ValidationError(f"{label} holds too many files ({len(infos):,}) for a trip file.")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if _UNSAFE_NAME.search(name) or "\x00" in name:
            raise ValidationError(
                f"{label} was refused: it holds a file named {name!r}, which points outside "
                "the archive."
            )
        if info.header_offset < 0 or info.header_offset + info.compress_size > size:
            raise ValidationError(
                f"{label} is a damaged trip file: its list of contents places {name!r} beyond "
                "the end of the file."
            )
        entries[name] = info
    return entries


def unpack(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limit: int, *,
    ratio: float = MAX_COMPRESSION_RATIO,
) -> bytes:  # fmt: skip
    """An entry's bytes, counted while unpacking against `limit` and the bomb `ratio`."""
    return unpack_counted(archive, info, label, limit=limit, ratio=ratio, kind="trip file")


def check_photo_files(
    archive: zipfile.ZipFile,
    entries: dict[str, zipfile.ZipInfo],
    records: TripRecords,
    label: str,
) -> tuple[dict[str, str], list[str]]:
    """Hash every photo file the records name; a mismatch leaves that file out, with a note."""
    bad: list[str] = []
    intact: dict[str, str] = {}
    notes: list[str] = []
    for record in records.of("photos").values():
        name = record.get("file")
        if name is None:
            continue
        info = entries.get(name)
        if info is None or not _PHOTO_ENTRY.match(name):
            record["file"] = None
            bad.append(record["original"])
            continue
        if (
            info.file_size > MAX_PHOTO_BYTES
            or info.file_size / max(info.compress_size, 1) > MAX_COMPRESSION_RATIO
        ):
            raise ValidationError(bomb_message(label, name))
        digest = hashlib.sha256()
        total = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1024 * 1024):
                    total += len(chunk)
                    if total > MAX_PHOTO_BYTES:
                        raise ValidationError(bomb_message(label, name))
                    digest.update(chunk)
        except ZIP_ERRORS:
            digest = hashlib.sha256(b"damaged")
        if digest.hexdigest() == record["sha256"]:
            intact[record["sha256"]] = name
        else:
            record["file"] = None
            bad.append(record["original"])
    if bad:
        notes.append(
            f"{len(bad)} photo file(s) in {label} are missing or do not match their "
            f"content hash and are left out (their places and captions are kept): "
            f"{', '.join(bad[:5])}."
        )
    return intact, notes


def read_track_points(
    archive: zipfile.ZipFile,
    entries: dict[str, zipfile.ZipInfo],
    records: TripRecords,
    label: str,
) -> dict[str, bytes]:
    """The packed points of every track the records hold, checked, by their hash."""
    tracks = records.of("tracks")
    total = sum(int(r["point_count"]) for r in tracks.values())
    if total > MAX_FILE_TRACK_POINTS:
        raise ValidationError(
            f"{label} holds too many track points to import ({total:,}; at most "
            f"{MAX_FILE_TRACK_POINTS:,})."
        )
    found: dict[str, bytes] = {}
    for record in tracks.values():
        sha = record["sha256"]
        if sha not in found:
            found[sha] = _points_member(archive, entries, record, label)
        elif len(unpack_points(found[sha])) != record["point_count"]:
            raise ValidationError(_miscounted(label, record))
    return found


def _points_member(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], record: dict[str, object],
    label: str,
) -> bytes:  # fmt: skip
    name = track_file(str(record["sha256"]))
    what = f"{label}: the track {record['name']!r}"
    info = entries.get(name)
    if info is None:
        raise ValidationError(f"{what} has no points: the file lacks its member {name}.")
    count = int(str(record["point_count"]))
    # The packed form: a 16-byte header, at most one segment start per point, 28 bytes a point.
    largest = 16 + 32 * count
    if info.file_size > largest:
        raise ValidationError(_miscounted(label, record))
    # The declared count bounds the size, so no ratio is needed: a track that stood still
    # (every point the same) packs far tighter than any photo or document.
    blob = unpack(archive, info, label, largest, ratio=float("inf"))
    try:
        points = unpack_points(blob)
    except StoreError as exc:
        raise ValidationError(f"{what} has damaged points ({name}): {exc}") from None
    if len(points) != count:
        raise ValidationError(_miscounted(label, record))
    if points_sha256(blob) != record["sha256"]:
        raise ValidationError(f"{what} has points that do not match their hash ({name}).")
    if np.any(np.isinf(points.ele)) or not bool(
        np.all(np.isnan(points.time) | (np.abs(points.time) < _MAX_SECONDS))
    ):
        raise ValidationError(f"{what} has elevations or times beyond any real value ({name}).")
    return blob


def _miscounted(label: str, record: dict[str, object]) -> str:
    return (
        f"{label}: the track {record['name']!r} declares {record['point_count']:,} points, "
        f"but its member {track_file(str(record['sha256']))} holds another number."
    )
