"""Plane geometry of a static map: shapes cut to its frame, points thinned, longitudes made
continuous across ±180°."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""left, top, right, bottom."""


def thinned(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], tolerance: float
) -> list[Point]:
    """The points of a line with those that would print within `tolerance` of the last
    kept one dropped: a ring of ten thousand points on a small map keeps a few dozen."""
    if len(xs) < 3 or tolerance <= 0:
        return list(zip(xs.tolist(), ys.tolist(), strict=True))
    qx, qy = np.round(xs / tolerance), np.round(ys / tolerance)
    keep = np.ones(len(xs), dtype=bool)
    keep[1:] = (qx[1:] != qx[:-1]) | (qy[1:] != qy[:-1])
    keep[-1] = True
    return list(zip(xs[keep].tolist(), ys[keep].tolist(), strict=True))


def clip_polygon(points: Sequence[Point], box: Box) -> list[Point]:
    """A polygon cut to the box (Sutherland–Hodgman); its cut edges run along the box."""
    left, top, right, bottom = box
    edges: list[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]]] = [
        (lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom)),
    ]
    out = list(points)
    for inside, cross in edges:
        if not out:
            break
        source, out = out, []
        previous = source[-1]
        for current in source:
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
            previous = current
    return out


def clip_polyline(points: Sequence[Point], box: Box) -> list[list[Point]]:
    """The pieces of a line inside the box (Liang–Barsky on each segment)."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for a, b in itertools.pairwise(points):
        cut = _clip_segment(a, b, box)
        if cut is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = cut
        if not current or current[-1] != start:
            if current:
                pieces.append(current)
            current = [start]
        current.append(end)
        if end != b:  # the line leaves the box here
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) > 1]


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _at_x(a: Point, b: Point, x: float) -> Point:
    share = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + share * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    share = (y - a[1]) / (b[1] - a[1])
    return (a[0] + share * (b[0] - a[0]), y)


def _clip_segment(a: Point, b: Point, box: Box) -> tuple[Point, Point] | None:
    left, top, right, bottom = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0.0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1.0 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def continuous_longitudes(lons: Sequence[float]) -> list[float]:
    """Longitudes moved by 360° where that makes them one short run (across ±180°)."""
    ordered = sorted(set(lons))
    if len(ordered) < 2:
        return list(lons)
    gaps = [(b - a, i) for i, (a, b) in enumerate(itertools.pairwise(ordered))]
    wrap = ordered[0] + 360.0 - ordered[-1]
    widest, after = max(gaps)
    if widest <= wrap:
        return list(lons)
    start = ordered[after + 1]
    return [lon if lon >= start else lon + 360.0 for lon in lons]
