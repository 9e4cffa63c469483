"""Route optimisation: exactness, quality and speed against named peers.

Run from the repository root:  python benchmarks/routing.py [--reference-seconds 10]

* 8–12 stops: `optimize_order` against brute force over every permutation; the gap
  must be 0.
* 50, 100 and 200 stops: against OR-Tools (Google's routing solver, guided local
  search given the same time budget as below), run in this process on the same
  matrices; prints the length gap in % and the time ratio.
* the 200-stop haversine matrix: `haversine_matrix` against geopy's geodesic pair by
  pair, the way the displayed distances are computed.

OR-Tools is a benchmark-only peer: `pip install '.[bench]'`.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cityplanner.geo import local_search
from cityplanner.geo.distance import geodesic_km, haversine_matrix
from cityplanner.geo.routing import optimize_order, order_length

#: Trips live on land between cities: points are drawn over Europe and western Asia.
LAT_RANGE = (35.0, 65.0)
LON_RANGE = (-25.0, 50.0)


def random_points(n: int, seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    lats = rng.uniform(*LAT_RANGE, n)
    lons = rng.uniform(*LON_RANGE, n)
    return [(float(a), float(b)) for a, b in zip(lats, lons, strict=True)]


def all_permutations(k: int) -> np.ndarray:
    """Every ordering of 0..k-1, one per row, built by inserting one element at a time."""
    perms = np.zeros((1, 0), dtype=np.int8)
    for element in range(k):
        rows = len(perms)
        grown = np.empty((rows * (element + 1), element + 1), dtype=np.int8)
        for slot in range(element + 1):
            block = grown[slot * rows : (slot + 1) * rows]
            block[:, :slot] = perms[:, :slot]
            block[:, slot] = element
            block[:, slot + 1 :] = perms[:, slot:]
        perms = grown
    return perms


def brute_force(dist: np.ndarray, *, round_trip: bool) -> float:
    """The shortest length from stop 0 over every ordering of the others (exhaustive)."""
    n = len(dist)
    best = float("inf")
    rest = all_permutations(n - 2)  # the second stop is fixed per block to bound memory
    for second in range(1, n):
        others = np.array([i for i in range(1, n) if i != second], dtype=np.intp)
        lengths = np.full(len(rest), dist[0, second])
        previous = np.full(len(rest), second, dtype=np.intp)
        for column in range(n - 2):
            here = others[rest[:, column]]
            lengths += dist[previous, here]
            previous = here
        if round_trip:
            lengths += dist[previous, 0]
        best = min(best, float(lengths.min()))
    return best


def ortools_length(dist: np.ndarray, *, round_trip: bool, seconds: float) -> float:
    """Best length OR-Tools finds with guided local search in `seconds`."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(dist)
    # An open path is a cycle through an extra node that costs nothing to reach or leave.
    size = n if round_trip else n + 1
    scaled = np.zeros((size, size), dtype=np.int64)
    scaled[:n, :n] = np.rint(dist * 1000.0).astype(np.int64)  # metres
    manager = pywrapcp.RoutingIndexManager(size, 1, 0) if round_trip else None
    if manager is None:
        manager = pywrapcp.RoutingIndexManager(size, 1, [0], [n])
    routing = pywrapcp.RoutingModel(manager)
    # A matrix rather than a Python callback, so the solver runs at full native speed.
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(scaled.tolist()))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    order = []
    index = routing.Start(0)
    while not routing.IsEnd(index):
        order.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return order_length(dist, order, round_trip=round_trip)


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - began


def bench_exact(instances: int) -> None:
    print("== exact: optimize_order vs brute force over all permutations ==")
    print(f"{'stops':>5} {'trips':>5} {'max gap %':>9} {'ours ms':>8} {'brute ms':>9} {'ratio':>7}")
    for n in range(8, 13):
        gaps, ours, brute = [], [], []
        count = instances
        for seed in range(count):
            dist = haversine_matrix(random_points(n, seed))
            for round_trip in (False, True):
                order, t_ours = timed(optimize_order, dist, round_trip=round_trip)
                best, t_brute = timed(brute_force, dist, round_trip=round_trip)
                got = order_length(dist, order, round_trip=round_trip)
                gaps.append(100.0 * (got - best) / best)
                ours.append(t_ours)
                brute.append(t_brute)
        ratio = statistics.mean(brute) / statistics.mean(ours)
        print(
            f"{n:>5} {count * 2:>5} {max(gaps):>9.4f} {1000 * statistics.mean(ours):>8.2f} "
            f"{1000 * statistics.mean(brute):>9.0f} {ratio:>6.0f}x"
        )


def long_run_length(dist: np.ndarray, *, round_trip: bool, factor: int) -> float:
    """Our own search given `factor` times as many kicks: a second, stronger reference."""
    normal = local_search.kicks_for
    local_search.kicks_for = lambda n: factor * normal(n)  # type: ignore[assignment]
    try:
        order = optimize_order(dist, round_trip=round_trip)
    finally:
        local_search.kicks_for = normal  # type: ignore[assignment]
    return order_length(dist, order, round_trip=round_trip)


def bench_heuristic(sizes: list[int], instances: int, seconds: float) -> None:
    print(f"\n== heuristic: optimize_order vs OR-Tools guided local search ({seconds:g} s) ==")
    print("best = the shorter of OR-Tools and our search given 10x the kicks")
    print(
        f"{'stops':>5} {'kind':>10} {'seed':>4} {'ours km':>9} {'OR-Tools':>9} {'gap %':>7} "
        f"{'best km':>9} {'gap %':>6} {'ours s':>6} {'cpu s':>6} {'time ratio':>10}"
    )
    summary: dict[int, list[tuple[float, float, float]]] = {}
    for n in sizes:
        for round_trip in (False, True):
            for seed in range(instances):
                dist = haversine_matrix(random_points(n, 1000 + seed))
                cpu = time.process_time()
                order, t_ours = timed(optimize_order, dist, round_trip=round_trip)
                cpu = time.process_time() - cpu
                ours = order_length(dist, order, round_trip=round_trip)
                reference = ortools_length(dist, round_trip=round_trip, seconds=seconds)
                best = min(reference, long_run_length(dist, round_trip=round_trip, factor=10))
                gap = 100.0 * (ours - reference) / reference
                gap_best = 100.0 * (ours - best) / best
                summary.setdefault(n, []).append((gap, gap_best, t_ours))
                kind = "round trip" if round_trip else "open path"
                print(
                    f"{n:>5} {kind:>10} {seed:>4} {ours:>9.1f} {reference:>9.1f} {gap:>+7.3f} "
                    f"{best:>9.1f} {gap_best:>6.3f} {t_ours:>6.3f} {cpu:>6.3f} "
                    f"{seconds / t_ours:>9.0f}x",
                    flush=True,
                )
    print("\nsummary: gap vs OR-Tools (mean / worst), gap vs best (mean / worst), our time")
    for n, rows in summary.items():
        gaps, bests, times = zip(*rows, strict=True)
        print(
            f"{n:>5} stops: {statistics.mean(gaps):+.3f}% / {max(gaps):+.3f}%, "
            f"{statistics.mean(bests):.3f}% / {max(bests):.3f}%, "
            f"{statistics.mean(times):.3f} s mean, {max(times):.3f} s worst "
            f"({seconds / statistics.mean(times):.0f}x less time than OR-Tools)"
        )


def bench_matrix(n: int, repeats: int) -> None:
    print(f"\n== {n}-stop distance matrix: vectorised haversine vs geopy geodesic ==")
    points = random_points(n, 7)
    times = []
    for _ in range(repeats):
        _, elapsed = timed(haversine_matrix, points)
        times.append(elapsed)
    ours = min(times)
    sample = points[:20]  # geodesic pairs are slow: time 190 pairs and scale up
    _, t_sample = timed(lambda: [geodesic_km(a, b) for a, b in itertools.combinations(sample, 2)])
    pairs = n * (n - 1) / 2
    geodesic_all = t_sample / 190 * pairs
    dist = haversine_matrix(points)
    worst = max(
        abs(dist[i, j] - geodesic_km(points[i], points[j])) / geodesic_km(points[i], points[j])
        for i, j in itertools.combinations(range(20), 2)
    )
    print(f"haversine matrix: {1000 * ours:.2f} ms (best of {repeats})")
    print(f"geodesic, pair by pair (estimated from 190 pairs): {1000 * geodesic_all:.0f} ms")
    print(
        f"ratio: {geodesic_all / ours:.0f}x; largest haversine/geodesic difference: "
        f"{100 * worst:.2f}%"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-seconds", type=float, default=10.0)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 200])
    parser.add_argument("--skip-exact", action="store_true")
    args = parser.parse_args()
    if not args.skip_exact:
        bench_exact(args.instances)
    bench_heuristic(args.sizes, args.instances, args.reference_seconds)
    bench_matrix(200, 50)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
