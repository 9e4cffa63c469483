"""Importing a trip file: a preview of what it adds or updates, then one transaction.

A trip whose uid this database does not hold is added whole. A trip it holds is updated
in place (`trip_file_merge`): the preview lists what is added, changed (which fields) and
removed, and the conflicts with what was changed here since the exchange the file and
this database last shared (`cityplanner.store.sync_bases.common_base`). Applying writes
the merged trip and remembers the file's records as one more file read, in one
transaction; `undo` puts back the trip exactly as it was, and forgets the file (save a
file read before it that the import's remembering pushed out, beyond the last 20).
Tracks are the trip's own here: a stop the update removes lets its tracks go (its key is
set to null), so the import keeps each track's stop and undo attaches them again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cityplanner.domain.errors import StoreError
from cityplanner.formats.trip_file import TripFile, utc_now
from cityplanner.formats.trip_file_compare import TRIP
from cityplanner.formats.trip_file_merge import (
    ORDER,
    Change,
    Conflict,
    Key,
    Merge,
    Side,
    merge,
)
from cityplanner.formats.wording import counted
from cityplanner.store import Store
from cityplanner.store.database import writing
from cityplanner.store.sync import (
    KINDS,
    StoredTrip,
    WritePlan,
    read_trip,
    trip_id_for_uid,
    write_trip,
)
from cityplanner.store.sync_bases import Base, SyncState, common_base, forget, remember

log = logging.getLogger(__name__)

#: How each kind of object is named in a preview (one, many).
NOUNS = {
    TRIP: ("trip", "trips"),
    ORDER: ("order", "orders"),
    "stops": ("stop", "stops"),
    "sites": ("site", "sites"),
    "journal": ("journal entry", "journal entries"),
    "costs": ("cost", "costs"),
    "photos": ("photo", "photos"),
    "tracks": ("track", "tracks"),
}
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,5}$")


@dataclass
class TripFilePreview:
    """What importing a trip file would do, with the person's choice for each conflict."""

    file: TripFile
    local: StoredTrip | None
    base: Base
    merge: Merge
    choices: dict[Key, Side] = field(default_factory=dict)
    default: Side = Side.MINE

    @property
    def is_update(self) -> bool:
        return self.local is not None

    @property
    def trip_name(self) -> str:
        return str(self.merge.records.trip["name"])

    @property
    def changes(self) -> list[Change]:
        return self.merge.changes

    @property
    def conflicts(self) -> list[Conflict]:
        return self.merge.conflicts

    @property
    def notes(self) -> list[str]:
        return [*self.file.notes, *self._base_notes(), *self.merge.notes]

    def _base_notes(self) -> list[str]:
        if self.local is None or self.base.known:
            return []
        why = (
            "does not say which exchange it follows (it was written by an older CityPlanner)"
            if not self.file.lineage.export_id
            else "follows no exchange of this trip that this database remembers"
        )
        return [
            f"{self.file.label} {why}: nothing tells which side changed what since, so every "
            "difference with the trip here is a conflict."
        ]

    def side_of(self, conflict: Conflict) -> Side:
        return self.choices.get(conflict.key, self.default)

    def resolved(self, choices: Mapping[Key, Side], default: Side | None = None) -> TripFilePreview:
        """The same preview with other choices for its conflicts."""
        local = self.local.records if self.local else None
        side = self.default if default is None else default
        return TripFilePreview(
            self.file, self.local, self.base,
            merge(local, self.file.records, self.base.records, choices, side,
                  known=self.base.known),
            dict(choices), side,
        )  # fmt: skip

    def counts(self) -> str:
        """ "2 stops added, 1 site changed, 1 journal entry removed"."""
        parts = []
        for action in ("added", "changed", "removed"):
            for kind in (*KINDS, ORDER):
                n = sum(1 for c in self.changes if c.kind == kind and c.action == action)
                if n and kind != ORDER:
                    parts.append(f"{counted(n, *NOUNS[kind])} {action}")
        if any(c.kind == ORDER for c in self.changes):
            parts.append("stops reordered")
        if any(c.kind == TRIP and c.action == "changed" for c in self.changes):
            parts.insert(0, "trip details changed")
        return ", ".join(parts) or "nothing changes"

    def lines(self) -> list[str]:
        """The preview as text, for the command line."""
        about = [f"written by {self.file.generator}"] if self.file.generator else []
        about += [f"on {self.file.exported_at}"] if self.file.exported_at else []
        head = (
            f"Updates trip {self.local.trip_id}: {self.trip_name}"
            if self.local
            else f"Adds a new trip: {self.trip_name}"
        )
        lines = [self.file.label + (f" ({' '.join(about)})" if about else ""), head]
        if self.local:
            lines.append(f"  {self.counts()}")
            marks = {"added": "+", "changed": "~", "removed": "-"}
            for change in self.changes:
                what = f": {', '.join(change.fields)}" if change.fields else ""
                lines.append(f"  {marks[change.action]} {_named(change.kind, change.label)}{what}")
        else:
            records = self.file.records
            lines.append(
                "  " + ", ".join(counted(len(records.of(kind)), *NOUNS[kind]) for kind in KINDS)
            )
        if self.conflicts:
            lines.append(f"{counted(len(self.conflicts), 'conflict')} with changes made here:")
            for conflict in self.conflicts:
                chosen = "keeping mine" if self.side_of(conflict) is Side.MINE else "taking theirs"
                lines.append(
                    f"  ! {_named(conflict.kind, conflict.label)} — here: {conflict.mine}; "
                    f"in the file: {conflict.theirs} ({chosen})"
                )
        lines += [f"Note: {note}" for note in self.notes]
        return lines


def _named(kind: str, label: str) -> str:
    """ "stop Lyon", or the label alone for what has no noun of its own (the stops' order)."""
    return label if kind == ORDER else f"{NOUNS[kind][0]} {label}"


def preview_trip_file(
    store: Store,
    trip_file: TripFile,
    *,
    choices: Mapping[Key, Side] | None = None,
    default: Side = Side.MINE,
) -> TripFilePreview:
    """What importing `trip_file` into `store` would do; nothing is written."""
    records = trip_file.records
    trip_id = trip_id_for_uid(store.db, records.uid)
    local = read_trip(store.db, trip_id) if trip_id is not None else None
    base = common_base(store.db, records.uid, trip_file.ancestors) if local else Base(None, False)
    result = merge(
        local.records if local else None, records, base.records, choices, default,
        known=base.known,
    )  # fmt: skip
    return TripFilePreview(trip_file, local, base, result, dict(choices or {}), default)


@dataclass
class TripFileImport:
    """An applied import, with what undo needs to put everything back."""

    trip_id: int
    created: bool
    preview: TripFilePreview
    exchange_id: int = 0
    """The exchange the import remembered (the file read), which undo forgets."""
    notes: list[str] = field(default_factory=list)
    track_stops: list[tuple[int, int | None]] = field(default_factory=list)
    """Each of the trip's tracks' stop before the import (a removed stop lets its tracks go)."""


def apply_trip_file(store: Store, preview: TripFilePreview) -> TripFileImport:
    """Write what `preview` shows, and remember the file as the last one read: one transaction."""
    records = preview.file.records
    notes: list[str] = []
    made: list[Path] = []
    track_stops = _track_stops(store, preview)
    try:
        photo_files = _copy_photos(store, preview, made, notes)
        with writing(store.db, "import the trip file"):
            points = {**preview.file.track_points}
            if preview.local is not None:
                points.update(preview.local.track_points)
            plan = WritePlan(preview.merge.records, photo_files=photo_files, track_points=points)
            trip_id = write_trip(store.db, plan)
            file = preview.file
            state = SyncState(utc_now(), "import", file.exported_at, file.file_id)
            exchange_id = remember(store.db, records, state)
    except BaseException:
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    log.info("Imported trip file %s into trip %s", preview.file.label, trip_id)
    return TripFileImport(trip_id, preview.local is None, preview, exchange_id, notes, track_stops)


def _track_stops(store: Store, preview: TripFilePreview) -> list[tuple[int, int | None]]:
    """The stop of each of the stored trip's tracks, for undo to attach them again."""
    if preview.local is None:
        return []
    rows = store.db.execute(
        "SELECT id, stop_id FROM tracks WHERE trip_id = ? ORDER BY id", [preview.local.trip_id]
    ).fetchall()
    return [(int(track), None if stop is None else int(stop)) for track, stop in rows]


def undo_trip_file(store: Store, done: TripFileImport) -> None:
    """Put the trip back as it was before `done`, and forget its file (copied photo files
    stay, named by their content, to be used again by a redo)."""
    uid = done.preview.file.records.uid
    with writing(store.db, "undo the trip file import"):
        local = done.preview.local
        if local is None:
            store.db.execute("DELETE FROM trips WHERE id = ?", [done.trip_id])
        else:
            write_trip(
                store.db,
                WritePlan(
                    local.records,
                    ids={**local.ids, ("trip", uid): local.trip_id},
                    photo_files=local.photo_files,
                    track_points=local.track_points,
                ),
                what="undo the trip file import",
            )
            # The stops are back under their ids; tracks that lost one are attached again.
            store.db.conn.executemany(
                "UPDATE tracks SET stop_id = ? WHERE id = ? AND trip_id = ? AND stop_id IS NOT ?",
                [(stop, track, local.trip_id, stop) for track, stop in done.track_stops],
            )
        forget(store.db, done.exchange_id)


def _copy_photos(
    store: Store, preview: TripFilePreview, made: list[Path], notes: list[str]
) -> dict[str, tuple[str, bool]]:
    """Copy the added photos' files beside the database; their stored (path, copied)."""
    trip_file, photos = preview.file, preview.merge.records.of("photos")
    folder = store.photos.copies_folder
    files: dict[str, tuple[str, bool]] = {}
    wanted = [photos[uid] for uid in preview.merge.added_photos if uid in photos]
    carried = [r for r in wanted if r["sha256"] in trip_file.photo_entries]
    if carried and folder is None:
        notes.append("A database kept in memory has no folder for photo files; they stay out.")
        return files
    for record in carried:
        assert folder is not None
        suffix = Path(record["original"]).suffix.lower()
        name = record["sha256"] + (suffix if _SUFFIX.match(suffix) else "")
        target = folder / name
        if not target.is_file():
            _copy_one(trip_file, record["sha256"], folder, target)
            made.append(target)
        files[record["uid"]] = (name, True)
    missing = len(wanted) - len(carried)
    if missing:
        notes.append(
            f"{counted(missing, 'photo')} came without its file; find the files later with "
            "File → Find moved photos… or `cityplanner relink-photos` (by their content)."
        )
    return files


def _copy_one(trip_file: TripFile, sha256: str, folder: Path, target: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".import.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"Cannot write photos into {folder}: {exc.strerror or exc}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            intact = trip_file.read_photo(sha256, out)
        if not intact:
            raise StoreError(
                f"The photo file {sha256[:12]}… in {trip_file.label} changed while it was read."
            )
        os.replace(temp, target)
    except OSError as exc:
        raise StoreError(f"Cannot write photos into {folder}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
