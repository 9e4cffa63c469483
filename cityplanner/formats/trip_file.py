"""The trip file: a whole trip (journal, schedule, sites, costs, photos) for another user.

A trip file is a zip archive named `*.cptrip`. The extension is CityPlanner's own and says
"one trip": `.cityplanner` would read as the whole database, which it is not, and a zip
of any other name would be offered to other programs. The archive holds:

- `trip.json`, UTF-8, deflated: `{"format": "cityplanner-trip", "version": 1, "generator":
  "CityPlanner 0.1.0", "exported_at": "<UTC>", "trip": {...}, "stops": [...], "sites":
  [...], "journal": [...], "costs": [...], "photos": [...], "tracks": [...]}` — every
  object with its `uid` (and, but for tracks, its `modified_at` in UTC), naming the objects
  it belongs to by uid (docs/trip-file.md lists every field; `cityplanner.store.sync`
  reads and writes them);
- `photos/<sha256>`, each photo's file under its content hash, stored as it is (JPEG and
  HEIC are compressed already), unless the export leaves photos out;
- `tracks/<sha256>.bin`, each track's points in the store's packed format (a versioned
  header, then little-endian arrays; `cityplanner.store.tracks.pack_points`), deflated,
  under the hash of those bytes. Numbers in binary rather than as JSON text: a day's GPS
  log of 30,000 points is 0.8 MB packed, about half what it takes as text, and reads
  back to the last bit.

`version` grows when a reader of an older version could misread a file; fields added
to objects in a compatible way keep it. A newer version is refused, saying which.

Reading is as careful as for any file from elsewhere: a size limit, at most so many
entries, no entry name outside the archive (`..`, absolute paths, drive letters), the zip
bomb limits of `safety` while unpacking, a JSON depth limit, each object checked by
`trip_file_records`, and every reference between objects resolved inside the file. A
photo whose bytes do not match its hash is imported without its file, with a note; a
track whose points are missing or damaged refuses the file (`trip_file_archive`).

Each file has an id of its own (`export_id`) and names the exchanges its writer's trip
descends from (`based_on`, the ids of the files that database remembers, latest first):
optional members of version 1 (`trip_file_lineage`). Exporting remembers the exported
records under the file's id (`cityplanner.store.sync_bases`): a later import of a file
based on it merges against it, which is how it tells a local edit from an incoming one
(`trip_file_merge`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cityplanner import __version__
from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.formats.document import ExportOptions, TripDocument
from cityplanner.formats.safety import (
    MAX_DEPTH,
    MAX_FEATURES,
    MAX_UNPACKED_BYTES,
    ZIP_ERRORS,
    check_json_depth,
    collector_paused,
)
from cityplanner.formats.trip_file_archive import (
    check_photo_files,
    checked_entries,
    read_track_points,
    unpack,
)
from cityplanner.formats.trip_file_fields import Fields
from cityplanner.formats.trip_file_lineage import Lineage, read_lineage
from cityplanner.formats.trip_file_records import CHECKS, check_trip, label_of
from cityplanner.store import Store
from cityplanner.store.photos import file_sha256
from cityplanner.store.rows import new_uid
from cityplanner.store.sync import KINDS, TripRecords, read_trip
from cityplanner.store.sync_bases import SyncState, exchange_ids, remember
from cityplanner.store.sync_records import Record

log = logging.getLogger(__name__)

FORMAT = "cityplanner-trip"
VERSION = 1
EXTENSION = ".cptrip"
MEDIA_TYPE = "application/vnd.cityplanner.trip+zip"
GENERATOR = f"CityPlanner {__version__}"
TRIP_JSON = "trip.json"


def utc_now() -> str:
    """The current UTC time as trip files write it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# -- writing ----------------------------------------------------------------------------


def write_trip_file(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """The export format `cityplanner` (registry): the stored trip as a trip file."""
    if doc.store is None or doc.trip.id is None:
        raise ValidationError("A trip file is made from a stored trip only.")
    export_trip_file(doc.store, doc.trip.id, out, photos=options.with_photos, notes=options.notes)


def export_trip_file(
    store: Store, trip_id: int, out: BinaryIO, *, photos: bool = True, notes: list[str]
) -> TripRecords:
    """Write the trip as a trip file to `out`, remember it as exchanged, return its records.

    Photos whose file is missing or changed go without it (their records stay), said in
    `notes`; on a read-only database the export is not remembered, said in `notes` too.
    """
    stored = read_trip(store.db, trip_id)
    records = stored.records
    tracks = {r["file"]: stored.track_points[r["sha256"]] for r in records.of("tracks").values()}
    files = {p.uid: Path(p.path) for p in store.photos.for_trip(trip_id)} if photos else {}
    exported_at, export_id = utc_now(), new_uid()
    based_on = exchange_ids(store.db, records.uid)
    left_out: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        included: dict[str, Path] = {}
        for uid, record in records.of("photos").items():
            record["file"] = None
            path = files.get(uid)
            if path is None:
                continue
            if not _matches(path, record["sha256"]):
                left_out.append(record["original"])
                continue
            record["file"] = f"photos/{record['sha256']}"
            included[record["file"]] = path
        document = trip_json(records, exported_at, export_id=export_id, based_on=based_on)
        archive.writestr(TRIP_JSON, json.dumps(document, indent=1, ensure_ascii=False))
        for name, path in included.items():
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)
        for name, blob in tracks.items():
            archive.writestr(name, blob)
    if left_out:
        notes.append(
            f"{len(left_out)} photo file(s) could not be read or have changed since they were "
            f"added, and went without their picture: {', '.join(left_out[:5])}."
        )
    if not photos and records.of("photos"):
        notes.append("The photos' files were left out; their places and captions are in it.")
    try:
        remember(store.db, records, SyncState(exported_at, "export", exported_at, export_id))
    except CityPlannerError as exc:
        notes.append(f"This export is not remembered as the trip's last shared state: {exc}")
    return records


def _matches(path: Path, sha256: str) -> bool:
    try:
        return path.is_file() and file_sha256(path) == sha256
    except OSError:
        return False


def trip_json(
    records: TripRecords,
    exported_at: str,
    *,
    export_id: str = "",
    based_on: list[str] | None = None,
) -> dict[str, Any]:
    """The content of trip.json for these records."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "generator": GENERATOR,
        "exported_at": exported_at,
        "export_id": export_id,
        "based_on": based_on or [],
        "trip": records.trip,
    }
    for kind in KINDS:
        document[kind] = list(records.of(kind).values())
    return document


# -- reading ----------------------------------------------------------------------------


@dataclass
class TripFile:
    """A checked trip file: its records, and which photos' files it holds intact."""

    path: Path
    records: TripRecords
    exported_at: str
    generator: str
    photo_entries: dict[str, str] = field(default_factory=dict)
    """A photo's sha256 → its entry in the archive, for the files that match their hash."""
    track_points: dict[str, bytes] = field(default_factory=dict)
    """A track's points, packed as the store keeps them, by their sha256 (all checked)."""
    notes: list[str] = field(default_factory=list)
    lineage: Lineage = field(default_factory=Lineage)
    """The file's own id, and the exchanges its writer's trip descends from."""

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def file_id(self) -> str:
        """The file's id: its `export_id`, or when it was written if it names none."""
        return self.lineage.export_id or self.exported_at

    @property
    def ancestors(self) -> list[str]:
        """The exchanges to look for as the common base: the file itself, then its own."""
        return [name for name in (self.file_id, *self.lineage.based_on) if name]

    def read_photo(self, sha256: str, out: BinaryIO) -> bool:
        """Copy a photo's file to `out`; False if it no longer matches its hash."""
        digest = hashlib.sha256()
        with zipfile.ZipFile(self.path) as archive, archive.open(self.photo_entries[sha256]) as f:
            while chunk := f.read(1024 * 1024):
                digest.update(chunk)
                out.write(chunk)
        return digest.hexdigest() == sha256


def looks_like_trip_file(path: Path) -> bool:
    """Whether `path` is named or built as a trip file (a zip holding trip.json)."""
    if path.suffix.lower() == EXTENSION:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return TRIP_JSON in archive.namelist()
    except (*ZIP_ERRORS, zipfile.BadZipFile):
        return False


def read_trip_file(path: Path) -> TripFile:
    """Open and check a trip file; anything wrong in it is one `ValidationError`."""
    label = path.name
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a trip file.")
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ValidationError(f"There is no file {path}.") from None
    except ZIP_ERRORS:
        raise ValidationError(
            f"{label} is not a CityPlanner trip file: it is not a zip archive, or its list of "
            "contents is damaged."
        ) from None
    with archive, collector_paused():
        entries = checked_entries(archive, label, path.stat().st_size)
        if TRIP_JSON not in entries:
            raise ValidationError(f"{label} is not a CityPlanner trip file: it holds no trip.json.")
        document = _load_json(unpack(archive, entries[TRIP_JSON], label, MAX_UNPACKED_BYTES), label)
        trip_file = _read_document(document, path)
        intact, notes = check_photo_files(archive, entries, trip_file.records, label)
        trip_file.photo_entries.update(intact)
        trip_file.track_points.update(read_track_points(archive, entries, trip_file.records, label))
        trip_file.notes.extend(notes)
    return trip_file


def _load_json(data: bytes, label: str) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(f"{label}: trip.json is not UTF-8 text.") from None
    except RecursionError:
        raise ValidationError(f"{label}: trip.json nests deeper than {MAX_DEPTH} levels.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{label}: trip.json is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})."
        ) from None
    check_json_depth(document, label, "trip")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            f"{label} is not a CityPlanner trip file: its trip.json does not say "
            f'"format": "{FORMAT}".'
        )
    return document


def _read_document(document: dict[str, Any], path: Path) -> TripFile:
    label = path.name
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(f"{label}: trip.json has no valid format version.")
    found = document.get("generator")
    generator = "".join(c for c in found[:60] if c.isprintable()) if isinstance(found, str) else ""
    if version > VERSION:
        by = f" by {generator}" if generator else ""
        writer = re.fullmatch(r"CityPlanner (\d+(?:\.\d+){0,3})", generator)
        needed = (
            f"CityPlanner {writer.group(1)} or later"
            if writer
            else (f"a CityPlanner that reads trip file version {version}")
        )
        raise ValidationError(
            f"{label} was written{by} in trip file version {version}; this CityPlanner "
            f"({__version__}) reads version {VERSION} only. Update to {needed} to import it."
        )
    envelope = Fields(document, label)
    records = TripRecords(_checked(f"{label}: the trip", check_trip, document.get("trip")))
    count = 0
    for kind in KINDS:
        raw = document.get(kind, [])
        if not isinstance(raw, list):
            raise ValidationError(f"{label}: '{kind}' must be a list.")
        count += len(raw)
        if count > MAX_FEATURES:
            raise ValidationError(
                f"{label} holds too many objects to import (over {MAX_FEATURES:,})."
            )
        check, _ = CHECKS[kind]
        objects = records.of(kind)
        for number, item in enumerate(raw, start=1):
            name = f"{label}: {label_of(kind, number, item)}"
            record = _checked(name, check, item)
            if record["uid"] in objects:
                raise ValidationError(f"{name}: another {CHECKS[kind][1]} has the same uid.")
            objects[record["uid"]] = record
    trip_file = TripFile(path, records, envelope.stamp("exported_at"), generator)
    trip_file.lineage = read_lineage(document, label)
    _check_references(trip_file)
    return trip_file


def _checked(name: str, check: Callable[[Fields], Record], raw: object) -> Record:
    """`check` of the object `raw`; its message names the object."""
    try:
        return check(Fields(raw, name))
    except ValidationError as exc:
        text = str(exc)
        raise ValidationError(text if text.startswith(name) else f"{name}: {text}") from None


def _check_references(trip_file: TripFile) -> None:
    """Every object names only objects of the same file, of the right kind."""
    records, label = trip_file.records, trip_file.label
    stops, sites, entries = records.of("stops"), records.of("sites"), records.of("journal")
    targets = {"stop": ("stop", stops), "leg_stop": ("stop", stops), "site": ("site", sites),
               "entry": ("journal entry", entries)}  # fmt: skip
    for kind in ("sites", "journal", "costs", "photos", "tracks"):
        for number, record in enumerate(records.of(kind).values(), start=1):
            for key, (word, pool) in targets.items():
                uid = record.get(key)
                if uid is not None and uid not in pool:
                    raise ValidationError(
                        f"{label}: {label_of(kind, number, record)} names a {word} ({uid}) "
                        "that the file does not hold."
                    )
            site = sites.get(record.get("site") or "")
            if kind == "photos" and site is not None and record["stop"] != site["stop"]:
                raise ValidationError(
                    f"{label}: {label_of(kind, number, record)} is placed on a site of "
                    "another stop than its own."
                )
