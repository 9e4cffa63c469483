"""The stored leg lengths always equal a fresh measurement, whatever was done to the trip."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cityplanner.geo.distance import leg_kms
from cityplanner.store import Store
from tests.store.conftest import make_stop


def stored_legs(store: Store, trip_id: int) -> list[float]:
    rows = store.db.execute(
        "SELECT leg_km FROM stops WHERE trip_id = ? ORDER BY position", [trip_id]
    ).fetchall()
    return [r[0] for r in rows]


def test_every_kind_of_write_keeps_the_leg_lengths_right(tmp_path: Path) -> None:
    rng = random.Random(11)
    with Store.open(tmp_path / "l.db", seed_demo=False) as store:
        trip_id = store.trips.create("Legs").id or 0
        store.trips.add_stops(
            trip_id,
            [make_stop(f"S{i}", rng.uniform(-60, 60), rng.uniform(-170, 170)) for i in range(8)],
        )
        removed = []
        for step in range(60):
            stops = store.trips.stops(trip_id)
            action = rng.choice(["add", "move", "remove", "update", "restore", "reorder"])
            if action == "add":
                store.trips.add_stop(
                    trip_id,
                    make_stop(f"N{step}", rng.uniform(-60, 60), 10.0),
                    at=rng.randrange(len(stops) + 1),
                )
            elif action == "move" and len(stops) > 1:
                store.trips.move_stop(rng.choice(stops).id or 0, rng.randrange(len(stops)))
            elif action == "remove" and len(stops) > 2:
                removed.append(store.trips.remove_stop(rng.choice(stops).id or 0))
            elif action == "update" and stops:
                stop = rng.choice(stops)
                moved = stop.place.__class__(
                    stop.place.name, rng.uniform(-60, 60), rng.uniform(-170, 170)
                )
                store.trips.update_stop(stop.with_changes(place=moved))
            elif action == "restore" and removed:
                gone = removed.pop()
                store.trips.restore_stop(gone.with_changes(position=min(gone.position, len(stops))))
            elif action == "reorder" and len(stops) > 1:
                ids = [s.id or 0 for s in stops]
                rng.shuffle(ids)
                store.trips.reorder(trip_id, ids)
            expected = leg_kms(store.trips.stops(trip_id))
            assert stored_legs(store, trip_id) == pytest.approx(expected), action
        (summary,) = store.trips.summaries()
        assert summary.km == pytest.approx(sum(leg_kms(store.trips.stops(trip_id))))


def test_an_upgraded_file_gets_its_leg_lengths(tmp_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from cityplanner.store.schema import APPLICATION_ID, migrations

    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0005_leg_lengths")
    db.execute("INSERT INTO trips (name) VALUES ('Old')")
    for position, (lat, lon) in enumerate([(43.6, 1.44), (43.93, 2.15), (43.68, 4.63)]):
        db.execute(
            "INSERT INTO stops (trip_id, position, name, lat, lon) VALUES (1, ?, 'x', ?, ?)",
            [position, lat, lon],
        )
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert stored_legs(store, 1) == pytest.approx(leg_kms(store.trips.stops(1)))
        assert stored_legs(store, 1)[1] == pytest.approx(67, abs=1)


def test_the_stops_are_handed_out_with_their_legs(store: Store) -> None:
    trip_id = store.trips.create("Handed out").id or 0
    store.trips.add_stops(
        trip_id, [make_stop("A", 43.6, 1.44), make_stop("B", 43.93, 2.15), make_stop("C", 60, 25)]
    )
    stops = store.trips.stops(trip_id)
    assert [s.leg_km for s in stops] == pytest.approx(leg_kms(stops))
    assert stops[0].leg_km == 0.0
    # One stop read on its own has no list to stand in: its leg is not known.
    assert store.trips.stop(stops[1].id or 0).leg_km is None
    # The length describes the stop's place in a list, not the stop: it is not compared.
    assert stops[1] == stops[1].with_changes(leg_km=None)


@pytest.mark.parametrize(
    "forged",
    ["12345.0", "-67.0", "'far'", "X'00'", "9e999", "NULL", "67.0 * 1.5"],
)
def test_a_stored_length_that_does_not_fit_its_stops_is_not_handed_out(
    store: Store, forged: str
) -> None:
    trip_id = store.trips.create("Forged").id or 0
    store.trips.add_stops(
        trip_id, [make_stop("A", 43.6, 1.44), make_stop("B", 43.93, 2.15), make_stop("C", 44, 4)]
    )
    store.db.execute(f"UPDATE stops SET leg_km = {forged} WHERE position = 1")
    first, second, third = store.trips.stops(trip_id)
    assert second.leg_km is None  # measured again by whoever needs it
    assert first.leg_km == 0.0 and third.leg_km == pytest.approx(leg_kms([second, third])[1])


def test_a_first_stop_with_a_length_is_not_trusted(store: Store) -> None:
    trip_id = store.trips.create("First").id or 0
    store.trips.add_stops(trip_id, [make_stop("A", 43.6, 1.44), make_stop("B", 43.93, 2.15)])
    store.db.execute("UPDATE stops SET leg_km = 500 WHERE position = 0")
    assert store.trips.stops(trip_id)[0].leg_km is None
