"""SQLite persistence: opening files, migrations and repositories returning domain objects."""

from cityplanner.store.store import DB_ENV_VAR, Store, default_db_path

__all__ = ["DB_ENV_VAR", "Store", "default_db_path"]
