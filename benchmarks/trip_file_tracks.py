"""Carry a trip's recorded tracks in a trip file: export, then import into a fresh database.

Trip: 10 tracks of 50,000 points each (500,000 points with elevations and times), one
stop. Peer: the GPX export and import of the same tracks, measured in the same run — GPX
is how tracks travel between other programs, and it carries every point as text.

Run from the repository root:  python benchmarks/trip_file_tracks.py [--points N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cityplanner.domain.models import Place, Stop
from cityplanner.domain.tracks import TrackPoints, make_track
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.registry import export_to_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import apply_trip_file, preview_trip_file
from cityplanner.store import Store

TRACKS = 10


def timed(label: str, action: Callable[[], object]) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34} {elapsed:8.3f} s wall {cpu:8.3f} s CPU")
    return elapsed


def fill(store: Store, points: int, seed: int = 5) -> int:
    rng = np.random.default_rng(seed)
    trip = store.trips.create("Benchmark walks")
    assert trip.id is not None
    store.trips.add_stops(trip.id, [Stop(place=Place("Toulouse", 43.6, 1.44), nights=1)])
    tracks = []
    for number in range(TRACKS):
        lat = 43.6 + np.cumsum(rng.normal(0, 1e-4, points))
        lon = 1.44 + np.cumsum(rng.normal(0, 1e-4, points))
        ele = 150 + np.cumsum(rng.normal(0, 0.5, points))
        times = 1.7e9 + number * 86400 + np.arange(points, dtype=np.float64)
        track = make_track(f"Walk {number + 1}", TrackPoints(lat, lon, ele, times))
        tracks.append(track.with_changes(trip_id=trip.id))
    store.tracks.add_many(tracks)
    return trip.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=50_000, help="points per track")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        home = Store.open(root / "home.db", seed_demo=False)
        trip_id = fill(home, args.points)
        print(f"{TRACKS} tracks of {args.points:,} points")
        peer_out = timed(
            "peer: GPX export", lambda: export_to_file(home, trip_id, "gpx", root / "t.gpx")
        )
        ours_out = timed(
            "trip file export",
            lambda: export_to_file(home, trip_id, "cityplanner", root / "t.cptrip"),
        )
        peer_db = Store.open(root / "peer.db", seed_demo=False)
        peer_in = timed(
            "peer: GPX import",
            lambda: apply(
                peer_db,
                preview(peer_db, read_import_file(root / "t.gpx"), trip_id=None, new_name="t"),
            ),
        )
        friend = Store.open(root / "friend.db", seed_demo=False)
        ours_in = timed(
            "trip file import (new trip)",
            lambda: apply_trip_file(
                friend, preview_trip_file(friend, read_trip_file(root / "t.cptrip"))
            ),
        )
        gpx_mb = (root / "t.gpx").stat().st_size / 2**20
        trip_mb = (root / "t.cptrip").stat().st_size / 2**20
        print(f"  sizes: GPX {gpx_mb:.1f} MB, trip file {trip_mb:.1f} MB")
        print(f"export: {ours_out / peer_out:.2f}x the GPX export")
        print(f"import: {ours_in / peer_in:.2f}x the GPX import")
        print(f"size:   {trip_mb / gpx_mb:.2f}x the GPX file")
        for store in (home, peer_db, friend):
            store.close()


if __name__ == "__main__":
    main()
