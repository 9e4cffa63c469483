"""Schemas 8 and 9: uids for every object, modified_at kept by the store, the exchanges."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from cityplanner.domain.models import Site
from cityplanner.domain.vocabulary import Theme
from cityplanner.store import Store
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from cityplanner.store.sync import TripRecords
from cityplanner.store.sync_bases import (
    KEPT_FILES,
    SyncState,
    common_base,
    exchange_ids,
    forget,
    read_exchange,
    read_import,
    remember,
)
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
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
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


def _records(trip_uid: str, name: str) -> TripRecords:
    return TripRecords(
        {"uid": trip_uid, "name": "T"}, {"stops": {"s-1": {"uid": "s-1", "name": name}}}
    )


def _state(direction: str, file_id: str, minute: int) -> SyncState:
    stamp = f"2026-01-01T00:{minute:02d}:00Z"
    return SyncState(stamp, direction, stamp, file_id)


def test_each_export_is_kept_by_its_id_and_the_oldest_are_forgotten(store: Store) -> None:
    for n in range(KEPT_FILES + 2):
        remember(store.db, _records("t-1", f"A{n}"), _state("export", f"e-{n}", n))
    remember(store.db, _records("t-2", "other"), _state("export", "e-x", 59))
    assert read_exchange(store.db, "t-1", "e-0") is None
    assert read_exchange(store.db, "t-1", "e-1") is None
    kept = read_exchange(store.db, "t-1", "e-2")
    assert kept == (_records("t-1", "A2"), _state("export", "e-2", 2))
    assert read_exchange(store.db, "t-1", "e-x") is None  # another trip's
    assert exchange_ids(store.db, "t-1") == [f"e-{n}" for n in range(KEPT_FILES + 1, 1, -1)]
    assert store.db.execute(
        "SELECT count(*) FROM sync_record r JOIN sync_exchange e ON e.id = r.exchange_id "
        "WHERE e.trip_uid = 't-1'"
    ).fetchone() == (2 * KEPT_FILES,)
    assert store.db.execute("SELECT count(*) FROM sync_record").fetchone() == (2 * KEPT_FILES + 2,)


def test_files_read_are_kept_apart_from_files_written_and_one_can_be_forgotten(
    store: Store,
) -> None:
    for n in range(KEPT_FILES):
        remember(store.db, _records("t-1", f"mine{n}"), _state("export", f"e-{n}", n))
    remember(store.db, _records("t-1", "B"), _state("import", "i-1", 30))
    last = remember(store.db, _records("t-1", "C"), _state("import", "i-2", 31))
    assert read_import(store.db, "t-1") == (_records("t-1", "C"), _state("import", "i-2", 31))
    assert read_exchange(store.db, "t-1", "i-1") is not None
    assert exchange_ids(store.db, "t-1")[:3] == ["i-2", "i-1", f"e-{KEPT_FILES - 1}"]
    assert read_exchange(store.db, "t-1", "e-0") is not None  # imports leave exports be
    forget(store.db, last)
    assert read_import(store.db, "t-1") == (_records("t-1", "B"), _state("import", "i-1", 30))
    assert store.db.execute(
        "SELECT count(*) FROM sync_record WHERE exchange_id = ?", [last]
    ).fetchone() == (0,)


def test_the_common_base_is_the_first_exchange_named_that_is_remembered(store: Store) -> None:
    remember(store.db, _records("t-1", "sent"), _state("export", "e-1", 1))
    remember(store.db, _records("t-1", "read"), _state("import", "i-1", 2))
    base = common_base(store.db, "t-1", ["unknown", "e-1", "i-1"])
    assert base.known and base.records == _records("t-1", "sent")
    unknown = common_base(store.db, "t-1", ["unknown"])
    assert not unknown.known and unknown.records == _records("t-1", "read")
    never = common_base(store.db, "t-2", ["e-1"])
    assert not never.known and never.records is None


def test_a_format_8_file_keeps_its_trip_bases_as_exchanges(tmp_path: Path) -> None:
    path = tmp_path / "eight.db"
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0009_exchanges")
    stamp = "2026-11-30T10:00:00.000Z"
    with db.atomic():
        db.execute("INSERT INTO sync_state VALUES ('t-1', ?, 'export', ?)", [stamp, stamp])
        db.execute("""INSERT INTO sync_base VALUES ('t-1', 'trip', 't-1', '{"uid": "t-1"}')""")
        db.execute(
            """INSERT INTO sync_base VALUES ('t-1', 'stops', 's-1', '{"uid": "s-1", "n": 1}')"""
        )
    db.close()
    with Store.open(path) as store:
        found = read_exchange(store.db, "t-1", stamp)
        assert found == (
            TripRecords({"uid": "t-1"}, {"stops": {"s-1": {"uid": "s-1", "n": 1}}}),
            SyncState(stamp, "export", stamp, stamp),
        )
        assert read_import(store.db, "t-1") is None
