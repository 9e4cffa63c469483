"""Iterated local search for a shortest path with fixed ends, over a symmetric matrix.

The path's first and last positions never move; everything between is improved with
2-opt (reverse a stretch) and Or-opt (move a run of one to three stops elsewhere,
either way round). Every possible move is priced at once with vectorised NumPy
arithmetic; 2-opt then applies the best few that do not overlap, Or-opt the best one.
Local optima are kicked with random double-bridge moves and searched again, keeping
the best path found. The random generator is seeded, so the same matrix always gives
the same answer.
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
#: Kicked paths this much longer than the current one after 2-opt skip the Or-opt pass.
_SLACK = 1.01
#: Kicks in a row without improvement before the search jumps elsewhere.
_PATIENCE = 50
#: Independent 2-opt moves applied after one evaluation of them all.
_MOVES_PER_PASS = 4


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


class _Masks:
    """Penalties that rule out illegal moves on a path of m nodes (+inf where illegal)."""

    def __init__(self, m: int) -> None:
        legal = np.triu(np.ones((m - 1, m - 1), dtype=bool), k=2)
        self.two_opt = np.where(legal, 0.0, np.inf)
        self.or_opt: dict[int, FloatArray] = {}
        for length in (1, 2, 3):
            starts = np.arange(1, m - length)
            offset = np.arange(m - 1)[None, :] - starts[:, None]
            touching = (offset >= -1) & (offset <= length - 1)
            self.or_opt[length] = np.where(touching, np.inf, 0.0)


def _in_path_order(dist: FloatArray, path: IntArray) -> FloatArray:
    ordered: FloatArray = dist.take(path, axis=0).take(path, axis=1)
    return ordered


def _two_opt_pass(ordered: FloatArray, path: IntArray, masks: _Masks) -> bool:
    """Apply the best reversals of path[a+1 .. b] found in one evaluation; False if none.

    After the best reversal, any other move whose edges both lie outside the reversed
    stretch keeps its gain, so the next best such move is applied too, up to a few.
    """
    weights = np.diagonal(ordered, 1)
    delta = ordered[:-1, :-1] + ordered[1:, 1:]
    delta -= np.add.outer(weights, weights)
    delta += masks.two_opt
    size = delta.shape[1]
    applied = False
    for _ in range(_MOVES_PER_PASS):
        flat = int(np.argmin(delta))
        a, b = divmod(flat, size)
        if delta[a, b] > -_EPSILON:
            break
        path[a + 1 : b + 1] = path[a + 1 : b + 1][::-1].copy()
        applied = True
        delta[a : b + 1, :] = np.inf
        delta[:, a : b + 1] = np.inf
    return applied


def _best_or_opt(ordered: FloatArray, masks: _Masks) -> tuple[float, int, int, int, bool]:
    """The best move of a run path[i : i+length] into the edge after position j.

    Returned as (gain, length, i, j, reversed).
    """
    m = len(ordered)
    weights = np.diagonal(ordered, 1)
    best: tuple[float, int, int, int, bool] = (np.inf, 0, 0, 0, False)
    for length in (1, 2, 3):
        if m - 1 - length < 1:
            break
        starts = np.arange(1, m - length)
        removal = weights[starts - 1] + weights[starts + length - 1]
        removal -= ordered[starts - 1, starts + length]
        first, last = ordered[1 : m - length], ordered[length : m - 1]
        forward = first[:, :-1] + last[:, 1:]
        backward = forward if length == 1 else last[:, :-1] + first[:, 1:]
        gain = np.minimum(forward, backward) if length > 1 else forward.copy()
        gain -= np.add.outer(removal, weights)
        gain += masks.or_opt[length]
        flat = int(np.argmin(gain))
        row, edge = divmod(flat, m - 1)
        if gain[row, edge] < best[0]:
            reverse = bool(backward[row, edge] < forward[row, edge])
            best = (float(gain[row, edge]), length, row + 1, edge, reverse)
    return best


def _apply_or_opt(path: IntArray, start: int, length: int, edge: int, reverse: bool) -> IntArray:
    run = path[start : start + length]
    if reverse:
        run = run[::-1]
    rest = np.concatenate((path[:start], path[start + length :]))
    slot = edge if edge < start else edge - length
    return np.concatenate((rest[: slot + 1], run, rest[slot + 1 :]))


def local_search(
    dist: FloatArray,
    path: IntArray,
    masks: _Masks | None = None,
    *,
    give_up_above: float = np.inf,
) -> IntArray:
    """Improve with 2-opt until it finds nothing, then with Or-opt; stop when neither does.

    A path still longer than `give_up_above` once 2-opt is done is returned as it is:
    Or-opt costs several times more and would rarely bring it below.
    """
    masks = masks or _Masks(len(path))
    path = path.copy()
    while True:
        ordered = _in_path_order(dist, path)
        if _two_opt_pass(ordered, path, masks):
            continue
        if float(np.trace(ordered, offset=1)) > give_up_above:
            return path
        gain, length, start, edge, reverse = _best_or_opt(ordered, masks)
        if gain < -_EPSILON:
            path = _apply_or_opt(path, start, length, edge, reverse)
            continue
        return path


def double_bridge(path: IntArray, rng: np.random.Generator, *, reach: int) -> IntArray:
    """Swap two neighbouring runs of at most `reach` inner stops each.

    Keeping the kick local lets the next local search repair it in a few moves.
    """
    inner = path[1:-1]
    size = len(inner)
    first = int(rng.integers(0, size - 2))
    middle = min(size - 1, first + int(rng.integers(1, reach + 1)))
    end = min(size, middle + int(rng.integers(1, reach + 1)))
    shuffled = np.concatenate((inner[:first], inner[middle:end], inner[first:middle], inner[end:]))
    return np.concatenate((path[:1], shuffled, path[-1:]))


def kicks_for(n: int) -> int:
    """How many kicks a path of n stops gets: enough to settle, bounded in time."""
    if n > 300:  # each local search costs O(n²): keep very long paths to seconds
        return max(30, 90_000 // n)
    return max(300, min(1000, 50_000 // max(n, 1)))


def improve_path(dist: FloatArray, first: int, last: int, *, kicks: int | None = None) -> IntArray:
    """A short path from `first` through every other node to `last` (which must differ).

    When many kicks in a row bring nothing, the search jumps: the current path gets
    several kicks at once and is kept even if longer, so it can leave a deep local
    optimum; the best path seen is what is returned.
    """
    n = len(dist)
    masks = _Masks(n)
    current = local_search(dist, nearest_neighbour_path(dist, first, last), masks)
    if n < 6:
        return current
    current_cost = path_cost(dist, current)
    best, best_cost = current, current_cost
    rng = np.random.default_rng(_SEED)
    reach = max(3, n // 4)
    stale = 0
    for _ in range(kicks_for(n) if kicks is None else kicks):
        if stale >= _PATIENCE:
            for _ in range(3):
                current = double_bridge(current, rng, reach=max(3, n // 2))
            current = local_search(dist, current, masks)
            current_cost, stale = path_cost(dist, current), 0
        candidate = local_search(
            dist,
            double_bridge(current, rng, reach=reach),
            masks,
            give_up_above=current_cost * _SLACK,
        )
        cost = path_cost(dist, candidate)
        stale += 1
        if cost <= current_cost:  # equal paths too: drifting across a plateau helps
            if cost < current_cost - _EPSILON:
                stale = 0
            current, current_cost = candidate, cost
            if cost < best_cost:
                best, best_cost = candidate, cost
    log.debug("Iterated local search over %d stops: %.3f", n, best_cost)
    return best
