"""Open a CityPlanner file safely: identify it, check it, upgrade it, or refuse it untouched.

An existing file is checked with `PRAGMA quick_check` over a read-only connection before
anything is written to it. A damaged file, and one that cannot be written (read-only folder,
file or disk), is opened read-only, and `writing` refuses every change before SQLite is asked
(`connection.py`). A new file is built whole beside its name and only then given that name
(`creation.py`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.request import pathname2url

from sqlite_utils import Database

from cityplanner.domain.errors import ReadOnlyError, StoreError
from cityplanner.store.connection import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from cityplanner.store.connection import (
    DAMAGED,
    FileAccess,
    connect,
    file_access,
    open_read_only,
)
from cityplanner.store.creation import create_whole, is_empty_leftover, side_file
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)

_SQLITE_MAGIC = b"SQLite format 3\x00"


def open_database(
    path: str | Path, *, prepare: Callable[[Database], None] | None = None
) -> tuple[Database, bool]:
    """Open (or create) the file at `path`, upgraded to the current schema.

    Returns the database and whether the file was created now; `prepare` fills a new file
    (the demo trip) before it gets its name. Anything that is not a CityPlanner file of this
    version or older is refused with a `StoreError` before a single byte of it is written.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
        _configure(db, wal=False)
        _migrate(db)
        if prepare is not None:
            prepare(db)
        return db, True
    target = Path(path).expanduser()
    if target.exists() and not is_empty_leftover(target):
        return _open_existing(target), False

    def build(temp: Path) -> None:
        db = Database(connect(temp))
        try:
            _configure(db, wal=True)
            _migrate(db)
            if prepare is not None:
                prepare(db)
            # All of it into the file itself (synced: synchronous = FULL), none left in a log.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()

    created = create_whole(target, build)
    return _open_existing(target), created


def _open_existing(target: Path) -> Database:
    version = inspect_file(target)
    try:
        conn, immutable = open_read_only(target)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot read {target}: {_explain(exc)}.") from None
    try:
        damage = find_damage(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"Cannot check {target}: {_explain(exc)}.") from None
    why = DAMAGED if damage else _why_read_only(target)
    if why is None:
        conn.close()
        _release_stale_side_files(target)
        return _open_writable(target, version)
    if version < SCHEMA_VERSION:
        conn.close()
        advice = (
            "restore a copy of it"
            if damage
            else "copy it to a folder you can write to and open the copy"
        )
        raise StoreError(
            f"{target} is open read-only ({why}), but it was saved by an older version of "
            f"CityPlanner (file format {version}) and must be upgraded to be shown: {advice}."
        )
    wal = side_file(target, "-wal")
    note = ""
    if immutable and wal.exists() and wal.stat().st_size:
        note = f" Its latest changes, still in {wal.name}, cannot be shown."
    conn.access = FileAccess(target, why, damage, note)
    log.warning("Opened %s read-only: %s", target, damage or why)
    db = Database(conn)
    _configure(db, wal=False, read_only=True)
    return db


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
        conn, _ = open_read_only(path)
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


def find_damage(conn: sqlite3.Connection) -> str | None:
    """A sentence for the user if `PRAGMA quick_check` finds `conn`'s file damaged, else None.

    The check reads every page once (it skips the index-against-table comparison of
    `integrity_check`): a 250 MB file takes about 0.2 s from the disk cache, and as long as
    reading it takes from a slow disk (some 10 s from a USB 2 stick). It runs on every open
    whatever the size, because writing into a damaged file is how damage spreads.
    """
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise
        problems = [str(exc)]
    if problems == ["ok"]:
        return None
    # quick_check stops after 100 problems; the first may start with "*** in database main ***".
    count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
    if len(problems) >= 100:
        count = "at least 100 problems"
    first = " ".join(problems[0].replace("*** in database main ***", "").split())
    return (
        f"The file is damaged: SQLite found {count} (first: {first}). "
        "It was opened read-only; nothing will be written to it."
    )


def _can_write(path: Path) -> bool:
    """Whether this process may write `path`, a file or a folder (tests replace it)."""
    return os.access(path, os.W_OK)


def _why_read_only(path: Path) -> str | None:
    """Why `path` cannot be changed in place (a clause), or None when it can."""
    for place, clause in (
        (path.parent, "the folder cannot be written"),
        (path, "the file cannot be written"),
    ):
        if not _can_write(place):
            return "the disk it is on is read-only" if _on_read_only_disk(place) else clause
    return None


def _on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def _release_stale_side_files(path: Path) -> None:
    """Make way for a writable open when a `-shm` or `-wal` beside `path` cannot be written.

    Such files (left by another account, or copied from read-only media) would make SQLite
    open the file read-only. They are replaced only while no connection uses the file:
    every connection to a WAL file holds a shared lock on it, so a connection in exclusive
    locking mode (which keeps its index in memory and never opens the `-shm`) gets the lock
    only when there is none, and keeps others out until it closes. Under that lock the `-shm`
    (an index SQLite rebuilds from the `-wal`) and an empty `-wal` are removed, and a `-wal`
    holding changes is replaced by a writable copy of itself. SQLite removes them the same
    way when its last connection closes.
    """
    stale = [s for s in (side_file(path, "-shm"), side_file(path, "-wal")) if s.exists()]
    stale = [s for s in stale if not _can_write(s)]
    if not stale:
        return
    probe = None
    try:
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        log.warning("%s is in use (%s); its %s stay", path, exc, [s.name for s in stale])
        if probe is not None:
            probe.close()
        return
    try:
        for side in stale:
            if side.name.endswith("-shm") or side.stat().st_size == 0:
                side.unlink(missing_ok=True)
            else:
                copy = side.with_name(f".{side.name}.{secrets.token_hex(4)}")
                shutil.copyfile(side, copy)
                os.replace(copy, side)
            log.warning("Replaced %s, which this account could not write", side)
    except OSError as exc:
        log.warning("Could not replace the files beside %s: %s", path, exc)
    finally:
        probe.close()


def _open_writable(target: Path, version: int) -> Database:
    if 0 < version < SCHEMA_VERSION:
        backup = backup_beside(target, version)
        log.info(
            "Upgrading %s from schema %s to %s; copy kept at %s",
            target,
            version,
            SCHEMA_VERSION,
            backup,
        )
    conn = connect(target)
    conn.access.path = target
    db = Database(conn)
    _configure(db, wal=True)
    _migrate(db)
    return db


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


def _configure(db: Database, *, wal: bool, read_only: bool = False) -> None:
    try:
        if wal:
            db.execute("PRAGMA journal_mode = WAL")
        if read_only:  # besides mode=ro: refused by SQLite too, whatever the statement
            db.execute("PRAGMA query_only = ON")
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
    """One transaction for a user-level change; SQLite failures become `StoreError`.

    On a read-only file the change is refused with `ReadOnlyError` before SQLite is asked.
    """
    access = file_access(db)
    if access.why_read_only is not None:
        raise ReadOnlyError(access.refusal(what))
    try:
        with db.atomic():
            yield db
    except StoreError:
        raise
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


#: Files at least this large get the full check (`integrity_check`) in the background.
FULL_CHECK_BYTES = 64 * 1024 * 1024


def full_check(path: Path) -> str | None:
    """`PRAGMA integrity_check` on a read-only connection of its own; a sentence if damaged.

    It compares every index with its table, which `quick_check` on opening does not: for a
    large file it takes seconds, so the window runs it in the background.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    if problems == ["ok"]:
        return None
    return (
        f"The file is damaged: its full check found {len(problems)} problem(s) (first: "
        f"{' '.join(problems[0].split())}). From now on it is read-only; nothing more will "
        "be written to it."
    )


def mark_damaged(db: Database, sentence: str) -> None:
    """Make an open store read-only because its file was found damaged after opening."""
    from cityplanner.store.connection import file_access

    access = file_access(db)
    access.damage = sentence
    access.why_read_only = "the file is damaged"
