"""Connections to a CityPlanner file that know whether they may change it, and say why not.

Every connection the store opens on a file is a `GuardedConnection`: its `access` tells
`writing` and the Store whether changes are refused, and its cursors turn what is wrong with
the file itself (damage, a failing disk, a refused write) into a `StoreError` with a
sentence, where a repository would otherwise let a bare `sqlite3.DatabaseError` through.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.request import pathname2url

from sqlite_utils import Database

from cityplanner.domain.errors import DamagedFileError, ReadOnlyError, StoreError

if TYPE_CHECKING:
    from sqlite3 import _Parameters

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
DAMAGED = "the file is damaged"


@dataclass
class FileAccess:
    """Whether a connection may change its file; the Store and `writing` both read it."""

    path: Path | None = None
    """The file, once the connection is the store's (errors are explained from then on)."""
    why_read_only: str | None = None
    """A clause such as "the folder cannot be written"; None while changes are allowed."""
    damage: str | None = None
    """A sentence for the user when SQLite found the file damaged."""
    note: str = ""
    """A sentence to add when part of the file cannot be shown."""

    def refusal(self, what: str) -> str:
        return (
            f"Could not {what}: {self.path} is open read-only ({self.why_read_only}): "
            "nothing was changed."
        )


# Each is still the `sqlite3` class it replaces, so code that handles those works as before.
class _Damaged(DamagedFileError, sqlite3.DatabaseError):
    pass


class _RefusedWrite(ReadOnlyError, sqlite3.OperationalError):
    pass


class _DiskFailure(StoreError, sqlite3.OperationalError):
    pass


class GuardedConnection(sqlite3.Connection):
    """A connection with an `access`, whose cursors explain errors that come from the file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = FileAccess()

    def execute(self, sql: str, parameters: _Parameters = (), /) -> sqlite3.Cursor:
        return self.cursor(_Cursor).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[_Parameters], /) -> sqlite3.Cursor:
        return self.cursor(_Cursor).executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        return self.cursor(_Cursor).executescript(sql_script)


class _Cursor(sqlite3.Cursor):
    # A read can fail at any step, not only in `execute`: damage met on row 500 of a list.
    def execute(self, sql: str, parameters: _Parameters = (), /) -> Self:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def executemany(self, sql: str, seq_of_parameters: Iterable[_Parameters], /) -> Self:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(sql_script)
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.DatabaseError as exc:
            _raise_explained(self.connection, exc)
            raise


def _raise_explained(conn: sqlite3.Connection, exc: sqlite3.DatabaseError) -> None:
    """Raise a `StoreError` with a sentence instead of `exc` when the file itself is the trouble."""
    access = conn.access if isinstance(conn, GuardedConnection) else FileAccess()
    if access.path is None:
        return
    code = exc.sqlite_errorcode & 0xFF
    explained: sqlite3.DatabaseError
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        if access.damage is None:
            # Found only now (the check on opening missed it): no writes into it from here on.
            log.error("%s turned out damaged (%s); it is read-only from now on", access.path, exc)
            access.damage = (
                f"The file is damaged: SQLite could not read part of it ({exc}). From now on "
                "it is open read-only; nothing more will be written to it."
            )
            access.why_read_only = access.why_read_only or DAMAGED
        explained = _Damaged(f"Cannot read {access.path}: the file is damaged ({exc}).")
    elif code == sqlite3.SQLITE_READONLY and access.why_read_only is not None:
        explained = _RefusedWrite(access.refusal("save the change"))
    elif code == sqlite3.SQLITE_IOERR:
        explained = _DiskFailure(f"Cannot use {access.path}: the disk reported an error ({exc}).")
    else:
        return
    explained.sqlite_errorcode = exc.sqlite_errorcode
    explained.sqlite_errorname = exc.sqlite_errorname
    raise explained from exc


def file_access(db: Database) -> FileAccess:
    """How `db` was opened (an in-memory database may always be changed)."""
    conn = db.conn
    return conn.access if isinstance(conn, GuardedConnection) else FileAccess()


def connect(path: Path, *, uri: str | None = None) -> GuardedConnection:
    """A connection to `path` (or to the `uri` naming it), or a `StoreError`."""
    try:
        return sqlite3.connect(
            uri or path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            factory=GuardedConnection,
            uri=uri is not None,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {path}: {exc}.") from None


def open_read_only(path: Path) -> tuple[GuardedConnection, bool]:
    """A connection that cannot write `path`, and whether it had to be `immutable`.

    `mode=ro` still needs the `-wal` and `-shm` files beside a WAL file (and creates them
    where the folder allows); where it cannot, `immutable=1` reads the file alone. That skips
    changes still in a `-wal` and assumes nobody writes meanwhile: true of a read-only folder
    or disk, the only place it is needed.
    """
    base = f"file:{pathname2url(str(path.resolve()))}"
    conn = connect(path, uri=f"{base}?mode=ro")
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
            raise
    return connect(path, uri=f"{base}?immutable=1"), True
