"""Automatic copies of a CityPlanner file, kept in the user data folder and thinned out over time.

Each database has its own folder of copies, named after the file and a short hash of its
absolute path, so two files both called `trip.db` never share one. A copy is made with
SQLite's backup API (a consistent snapshot, write-ahead log included, with nothing written
to the source), checked with `PRAGMA integrity_check` and only then given its final name, so
a copy that exists under a timestamp is a copy that was whole when it was made.

Which copies are kept is a grandfather-father-son scheme: the 12 most recent ones always,
because the usual wish is "undo what I did this morning", possibly after a busy hour of
edits; beyond those the newest copy of each of the last 10 days, 9 weeks and 12 months,
because some mistakes (a stop deleted in spring) are only noticed months later. That covers
a year while the folder holds at most 12 + 10 + 9 + 12 = 43 files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.request import pathname2url

from platformdirs import user_data_path
from sqlite_utils import Database

from cityplanner.domain.errors import StoreError
from cityplanner.store.database import BUSY_TIMEOUT_MS, inspect_file
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)

#: Set it to keep the copies elsewhere (tests point it at a temporary folder).
BACKUP_DIR_ENV_VAR = "CITYPLANNER_BACKUP_DIR"

#: The most recent copies kept, then the newest of each of so many days, weeks and months.
KEEP_RECENT, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9, 12

#: A backup is due after this many edits, or after this long with at least one edit.
EDITS_PER_BACKUP = 20
BACKUP_INTERVAL = timedelta(minutes=10)

_STAMP_FORMAT = "%Y-%m-%dT%H-%M-%SZ"
# "2026-12-01T09-30-00Z.db", "2026-12-01T09-30-00Z-2_before-restore.db" (the second that second).
_NAME = re.compile(
    r"^(?P<stamp>\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)(?:-(?P<n>\d+))?(?:_(?P<reason>[a-z0-9-]+))?\.db$"
)
_PARTIAL_PREFIX = ".partial-"


@dataclass(frozen=True)
class BackupInfo:
    """One copy in a database's backup folder, as far as it can be read.

    `made_at` is in UTC, to the second (copies made within one second get a `sequence`
    2, 3…); `trips` and `stops` are None and `readable` False for a damaged copy, which is
    listed but never restored; `reason` is "on open", "after edits", "by hand"…
    """

    path: Path
    made_at: datetime
    size_bytes: int
    trips: int | None
    stops: int | None
    readable: bool
    reason: str = ""
    sequence: int = 1


@dataclass(frozen=True)
class Restored:
    """What `restore` did: the copy it brought back and where the replaced content is kept."""

    backup: BackupInfo
    kept_at: Path | None  # None when there was no file to keep


def backups_root() -> Path:
    """`$CITYPLANNER_BACKUP_DIR`, else the `backups` folder in CityPlanner's user data folder."""
    env = os.environ.get(BACKUP_DIR_ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return user_data_path("cityplanner", appauthor=False) / "backups"


def backup_folder(db_path: Path) -> Path:
    """The folder of `db_path`'s copies: its file name and a short hash of its absolute path."""
    absolute = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(absolute).encode("utf-8")).hexdigest()[:10]
    return backups_root() / f"{absolute.stem}-{digest}"


def make_backup(
    db: Database | sqlite3.Connection,
    db_path: Path,
    *,
    reason: str,
    now: datetime | None = None,
) -> Path:
    """Copy the open database `db` (the file `db_path`) into its backup folder; return the copy.

    The copy is checked before it is named; a damaged one is deleted and refused with a
    `StoreError`. Nothing is written to the source.
    """
    conn = db.conn if isinstance(db, Database) else db
    folder = backup_folder(db_path)
    partial = folder / f"{_PARTIAL_PREFIX}{secrets.token_hex(8)}.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(partial)) as dest:
            conn.backup(dest)
            # The copy of a write-ahead-log file would need its -wal and -shm beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
            problems = _integrity_problems(dest)
        if problems:
            raise StoreError(
                f"The backup of {db_path} failed its integrity check ({problems}); "
                "the database itself may be damaged."
            )
        final = _free_name(folder, now or datetime.now(UTC), reason)
        partial.replace(final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(exc, sqlite3.OperationalError | OSError):  # disk full, locked…
            why = getattr(exc, "strerror", None) or exc
            raise StoreError(f"Cannot make a backup of {db_path} in {folder}: {why}.") from None
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{db_path} looks damaged ({exc}); no backup was made.") from None
        raise
    log.info("Backed up %s to %s (%s)", db_path, final, reason)
    return final


def backup_file(db_path: Path, *, reason: str, now: datetime | None = None) -> Path:
    """Back up the CityPlanner file at `db_path` without opening it for writing (or upgrading it)."""
    inspect_file(db_path)  # a missing or foreign file is refused as it is
    try:
        with contextlib.closing(_read_only(db_path)) as conn:
            return make_backup(conn, db_path, reason=reason, now=now)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot read {db_path}: {exc}.") from None


def _free_name(folder: Path, when: datetime, reason: str) -> Path:
    stamp = when.astimezone(UTC).strftime(_STAMP_FORMAT)
    slug = re.sub(r"[^a-z0-9]+", "-", reason.casefold()).strip("-")[:40]
    tail = f"_{slug}.db" if slug else ".db"
    taken = {p[1] for path in folder.glob(f"{stamp}*.db") if (p := _parse(path)) is not None}
    n = next(n for n in range(1, len(taken) + 2) if n not in taken)
    return folder / (f"{stamp}{tail}" if n == 1 else f"{stamp}-{n}{tail}")


def _parse(path: Path) -> tuple[datetime, int, str] | None:
    """(made at, sequence, reason) from a backup's name; None for another file."""
    if (found := _NAME.match(path.name)) is None or not path.is_file():
        return None
    when = datetime.strptime(found.group("stamp"), _STAMP_FORMAT).replace(tzinfo=UTC)
    return when, int(found.group("n") or 1), (found.group("reason") or "").replace("-", " ")


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The copies of `db_path`, newest first; a damaged one is listed as not readable."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [info for path in folder.iterdir() if (info := _describe(path)) is not None]
    return sorted(found, key=lambda info: (info.made_at, info.sequence), reverse=True)


def _describe(path: Path, *, thorough: bool = False, any_name: bool = False) -> BackupInfo | None:
    """What a copy holds; with `any_name`, also a file not named like a backup (dated by mtime)."""
    parsed = _parse(path)
    if (stat := _stat(path)) is None or (parsed is None and not any_name):
        return None  # not a backup, or deleted meanwhile by another window's rotation
    if parsed is None:
        parsed = (datetime.fromtimestamp(stat.st_mtime, UTC).replace(microsecond=0), 1, "")
    trips = stops = None
    check = "integrity_check" if thorough else "quick_check"
    with contextlib.suppress(sqlite3.Error, OSError), contextlib.closing(_read_only(path)) as conn:
        if not _integrity_problems(conn, check) and _is_ours(conn):
            trips = int(conn.execute("SELECT count(*) FROM trips").fetchone()[0])
            stops = int(conn.execute("SELECT count(*) FROM stops").fetchone()[0])
    made_at, sequence, reason = parsed
    return BackupInfo(
        path, made_at, stat.st_size, trips, stops, trips is not None, reason, sequence
    )


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True)


def _integrity_problems(conn: sqlite3.Connection, check: str = "integrity_check") -> str:
    """ "" for a whole database, else the first problems SQLite reports."""
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA {check}(5)").fetchall()]
    return "" if rows == ["ok"] else "; ".join(rows)


def _is_ours(conn: sqlite3.Connection) -> bool:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return bool(app_id == APPLICATION_ID and 0 < version <= SCHEMA_VERSION)


# -- thinning out --------------------------------------------------------------------


def rotate(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete the copies the scheme of the module docstring no longer needs; return them.

    Days, weeks (from Monday) and months are counted in UTC, like the names of the copies.
    """
    folder = backup_folder(db_path)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    backups = _copies(folder)
    keep = {path for _, _, path in backups[:KEEP_RECENT]}
    today = moment.date()
    buckets: list[tuple[Callable[[date], Hashable], list[Hashable]]] = [
        (lambda d: d, [today - timedelta(days=i) for i in range(KEEP_DAILY)]),
        (_monday, [_monday(today) - timedelta(weeks=i) for i in range(KEEP_WEEKLY)]),
        (_month, [_month(today) - i for i in range(KEEP_MONTHLY)]),
    ]
    for bucket_of, wanted in buckets:
        newest: dict[Hashable, Path] = {}
        for when, _, path in backups:  # newest first: the first seen in a bucket wins
            newest.setdefault(bucket_of(when.date()), path)
        keep.update(newest[key] for key in wanted if key in newest)
    deleted = [path for _, _, path in backups if path not in keep]
    for path in deleted:
        _delete(path)
    _sweep_partials(folder, moment)
    if deleted:
        log.info("Rotated the backups of %s: %s deleted", db_path, len(deleted))
    return deleted


def _copies(folder: Path) -> list[tuple[datetime, int, Path]]:
    """(made at, sequence, path) of each copy in `folder`, by their names; newest first."""
    found = [(p[0], p[1], path) for path in folder.glob("*.db") if (p := _parse(path))]
    return sorted(found, reverse=True)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month(day: date) -> int:
    """Months since year 0, so that counting months back is a subtraction."""
    return day.year * 12 + day.month - 1


def _delete(path: Path) -> None:
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            victim.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Cannot delete the old backup %s: %s", victim, exc)


def _sweep_partials(folder: Path, moment: datetime) -> None:
    """Copies left half-made by a crash are removed once they are a day old."""
    for path in folder.glob(f"{_PARTIAL_PREFIX}*"):
        with contextlib.suppress(OSError):
            if moment.timestamp() - path.stat().st_mtime > 86_400:
                path.unlink()


def should_backup(last: datetime | None, edits_since: int, now: datetime) -> bool:
    """Whether a stretch of edits calls for a copy: many edits, or some edits a while ago."""
    if edits_since <= 0:
        return False
    if edits_since >= EDITS_PER_BACKUP or last is None:
        return True
    return now - last >= BACKUP_INTERVAL


def unchanged_since_backup(db_path: Path) -> bool:
    """Whether the newest copy was made after the file (and its write-ahead log) last changed."""
    copies = _copies(backup_folder(db_path))
    sides = [st for s in (db_path, db_path.with_name(db_path.name + "-wal")) if (st := _stat(s))]
    written = max((side.st_mtime for side in sides if side.st_size), default=None)
    return bool(copies) and written is not None and written < copies[0][0].timestamp()


def human_size(size_bytes: int) -> str:
    """ "812 B", "48 kB", "3.2 MB": a file size for a list."""
    if size_bytes < 1000:
        return f"{size_bytes} B"
    size, unit = next((size_bytes / f, u) for f, u in _UNITS if size_bytes >= f)
    return f"{size:.1f} {unit}" if size < 10 else f"{size:.0f} {unit}"


_UNITS = ((1e9, "GB"), (1e6, "MB"), (1e3, "kB"))


# -- restoring ---------------------------------------------------------------------


def check_backup(path: Path) -> BackupInfo:
    """The copy at `path` if it can be restored (a full integrity check), else a `StoreError`."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"{path} is not a file, so it cannot be restored.")
    try:
        inspect_file(path)
    except StoreError as exc:
        raise StoreError(f"{exc} Nothing was restored.") from None
    info = _describe(path, thorough=True, any_name=True)
    assert info is not None  # a file, and any name goes
    if not info.readable:
        raise StoreError(
            f"The backup {path.name} is damaged (it fails SQLite's integrity check) and "
            "cannot be restored; the database was not changed."
        )
    return info


def restore(
    backup: Path,
    db_path: Path,
    db: Database | None = None,
    *,
    now: datetime | None = None,
) -> Restored:
    """Bring back the content of `backup` into `db_path`, after keeping a copy of it.

    With `db` (the open connection to `db_path`) the content is copied into that connection,
    so whoever holds it sees the restored trips at once; without it, into the file. A damaged
    or foreign backup is refused before anything is written.
    """
    info = check_backup(backup)
    db_path = Path(db_path).expanduser()
    if db_path.exists() and info.path.resolve() == db_path.resolve():
        raise StoreError(f"{info.path.name} is the database itself; choose one of its backups.")
    kept = _keep_current(db_path, db, now)
    try:
        with contextlib.closing(_read_only(info.path)) as source:
            version = int(source.execute("PRAGMA user_version").fetchone()[0])
            if db is not None:
                source.backup(db.conn)
                if version < SCHEMA_VERSION:  # a copy made by an older CityPlanner
                    migrations.apply(db)
            else:
                timeout = BUSY_TIMEOUT_MS / 1000
                with contextlib.closing(sqlite3.connect(db_path, timeout=timeout)) as dest:
                    source.backup(dest)
    except sqlite3.Error as exc:
        where = f"; the file as it was is kept at {kept}" if kept else ""
        raise StoreError(
            f"Could not restore {db_path} from {info.path.name}: {exc}{where}."
        ) from None
    log.info("Restored %s from %s (kept the previous content at %s)", db_path, info.path, kept)
    return Restored(info, kept)


def _keep_current(db_path: Path, db: Database | None, now: datetime | None) -> Path | None:
    """Back up the file about to be replaced; if it is damaged, keep its bytes as they are."""
    if db is None:
        if not db_path.exists():
            return None
        inspect_file(db_path)  # never overwrite a file that is not a CityPlanner database
    try:
        if db is not None:
            return make_backup(db, db_path, reason="before restore", now=now)
        return backup_file(db_path, reason="before restore", now=now)
    except StoreError as exc:
        # A damaged file is the usual reason to restore, and it cannot be backed up.
        log.warning("Keeping a plain copy of %s before restoring: %s", db_path, exc)
    folder = backup_folder(db_path)
    kept = _free_name(folder, now or datetime.now(UTC), "before restore damaged")
    try:
        shutil.copyfile(db_path, kept)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, kept.with_name(kept.name + "-wal"))
    except OSError as exc:
        _delete(kept)
        raise StoreError(
            f"Cannot keep a copy of {db_path} before restoring ({exc.strerror or exc}); "
            "nothing was restored."
        ) from None
    return kept
