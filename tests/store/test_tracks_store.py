"""Tracks in the store: points kept exactly, listed without them, removed and restored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cityplanner.domain.errors import StoreError
from cityplanner.domain.tracks import Track, TrackPoints, make_track
from cityplanner.store import Store
from cityplanner.store.salvage import salvage
from cityplanner.store.tracks import pack_points, unpack_points
from tests.store.conftest import make_stop


def recorded(trip_id: int, count: int = 1000, **changes: object) -> Track:
    points = TrackPoints(
        np.linspace(45.0, 45.1, count),
        np.linspace(5.0, 5.2, count),
        np.where(np.arange(count) % 7 == 0, np.nan, np.linspace(200, 300, count)),
        1_700_000_000.0 + np.arange(count, dtype=np.float64),
        (count // 2,),
    )
    return make_track("Morning walk", points).with_changes(trip_id=trip_id, **changes)


def test_points_round_trip_exactly(store: Store) -> None:
    trip = store.trips.create("T", "")
    assert trip.id is not None
    track = recorded(trip.id)
    saved = store.tracks.add(track)
    assert saved.id is not None and saved.uid
    back = store.tracks.points(saved.id)
    assert track.points is not None
    np.testing.assert_array_equal(back.lat, track.points.lat)
    np.testing.assert_array_equal(back.time, track.points.time)
    np.testing.assert_allclose(back.ele, track.points.ele, rtol=1e-6)  # float32 on disk
    assert np.isnan(back.ele[0]) and back.starts == (500,)


def test_list_leaves_points_unless_asked(store: Store) -> None:
    trip = store.trips.create("T", "")
    assert trip.id is not None
    store.tracks.add(recorded(trip.id))
    (listed,) = store.tracks.list(trip.id)
    assert listed.points is None and listed.point_count == 1000
    assert listed.started_at is not None and listed.started_at.year == 2023
    (full,) = store.tracks.list(trip.id, with_points=True)
    assert full.points is not None and len(full.points) == 1000


def test_remove_and_restore_keep_id_uid_stop_and_day(store: Store) -> None:
    trip = store.trips.create("T", "")
    assert trip.id is not None
    (stop,) = store.trips.add_stops(trip.id, [make_stop("Lyon")])
    saved = store.tracks.add(recorded(trip.id, stop_id=stop.id))
    assert saved.id is not None
    track, points = store.tracks.remove(saved.id)
    assert store.tracks.list(trip.id) == []
    store.tracks.restore(track, points)
    (back,) = store.tracks.list(trip.id)
    assert (back.id, back.uid, back.stop_id) == (saved.id, saved.uid, stop.id)


def test_removing_a_stop_keeps_its_track_and_a_trip_takes_its_tracks(store: Store) -> None:
    trip = store.trips.create("T", "")
    assert trip.id is not None
    (stop,) = store.trips.add_stops(trip.id, [make_stop("Lyon")])
    assert stop.id is not None
    store.tracks.add(recorded(trip.id, stop_id=stop.id))
    store.trips.remove_stops([stop.id])
    (kept,) = store.tracks.list(trip.id)
    assert kept.stop_id is None
    store.trips.delete(trip.id)
    assert store.db.execute("SELECT COUNT(*) FROM tracks").fetchone()[0] == 0


def test_damaged_or_future_blobs_are_refused_clearly() -> None:
    blob = pack_points(TrackPoints.from_lists([1.0, 2.0], [3.0, 4.0]))
    assert len(unpack_points(blob)) == 2
    with pytest.raises(StoreError, match="wrong length"):
        unpack_points(blob[:-1])
    with pytest.raises(StoreError, match="format this version cannot read"):
        unpack_points(blob[:4] + b"\x09" + blob[5:])
    with pytest.raises(StoreError, match="too short"):
        unpack_points(b"CP")


def test_salvage_keeps_tracks(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    with Store.open(path) as store:
        trip_id = store.trips.list()[0].id or 0
        saved = store.tracks.add(recorded(trip_id))
    report = salvage(path, tmp_path / "saved.db")
    assert report.saved["tracks"] == 1
    with Store.open(tmp_path / "saved.db") as copy:
        (track,) = copy.tracks.list(trip_id)
        assert (track.id, track.uid, track.point_count) == (saved.id, saved.uid, 1000)
        assert len(copy.tracks.points(track.id or 0)) == 1000
