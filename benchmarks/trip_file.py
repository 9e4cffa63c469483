"""Export a large trip as a trip file, then import it into a fresh database, and update it.

Trip: 2,000 stops with 5 sites, 1 journal entry and 2 costs each (32,000 objects), no
photos. Peer: the GeoJSON export and import of the same trip, measured in the same run
(GeoJSON carries stops and sites only, so the trip file does several times its work).

Run from the repository root:  python benchmarks/trip_file.py [--stops N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cityplanner.domain.costs import Cost
from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.registry import export_to_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import apply_trip_file, preview_trip_file
from cityplanner.store import Store


def timed(label: str, action: Callable[[], object]) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34} {elapsed:8.3f} s wall {cpu:8.3f} s CPU")
    return elapsed


def fill(store: Store, stops: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    trip = store.trips.create("Benchmark tour", start=date(2024, 1, 1))
    assert trip.id is not None
    added = store.trips.add_stops(
        trip.id,
        [
            Stop(place=Place(f"City {i}", rng.uniform(-60, 70), rng.uniform(-180, 180)), nights=1)
            for i in range(stops)
        ],
    )
    themes = list(Theme)
    store.sites.add_many(
        [
            Site(name=f"Site {s.position}.{k}", theme=themes[k % len(themes)], stop_id=s.id,
                 tags=("bench",))
            for s in added for k in range(5)
        ]
    )  # fmt: skip
    for s in added:
        store.journal.add(JournalEntry(trip_id=trip.id, day=date(2024, 1, 1) + timedelta(days=s.position),
                                       title=f"Day at {s.name}", body="Notes " * 20, stop_id=s.id))  # fmt: skip
    store.costs.add_many(
        [Cost(trip_id=trip.id, amount=Decimal("12.50"), currency="EUR", stop_id=s.id)
         for s in added for _ in range(2)]
    )  # fmt: skip
    return trip.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stops", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        home = Store.open(root / "home.db", seed_demo=False)
        trip_id = fill(home, args.stops)
        print(
            f"{args.stops} stops, {args.stops * 5} sites, {args.stops} entries, {args.stops * 2} costs"
        )
        peer_out = timed(
            "peer: GeoJSON export",
            lambda: export_to_file(home, trip_id, "geojson", root / "t.geojson"),
        )
        ours_out = timed(
            "trip file export",
            lambda: export_to_file(home, trip_id, "cityplanner", root / "t.cptrip"),
        )
        peer_db = Store.open(root / "peer.db", seed_demo=False)
        peer_in = timed(
            "peer: GeoJSON import",
            lambda: apply(
                peer_db,
                preview(peer_db, read_import_file(root / "t.geojson"), trip_id=None, new_name="t"),
            ),
        )
        friend = Store.open(root / "friend.db", seed_demo=False)
        ours_in = timed(
            "trip file import (new trip)",
            lambda: apply_trip_file(
                friend, preview_trip_file(friend, read_trip_file(root / "t.cptrip"))
            ),
        )
        stop = home.trips.stops(trip_id)[5]
        home.trips.update_stop(stop.with_changes(notes="changed"))
        export_to_file(home, trip_id, "cityplanner", root / "t2.cptrip")
        update = timed(
            "trip file update (1 change)",
            lambda: apply_trip_file(
                friend, preview_trip_file(friend, read_trip_file(root / "t2.cptrip"))
            ),
        )
        print(f"export: {ours_out / peer_out:.2f}x the GeoJSON export")
        print(f"import: {ours_in / peer_in:.2f}x the GeoJSON import")
        print(f"update: {update / peer_in:.2f}x the GeoJSON import")
        for store in (home, peer_db, friend):
            store.close()


if __name__ == "__main__":
    main()
