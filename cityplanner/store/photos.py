"""A trip's photos: their files (referenced or copied), where each is placed, and relinking.

A photo is either *referenced* (the record holds the original's absolute path) or
*copied* into `<database file name>.photos/` beside the database, named by its content
hash; a copied photo's path is kept relative to that folder, so the database and its
folder can move together. A referenced original that was moved is found again by its
content hash (`relink`); `missing` lists what cannot be found. Each trip holds a photo's
content once. Every change is one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC
from pathlib import Path

from sqlite_utils import Database

from cityplanner.domain.errors import NotFoundError, StoreError, ValidationError
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.domain.validation import check_text
from cityplanner.store.database import writing
from cityplanner.store.photo_rows import COLUMNS, photo_from_row, photo_to_row
from cityplanner.store.rows import Row, fetch_rows, new_uid

log = logging.getLogger(__name__)

COPIES_SUFFIX = ".photos"
_CHUNK = 500


@dataclass
class RelinkReport:
    """What `relink` found: photos pointed at their file again, and those still missing."""

    found: list[Photo] = field(default_factory=list)
    missing: list[Photo] = field(default_factory=list)
    looked_at: int = 0
    """Files whose size was compared."""
    hashed: int = 0
    """Files of a missing photo's size, whose content was hashed."""


class PhotoRepository:
    """Reads and writes photos; `db_path` is the database file (None in memory)."""

    def __init__(self, db: Database, db_path: Path | None) -> None:
        self._db = db
        self._db_path = db_path.absolute() if db_path is not None else None

    # -- reading -----------------------------------------------------------
    @property
    def copies_folder(self) -> Path | None:
        """Where copied photos are kept: `<database file name>.photos/` beside it."""
        if self._db_path is None:
            return None
        return self._db_path.with_name(self._db_path.name + COPIES_SUFFIX)

    def for_trip(self, trip_id: int) -> list[Photo]:
        """The trip's photos in the order they were taken (undated ones last)."""
        rows = fetch_rows(self._db, "SELECT * FROM photos WHERE trip_id = ? ORDER BY id", [trip_id])
        return sorted((self._photo(r) for r in rows), key=_taken_key)

    def for_stop(self, stop_id: int) -> list[Photo]:
        """The photos placed on a stop (and on its sites): keep them to undo its removal."""
        rows = fetch_rows(self._db, "SELECT * FROM photos WHERE stop_id = ? ORDER BY id", [stop_id])
        return sorted((self._photo(r) for r in rows), key=_taken_key)

    def get(self, photo_id: int) -> Photo:
        rows = fetch_rows(self._db, "SELECT * FROM photos WHERE id = ?", [photo_id])
        if not rows:
            raise NotFoundError(f"There is no photo number {photo_id}.")
        return self._photo(rows[0])

    def known_hashes(self, trip_id: int) -> set[str]:
        """The content hashes of the trip's photos (a preview skips those)."""
        cursor = self._db.execute("SELECT sha256 FROM photos WHERE trip_id = ?", [trip_id])
        return {row[0] for row in cursor.fetchall()}

    def missing(self, trip_id: int | None = None) -> list[Photo]:
        """The photos whose file is not where the record says."""
        photos = self.for_trip(trip_id) if trip_id is not None else self._all()
        return [p for p in photos if not os.path.isfile(p.path)]

    # -- adding ------------------------------------------------------------
    def add_many(self, trip_id: int, photos: Sequence[Photo], *, copy: bool = False) -> list[Photo]:
        """Save new photos in one transaction; those already in the trip are left out.

        With `copy`, each file is first copied into `copies_folder` (checked against its
        hash) and the record points to the copy. If anything fails, nothing is added and
        the copies made by this call are removed.
        """
        if not self._db.execute("SELECT 1 FROM trips WHERE id = ?", [trip_id]).fetchone():
            raise NotFoundError(f"There is no trip number {trip_id}.")
        known = self.known_hashes(trip_id)
        fresh: list[Photo] = []
        for photo in photos:
            if photo.sha256 not in known:
                known.add(photo.sha256)
                fresh.append(replace(photo, trip_id=trip_id, uid=photo.uid or new_uid(), id=None))
        if copy and fresh and self.copies_folder is None:
            raise ValidationError(
                "A database kept in memory has no folder beside it to copy photos into."
            )
        made: list[Path] = []
        added: list[Photo] = []
        try:
            with writing(self._db, "add the photos"):
                for photo in fresh:
                    if copy:
                        photo = self._copied(photo, made)
                    added.append(replace(photo, id=self._insert(photo)))
        except BaseException:
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        return added

    def _copied(self, photo: Photo, made: list[Path]) -> Photo:
        folder = self.copies_folder
        assert folder is not None
        source = Path(photo.path)
        target = folder / f"{photo.sha256}{source.suffix.lower()}"
        if not target.is_file():
            try:
                folder.mkdir(exist_ok=True)
                _copy_checked(source, target, photo.sha256)
            except OSError as exc:
                raise StoreError(
                    f"Could not copy {source.name} into {folder}: {exc.strerror or exc}. "
                    "No photo was added."
                ) from None
            made.append(target)
        return replace(photo, path=str(target), copied=True)

    def restore(self, photos: Iterable[Photo]) -> None:
        """Put photos back exactly as they were, under their ids (undo of a removal, of a
        move, or of removing the stop they were on)."""
        with writing(self._db, "restore the photos"):
            for photo in photos:
                if photo.id is None:
                    raise ValidationError("This photo has not been saved yet.")
                row = {"id": photo.id, **self._row(photo)}
                updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
                self._db.execute(
                    f"INSERT INTO photos ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    list(row.values()),
                )

    # -- changing ----------------------------------------------------------
    def place(
        self,
        photo_id: int,
        *,
        stop_id: int | None = None,
        site_id: int | None = None,
        journal_id: int | None = None,
        reason: str = "",
    ) -> Photo:
        """Place a photo by hand on a stop, a site (and its stop) or a journal entry; with
        none of them, take it off where it was (unplaced)."""
        photo = self.get(photo_id)
        if site_id is not None:
            site_stop = self._value("SELECT stop_id FROM sites WHERE id = ?", site_id, "site")
            if stop_id is not None and stop_id != site_stop:
                raise ValidationError("That site belongs to another stop.")
            stop_id = site_stop
        if journal_id is not None:
            entry_trip = self._value(
                "SELECT trip_id FROM journal WHERE id = ?", journal_id, "journal entry"
            )
            if entry_trip != photo.trip_id:
                raise ValidationError("That journal entry belongs to another trip.")
            if stop_id is None:
                stop_id = self._db.execute(
                    "SELECT stop_id FROM journal WHERE id = ?", [journal_id]
                ).fetchone()[0]
        if stop_id is not None:
            stop_trip = self._value("SELECT trip_id FROM stops WHERE id = ?", stop_id, "stop")
            if stop_trip != photo.trip_id:
                raise ValidationError("That stop belongs to another trip.")
        placed = stop_id is not None or journal_id is not None
        by = PlacedBy.HAND if placed else PlacedBy.NONE
        why = reason or ("Placed by hand." if placed else "Taken off its place by hand.")
        with writing(self._db, "place the photo"):
            self._db.execute(
                "UPDATE photos SET stop_id = ?, site_id = ?, journal_id = ?, placed_by = ?, "
                "reason = ? WHERE id = ?",
                [stop_id, site_id, journal_id, by.value, check_text(why, "Reason"), photo_id],
            )
        return self.get(photo_id)

    def set_caption(self, photo_id: int, caption: str) -> Photo:
        self.get(photo_id)
        with writing(self._db, "save the caption"):
            self._db.execute(
                "UPDATE photos SET caption = ? WHERE id = ?",
                [check_text(caption, "Caption"), photo_id],
            )
        return self.get(photo_id)

    def remove(self, photo_id: int) -> Photo:
        """Forget a photo (its file is left where it is). Returns it, for undo."""
        photo = self.get(photo_id)
        with writing(self._db, "remove the photo"):
            self._db.execute("DELETE FROM photos WHERE id = ?", [photo_id])
        return photo

    def remove_many(self, photo_ids: Sequence[int]) -> list[Photo]:
        """Forget many photos in one transaction; returns them, for undo."""
        removed = [self.get(i) for i in photo_ids]
        with writing(self._db, "remove the photos"):
            for start in range(0, len(photo_ids), _CHUNK):
                chunk = list(photo_ids[start : start + _CHUNK])
                marks = ", ".join("?" for _ in chunk)
                self._db.execute(f"DELETE FROM photos WHERE id IN ({marks})", chunk)
        return removed

    def relink(self, folder: Path, *, trip_id: int | None = None) -> RelinkReport:
        """Find the missing photos (of a trip, or all) in `folder` by their content hash,
        and point them at their files, in one transaction."""
        report = self.find_moved(folder, trip_id=trip_id)
        self.set_files(report.found)
        return report

    def set_files(self, photos: Sequence[Photo]) -> list[int]:
        """Point each photo's record at `photo.path` (and `copied`), changing nothing else:
        its caption, place or removal since it was read stay as they are. Returns the ids
        of the photos still there to update."""
        updated: list[int] = []
        with writing(self._db, "point the photos at their files"):
            for photo in photos:
                row = self._row(photo)
                cursor = self._db.execute(
                    "UPDATE photos SET path = ?, copied = ? WHERE id = ?",
                    [row["path"], row["copied"], photo.id],
                )
                if cursor.rowcount:
                    updated.append(photo.id or 0)
        return updated

    def find_moved(self, folder: Path, *, trip_id: int | None = None) -> RelinkReport:
        """Look for the missing photos (of a trip, or all) in `folder` by their content hash;
        writes nothing (safe on another thread's connection while the window goes on).

        Only files of a missing photo's exact size are hashed; hidden files and folders are
        skipped. `found` holds the photos with their new paths.
        """
        if not folder.is_dir():
            raise NotFoundError(f"{folder} is not a folder.")
        lost = self.missing(trip_id)
        report = RelinkReport()
        by_size: dict[int, dict[str, list[Photo]]] = {}
        for photo in lost:
            by_size.setdefault(photo.size, {}).setdefault(photo.sha256, []).append(photo)
        found: dict[int, Photo] = {}
        for path in _walk(folder):
            report.looked_at += 1
            try:
                size = path.stat().st_size
            except OSError:
                continue
            wanted = by_size.get(size)
            if not wanted:
                continue
            report.hashed += 1
            try:
                digest = file_sha256(path)
            except OSError as exc:
                log.info("Cannot hash %s: %s", path, exc)
                continue
            for photo in wanted.pop(digest, []):
                found[photo.id or 0] = replace(photo, path=str(path.absolute()), copied=False)
        report.found = list(found.values())
        report.missing = [p for p in lost if p.id not in found]
        return report

    # -- helpers -----------------------------------------------------------
    def _all(self) -> list[Photo]:
        rows = fetch_rows(self._db, "SELECT * FROM photos ORDER BY id")
        return [self._photo(r) for r in rows]

    def _photo(self, row: Row) -> Photo:
        return photo_from_row(row, self.copies_folder)

    def _row(self, photo: Photo) -> Row:
        return photo_to_row(photo, self.copies_folder)

    def _insert(self, photo: Photo) -> int:
        row = self._row(photo)
        cursor = self._db.execute(
            f"INSERT INTO photos ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            [row[c] for c in COLUMNS],
        )
        return int(cursor.lastrowid or 0)

    def _value(self, sql: str, row_id: int, what: str) -> int:
        row = self._db.execute(sql, [row_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no {what} number {row_id}.")
        return int(row[0])


def _taken_key(photo: Photo) -> tuple[int, float, int]:
    if photo.taken_at is None:
        return (1, 0.0, photo.id or 0)
    when = photo.taken_at
    # A wall-clock time without a zone sorts as if it were UTC: close enough for an order.
    stamp = when.timestamp() if when.tzinfo else when.replace(tzinfo=UTC).timestamp()
    return (0, stamp, photo.id or 0)


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root, name)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content, read in chunks: how photos are known everywhere."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_checked(source: Path, target: Path, sha256: str) -> None:
    """Copy `source` to `target` through a temporary file, refusing a changed original."""
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".copy.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        digest = hashlib.sha256()
        with source.open("rb") as inp, os.fdopen(handle, "wb") as out:
            for chunk in iter(lambda: inp.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise StoreError(
                f"{source.name} changed since it was read; add it again. No photo was added."
            )
        shutil.copystat(source, temp)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
