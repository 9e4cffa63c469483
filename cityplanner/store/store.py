"""The one object the app and the command line hold: a database and its repositories."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from platformdirs import user_data_path
from sqlite_utils import Database

from cityplanner.domain.errors import StoreError
from cityplanner.store.connection import file_access
from cityplanner.store.costs import CostRepository
from cityplanner.store.database import open_database
from cityplanner.store.demo import load_demo
from cityplanner.store.photos import PhotoRepository
from cityplanner.store.sites import JournalRepository, SiteRepository
from cityplanner.store.tracks import TrackRepository
from cityplanner.store.trips import TripRepository

log = logging.getLogger(__name__)

DB_ENV_VAR = "CITYPLANNER_DB"


def default_db_path() -> Path:
    """`--db` wins, then $CITYPLANNER_DB, then the user data folder."""
    env = os.environ.get(DB_ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return user_data_path("cityplanner", appauthor=False) / "cityplanner.db"


class Store:
    """An open CityPlanner file with its repositories.

    A damaged file, and one that cannot be written, is open read-only: reads work, every
    change is refused with `ReadOnlyError`. A file can turn read-only while open, when a
    read meets damage that the check on opening did not see.
    """

    def __init__(self, db: Database, path: Path | None, *, created: bool) -> None:
        self.db = db
        self.path = path
        self.created = created
        self.trips = TripRepository(db)
        self.sites = SiteRepository(db)
        self.journal = JournalRepository(db)
        self.costs = CostRepository(db)
        self.photos = PhotoRepository(db, path)
        self.tracks = TrackRepository(db)
        self._backup: Path | None = None
        self._backup_looked_up = False

    @property
    def read_only(self) -> bool:
        """True when changes are refused: the file is damaged or cannot be written."""
        return file_access(self.db).why_read_only is not None

    @property
    def read_only_reason(self) -> str | None:
        """A sentence saying that and why the file is open read-only; None when it is not."""
        access = file_access(self.db)
        if access.why_read_only is None:
            return None
        return (
            f"{self.path} is open read-only ({access.why_read_only}): you can look at it and "
            f"export it, but not change it.{access.note}"
        )

    @property
    def damage(self) -> str | None:
        """A sentence saying what SQLite found wrong with the file; None when it is whole."""
        return file_access(self.db).damage

    @property
    def newest_good_backup(self) -> Path | None:
        """The newest readable automatic copy of a damaged file; None if it is not damaged."""
        if self.damage is None or self.path is None:
            return None
        if not self._backup_looked_up:
            self._backup, self._backup_looked_up = _newest_good_backup(self.path), True
        return self._backup

    @classmethod
    def open(cls, path: str | Path | None = None, *, seed_demo: bool = True) -> Store:
        """Open `path` (or the default file); a newly created file gets the demo trip.

        The demo is written before the new file takes its name, so no file is ever seen
        without it. A `sqlite3` error on the way becomes a `StoreError` with one sentence.
        """
        if path is None:
            target = default_db_path()
            if not os.environ.get(DB_ENV_VAR, "").strip():
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"Cannot create the folder {target.parent}: {exc}.") from None
        else:
            target = Path(path)

        def fill(db: Database) -> None:
            load_demo(cls(db, None, created=True))

        try:
            db, created = open_database(target, prepare=fill if seed_demo else None)
        except StoreError:
            raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open {target}: {exc}.") from None
        return cls(db, None if str(target) == ":memory:" else target, created=created)

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory database, for tests and previews."""
        return cls.open(":memory:", seed_demo=False)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _newest_good_backup(path: Path) -> Path | None:
    try:
        from cityplanner.store.backups import list_backups
    except ImportError:  # a build without automatic copies
        return None
    try:
        copies = list_backups(path)
    except Exception:  # listing copies must never stop a damaged file from opening
        log.exception("Cannot list the copies of %s", path)
        return None
    return next((copy.path for copy in copies if copy.readable), None)
