"""Each stop keeps the geodesic length of the leg that reaches it, so that a listing of trips
adds up kilometres in SQL instead of measuring every leg of every trip again.

A write that changes which stop comes before which, or where a stop is, forgets the
lengths of the legs it touches (`forget`); `fill` then measures only those, in the same
transaction. The first stop's leg is 0.

The trip's stops are handed out with those lengths (`Stop.leg_km`, see `vetted`), so
that the window opening a 2,000-stop trip does not measure 2,000 legs again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from cityplanner.domain.sphere import haversine_km
from cityplanner.geo.distance import geodesic_km

#: How far a stored length may stray from the sphere's figure for the same two points:
#: the ellipsoid differs from the sphere by at most about 0.6%; a stale or forged figure
#: (a file written by another program) is far off, and is measured again instead.
_SPHERE_TOLERANCE = 0.01
_SPHERE_SLACK_KM = 1.0


def forget(db: Database, trip_id: int, positions: Iterable[int] | None = None) -> None:
    """Forget the legs arriving at these positions (all of the trip's with None)."""
    if positions is None:
        db.execute("UPDATE stops SET leg_km = NULL WHERE trip_id = ?", [trip_id])
        return
    db.conn.executemany(
        "UPDATE stops SET leg_km = NULL WHERE trip_id = ? AND position = ?",
        [(trip_id, p) for p in set(positions) if p >= 0],
    )


def fill(db: Database, trip_id: int) -> None:
    """Measure the legs of the trip that are not known."""
    rows = db.execute(
        """
        SELECT s.id, s.lat, s.lon, p.lat, p.lon
        FROM stops s LEFT JOIN stops p ON p.trip_id = s.trip_id AND p.position = s.position - 1
        WHERE s.trip_id = ? AND s.leg_km IS NULL
        """,
        [trip_id],
    ).fetchall()
    db.conn.executemany(
        "UPDATE stops SET leg_km = ? WHERE id = ?",
        [
            (0.0 if plat is None else geodesic_km((plat, plon), (lat, lon)), stop_id)
            for stop_id, lat, lon, plat, plon in rows
        ],
    )


def vetted(points: Sequence[tuple[float, float]], stored: Sequence[object]) -> list[float | None]:
    """The stored lengths of the legs arriving at these points (in trip order) that can be
    trusted; None for one that is missing, not a number, or not the leg between its two
    points (checked against the quick spherical figure, a few microseconds a leg)."""
    out: list[float | None] = []
    for i, (point, value) in enumerate(zip(points, stored, strict=True)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append(None)
            continue
        km = float(value)
        expected = 0.0 if i == 0 else haversine_km(*points[i - 1], *point)
        plausible = math.isfinite(km) and abs(km - expected) <= (
            expected * _SPHERE_TOLERANCE + _SPHERE_SLACK_KM
        )
        out.append(km if plausible else None)
    return out
