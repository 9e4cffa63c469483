from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database

from cityplanner.domain import StoreError
from cityplanner.store import Store
from cityplanner.store.database import open_database
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from tests.store.conftest import make_stop

REPO = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_gets_schema_pragmas_and_the_demo_trip(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    with Store.open(path) as store:
        assert store.created
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (trip,) = store.trips.list()
        assert trip.name == "Smart city tour 2017"
    with Store.open(path) as again:
        assert not again.created
        assert len(again.trips.list()) == 1  # the demo is not added twice


def test_demo_trip_has_the_eight_stops_in_order_with_toulouse_sites(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        (trip,) = store.trips.list()
        stops = store.trips.stops(trip.id or 0)
        assert [s.place.name for s in stops] == [
            "Toulouse",
            "Albi",
            "Arles",
            "Carcassonne",
            "Amsterdam",
            "Reykjavík",
            "Moscow",
            "Yerevan",
        ]
        assert [s.place.country_code for s in stops][-4:] == ["NL", "IS", "RU", "AM"]
        assert (stops[0].place.lat, stops[0].place.lon) == (43.60426, 1.44367)
        sites = store.sites.for_stop(stops[0].id or 0)
        assert {s.theme.value for s in sites} >= {
            "connected-city",
            "mobility",
            "water",
            "parking",
            "independent-living",
            "autonomous-vehicles",
            "living-lab",
            "experiment",
        }
        assert all(s.approximate for s in sites if (s.lat, s.lon) == (43.60426, 1.44367))
        (entry,) = store.journal.for_trip(trip.id or 0)
        assert "500" in entry.body and entry.stop_id == stops[0].id


def _write_old_schema(path: Path) -> None:
    """A file as the first released schema wrote it, with a trip in it."""
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0002_tags")
    with db.atomic():
        db.execute("INSERT INTO trips (name) VALUES ('Old trip')")
        db.execute(
            "INSERT INTO stops (trip_id, position, name, lat, lon) "
            "VALUES (1, 0, 'Albi', 43.9298, 2.148)"
        )
    db.close()


def test_older_schema_is_upgraded_after_a_copy_is_saved_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _write_old_schema(path)
    before = digest(path)
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.trips.find("old trip").name == "Old trip"
        assert store.db["site_tags"].exists()
    backup = tmp_path / "old.db.format1.bak"
    assert backup.exists()
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1
    assert digest(path) != before


def test_failed_upgrade_rolls_back_to_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _write_old_schema(path)
    from cityplanner.store import schema

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema.migrations._migrations[1], "fn", broken)
    with pytest.raises(StoreError, match="disk I/O error"):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # A 0-byte file is replaced by a new database (tests/store/test_damage_and_readonly.py).
        (b"Toulouse, Albi, Arles\n", "not an SQLite file"),
    ],
)
def test_files_that_are_not_databases_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="another program"):
        Store.open(path)
    assert digest(path) == before


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer version of CityPlanner"):
        Store.open(path)
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak"))


def test_folder_that_does_not_exist_or_is_a_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing" / "t.db")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="is not a folder"):
        Store.open(blocker / "t.db")


_KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from cityplanner.domain import Place, Stop
    from cityplanner.store import Store
    from cityplanner.store import trips as trips_module

    store = Store.open(sys.argv[1], seed_demo=False)
    trip = store.trips.create("Big import")
    original = trips_module.TripRepository._insert_stop
    count = 0

    def slow_insert(self, stop):
        global count
        count += 1
        if count == 500:
            print("HALFWAY", flush=True)
            time.sleep(60)
        return original(self, stop)

    trips_module.TripRepository._insert_stop = slow_insert
    stops = [Stop(place=Place(name=f"P{i}", lat=10, lon=10)) for i in range(1000)]
    store.trips.add_stops(trip.id, stops)
    """
)


def test_killed_mid_write_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create("Before")
        store.trips.add_stop(trip.id or 0, make_stop("Kept"))
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "HALFWAY"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stop_count = conn.execute("SELECT COUNT(*) FROM stops").fetchone()[0]
    conn.close()
    assert stop_count == 1  # the 1000-stop write left nothing behind
    with Store.open(path) as store:
        assert [s.place.name for s in store.trips.stops(1)] == ["Kept"]
