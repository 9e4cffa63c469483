"""Schema 8: uids for every object, modified_at kept by the store, the exchanged state."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from cityplanner.domain.models import Site
from cityplanner.domain.vocabulary import Theme
from cityplanner.store import Store
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from cityplanner.store.sync import SyncState, TripRecords, read_base, read_state, save_base
from tests.store.conftest import make_stop


def _stamp(store: Store, table: str, row_id: int) -> str:
    return str(
        store.db.execute(f"SELECT modified_at FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
    )


def _age(store: Store, table: str, row_id: int) -> None:
    """Set a row's stamp in the past, as if it were last changed long ago."""
    store.db.execute(
        f"UPDATE {table} SET modified_at = '2001-01-01T00:00:00Z' WHERE id = ?", [row_id]
    )


def test_a_format_6_file_gets_uids_and_stamps_for_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0008_shared_trips")
    with db.atomic():
        db.execute("INSERT INTO trips (name, uid) VALUES ('Old', 'u-1')")
        db.execute("INSERT INTO journal (trip_id, day, title) VALUES (1, '2017-10-02', 'Hi')")
        db.execute("INSERT INTO journal (trip_id, day, title) VALUES (1, '2017-10-03', 'Ho')")
    db.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 8
        uids = [e.uid for e in store.journal.for_trip(1)]
        assert all(uids) and len(set(uids)) == 2
        assert store.trips.get(1).uid == "u-1"
        for table in ("trips", "journal"):
            assert store.db.execute(
                f"SELECT count(*) FROM {table} WHERE modified_at = ''"
            ).fetchone() == (0,)


def test_every_change_stamps_its_object_and_only_it(store: Store) -> None:
    trip = store.trips.create("Trip")
    assert trip.id is not None
    first = store.trips.add_stop(trip.id, make_stop("Lyon", nights=1))
    second = store.trips.add_stop(trip.id, make_stop("Vienne", 45.5, 4.9))
    assert _stamp(store, "stops", first.id or 0) >= "2020"
    site = store.sites.add(Site(name="Lab", theme=Theme.WATER, stop_id=first.id))
    for table, row_id in (
        ("stops", first.id),
        ("stops", second.id),
        ("sites", site.id),
        ("trips", trip.id),
    ):
        _age(store, table, row_id or 0)

    store.sites.update(site.with_changes(tags=("water",)))
    assert _stamp(store, "sites", site.id or 0) > "2001-01-01T00:00:00Z"
    assert _stamp(store, "stops", first.id or 0) == "2001-01-01T00:00:00Z"
    store.costs.set_rate(trip.id, "USD", Decimal("0.9"))
    assert _stamp(store, "trips", trip.id) > "2001-01-01T00:00:00Z"
    # Measuring a leg again is no edit.
    store.db.execute("UPDATE stops SET leg_km = 12.5 WHERE id = ?", [second.id])
    assert _stamp(store, "stops", second.id or 0) == "2001-01-01T00:00:00Z"


def test_the_exchanged_state_is_kept_per_trip_uid_and_can_be_forgotten(store: Store) -> None:
    records = TripRecords(
        {"uid": "t-1", "name": "T"}, {"stops": {"s-1": {"uid": "s-1", "name": "A"}}}
    )
    state = SyncState("2026-01-01T00:00:00Z", "export", "2026-01-01T00:00:00Z")
    save_base(store.db, records, state, trip_uid="t-1")
    assert read_base(store.db, "t-1") == records
    assert read_state(store.db, "t-1") == state
    assert read_base(store.db, "t-2") is None
    save_base(store.db, None, None, trip_uid="t-1")
    assert read_base(store.db, "t-1") is None and read_state(store.db, "t-1") is None
