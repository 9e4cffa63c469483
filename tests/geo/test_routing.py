"""Route optimisation: exact answers, heuristic answers and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.geo.distance import haversine_matrix, route_km
from cityplanner.geo.local_search import nearest_neighbour_path, path_cost
from cityplanner.geo.routing import EXACT_MAX_STOPS, optimize_order, order_length, propose_order


def random_matrix(n: int, seed: int, *, symmetric: bool = True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    points = np.column_stack((rng.uniform(35, 65, n), rng.uniform(-25, 50, n)))
    matrix = haversine_matrix([tuple(p) for p in points])
    if not symmetric:
        matrix = matrix + rng.uniform(0, 300, (n, n))
        np.fill_diagonal(matrix, 0)
    return matrix


def brute_force(matrix: np.ndarray, start: int, end: int | None, round_trip: bool) -> float:
    """Length of the best order, trying every permutation of the stops in between."""
    n = len(matrix)
    middle = [i for i in range(n) if i not in (start, end)]
    perms = np.array(list(itertools.permutations(middle)), dtype=np.intp).reshape(-1, len(middle))
    rows = len(perms)
    tail = [np.full((rows, 1), end)] if end is not None else []
    orders = np.hstack([np.full((rows, 1), start), perms, *tail])
    lengths = matrix[orders[:, :-1], orders[:, 1:]].sum(axis=1)
    if round_trip:
        lengths += matrix[orders[:, -1], orders[:, 0]]
    return float(lengths.min())


def check_permutation(order: list[int], n: int, start: int, end: int | None) -> None:
    assert sorted(order) == list(range(n))
    assert order[0] == start
    if end is not None:
        assert order[-1] == end


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
@pytest.mark.parametrize("symmetric", [True, False])
def test_small_orders_are_exact(n: int, symmetric: bool) -> None:
    for seed in range(3):
        matrix = random_matrix(n, seed, symmetric=symmetric)
        for start, end, round_trip in [
            (0, None, False),
            (n - 1, None, True),
            (0, n - 1, False),
            (1, 0, False),
            (2, 2, True),
        ]:
            order = optimize_order(matrix, start=start, end=end, round_trip=round_trip)
            check_permutation(order, n, start, None if round_trip else end)
            got = order_length(matrix, order, round_trip=round_trip)
            best = brute_force(matrix, start, None if round_trip else end, round_trip)
            assert got == pytest.approx(best, rel=1e-12)


def test_the_exact_limit_is_at_least_twelve_stops() -> None:
    assert EXACT_MAX_STOPS >= 12
    matrix = random_matrix(10, 7)
    order = optimize_order(matrix)
    assert order_length(matrix, order, round_trip=False) == pytest.approx(
        brute_force(matrix, 0, None, False)
    )


@pytest.mark.parametrize("n", [EXACT_MAX_STOPS + 1, 40, 120])
def test_large_orders_are_valid_deterministic_and_improve_on_a_greedy_route(n: int) -> None:
    matrix = random_matrix(n, n)
    for start, end, round_trip in [(0, None, False), (3, None, True), (5, 1, False)]:
        order = optimize_order(matrix, start=start, end=end, round_trip=round_trip)
        check_permutation(order, n, start, end)
        again = optimize_order(matrix, start=start, end=end, round_trip=round_trip)
        assert order == again
    greedy = nearest_neighbour_path(matrix, 5, 1)
    best = optimize_order(matrix, start=5, end=1)
    assert order_length(matrix, best, round_trip=False) < path_cost(matrix, greedy)


def test_the_heuristic_finds_the_optimum_of_points_on_a_circle() -> None:
    angles = np.linspace(0, 2 * np.pi, 30, endpoint=False)
    points = [(10 * np.sin(a), 10 * np.cos(a)) for a in angles]
    shuffled = np.random.default_rng(1).permutation(30)
    matrix = haversine_matrix([points[i] for i in shuffled])
    order = optimize_order(matrix, round_trip=True)
    positions = [int(shuffled[i]) for i in order]
    steps = {(b - a) % 30 for a, b in itertools.pairwise([*positions, positions[0]])}
    assert steps in ({1}, {29})  # goes round the circle, in either direction


def test_zero_one_and_two_stops() -> None:
    assert optimize_order([]) == []
    assert optimize_order(np.zeros((0, 0))) == []
    assert optimize_order([[0.0]]) == [0]
    assert optimize_order([[0.0]], round_trip=True) == [0]
    assert optimize_order([[0.0]], end=0) == [0]
    assert optimize_order([[0, 5], [5, 0]]) == [0, 1]
    assert optimize_order([[0, 5], [5, 0]], start=1) == [1, 0]
    assert optimize_order([[0, 5], [5, 0]], start=0, end=1) == [0, 1]
    assert optimize_order([[0, 5], [5, 0]], round_trip=True) == [0, 1]


def test_duplicate_stops_at_the_same_place() -> None:
    points = [(48.85, 2.35), (45.76, 4.83), (48.85, 2.35), (43.3, 5.37), (45.76, 4.83)]
    matrix = haversine_matrix(points)
    order = optimize_order(matrix)
    check_permutation(order, 5, 0, None)
    assert order_length(matrix, order, round_trip=False) == pytest.approx(
        brute_force(matrix, 0, None, False)
    )
    assert optimize_order(np.zeros((20, 20)))[0] == 0  # every stop in one place


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[0, 1, 2], [1, 0, 3]], "square"),
        ([[0, 1], [1, 0, 2]], "square table"),
        ([1, 2, 3], "square"),
        ([[[0]]], "square"),
        ([[0, -1], [-1, 0]], "negative"),
        ([[0, float("nan")], [1, 0]], "missing or infinite"),
        ([[0, float("inf")], [1, 0]], "missing or infinite"),
        ([["a", "b"], ["c", "d"]], "square table of numbers"),
    ],
)
def test_bad_matrices_are_refused_clearly(matrix: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        optimize_order(matrix)  # type: ignore[arg-type]


def test_too_many_stops_are_refused() -> None:
    with pytest.raises(ValidationError, match="at most 500 stops"):
        optimize_order(np.zeros((501, 501)))


def test_numpy_indices_are_accepted_and_plain_ints_returned() -> None:
    matrix = random_matrix(6, 2)
    order = optimize_order(matrix, start=np.int64(2), end=np.int64(4))
    assert order[0] == 2 and order[-1] == 4
    assert all(type(i) is int for i in order)


def test_bad_start_and_end_are_refused_clearly() -> None:
    matrix = random_matrix(5, 0)
    with pytest.raises(ValidationError, match="start stop"):
        optimize_order(matrix, start=5)
    with pytest.raises(ValidationError, match="start stop"):
        optimize_order(matrix, start=-1)
    with pytest.raises(ValidationError, match="end stop"):
        optimize_order(matrix, end=9)
    with pytest.raises(ValidationError, match="end stop"):
        optimize_order(matrix, end=True)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unless it is a round trip"):
        optimize_order(matrix, start=2, end=2)
    with pytest.raises(ValidationError, match="round trip ends where it starts"):
        optimize_order(matrix, start=0, end=3, round_trip=True)
    with pytest.raises(ValidationError, match="start stop"):
        optimize_order([[0.0]], start=1)


def stop(name: str, lat: float, lon: float, stop_id: int | None = None) -> Stop:
    return Stop(place=Place(name=name, lat=lat, lon=lon), id=stop_id)


ZIGZAG = [
    stop("Toulouse", 43.60426, 1.44367, 1),
    stop("Yerevan", 40.17765, 44.5126, 2),
    stop("Albi", 43.9298, 2.148, 3),
    stop("Moscow", 55.75204, 37.61781, 4),
    stop("Arles", 43.67681, 4.63031, 5),
]


def test_propose_order_shortens_a_zigzag_and_keeps_the_first_stop() -> None:
    proposal = propose_order(ZIGZAG)
    assert proposal.changed
    assert proposal.after[0].name == "Toulouse"
    assert [s.name for s in proposal.after] == ["Toulouse", "Albi", "Arles", "Moscow", "Yerevan"]
    assert proposal.before_km == pytest.approx(route_km(ZIGZAG))
    assert proposal.after_km == pytest.approx(route_km(proposal.after))
    assert proposal.saving_km > 5000 and 0 < proposal.saving_percent < 100
    assert proposal.stop_ids == [1, 3, 5, 4, 2]
    assert [ZIGZAG[i] for i in proposal.order] == list(proposal.after)


def test_propose_order_keeps_the_end_or_returns_home() -> None:
    kept = propose_order(ZIGZAG, keep_end=True)
    assert kept.after[0].name == "Toulouse" and kept.after[-1].name == "Arles"
    home = propose_order(ZIGZAG, round_trip=True)
    assert home.round_trip
    assert home.after_km == pytest.approx(route_km(home.after, round_trip=True))
    assert home.after_km < home.before_km
    with pytest.raises(ValidationError, match="no last stop to keep"):
        propose_order(ZIGZAG, round_trip=True, keep_end=True)


def test_propose_order_leaves_short_or_optimal_trips_alone() -> None:
    assert not propose_order([]).changed
    assert not propose_order(ZIGZAG[:2]).changed
    assert not propose_order(ZIGZAG[:3], keep_end=True).changed
    best = propose_order(ZIGZAG)
    again = propose_order(best.after)
    assert not again.changed and again.saving_km == 0


def test_propose_order_across_the_antimeridian_and_at_the_poles() -> None:
    stops = [
        stop("Suva", -18.14, 178.44, 1),
        stop("Anadyr", 64.73, 177.51, 2),
        stop("Lakeba", -18.2, -178.8, 3),
        stop("Uelen", 66.16, -169.81, 4),
        stop("North pole", 90.0, 0.0, 5),
        stop("Pole again", 90.0, 120.0, 6),
    ]
    proposal = propose_order(stops)
    names = [s.name for s in proposal.after]
    assert names[:2] == ["Suva", "Lakeba"]  # the short hop over the date line
    assert abs(names.index("North pole") - names.index("Pole again")) == 1
    assert proposal.after_km < proposal.before_km


def test_unsaved_stops_have_no_ids_to_reorder() -> None:
    proposal = propose_order([stop(s.name, s.place.lat, s.place.lon) for s in ZIGZAG])
    with pytest.raises(ValidationError, match="saved"):
        _ = proposal.stop_ids


def test_pinned_stops_keep_their_positions_and_the_rest_are_reordered_around_them() -> None:
    from datetime import date

    from cityplanner.domain.models import Place, Stop

    def at(name: str, lon: float, *, pinned: bool = False) -> Stop:
        arrival = date(2018, 6, 10) if pinned else None
        return Stop(Place(name, 0.0, lon), pinned=pinned, arrival=arrival, id=int(lon * 10) + 1)

    # A zig-zag along the equator: 0, 3, 1, [pinned 5], 4, 2 (the last two out of order).
    stops = [at("a", 0), at("d", 3), at("b", 1), at("p", 5, pinned=True), at("f", 7), at("e", 6)]
    proposal = propose_order(stops)
    names = [s.place.name for s in proposal.after]
    assert names[3] == "p"  # the pinned stop has not moved
    assert names == ["a", "b", "d", "p", "e", "f"]
    assert proposal.after_km < proposal.before_km
    # A booking far away early in the trip: kept in place unless asked otherwise.
    early = [at("a", 0), at("p", 9, pinned=True), at("c", 2), at("b", 1)]
    kept = propose_order(early)
    assert [s.place.name for s in kept.after] == ["a", "p", "c", "b"]
    free = propose_order(early, keep_pinned=False)
    assert [s.place.name for s in free.after] == ["a", "b", "c", "p"]
