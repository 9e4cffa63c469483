"""Import a GPX of 100,000 waypoints and export the trip to every format; then import a
GPX track of 200,000 points and build the map's data from it.

Peer: gpxpy's bare parse of the same file (no validation, no database), measured
in the same run. Targets: the whole waypoint import (read, validate, preview, store)
in 3 s; the track, end to end (read, preview, store, the map's data), in 4 s with a
peak memory of at most 400 MB (the maximum resident size of a fresh process that
does only that, interpreter and libraries included).

Run from the repository root:
    python benchmarks/exchange.py [--waypoints N] [--track-points N] [--track-only]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import resource
import subprocess
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
TRACK_TARGET_S = 4.0
TRACK_TARGET_MB = 400
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


def make_track_gpx(count: int, seed: int = 11) -> bytes:
    """One recorded track: a walk with elevation and a time every second, as a GPS logs it."""
    rng = random.Random(seed)
    lat, lon, ele = 45.0, 5.0, 300.0
    start = 1_714_550_400  # 1 May 2024, 08:00 UTC
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="benchmark" xmlns="http://www.topografix.com/GPX/1/1">\n'
        "<trk><name>Long day</name><trkseg>\n"
    ]
    heading = 0.0
    for i in range(count):
        heading += rng.uniform(-0.3, 0.3)
        lat += 0.00002 * math.cos(heading)
        lon += 0.00003 * math.sin(heading)
        ele += rng.uniform(-1.0, 1.1)
        moment = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + i))
        parts.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele>'
            f"<time>{moment}</time></trkpt>\n"
        )
    parts.append("</trkseg></trk></gpx>\n")
    return "".join(parts).encode("utf-8")


def track_case(path: Path, folder: Path) -> dict[str, float]:
    """The track import and the map's data, end to end (run in a fresh process)."""
    from cityplanner.maps.payload import map_payload

    times: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    parsed = read_import_file(path)
    times["read"] = time.perf_counter() - start
    with Store.open(folder / "track.db", seed_demo=False) as store:
        mark = time.perf_counter()
        outcome = apply(store, preview(store, parsed, new_name="Track"))
        times["preview and store"] = time.perf_counter() - mark
        trip_id = outcome.trip.id
        assert trip_id is not None
        mark = time.perf_counter()
        tracks = store.tracks.list(trip_id, with_points=True)
        payload = map_payload(store.trips.get(trip_id), [], [], tracks=tracks)
        times["map data"] = time.perf_counter() - mark
        assert len(payload["tracks"]) == 1 and tracks[0].point_count == len(tracks[0].points or [])
        json.dumps(payload)
    times["total"] = time.perf_counter() - start
    times["cpu"] = time.process_time() - cpu
    times["peak_mb"] = _peak_mb()
    return times


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss
    would also count what the parent held when it forked (gpxpy's tree of the file)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_track_case(points: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "track.gpx"
        path.write_bytes(make_track_gpx(points))
        print(f"\nGPX track of {points:,} points ({path.stat().st_size / 1e6:.1f} MB)")
        peer = timed("peer: gpxpy.parse", lambda: gpxpy.parse(path.read_text("utf-8")))
        child = subprocess.run(
            [sys.executable, __file__, "--track-case", str(path)],
            capture_output=True, text=True, check=True, cwd=folder,
        )  # fmt: skip
        figures = json.loads(child.stdout.strip().splitlines()[-1])
    for label in ("read", "preview and store", "map data", "total"):
        print(f"  {'cityplanner ' + label:<28} {figures[label]:8.3f} s wall")
    total, peak = figures["total"], figures["peak_mb"]
    print(f"  {'(CPU time of the total)':<28} {figures['cpu']:8.3f} s CPU")
    print(f"  peak memory (max RSS)        {peak:8.0f} MB")
    print(f"\ntrack import and map data / gpxpy parse ratio: {total / peer:.2f}")
    verdict = "met" if total <= TRACK_TARGET_S and peak <= TRACK_TARGET_MB else "MISSED"
    print(
        f"target track <= {TRACK_TARGET_S:.0f} s and <= {TRACK_TARGET_MB} MB: {verdict} "
        f"({total:.2f} s, {peak:.0f} MB)"
    )


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
    parser.add_argument("--track-points", type=int, default=200_000)
    parser.add_argument("--track-only", action="store_true", help="run the track case only")
    parser.add_argument("--track-case", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.track_case is not None:
        print(json.dumps(track_case(args.track_case, args.track_case.parent)))
        return 0
    if args.track_only:
        run_track_case(args.track_points)
        return 0
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
    run_track_case(args.track_points)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
