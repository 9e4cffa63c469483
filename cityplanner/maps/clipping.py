"""Plane geometry of a static map: shapes cut to its frame, points thinned, longitudes made
continuous across ±180°."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

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


def clip_ring(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], box: Box
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A polygon's ring cut to the box, by Sutherland–Hodgman, on whole arrays at once: its cut
    edges run along the box.

    A detailed country's ring has tens of thousands of points; cut point by point, the
    map of a city would spend its time on the coasts of a continent it does not show.
    """
    left, top, right, bottom = box
    for edge in range(4):
        if len(xs) == 0:
            break
        distance = (xs - left, right - xs, ys - top, bottom - ys)[edge]
        xs, ys = _clip_half(xs, ys, distance)
    return xs, ys


def _clip_half(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], d: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Sutherland–Hodgman against one edge: keeps `d >= 0`. For each edge of the ring
    (previous point to this one), the crossing point if it crosses, then this point if in."""
    inside = d >= 0
    if inside.all():
        return xs, ys
    if not inside.any():
        return xs[:0], ys[:0]
    px, py, pd = np.roll(xs, 1), np.roll(ys, 1), np.roll(d, 1)
    cross = inside != np.roll(inside, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(cross, pd / (pd - d), 0.0)
    out_x = np.empty(2 * len(xs))
    out_y = np.empty(2 * len(xs))
    keep = np.empty(2 * len(xs), dtype=bool)
    out_x[0::2], out_y[0::2], keep[0::2] = px + share * (xs - px), py + share * (ys - py), cross
    out_x[1::2], out_y[1::2], keep[1::2] = xs, ys, inside
    return out_x[keep], out_y[keep]
