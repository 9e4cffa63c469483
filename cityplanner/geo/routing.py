"""Route optimisation: the order of stops that makes a trip shortest.

`optimize_order` works on any distance matrix. Up to `EXACT_MAX_STOPS` stops it is
exact (the Held–Karp dynamic programme, vectorised with NumPy, honouring a matrix
that differs by direction); beyond, it runs a seeded iterated 2-opt + Or-opt search
over the symmetric mean of the matrix (see `local_search`). Both are deterministic.
`propose_order` is what the window and the command line call for a trip's stops.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop
from cityplanner.geo.distance import route_km, stops_matrix
from cityplanner.geo.local_search import improve_path

log = logging.getLogger(__name__)

#: Trips up to this many stops get the provably shortest order.
EXACT_MAX_STOPS = 16
#: Beyond this the search would take minutes; no itinerary comes near it.
MAX_STOPS = 500

FloatArray = npt.NDArray[np.float64]


def check_matrix(matrix: Sequence[Sequence[float]] | FloatArray) -> FloatArray:
    """The matrix as a float array, or a ValidationError saying what is wrong with it."""
    try:
        dist = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            "The distance matrix must be a square table of numbers, one row per stop."
        ) from None
    if dist.size == 0:
        return np.zeros((0, 0), dtype=np.float64)
    if dist.ndim != 2 or dist.shape[0] != dist.shape[1]:
        raise ValidationError(
            f"The distance matrix must be square, one row and one column per stop "
            f"(got {' × '.join(str(s) for s in dist.shape)})."
        )
    if len(dist) > MAX_STOPS:
        raise ValidationError(f"Route optimisation handles at most {MAX_STOPS} stops.")
    if not np.isfinite(dist).all():
        raise ValidationError("The distance matrix holds a missing or infinite distance.")
    if (dist < 0).any():
        raise ValidationError("The distance matrix holds a negative distance.")
    return dist


def optimize_order(
    matrix: Sequence[Sequence[float]] | FloatArray,
    *,
    start: int = 0,
    end: int | None = None,
    round_trip: bool = False,
) -> list[int]:
    """A shortest visiting order: a permutation of all indices beginning with `start`.

    With `end`, the order finishes there; with `round_trip`, the leg from the last
    stop back to `start` counts towards the length (and `end`, if given, must be
    `start`). An empty matrix gives an empty order.
    """
    dist = check_matrix(matrix)
    n = len(dist)
    if n == 0:
        return []
    start = _check_index(start, n, "start")
    if end is not None:
        end = _check_index(end, n, "end")
        if round_trip and end != start:
            raise ValidationError("A round trip ends where it starts: give no other end.")
        if not round_trip and end == start and n > 1:
            raise ValidationError(
                "The route cannot end at the stop it starts from unless it is a round trip."
            )
    if round_trip:
        end = None
    if n <= 2:
        return [start, *(i for i in range(n) if i != start)]
    if n <= EXACT_MAX_STOPS:
        return _held_karp(dist, start=start, end=end, round_trip=round_trip)
    return _heuristic(dist, start=start, end=end, round_trip=round_trip)


def order_length(
    matrix: Sequence[Sequence[float]] | FloatArray, order: Sequence[int], *, round_trip: bool
) -> float:
    """Length of a visiting order under a matrix, with the closing leg when `round_trip`."""
    dist = check_matrix(matrix)
    if len(order) < 2:
        return 0.0
    idx = np.asarray(order, dtype=np.intp)
    total = float(dist[idx[:-1], idx[1:]].sum())
    return total + float(dist[idx[-1], idx[0]]) if round_trip else total


def _check_index(value: int, n: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= value < n:
        raise ValidationError(f"The {what} stop must be a number from 0 to {n - 1}, not {value!r}.")
    return int(value)


def _held_karp(dist: FloatArray, *, start: int, end: int | None, round_trip: bool) -> list[int]:
    """Exact shortest order by dynamic programming over subsets of the free stops."""
    nodes = np.array([i for i in range(len(dist)) if i not in (start, end)], dtype=np.intp)
    k = len(nodes)
    if k == 0:
        return [start] if end is None else [start, end]
    inner = dist[np.ix_(nodes, nodes)]
    if round_trip:
        closing = dist[nodes, start]
    elif end is not None:
        closing = dist[nodes, end]
    else:
        closing = np.zeros(k)
    full = (1 << k) - 1
    cost = np.full((full + 1, k), np.inf)
    parent = np.full((full + 1, k), -1, dtype=np.int8)
    singles = 1 << np.arange(k)
    cost[singles, np.arange(k)] = dist[start, nodes]
    masks = np.arange(full + 1)
    sizes = np.array([bin(m).count("1") for m in range(full + 1)])
    for size in range(2, k + 1):
        layer = masks[sizes == size]
        for j in range(k):
            with_j = layer[(layer >> j) & 1 == 1]
            previous = cost[with_j ^ (1 << j)] + inner[:, j][None, :]
            best = np.argmin(previous, axis=1)
            cost[with_j, j] = previous[np.arange(len(with_j)), best]
            parent[with_j, j] = best
    last = int(np.argmin(cost[full] + closing))
    order: list[int] = []
    mask = full
    while last >= 0:
        order.append(int(nodes[last]))
        previous_node = int(parent[mask, last])
        mask ^= 1 << last
        last = previous_node
    order.reverse()
    return [start, *order, *([] if end is None else [end])]


def _heuristic(dist: FloatArray, *, start: int, end: int | None, round_trip: bool) -> list[int]:
    n = len(dist)
    sym = (dist + dist.T) / 2.0
    if end is not None:
        path = improve_path(sym, start, end)
        return [int(i) for i in path]
    # A free end or a return to the start: add a terminal node fixed at the path's end.
    extended = np.zeros((n + 1, n + 1))
    extended[:n, :n] = sym
    if round_trip:
        extended[n, :n] = sym[start]
        extended[:n, n] = sym[:, start]
    path = improve_path(extended, start, n)
    return [int(i) for i in path[:-1]]


@dataclass(frozen=True, slots=True)
class RouteProposal:
    """A suggested order for a trip's stops, with geodesic km before and after."""

    before: tuple[Stop, ...]
    after: tuple[Stop, ...]
    order: tuple[int, ...]
    before_km: float
    after_km: float
    round_trip: bool

    @property
    def saving_km(self) -> float:
        return self.before_km - self.after_km

    @property
    def saving_percent(self) -> float:
        return 100.0 * self.saving_km / self.before_km if self.before_km > 0 else 0.0

    @property
    def changed(self) -> bool:
        return self.order != tuple(range(len(self.order)))

    @property
    def stop_ids(self) -> list[int]:
        """The stops' ids in the proposed order, for `TripRepository.reorder`."""
        ids = [s.id for s in self.after]
        if any(i is None for i in ids):
            raise ValidationError("Only saved stops can be reordered.")
        return [i for i in ids if i is not None]


def propose_order(
    stops: Sequence[Stop],
    *,
    round_trip: bool = False,
    keep_end: bool = False,
    keep_pinned: bool = True,
) -> RouteProposal:
    """The shortest order of `stops` that keeps the first stop first.

    With `keep_end`, the last stop stays last; with `round_trip`, the way back to the
    first stop counts. With `keep_pinned`, a stop with a pinned arrival (a booking)
    keeps its position, and only the stops between two such anchors are reordered.
    Distances are geodesic; if the proposal is not shorter than the current order by
    them, the current order is returned unchanged.
    """
    if round_trip and keep_end:
        raise ValidationError(
            "A round trip returns to its first stop, so there is no last stop to keep."
        )
    stops = tuple(stops)
    n = len(stops)
    before_km = route_km(stops, round_trip=round_trip)
    identity = tuple(range(n))
    if n < 3 or (keep_end and n < 4):
        return RouteProposal(stops, stops, identity, before_km, before_km, round_trip)
    fixed = {i for i, s in enumerate(stops) if s.pinned} if keep_pinned else set()
    if fixed - {0}:
        order = _order_between_anchors(stops, fixed, keep_end=keep_end, round_trip=round_trip)
    else:
        order = optimize_order(
            stops_matrix(stops), start=0, end=n - 1 if keep_end else None, round_trip=round_trip
        )
    after = tuple(stops[i] for i in order)
    after_km = route_km(after, round_trip=round_trip)
    if after_km >= before_km - 1e-6:
        log.debug("No shorter order for %d stops (%.3f km)", n, before_km)
        return RouteProposal(stops, stops, identity, before_km, before_km, round_trip)
    return RouteProposal(stops, after, tuple(order), before_km, after_km, round_trip)


def _order_between_anchors(
    stops: Sequence[Stop], fixed: set[int], *, keep_end: bool, round_trip: bool
) -> list[int]:
    """Reorder each run of stops between two anchors (kept in place) on its own."""
    n = len(stops)
    anchors = sorted({0, *fixed, *([n - 1] if keep_end else [])})
    order: list[int] = []
    for i, first in enumerate(anchors):
        following = anchors[i + 1] if i + 1 < len(anchors) else None
        run = list(range(first, following if following is not None else n))
        closing = following if following is not None else (0 if round_trip else None)
        indexes = run + ([closing] if closing is not None else [])
        if len(run) < 3:
            order.extend(run)  # at most one stop between anchors: nothing to choose
            continue
        sub = [stops[k] for k in indexes]
        end = len(sub) - 1 if closing is not None else None
        sub_order = optimize_order(stops_matrix(sub), start=0, end=end)
        order.extend(indexes[k] for k in sub_order if k < len(run))
    return order
