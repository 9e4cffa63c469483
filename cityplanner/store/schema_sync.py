"""Migration 0008's triggers: every row of a shared trip keeps the time of its last change;
migration 0009's tables: the trip files a database exchanged, each with its content.

Trip files (cityplanner/store/sync.py) tell a local edit from an incoming one by these
`modified_at` stamps, and by the content of the file both sides last held.
"""

from __future__ import annotations

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

#: Tables whose rows keep the UTC time of their last change in `modified_at`.
TOUCHED_TABLES = ("trips", "stops", "sites", "journal", "costs", "photos")

# Tags and rates live in tables of their own: a change of them is a change of their owner.
_OWNED = (
    ("site_tags", "sites", "site_id"),
    ("journal_tags", "journal", "entry_id"),
    ("trip_rates", "trips", "trip_id"),
)


def shared_trips_sql() -> list[str]:
    """Triggers keeping `modified_at`, and the tables remembering each trip's last exchange.

    A write that sets `modified_at` itself (an import keeping the file's time) is left
    alone; any other change stamps the row. A stop's leg length is derived, so measuring
    it again is no change. sqlite-utils turns recursive triggers on: a stamp already equal to
    the time of the statement is not stamped again, which ends the recursion.
    """
    statements = []
    for table in TOUCHED_TABLES:
        columns = ""
        if table == "stops":
            names = _stops_columns_but_leg()
            columns = " OF " + ", ".join(names)
        statements += [
            f"""
            CREATE TRIGGER {table}_stamped_on_insert AFTER INSERT ON {table}
            WHEN NEW.modified_at = '' BEGIN
                UPDATE {table} SET modified_at = {NOW} WHERE id = NEW.id;
            END
            """,
            f"""
            CREATE TRIGGER {table}_stamped_on_update AFTER UPDATE{columns} ON {table}
            WHEN NEW.modified_at IS OLD.modified_at AND NEW.modified_at IS NOT {NOW} BEGIN
                UPDATE {table} SET modified_at = {NOW} WHERE id = NEW.id;
            END
            """,
        ]
    for child, owner, key in _OWNED:
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"""
                CREATE TRIGGER {child}_stamp_owner_on_{event.lower()} AFTER {event} ON {child}
                BEGIN
                    UPDATE {owner} SET modified_at = {NOW} WHERE id = {row}.{key};
                END
                """
            )
    statements += [
        # Per trip (by uid, so that it outlives the trip's removal and return), each
        # object's fields as they were in the last trip file imported or exported.
        """
        CREATE TABLE sync_base (
            trip_uid TEXT NOT NULL,
            kind TEXT NOT NULL,
            uid TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (trip_uid, kind, uid)
        )
        """,
        """
        CREATE TABLE sync_state (
            trip_uid TEXT PRIMARY KEY,
            synced_at TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('import', 'export')),
            file_exported_at TEXT NOT NULL DEFAULT ''
        )
        """,
    ]
    return statements


def exchanges_sql() -> list[str]:
    """One base per trip file instead of one per trip (see cityplanner/store/sync_bases.py).

    An exchange is a file this database wrote (the last few of each trip) or the last one
    it read, named by the file's id; its records are the objects the file carried. The
    single base of each trip that migration 0008 kept becomes one exchange, named by the
    time its file was written (which is how a file that names no id is named).
    """
    return [
        """
        CREATE TABLE sync_exchange (
            id INTEGER PRIMARY KEY,
            trip_uid TEXT NOT NULL,
            file_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('import', 'export')),
            synced_at TEXT NOT NULL,
            file_exported_at TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX sync_exchange_by_trip ON sync_exchange(trip_uid, file_id)",
        """
        CREATE TABLE sync_record (
            exchange_id INTEGER NOT NULL REFERENCES sync_exchange(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            uid TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (exchange_id, kind, uid)
        )
        """,
        """
        INSERT INTO sync_exchange (trip_uid, file_id, direction, synced_at, file_exported_at)
        SELECT trip_uid, file_exported_at, direction, synced_at, file_exported_at
        FROM sync_state ORDER BY synced_at
        """,
        """
        INSERT INTO sync_record (exchange_id, kind, uid, record)
        SELECT e.id, b.kind, b.uid, b.record FROM sync_base b
        JOIN sync_exchange e ON e.trip_uid = b.trip_uid ORDER BY b.rowid
        """,
        "DROP TABLE sync_base",
        "DROP TABLE sync_state",
    ]


def _stops_columns_but_leg() -> list[str]:
    """The stops' columns whose change is an edit (all but the derived leg length)."""
    return [
        "position", "name", "country_code", "admin1", "lat", "lon", "timezone", "population",
        "source_id", "approximate", "arrival", "nights", "mode", "notes", "pinned", "uid",
    ]  # fmt: skip
