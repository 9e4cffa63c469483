"""Import a GPX of 100,000 waypoints and export the trip to every format.

Peer: gpxpy's bare parse of the same file (no validation, no database), measured
in the same run. Target: the whole import (read, validate, preview, store) in 3 s.

Run from the repository root:  python benchmarks/exchange.py [--waypoints N]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gpxpy

from cityplanner.formats.document import load_document
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.registry import EXPORT_FORMATS, export_trip
from cityplanner.store import Store

TARGET_S = 3.0
#: The travelogue gives each stop a chapter and a PDF page; it is timed on its first stops.
TRAVELOGUE_STOPS = 1000


def make_gpx(count: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="benchmark" xmlns="http://www.topografix.com/GPX/1/1">\n'
    ]
    for i in range(count):
        lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
        parts.append(
            f'<wpt lat="{lat:.6f}" lon="{lon:.6f}"><name>Place {i}</name>'
            f"<time>2024-05-{1 + i % 28:02d}T10:00:00Z</time></wpt>\n"
        )
    parts.append("</gpx>\n")
    return "".join(parts).encode("utf-8")


def timed(label: str, action: Callable[[], object]) -> float:
    """Run `action`, print its wall-clock and CPU time, and return the wall-clock time.

    CPU time is shown too because the machine may be shared: when other work
    competes for the cores, wall-clock time grows while CPU time does not.
    """
    start, cpu = time.perf_counter(), time.process_time()
    action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<28} {elapsed:8.3f} s wall {cpu:8.3f} s CPU")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--waypoints", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "waypoints.gpx"
        path.write_bytes(make_gpx(args.waypoints))
        size_mb = path.stat().st_size / 1e6
        print(f"GPX of {args.waypoints:,} waypoints ({size_mb:.1f} MB)")

        peer = timed("peer: gpxpy.parse", lambda: gpxpy.parse(path.read_text("utf-8")))

        store = Store.open(Path(folder) / "bench.db", seed_demo=False)
        result: list[int] = []

        def run_import() -> None:
            parsed = read_import_file(path)
            outcome = apply(store, preview(store, parsed, new_name="Benchmark"))
            assert outcome.trip.id is not None
            result.append(outcome.trip.id)

        ours = timed("cityplanner import (all)", run_import)
        trip_id = result[0]
        assert store.trips.stop_count(trip_id) == args.waypoints

        print("Exports of the whole trip:")
        for fmt in EXPORT_FORMATS.values():
            # Travelogues are timed below on a part of the trip; the map (html, png) is
            # measured by benchmarks/map_render.py.
            if (fmt.full and fmt.key != "ics") or not fmt.writer:
                continue
            doc = load_document(store, trip_id, with_legs=fmt.full)
            timed(fmt.key, lambda fmt=fmt, doc=doc: export_trip(doc, fmt.key, io.BytesIO()))
        print(f"Travelogue exports of the first {TRAVELOGUE_STOPS:,} stops:")
        small = store.trips.create("Travelogue sample")
        assert small.id is not None
        store.trips.add_stops(small.id, store.trips.stops(trip_id)[:TRAVELOGUE_STOPS])
        for key in ("md", "html-travelogue", "pdf"):
            doc = load_document(store, small.id)
            timed(key, lambda key=key, doc=doc: export_trip(doc, key, io.BytesIO()))
        store.close()

    print(f"\nimport / gpxpy parse ratio: {ours / peer:.2f}")
    verdict = "met" if ours <= TARGET_S else "MISSED"
    print(f"target import <= {TARGET_S:.0f} s: {verdict} ({ours:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
