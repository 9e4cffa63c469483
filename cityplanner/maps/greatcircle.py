"""Great-circle curves between two points, split where they cross the antimeridian."""

from __future__ import annotations

import itertools
import math

EARTH_RADIUS_KM = 6371.0088

LatLon = tuple[float, float]


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
    a, b = _unit(start), _unit(end)
    angle = _angle(a, b)
    if angle < 1e-9:
        return [[_round(start), _round(end)]]
    count = min(max_points, max(2, math.ceil(angle * EARTH_RADIUS_KM / step_km)))
    if math.pi - angle < 1e-9:
        # Antipodes: every great circle joins them; go through a point a quarter turn away.
        mid = _perpendicular(a)
        half = max(2, count // 2)
        points = _slerp_points(a, mid, half)[:-1] + _slerp_points(mid, b, half)
    else:
        points = _slerp_points(a, b, count)
    latlons = [_latlon(p) for p in points]
    latlons[0], latlons[-1] = (start[0], _wrap(start[1])), (end[0], _wrap(end[1]))
    return _split_at_antimeridian(latlons)


def _split_at_antimeridian(points: list[LatLon]) -> list[list[LatLon]]:
    # A point exactly on the antimeridian takes the sign of its neighbour's side.
    points = list(points)
    for i, (lat, lon) in enumerate(points):
        if abs(lon) == 180.0:
            neighbour = points[i - 1] if i else points[min(1, len(points) - 1)]
            points[i] = (lat, math.copysign(180.0, neighbour[1]))
    segments: list[list[LatLon]] = [[_round(points[0])]]
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        delta = lon2 - lon1
        if abs(delta) > 180.0:
            # Unwrap the second point next to the first, find where lon = ±180 is crossed.
            edge = 180.0 if delta < 0 else -180.0
            unwrapped = lon2 + 360.0 if delta < 0 else lon2 - 360.0
            share = (edge - lon1) / (unwrapped - lon1) if unwrapped != lon1 else 0.0
            lat_cross = lat1 + (lat2 - lat1) * share
            segments[-1].append(_round((lat_cross, edge)))
            segments.append([_round((lat_cross, -edge))])
        segments[-1].append(_round((lat2, lon2)))
    return [segment for segment in segments if len(segment) > 1]


Vector = tuple[float, float, float]


def _unit(point: LatLon) -> Vector:
    lat, lon = math.radians(point[0]), math.radians(point[1])
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def _latlon(v: Vector) -> LatLon:
    x, y, z = v
    return (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))


def _angle(a: Vector, b: Vector) -> float:
    cross = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    return math.atan2(
        math.sqrt(sum(c * c for c in cross)), sum(p * q for p, q in zip(a, b, strict=True))
    )


def _slerp_points(a: Vector, b: Vector, count: int) -> list[Vector]:
    angle = _angle(a, b)
    sin_angle = math.sin(angle)
    points = []
    for i in range(count + 1):
        t = i / count
        wa, wb = math.sin((1 - t) * angle) / sin_angle, math.sin(t * angle) / sin_angle
        points.append((wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]))
    return points


def _perpendicular(a: Vector) -> Vector:
    # Cross with the pole (or an equatorial axis when `a` is a pole), normalised.
    axis: Vector = (0.0, 0.0, 1.0) if abs(a[2]) < 0.9 else (1.0, 0.0, 0.0)
    c = (
        a[1] * axis[2] - a[2] * axis[1],
        a[2] * axis[0] - a[0] * axis[2],
        a[0] * axis[1] - a[1] * axis[0],
    )
    norm = math.sqrt(sum(x * x for x in c))
    return (c[0] / norm, c[1] / norm, c[2] / norm)


def _wrap(lon: float) -> float:
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0


def _round(point: LatLon) -> LatLon:
    return (round(point[0], 5), round(point[1], 5))
