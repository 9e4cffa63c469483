from __future__ import annotations

from datetime import date

import pytest

from cityplanner.domain import (
    AmbiguousError,
    JournalEntry,
    NotFoundError,
    Site,
    SiteStatus,
    Theme,
    TravelMode,
    ValidationError,
)
from cityplanner.store import Store
from tests.store.conftest import make_stop


def names(store: Store, trip_id: int) -> list[str]:
    return [s.place.name for s in store.trips.stops(trip_id)]


def positions(store: Store, trip_id: int) -> list[int]:
    return [s.position for s in store.trips.stops(trip_id)]


def test_stops_keep_their_order_through_insert_move_and_remove(store: Store) -> None:
    trip = store.trips.create("Loop")
    assert trip.id is not None
    for name in "ABCD":
        store.trips.add_stop(trip.id, make_stop(name))
    store.trips.add_stop(trip.id, make_stop("X"), at=1)
    assert names(store, trip.id) == ["A", "X", "B", "C", "D"]
    x = store.trips.stops(trip.id)[1]
    store.trips.move_stop(x.id or 0, 4)
    assert names(store, trip.id) == ["A", "B", "C", "D", "X"]
    store.trips.move_stop(x.id or 0, 0)
    assert names(store, trip.id) == ["X", "A", "B", "C", "D"]
    store.trips.remove_stop(store.trips.stops(trip.id)[2].id or 0)
    assert names(store, trip.id) == ["X", "A", "C", "D"]
    assert positions(store, trip.id) == [0, 1, 2, 3]


def test_stop_fields_round_trip(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    stop = make_stop(
        "Albi",
        43.9298,
        2.148,
        arrival=date(2017, 10, 6),
        nights=1,
        mode=TravelMode.TRAIN,
        notes="<b>hi</b>",
    )
    saved = store.trips.add_stop(trip.id, stop)
    loaded = store.trips.stop(saved.id or 0)
    assert loaded == saved
    assert loaded.mode is TravelMode.TRAIN and loaded.notes == "<b>hi</b>"


def test_out_of_range_positions_change_nothing(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    a = store.trips.add_stop(trip.id, make_stop("A"))
    with pytest.raises(ValidationError, match="out of range"):
        store.trips.add_stop(trip.id, make_stop("B"), at=5)
    with pytest.raises(ValidationError, match="out of range"):
        store.trips.move_stop(a.id or 0, 3)
    assert names(store, trip.id) == ["A"]


def test_removed_stop_is_restored_under_its_id_and_position(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    for name in "ABC":
        store.trips.add_stop(trip.id, make_stop(name))
    removed = store.trips.remove_stop(store.trips.stops(trip.id)[1].id or 0)
    store.trips.restore_stop(removed)
    assert names(store, trip.id) == ["A", "B", "C"]
    assert store.trips.stops(trip.id)[1].id == removed.id


def test_deleting_a_trip_removes_its_stops_sites_and_journal(store: Store) -> None:
    trip = store.trips.create("Doomed")
    keep = store.trips.create("Kept")
    assert trip.id is not None and keep.id is not None
    stop = store.trips.add_stop(trip.id, make_stop("A"))
    store.trips.add_stop(keep.id, make_stop("K"))
    store.sites.add(Site(stop_id=stop.id, name="Lab", theme=Theme.LIVING_LAB, tags=("x",)))
    store.journal.add(
        JournalEntry(trip_id=trip.id, stop_id=stop.id, day=date(2017, 1, 1), title="Hi")
    )
    store.trips.delete(trip.id)
    counts = {
        t: store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("stops", "sites", "journal", "site_tags")
    }
    assert counts == {"stops": 1, "sites": 0, "journal": 0, "site_tags": 0}
    with pytest.raises(NotFoundError):
        store.trips.get(trip.id)


def test_removing_a_stop_keeps_its_journal_entries_on_the_trip(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, make_stop("A"))
    entry = store.journal.add(
        JournalEntry(trip_id=trip.id, stop_id=stop.id, day=date(2017, 1, 1), title="Notes")
    )
    store.trips.remove_stop(stop.id or 0)
    kept = store.journal.get(entry.id or 0)
    assert kept.stop_id is None and kept.title == "Notes"


def test_sites_and_tags_round_trip_and_update(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, make_stop("Toulouse", 43.6, 1.44))
    site = store.sites.add(
        Site(
            stop_id=stop.id,
            name="Bus lanes",
            theme=Theme.MOBILITY,
            lat=43.6,
            lon=1.44,
            tags=("transit", "bus"),
        )
    )
    assert store.sites.get(site.id or 0) == site
    changed = store.sites.update(site.with_changes(status=SiteStatus.VISITED, tags=("bus",)))
    assert store.sites.for_trip(trip.id) == [changed]


def test_trip_lookup_by_id_name_and_ambiguity(store: Store) -> None:
    a = store.trips.create("Smart city tour 2017")
    store.trips.create("Smart city tour 2018")
    assert store.trips.find("SMART CITY TOUR 2017") == a
    assert store.trips.find(str(a.id)) == a
    with pytest.raises(AmbiguousError) as info:
        store.trips.find("smart city")
    assert len(info.value.candidates) == 2
    with pytest.raises(NotFoundError, match="No trip is called 'Iceland'"):
        store.trips.find("Iceland")


def test_reorder_requires_a_permutation(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    ids = [store.trips.add_stop(trip.id, make_stop(n)).id or 0 for n in "ABC"]
    with pytest.raises(ValidationError):
        store.trips.reorder(trip.id, ids[:2])
    store.trips.reorder(trip.id, list(reversed(ids)))
    assert names(store, trip.id) == ["C", "B", "A"]


def test_trip_summaries_give_counts_and_date_span(store: Store) -> None:
    trip = store.trips.create("T")
    assert trip.id is not None
    store.trips.add_stop(trip.id, make_stop("A", arrival=date(2017, 10, 2), nights=4))
    store.trips.add_stop(trip.id, make_stop("B", arrival=date(2017, 10, 6), nights=2))
    (summary,) = store.trips.summaries()
    assert (summary.stop_count, summary.first_date, summary.last_date) == (
        2,
        date(2017, 10, 2),
        date(2017, 10, 8),
    )
