"""The one object the app and the command line hold: a database and its repositories."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from platformdirs import user_data_path
from sqlite_utils import Database

from cityplanner.domain.errors import StoreError
from cityplanner.store.costs import CostRepository
from cityplanner.store.database import open_database
from cityplanner.store.demo import load_demo
from cityplanner.store.sites import JournalRepository, SiteRepository
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
    """An open CityPlanner file with its repositories."""

    def __init__(self, db: Database, path: Path | None, *, created: bool) -> None:
        self.db = db
        self.path = path
        self.created = created
        self.trips = TripRepository(db)
        self.sites = SiteRepository(db)
        self.journal = JournalRepository(db)
        self.costs = CostRepository(db)

    @classmethod
    def open(cls, path: str | Path | None = None, *, seed_demo: bool = True) -> Store:
        """Open `path` (or the default file); a newly created file gets the demo trip."""
        if path is None:
            target = default_db_path()
            if not os.environ.get(DB_ENV_VAR, "").strip():
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"Cannot create the folder {target.parent}: {exc}.") from None
        else:
            target = Path(path)
        db, created = open_database(target)
        store = cls(db, None if str(target) == ":memory:" else target, created=created)
        if created and seed_demo:
            load_demo(store)
        return store

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
