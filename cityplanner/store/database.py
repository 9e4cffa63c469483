"""Open a CityPlanner file safely: identify it, upgrade it, or refuse it untouched."""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.request import pathname2url

from sqlite_utils import Database

from cityplanner.domain.errors import StoreError
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)

_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def open_database(path: str | Path) -> tuple[Database, bool]:
    """Open (or create) the file at `path`, upgraded to the current schema.

    Returns the database and whether the file was created now. Anything that
    is not a CityPlanner file of this version or older is refused with a
    `StoreError` before a single byte of it is written.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
        _configure(db, wal=False)
        _migrate(db)
        return db, True
    target = Path(path).expanduser()
    if target.exists():
        version = inspect_file(target)
        if 0 < version < SCHEMA_VERSION:
            backup = backup_beside(target, version)
            log.info(
                "Upgrading %s from schema %s to %s; copy kept at %s",
                target,
                version,
                SCHEMA_VERSION,
                backup,
            )
        db = _connect(target)
        _configure(db, wal=True)
        _migrate(db)
        return db, False
    _check_can_create(target)
    db = _connect(target)
    _configure(db, wal=True)
    _migrate(db)
    return db, True


def inspect_file(path: Path) -> int:
    """Return the schema version of an existing CityPlanner file, or raise `StoreError`.

    Reads the file read-only, so a refused file is left exactly as it was.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not header:
        raise StoreError(
            f"{path} is an empty file, not a CityPlanner database; "
            "choose another file name or remove it."
        )
    if not header.startswith(_SQLITE_MAGIC):
        raise StoreError(f"{path} is not a CityPlanner database (it is not an SQLite file).")
    try:
        uri = f"file:{pathname2url(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be read as a database: {exc}.") from None
    if app_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is an SQLite file of another program, not a CityPlanner database."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was saved by a newer version of CityPlanner (file format {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update CityPlanner to open it."
        )
    return int(version)


def backup_beside(path: Path, version: int) -> Path:
    """Copy `path` to a free name beside it before an upgrade, and return that name."""
    for n in range(1, 1000):
        suffix = f".format{version}.bak" if n == 1 else f".format{version}.{n}.bak"
        candidate = path.with_name(path.name + suffix)
        if not candidate.exists():
            break
    else:  # pragma: no cover - a thousand backups already beside the file
        raise StoreError(f"Too many backups beside {path}; remove old ones first.")
    try:
        # The SQLite backup API copies a consistent snapshot, WAL content included.
        source = sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(candidate)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            candidate.unlink()
        raise StoreError(f"Cannot save a copy of {path} before upgrading it: {exc}.") from None
    return candidate


def _check_can_create(target: Path) -> None:
    parent = target.parent
    if not parent.exists():
        raise StoreError(f"Cannot create {target}: the folder {parent} does not exist.")
    if not parent.is_dir():
        raise StoreError(f"Cannot create {target}: {parent} is not a folder.")
    probe = parent / f".{target.name}.probe"
    try:
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise StoreError(
            f"Cannot create {target}: the folder {parent} cannot be written "
            f"({exc.strerror or exc})."
        ) from None
    free = shutil.disk_usage(parent).free
    if free < 1_000_000:
        raise StoreError(f"Cannot create {target}: the disk is full.")


def _connect(path: Path) -> Database:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {path}: {exc}.") from None
    return Database(conn)


def _configure(db: Database, *, wal: bool) -> None:
    try:
        if wal:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open the database: {exc}.") from None


def _migrate(db: Database) -> None:
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot prepare the database: {exc}.") from None


@contextlib.contextmanager
def writing(db: Database, what: str) -> Iterator[Database]:
    """One transaction for a user-level change; SQLite failures become `StoreError`."""
    try:
        with db.atomic():
            yield db
    except sqlite3.Error as exc:
        raise StoreError(f"Could not {what}: {_explain(exc)}. Nothing was changed.") from None


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "readonly" in text:
        return "the database file is read-only"
    if "full" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "another program is using the database"
    return text
