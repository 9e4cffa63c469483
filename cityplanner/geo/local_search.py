"""Iterated local search for a shortest path with fixed ends, over a symmetric matrix.

The path's first and last positions never move; everything between is improved with
2-opt (reverse a stretch) and Or-opt (move a run of one to three stops elsewhere,
either way round), each move chosen as the best over the whole path with vectorised
NumPy arithmetic. Local optima are then kicked with random double-bridge moves and
searched again, keeping the best path found. The random generator is seeded, so the
same matrix always gives the same answer.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_EPSILON = 1e-9
_SEED = 20171002


def path_cost(dist: FloatArray, path: IntArray) -> float:
    return float(dist[path[:-1], path[1:]].sum())


def nearest_neighbour_path(dist: FloatArray, first: int, last: int) -> IntArray:
    """A starting path: always go to the closest unvisited stop, `last` at the end."""
    n = len(dist)
    free = np.ones(n, dtype=bool)
    free[[first, last]] = False
    path = [first]
    here = first
    for _ in range(n - 2):
        candidates = np.where(free, dist[here], np.inf)
        here = int(np.argmin(candidates))
        free[here] = False
        path.append(here)
    path.append(last)
    return np.asarray(path, dtype=np.intp)


def _best_two_opt(
    dist: FloatArray, path: IntArray, allowed: npt.NDArray[np.bool_]
) -> tuple[float, int, int]:
    """The best reversal of path[a+1 .. b], as (gain, a, b)."""
    head, tail = path[:-1], path[1:]
    weights = dist[head, tail]
    delta = dist[np.ix_(head, head)] + dist[np.ix_(tail, tail)]
    delta -= weights[:, None]
    delta -= weights[None, :]
    delta[~allowed] = 0.0
    flat = int(np.argmin(delta))
    a, b = divmod(flat, delta.shape[1])
    return float(delta[a, b]), a, b


def _best_or_opt(dist: FloatArray, path: IntArray, length: int) -> tuple[float, int, int, bool]:
    """The best move of the run path[i : i+length] to another edge, as (gain, i, edge, reversed)."""
    m = len(path)
    starts = np.arange(1, m - length, dtype=np.intp)  # the run never holds either end
    if len(starts) == 0:
        return 0.0, 0, 0, False
    head, tail = path[:-1], path[1:]
    weights = dist[head, tail]
    before, first = path[starts - 1], path[starts]
    last, after = path[starts + length - 1], path[starts + length]
    removal = dist[before, first] + dist[last, after] - dist[before, after]
    forward = dist[np.ix_(first, head)] + dist[np.ix_(last, tail)]
    backward = dist[np.ix_(last, head)] + dist[np.ix_(first, tail)]
    offset = np.arange(m - 1)[None, :] - starts[:, None]
    touching = (offset >= -1) & (offset <= length - 1)
    best = np.minimum(forward, backward) - weights[None, :] - removal[:, None]
    best[touching] = 0.0
    flat = int(np.argmin(best))
    row, edge = divmod(flat, best.shape[1])
    reverse = bool(backward[row, edge] < forward[row, edge])
    return float(best[row, edge]), int(starts[row]), edge, reverse


def _apply_or_opt(path: IntArray, start: int, length: int, edge: int, reverse: bool) -> IntArray:
    run = path[start : start + length]
    if reverse:
        run = run[::-1]
    rest = np.concatenate((path[:start], path[start + length :]))
    slot = edge if edge < start else edge - length
    return np.concatenate((rest[: slot + 1], run, rest[slot + 1 :]))


def local_search(dist: FloatArray, path: IntArray) -> IntArray:
    """Apply the best improving 2-opt or Or-opt move until none is left."""
    m = len(path)
    allowed = np.triu(np.ones((m - 1, m - 1), dtype=bool), k=2)
    path = path.copy()
    while True:
        gain, a, b = _best_two_opt(dist, path, allowed)
        kind = "2-opt"
        or_move: tuple[int, int, bool, int] | None = None
        for length in (1, 2, 3):
            or_gain, start, edge, reverse = _best_or_opt(dist, path, length)
            if or_gain < gain:
                gain, kind, or_move = or_gain, "or-opt", (start, edge, reverse, length)
        if gain > -_EPSILON:
            return path
        if kind == "2-opt":
            path[a + 1 : b + 1] = path[a + 1 : b + 1][::-1].copy()
        else:
            assert or_move is not None
            start, edge, reverse, length = or_move
            path = _apply_or_opt(path, start, length, edge, reverse)


def double_bridge(path: IntArray, rng: np.random.Generator) -> IntArray:
    """Cut the inner stops into four runs and swap the middle two."""
    inner = path[1:-1]
    a, b, c = sorted(int(x) for x in rng.choice(np.arange(1, len(inner)), size=3, replace=False))
    shuffled = np.concatenate((inner[:a], inner[b:c], inner[a:b], inner[c:]))
    return np.concatenate((path[:1], shuffled, path[-1:]))


def iterations_for(n: int) -> int:
    """How many kicks a path of n stops gets: more for small paths, where each is cheap."""
    return max(60, min(400, 40_000 // max(n, 1)))


def improve_path(dist: FloatArray, first: int, last: int, *, kicks: int | None = None) -> IntArray:
    """A short path from `first` through every other node to `last` (which must differ)."""
    n = len(dist)
    best = local_search(dist, nearest_neighbour_path(dist, first, last))
    if n < 8:
        return best
    best_cost = path_cost(dist, best)
    rng = np.random.default_rng(_SEED)
    current, current_cost = best, best_cost
    for _ in range(iterations_for(n) if kicks is None else kicks):
        candidate = local_search(dist, double_bridge(current, rng))
        cost = path_cost(dist, candidate)
        if cost < current_cost - _EPSILON:
            current, current_cost = candidate, cost
            if cost < best_cost - _EPSILON:
                best, best_cost = candidate, cost
    log.debug("Iterated local search over %d stops: %.3f", n, best_cost)
    return best
