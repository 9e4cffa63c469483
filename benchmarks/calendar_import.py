"""Read a calendar of many located events into stops and sites, and store them.

Peer: what the import is built on, measured in the same run: `icalendar` parsing the
file and `recurring-ical-events` listing every occurrence, with no places, dates or
database. The ratio is the cost of everything CityPlanner adds (validation, nights,
stays and visits, the preview and the store).

Run from the repository root:  python benchmarks/calendar_import.py [--events N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import icalendar
import recurring_ical_events

from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.store import Store


def make_calendar(count: int, seed: int = 11) -> bytes:
    """`count` events, each with a GEO: all-day stays, and timed visits during them."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//benchmark//EN"]
    day = date(2025, 1, 1)
    for i in range(count):
        if i % 4 == 0:  # a stay of 1 to 3 nights somewhere new
            lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
            nights = rng.randint(1, 3)
            span = [f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                    f"DTEND;VALUE=DATE:{day + timedelta(days=nights):%Y%m%d}"]  # fmt: skip
            where = (lat, lon)
            visit_day, day = day, day + timedelta(days=nights)
        else:  # a visit in the same city during the stay
            lat, lon = where[0] + rng.uniform(-0.05, 0.05), where[1] + rng.uniform(-0.05, 0.05)
            span = [f"DTSTART:{visit_day:%Y%m%d}T1{i % 10}0000",
                    f"DTEND:{visit_day:%Y%m%d}T1{i % 10}3000"]  # fmt: skip
        lines += ["BEGIN:VEVENT", f"UID:event-{i}@benchmark", "DTSTAMP:20250101T000000Z",
                  *span, f"SUMMARY:Place {i}", f"LOCATION:Street {i}\\, Town {i}",
                  f"GEO:{lat:.6f};{lon:.6f}", "END:VEVENT"]  # fmt: skip
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(label: str, action: Callable[[], object]) -> float:
    """Run `action`, print its wall-clock and CPU time, and return the wall-clock time."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<40} {elapsed:8.3f} s wall {cpu:8.3f} s CPU")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bookings.ics"
        path.write_bytes(make_calendar(args.events))
        print(f"Calendar of {args.events:,} events ({path.stat().st_size / 1e6:.1f} MB)")

        def peer_read() -> None:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            list(recurring_ical_events.of(calendar).all())

        peer = timed("peer: icalendar + recurring-ical-events", peer_read)
        with Store.open(Path(folder) / "bench.db", seed_demo=False) as store:
            counts: list[int] = []

            def run_import() -> None:
                parsed = read_import_file(path)
                result = apply(store, preview(store, parsed, new_name="Benchmark"))
                counts.extend([result.stops, result.sites])

            ours = timed("CityPlanner: read, plan, preview, store", run_import)
        print(f"  imported {counts[0]:,} stops and {counts[1]:,} sites")
        print(f"  ratio to the peer: {ours / peer:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
