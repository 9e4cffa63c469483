"""Great-circle curves for the map: the geometry of `cityplanner.geo.distance`, cut for drawing."""

from __future__ import annotations

import math

from cityplanner.geo.distance import (
    LatLon,
    great_circle_points,
    haversine_matrix,
    split_at_antimeridian,
)

#: Coordinates sent to the page: 5 decimals is about a metre.
_DECIMALS = 5


def great_circle_path(
    start: LatLon, end: LatLon, *, step_km: float = 150.0, max_points: int = 180
) -> list[list[LatLon]]:
    """Points along the shorter great circle from `start` to `end`, as (lat, lon) pairs.

    The result is a list of segments: one, or two when the curve crosses the
    ±180° meridian. Each segment stays within [-180, 180] so that a map in
    Web Mercator does not draw a line across the whole world; the two halves
    meet at the crossing latitude on either side of the antimeridian.
    """
    if step_km <= 0:
        raise ValueError("step_km must be positive")
    arc_km = float(haversine_matrix([start, end])[0, 1])
    if arc_km < 1e-6:
        return [[_round(start), _round(end)]]
    count = min(max_points, max(2, math.ceil(arc_km / step_km)))
    points = great_circle_points(start, end, segments=count)
    pieces = split_at_antimeridian(_settle_edges(points))
    return [[_round(p) for p in piece] for piece in pieces if len(piece) > 1]


def _settle_edges(points: list[LatLon]) -> list[LatLon]:
    # A point exactly on the antimeridian takes the sign of its neighbour's side.
    settled = list(points)
    for i, (lat, lon) in enumerate(settled):
        if abs(lon) == 180.0 and len(settled) > 1:
            neighbour = settled[i - 1] if i else settled[1]
            settled[i] = (lat, math.copysign(180.0, neighbour[1]))
    return settled


def _round(point: LatLon) -> LatLon:
    return (round(point[0], _DECIMALS), round(point[1], _DECIMALS))
