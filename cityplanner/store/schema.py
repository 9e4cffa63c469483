"""The database schema, built and upgraded by numbered migrations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from cityplanner.domain.schedule import adopt_timeline, plan_timeline
from cityplanner.domain.validation import parse_date
from cityplanner.store.rows import new_uid
from cityplanner.store.schema_sync import NOW, TOUCHED_TABLES, exchanges_sql, shared_trips_sql

#: Written into the SQLite header so that a CityPlanner file can be told from any other.
APPLICATION_ID = 0x43504C4E  # "CPLN"

migrations = Migrations("cityplanner")


def _bump(db: Database, version: int) -> None:
    # user_version lives in the file header and is part of the same transaction.
    db.execute(f"PRAGMA user_version = {int(version)}")


@migrations(name="0001_itinerary")
def _m0001_itinerary(db: Database) -> None:
    for statement in _ITINERARY_SQL:
        db.execute(statement)
    _bump(db, 1)


@migrations(name="0002_tags")
def _m0002_tags(db: Database) -> None:
    for statement in _TAGS_SQL:
        db.execute(statement)
    _bump(db, 2)


@migrations(name="0003_schedule")
def _m0003_schedule(db: Database) -> None:
    for statement in _SCHEDULE_SQL:
        db.execute(statement)
    for table in ("trips", "stops", "sites"):
        ids = [row[0] for row in db.execute(f"SELECT id FROM {table}").fetchall()]
        db.conn.executemany(
            f"UPDATE {table} SET uid = ? WHERE id = ?", [(new_uid(), i) for i in ids]
        )
    _adopt_existing_dates(db)
    _bump(db, 3)


def _adopt_existing_dates(db: Database) -> None:
    """Every date a file holds is kept: the first gives the trip's start, others pin if needed."""
    for (trip_id,) in db.execute("SELECT id FROM trips").fetchall():
        rows = db.execute(
            "SELECT id, arrival, nights FROM stops WHERE trip_id = ? ORDER BY position", [trip_id]
        ).fetchall()
        timeline = [(parse_date(arrival), nights) for _, arrival, nights in rows]
        start, pins = adopt_timeline(None, timeline)
        db.execute(
            "UPDATE trips SET start = ? WHERE id = ?",
            [start.isoformat() if start else None, trip_id],
        )
        pinned = [(row[0],) for row, pin in zip(rows, pins, strict=True) if pin]
        db.conn.executemany("UPDATE stops SET pinned = 1 WHERE id = ?", pinned)
        planned = plan_timeline(
            start, [(a, n, p) for (a, n), p in zip(timeline, pins, strict=True)]
        )
        db.conn.executemany(
            "UPDATE stops SET arrival = ? WHERE id = ?",
            [
                (dates.arrival.isoformat() if dates.arrival else None, row[0])
                for row, dates, (old, _) in zip(rows, planned, timeline, strict=True)
                if dates.arrival != old
            ],
        )


@migrations(name="0004_costs")
def _m0004_costs(db: Database) -> None:
    for statement in _COSTS_SQL:
        db.execute(statement)
    _bump(db, 4)


@migrations(name="0005_leg_lengths")
def _m0005_leg_lengths(db: Database) -> None:
    from cityplanner.store import legs

    db.execute("ALTER TABLE stops ADD COLUMN leg_km REAL")
    for (trip_id,) in db.execute("SELECT id FROM trips").fetchall():
        legs.fill(db, trip_id)
    _bump(db, 5)


@migrations(name="0006_photos")
def _m0006_photos(db: Database) -> None:
    for statement in _PHOTOS_SQL:
        db.execute(statement)
    _bump(db, 6)


@migrations(name="0007_tracks")
def _m0007_tracks(db: Database) -> None:
    for statement in _TRACKS_SQL:
        db.execute(statement)
    _bump(db, 7)


@migrations(name="0008_shared_trips")
def _m0008_shared_trips(db: Database) -> None:
    db.execute("ALTER TABLE journal ADD COLUMN uid TEXT NOT NULL DEFAULT ''")
    for table in TOUCHED_TABLES:
        # SQLite adds no column with a computed default: the triggers below fill it.
        db.execute(f"ALTER TABLE {table} ADD COLUMN modified_at TEXT NOT NULL DEFAULT ''")
        db.execute(f"UPDATE {table} SET modified_at = {NOW}")
    for table in ("trips", "stops", "sites", "journal", "costs", "photos"):
        ids = [row[0] for row in db.execute(f"SELECT id FROM {table} WHERE uid = ''").fetchall()]
        db.conn.executemany(
            f"UPDATE {table} SET uid = ? WHERE id = ?", [(new_uid(), i) for i in ids]
        )
    for statement in shared_trips_sql():
        db.execute(statement)
    _bump(db, 8)


@migrations(name="0009_exchanges")
def _m0009_exchanges(db: Database) -> None:
    for statement in exchanges_sql():
        db.execute(statement)
    _bump(db, 9)


#: The schema version this code writes; files above it are refused.
SCHEMA_VERSION = 9

_ITINERARY_SQL = (
    """
    CREATE TABLE trips (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    )
    """,
    """
    CREATE TABLE stops (
        id INTEGER PRIMARY KEY,
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        country_code TEXT NOT NULL DEFAULT '',
        admin1 TEXT NOT NULL DEFAULT '',
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        timezone TEXT NOT NULL DEFAULT '',
        population INTEGER NOT NULL DEFAULT 0,
        source_id TEXT NOT NULL DEFAULT '',
        approximate INTEGER NOT NULL DEFAULT 0,
        arrival TEXT,
        nights INTEGER NOT NULL DEFAULT 0 CHECK (nights >= 0),
        mode TEXT,
        notes TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX stops_by_trip ON stops(trip_id, position)",
    """
    CREATE TABLE sites (
        id INTEGER PRIMARY KEY,
        stop_id INTEGER NOT NULL REFERENCES stops(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        theme TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned',
        lat REAL CHECK (lat BETWEEN -90 AND 90),
        lon REAL CHECK (lon BETWEEN -180 AND 180),
        approximate INTEGER NOT NULL DEFAULT 0,
        address TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX sites_by_stop ON sites(stop_id)",
    """
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        stop_id INTEGER REFERENCES stops(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES sites(id) ON DELETE SET NULL,
        day TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX journal_by_trip ON journal(trip_id, day)",
)

_TAGS_SQL = (
    """
    CREATE TABLE site_tags (
        site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (site_id, tag)
    )
    """,
    """
    CREATE TABLE journal_tags (
        entry_id INTEGER NOT NULL REFERENCES journal(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
    )
    """,
)

_SCHEDULE_SQL = (
    "ALTER TABLE trips ADD COLUMN start TEXT",
    "ALTER TABLE trips ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE stops ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE stops ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sites ADD COLUMN day_of_stay INTEGER CHECK (day_of_stay >= 0)",
    "ALTER TABLE sites ADD COLUMN start_time TEXT",
    "ALTER TABLE sites ADD COLUMN minutes INTEGER CHECK (minutes BETWEEN 1 AND 1440)",
    "ALTER TABLE sites ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
)

# Amounts and rates are kept as decimal text, so that a budget adds up to the cent.
_COSTS_SQL = (
    "ALTER TABLE trips ADD COLUMN home_currency TEXT NOT NULL DEFAULT 'EUR'",
    "ALTER TABLE trips ADD COLUMN budget TEXT",
    "ALTER TABLE trips ADD COLUMN travellers INTEGER NOT NULL DEFAULT 1 CHECK (travellers >= 1)",
    """
    CREATE TABLE costs (
        id INTEGER PRIMARY KEY,
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        stop_id INTEGER REFERENCES stops(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES sites(id) ON DELETE SET NULL,
        leg_stop_id INTEGER REFERENCES stops(id) ON DELETE SET NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        category TEXT NOT NULL DEFAULT 'other',
        day TEXT,
        paid INTEGER NOT NULL DEFAULT 0,
        refund INTEGER NOT NULL DEFAULT 0,
        rate TEXT,
        note TEXT NOT NULL DEFAULT '',
        uid TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX costs_by_trip ON costs(trip_id)",
    """
    CREATE TABLE trip_rates (
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        currency TEXT NOT NULL,
        rate TEXT NOT NULL,
        PRIMARY KEY (trip_id, currency)
    )
    """,
)

# A photo outlives what it is placed on. Removing its stop makes it unplaced (with a reason
# saying so) instead of deleting the record; removing a site or a journal entry leaves it on
# the stop. The triggers run before the row goes, while its name can still be quoted; the
# foreign keys' SET NULL stays as the rule of last resort. Undo puts the stop back under its
# old id and then the photos as they were (PhotoRepository.restore).
_PHOTOS_SQL = (
    """
    CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL DEFAULT '',
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        stop_id INTEGER REFERENCES stops(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES sites(id) ON DELETE SET NULL,
        journal_id INTEGER REFERENCES journal(id) ON DELETE SET NULL,
        path TEXT NOT NULL,
        original TEXT NOT NULL DEFAULT '',
        copied INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
        taken_at TEXT,
        zone TEXT NOT NULL DEFAULT '',
        lat REAL CHECK (lat BETWEEN -90 AND 90),
        lon REAL CHECK (lon BETWEEN -180 AND 180),
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        orientation INTEGER NOT NULL DEFAULT 1,
        caption TEXT NOT NULL DEFAULT '',
        placed_by TEXT NOT NULL DEFAULT 'none'
            CHECK (placed_by IN ('time', 'position', 'hand', 'none')),
        reason TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (trip_id, sha256)
    )
    """,
    "CREATE INDEX photos_by_stop ON photos(stop_id)",
    "CREATE INDEX photos_by_site ON photos(site_id)",
    "CREATE INDEX photos_by_journal ON photos(journal_id)",
    """
    CREATE TRIGGER photos_unplaced_with_their_stop BEFORE DELETE ON stops BEGIN
        UPDATE photos SET stop_id = NULL, site_id = NULL, journal_id = NULL,
            placed_by = 'none',
            reason = 'Its stop, ' || OLD.name || ', was removed: place it again by hand.'
        WHERE stop_id = OLD.id;
    END
    """,
    """
    CREATE TRIGGER photos_stay_when_their_site_goes BEFORE DELETE ON sites BEGIN
        UPDATE photos SET site_id = NULL,
            reason = 'Its site, ' || OLD.name || ', was removed; it stays at the stop.'
        WHERE site_id = OLD.id;
    END
    """,
    """
    CREATE TRIGGER photos_stay_when_their_entry_goes BEFORE DELETE ON journal BEGIN
        UPDATE photos SET journal_id = NULL,
            placed_by = CASE WHEN stop_id IS NULL THEN 'none' ELSE placed_by END,
            reason = 'Its journal entry, ' || OLD.title || ', was deleted.'
        WHERE journal_id = OLD.id;
    END
    """,
)

# A track's points are one BLOB (see store/tracks.py `pack_points`): a header of 16 bytes,
# b"CPTK", a format version (1), flags (1: elevations follow, 2: times follow), two
# reserved bytes, then the point count and the segment count as little-endian uint32;
# then the segment starts (uint32), latitudes and longitudes (float64), elevations
# (float32, NaN when missing) and times (float64 seconds since 1970, NaN when missing).
# Its summary columns are kept beside it, so that a list of tracks never reads a point.
_TRACKS_SQL = (
    """
    CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL DEFAULT '',
        trip_id INTEGER NOT NULL REFERENCES trips(id) ON DELETE CASCADE,
        stop_id INTEGER REFERENCES stops(id) ON DELETE SET NULL,
        day TEXT,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'recorded' CHECK (kind IN ('recorded', 'planned')),
        point_count INTEGER NOT NULL CHECK (point_count >= 0),
        km REAL NOT NULL DEFAULT 0 CHECK (km >= 0),
        ascent_m REAL,
        started_at TEXT,
        ended_at TEXT,
        points BLOB NOT NULL
    )
    """,
    "CREATE INDEX tracks_by_trip ON tracks(trip_id)",
    "CREATE INDEX tracks_by_stop ON tracks(stop_id)",
)
