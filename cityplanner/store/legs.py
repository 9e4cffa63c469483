"""Each stop keeps the geodesic length of the leg that reaches it, so that a listing of trips
adds up kilometres in SQL instead of measuring every leg of every trip again.

A write that changes which stop comes before which, or where a stop is, forgets the
lengths of the legs it touches (`forget`); `fill` then measures only those, in the same
transaction. The first stop's leg is 0.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from cityplanner.geo.distance import geodesic_km


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
