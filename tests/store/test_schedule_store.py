"""Stored dates follow the schedule in the same transaction; older files keep every date."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from cityplanner.domain import ValidationError
from cityplanner.store import Store
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from tests.store.conftest import make_stop


def _write_format_2(path: Path) -> None:
    """A file as format 2 wrote it: arrivals typed by hand, some consistent, some not."""
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0003_schedule")
    rows = [
        # (position, name, arrival, nights)
        (0, "Reykjavík", None, 2),
        (1, "Selfoss", "2018-06-03", 1),  # the first dated stop
        (2, "Vík", "2018-06-04", 2),  # follows Selfoss
        (3, "Höfn", "2018-06-08", 1),  # two days later than it would follow: pinned
        (4, "Egilsstaðir", None, 2),  # undated: follows
        (5, "Akureyri", "2018-06-09", 3),  # earlier than it would follow: pinned, an overlap
    ]
    with db.atomic():
        db.execute("INSERT INTO trips (name) VALUES ('Iceland loop')")
        db.execute("INSERT INTO trips (name) VALUES ('Undated')")
        for position, name, arrival, nights in rows:
            db.execute(
                "INSERT INTO stops (trip_id, position, name, lat, lon, arrival, nights) "
                "VALUES (1, ?, ?, 64.0, -20.0, ?, ?)",
                [position, name, arrival, nights],
            )
        db.execute(
            "INSERT INTO stops (trip_id, position, name, lat, lon, nights) "
            "VALUES (2, 0, 'Nowhere', 1.0, 1.0, 3)"
        )
        db.execute("INSERT INTO sites (stop_id, name, theme) VALUES (1, 'Harpa', 'showcase')")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    db.close()


def test_upgrade_keeps_every_date_and_pins_only_what_does_not_follow(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _write_format_2(path)
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        trip = store.trips.find("Iceland loop")
        assert trip.start == date(2018, 6, 1)  # Selfoss's date minus Reykjavík's two nights
        stops = store.trips.stops(trip.id or 0)
        by_name = {s.name: s for s in stops}
        for name, arrival in [("Selfoss", 3), ("Vík", 4), ("Höfn", 8), ("Akureyri", 9)]:
            assert by_name[name].arrival == date(2018, 6, arrival), name
        assert [s.pinned for s in stops] == [False, False, False, True, False, True]
        assert by_name["Reykjavík"].arrival == date(2018, 6, 1)
        assert by_name["Egilsstaðir"].arrival == date(2018, 6, 9)
        undated = store.trips.find("Undated")
        assert undated.start is None
        assert [s.arrival for s in store.trips.stops(undated.id or 0)] == [None]
        uids = [t.uid for t in store.trips.list()] + [s.uid for s in stops]
        uids += [s.uid for s in store.sites.for_trip(trip.id or 0)]
        assert all(uids) and len(set(uids)) == len(uids)
    assert (tmp_path / "old.db.format2.bak").exists()


@pytest.fixture
def trip(tmp_path: Path):
    with Store.open(tmp_path / "t.db", seed_demo=False) as store:
        trip = store.trips.create("Loop", start=date(2018, 6, 1))
        stops = [
            store.trips.add_stop(trip.id or 0, make_stop(name, 64.0, -20.0).with_changes(nights=n))
            for name, n in [("A", 2), ("B", 1), ("C", 3)]
        ]
        yield store, trip.id or 0, stops


def arrivals(store: Store, trip_id: int) -> list[date | None]:
    return [s.arrival for s in store.trips.stops(trip_id)]


def test_every_write_redates_the_stops_after_it(trip) -> None:
    store, trip_id, (a, _b, c) = trip
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 3), date(2018, 6, 4)]
    store.trips.update_stop(store.trips.stop(a.id or 0).with_changes(nights=5))
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 6), date(2018, 6, 7)]
    store.trips.move_stop(c.id or 0, 0)
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 4), date(2018, 6, 9)]
    store.trips.remove_stop(c.id or 0)
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 6)]
    store.trips.set_start(trip_id, date(2018, 7, 1))
    assert arrivals(store, trip_id) == [date(2018, 7, 1), date(2018, 7, 6)]


def test_a_pinned_stop_keeps_its_date_and_anchors_the_rest(trip) -> None:
    store, trip_id, (a, b, _c) = trip
    store.trips.update_stop(
        store.trips.stop(b.id or 0).with_changes(arrival=date(2018, 6, 10), pinned=True)
    )
    store.trips.update_stop(store.trips.stop(a.id or 0).with_changes(nights=0))
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 10), date(2018, 6, 11)]
    store.trips.update_stop(store.trips.stop(b.id or 0).with_changes(pinned=False))
    assert arrivals(store, trip_id) == [date(2018, 6, 1), date(2018, 6, 1), date(2018, 6, 2)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s, t, b: s.trips.update_stop(b.with_changes(nights=20)), "9999"),
        (
            lambda s, t, b: (
                s.trips.set_start(t, date(9999, 12, 30))
                or s.trips.update_stop(b.with_changes(pinned=False))
            ),
            "9999",
        ),
    ],
)
def test_a_plan_past_the_year_9999_is_refused_and_changes_nothing(trip, change, message) -> None:
    store, trip_id, (_a, b, _c) = trip
    late = date(9999, 12, 20)
    store.trips.update_stop(store.trips.stop(b.id or 0).with_changes(arrival=late, pinned=True))
    before = store.trips.stops(trip_id), store.trips.get(trip_id)
    with pytest.raises(ValidationError, match=message):
        change(store, trip_id, store.trips.stop(b.id or 0))
    assert (store.trips.stops(trip_id), store.trips.get(trip_id)) == before


def test_pinning_a_stop_of_an_undated_trip_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "u.db", seed_demo=False) as store:
        trip = store.trips.create("Undated")
        stop = store.trips.add_stop(trip.id or 0, make_stop("A", 1.0, 1.0))
        with pytest.raises(ValidationError, match="start date"):
            store.trips.update_stop(stop.with_changes(arrival=date(2018, 1, 1), pinned=True))
        assert store.trips.stop(stop.id or 0) == stop


def test_a_stop_added_with_a_date_keeps_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d.db", seed_demo=False) as store:
        trip_id = store.trips.create("Dated by its stops").id or 0
        first = make_stop("A", 1.0, 1.0).with_changes(nights=2)
        store.trips.add_stop(trip_id, first)
        second = make_stop("B", 1.0, 1.0).with_changes(arrival=date(2018, 6, 10), nights=1)
        store.trips.add_stop(trip_id, second)
        # The first dated stop gives the start so that it arrives on its date.
        assert store.trips.get(trip_id).start == date(2018, 6, 8)
        assert arrivals(store, trip_id) == [date(2018, 6, 8), date(2018, 6, 10)]
        late = make_stop("C", 1.0, 1.0).with_changes(arrival=date(2018, 6, 20))
        added = store.trips.add_stop(trip_id, late)
        assert added.pinned and added.arrival == date(2018, 6, 20)


def test_uids_are_kept_across_updates_and_differ_between_databases(tmp_path: Path) -> None:
    seen = []
    for name in ("one.db", "two.db"):
        with Store.open(tmp_path / name) as store:
            (trip,) = store.trips.list()
            stop = store.trips.stops(trip.id or 0)[0]
            renamed = store.trips.update(trip.with_changes(name="Renamed"))
            again = store.trips.update_stop(stop.with_changes(notes="x", uid=""))
            assert renamed.uid == trip.uid and again.uid == stop.uid
            seen += [trip.uid, stop.uid]
    assert len(set(seen)) == 4


def test_the_home_currency_keeps_its_own_rates_meaningful(tmp_path: Path) -> None:
    from decimal import Decimal

    with Store.open(tmp_path / "m.db", seed_demo=False) as store:
        trip_id = store.trips.create("Money").id or 0
        store.costs.set_rate(trip_id, "ISK", Decimal("0.0082"))
        with pytest.raises(ValidationError, match="own rates"):
            store.costs.set_budget(trip_id, Decimal(100), "USD")
        with pytest.raises(ValidationError, match="own currency"):
            store.costs.set_rate(trip_id, "EUR", Decimal("1.1"))
        assert store.trips.get(trip_id).home_currency == "EUR"
        assert store.costs.rates(trip_id) == {"ISK": Decimal("0.0082")}
