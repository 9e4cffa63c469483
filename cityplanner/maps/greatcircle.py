"""Great-circle curves for the map: the geometry of `cityplanner.geo.distance`, cut for drawing.

A trip of thousands of stops has thousands of legs, and the window redraws them after
every edit: `great_circle_paths` computes all of them in one go with numpy (a loop of
small numpy operations per leg took half a second for 2,000 legs), and hands each path
back as a flat list of whole 1e-5 degrees, `[lat0, lon0, lat1, lon1, ...]` — quick to
write as JSON and to read in the page (see `drawRoute` in resources/web/itinerary.js).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cityplanner.domain.sphere import EARTH_RADIUS_KM
from cityplanner.geo.distance import LatLon, split_at_antimeridian

#: Coordinates sent to the page: 5 decimals is about a metre.
_DECIMALS = 5
#: A path's coordinates are whole multiples of 1 / SCALE degrees.
SCALE = 10**_DECIMALS
#: Between two points of a drawn curve, at most this far along the leg.
STEP_KM = 150.0
#: No leg is drawn with more points than this (plus its end).
MAX_POINTS = 180

FlatPath = list[int]


def great_circle_path(
    start: LatLon, end: LatLon, *, step_km: float = STEP_KM, max_points: int = MAX_POINTS
) -> list[list[LatLon]]:
    """Points along the shorter great circle from `start` to `end`, as (lat, lon) pairs.

    The result is a list of segments: one, or two when the curve crosses the
    ±180° meridian. Each segment stays within [-180, 180] so that a map in
    Web Mercator does not draw a line across the whole world; the two halves
    meet at the crossing latitude on either side of the antimeridian.
    """
    (paths,) = great_circle_paths([start], [end], step_km=step_km, max_points=max_points)
    return [
        [(path[i] / SCALE, path[i + 1] / SCALE) for i in range(0, len(path), 2)] for path in paths
    ]


def great_circle_paths(
    starts: Sequence[LatLon],
    ends: Sequence[LatLon],
    *,
    step_km: float = STEP_KM,
    max_points: int = MAX_POINTS,
) -> list[list[FlatPath]]:
    """The drawn paths of many legs at once: for leg i, from `starts[i]` to `ends[i]`.

    Each leg gets one point every `step_km` along its great circle (at most
    `max_points` segments; a leg shorter than a step is a straight line, its two ends).
    Each leg's paths are flat lists of whole 1e-5 degrees (see the module's docstring);
    a leg over the ±180° meridian has two, cut as `great_circle_path` describes.
    """
    if step_km <= 0:
        raise ValueError("step_km must be positive")
    if len(starts) != len(ends):
        raise ValueError("every leg needs a start and an end")
    if not len(starts):
        return []
    a = np.asarray(starts, dtype=np.float64).reshape(-1, 2)
    b = np.asarray(ends, dtype=np.float64).reshape(-1, 2)
    va, vb = _vectors(a), _vectors(b)
    dot = np.clip(np.einsum("ij,ij->i", va, vb), -1.0, 1.0)
    omega = np.arccos(dot)
    arc_km = _haversine_km(a, b)
    counts = np.where(
        arc_km < 1e-6, 1, np.clip(np.ceil(arc_km / step_km), 1, max(1, max_points))
    ).astype(np.int64)
    towards = _directions(va, vb, dot)
    # Every intermediate point of every leg in one go: leg k has counts[k] - 1 of them.
    inner = counts - 1
    leg_of = np.repeat(np.arange(len(counts)), inner)
    first = np.cumsum(inner) - inner
    step = np.arange(int(inner.sum())) - np.repeat(first, inner) + 1
    t = omega[leg_of] * step / counts[leg_of]
    xyz = np.cos(t)[:, None] * va[leg_of] + np.sin(t)[:, None] * towards[leg_of]
    mids = np.column_stack(
        [
            np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0))),
            np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])),
        ]
    )
    # Each leg's points in order: its start, its intermediate points, its end.
    total = len(counts) + int(counts.sum())
    ends_at = np.cumsum(counts + 1) - 1
    starts_at = ends_at - counts
    points = np.empty((total, 2))
    points[starts_at] = a
    points[ends_at] = b
    inside = np.ones(total, dtype=bool)
    inside[starts_at] = inside[ends_at] = False
    points[inside] = mids
    return _cut(points, starts_at, ends_at)


def _cut(
    points: npt.NDArray[np.float64],
    starts_at: npt.NDArray[np.int64],
    ends_at: npt.NDArray[np.int64],
) -> list[list[FlatPath]]:
    """Each leg's points as flat paths, cut where a leg crosses the antimeridian.

    At a crossing, the point where the leg meets ±180° ends one path and, on the other
    side, starts the next (as `split_at_antimeridian` cuts). A leg with a point exactly
    on ±180° (a stop placed there) goes through `_split`, one by one.
    """
    lon = points[:, 1]
    leg_of = np.repeat(np.arange(len(starts_at)), ends_at - starts_at + 1)
    edge_legs = np.zeros(len(starts_at), dtype=bool)
    edge_legs[leg_of[np.abs(lon) == 180.0]] = True
    # A jump of more than half the world between two points of one leg is a crossing.
    jumps = np.flatnonzero(
        (np.abs(np.diff(lon)) > 180.0) & (leg_of[1:] == leg_of[:-1]) & ~edge_legs[leg_of[1:]]
    )
    lat0, lon0 = points[jumps, 0], lon[jumps]
    lat1, lon1 = points[jumps + 1, 0], lon[jumps + 1]
    edge = np.where(lon0 > 0, 180.0, -180.0)
    lon1 = np.where(edge > 0, lon1 + 360.0, lon1 - 360.0)
    span = lon1 - lon0
    share = np.where(span != 0, (edge - lon0) / np.where(span != 0, span, 1.0), 0.0)
    crossing = lat0 + share * (lat1 - lat0)
    meeting = np.column_stack([crossing, edge, crossing, -edge]).reshape(-1, 2)
    cut = np.insert(points, np.repeat(jumps + 1, 2), meeting, axis=0)
    flat = np.rint(cut * SCALE).astype(np.int64).ravel().tolist()
    # Where things are in the cut points: the point at index j moved on by two for each
    # crossing before it; crossing k (after point i) ends a path at i + 2k + 1.
    first_jump = np.searchsorted(jumps, starts_at).tolist()
    last_jump = np.searchsorted(jumps, ends_at).tolist()
    crossing_ends = (jumps + 2 * np.arange(len(jumps)) + 1).tolist()
    result: list[list[FlatPath]] = []
    legs = zip(starts_at.tolist(), ends_at.tolist(), first_jump, last_jump, strict=True)
    for leg, (begin, end, k0, k1) in enumerate(legs):
        if edge_legs[leg]:
            result.append(_split(points[begin : end + 1]))
            continue
        at = begin + 2 * k0
        paths = []
        for k in range(k0, k1):
            paths.append(flat[2 * at : 2 * crossing_ends[k] + 2])
            at = crossing_ends[k] + 1
        paths.append(flat[2 * at : 2 * (end + 2 * k1) + 2])
        result.append(paths)
    return result


def _split(points: npt.NDArray[np.float64]) -> list[FlatPath]:
    """A leg that crosses or touches the antimeridian, cut into paths that stay within it."""
    pieces = split_at_antimeridian(_settle_edges([(float(p[0]), float(p[1])) for p in points]))
    return [
        [round(value * SCALE) for point in piece for value in point]
        for piece in pieces
        if len(piece) > 1
    ]


def _settle_edges(points: list[LatLon]) -> list[LatLon]:
    # A point exactly on the antimeridian takes the sign of its neighbour's side.
    settled = list(points)
    for i, (lat, lon) in enumerate(settled):
        if abs(lon) == 180.0 and len(settled) > 1:
            neighbour = settled[i - 1] if i else settled[1]
            settled[i] = (lat, math.copysign(180.0, neighbour[1]))
    return settled


def _vectors(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    lat, lon = np.radians(points[:, 0]), np.radians(points[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _haversine_km(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    lat1, lon1 = np.radians(a[:, 0]), np.radians(a[:, 1])
    lat2, lon2 = np.radians(b[:, 0]), np.radians(b[:, 1])
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km: npt.NDArray[np.float64] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return km


def _directions(
    va: npt.NDArray[np.float64], vb: npt.NDArray[np.float64], dot: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Unit vectors at each start, along its leg (as `great_circle_points` heads)."""
    towards = vb - dot[:, None] * va
    norm = np.linalg.norm(towards, axis=1)
    # Antipodal ends: head for the north pole (or along longitude 0 from a pole).
    flat = norm < 1e-9
    if flat.any():
        pole = np.array([0.0, 0.0, 1.0]) - va[flat, 2:3] * va[flat]
        at_pole = np.linalg.norm(pole, axis=1) < 1e-9
        pole[at_pole] = np.array([1.0, 0.0, 0.0])
        towards[flat] = pole
        norm = np.linalg.norm(towards, axis=1)
    result: npt.NDArray[np.float64] = towards / np.where(norm > 0, norm, 1.0)[:, None]
    return result
