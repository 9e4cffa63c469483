"""Where an imported place goes: the nearest stop, and whether it is already known.

`NearestStop` answers for a file of 250,000 places without comparing each with every
stop; `KnownPlaces` flags places the database already holds, by name and distance.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop
from cityplanner.domain.sphere import haversine_km
from cityplanner.store import Store

#: Two stops with the same name closer than this are the same city.
SAME_STOP_KM = 25.0
#: Two sites with the same name closer than this are the same site.
SAME_SITE_KM = 1.0


class NearestStop:
    """Finds the stop nearest to a point, new (by index) or already stored (by id).

    Stops are sorted by latitude and searched outwards from the point's own: no
    stop further in latitude than the best distance so far can be nearer, which
    keeps large imports from comparing every site with every stop.
    """

    _KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360

    def __init__(self, stops: list[Stop], existing: list[Stop]) -> None:
        entries: list[tuple[float, float, int | None, int | None]] = [
            (s.place.lat, s.place.lon, i, None) for i, s in enumerate(stops)
        ]
        entries += [(s.place.lat, s.place.lon, None, s.id) for s in existing]
        entries.sort(key=lambda e: e[0])
        self._entries = entries
        self._lats = [e[0] for e in entries]

    def find(self, lat: float, lon: float) -> tuple[int | None, int | None]:
        if not self._entries:
            raise ValidationError("There is no stop for the sites to join.")
        start = bisect_left(self._lats, lat)
        best_km, best = math.inf, self._entries[min(start, len(self._entries) - 1)]
        for step in (-1, 1):
            i = start if step == 1 else start - 1
            while 0 <= i < len(self._entries):
                entry = self._entries[i]
                if abs(entry[0] - lat) * self._KM_PER_DEGREE > best_km:
                    break
                km = haversine_km(lat, lon, entry[0], entry[1])
                if km < best_km:
                    best_km, best = km, entry
                i += step
        return best[2], best[3]


class KnownPlaces:
    """Stops and sites already in the database, by folded name, for duplicate flags."""

    def __init__(self, store: Store) -> None:
        self._stops: dict[str, list[tuple[float, float, str]]] = {}
        self._sites: dict[str, list[tuple[float | None, float | None, str]]] = {}
        for trip in store.trips.list():
            assert trip.id is not None
            for stop in store.trips.stops(trip.id):
                self._stops.setdefault(stop.name.casefold(), []).append(
                    (stop.place.lat, stop.place.lon, trip.name)
                )
            for site in store.sites.for_trip(trip.id):
                self._sites.setdefault(site.name.casefold(), []).append(
                    (site.lat, site.lon, trip.name)
                )

    def stop_duplicate(self, stop: Stop) -> str:
        for lat, lon, trip in self._stops.get(stop.name.casefold(), ()):
            if haversine_km(lat, lon, stop.place.lat, stop.place.lon) <= SAME_STOP_KM:
                return f"stop {stop.name!r} is already in {trip!r}"
        return ""

    def site_duplicate(self, site: Site) -> str:
        for lat, lon, trip in self._sites.get(site.name.casefold(), ()):
            if (
                lat is None
                or lon is None
                or site.lat is None
                or site.lon is None
                or haversine_km(lat, lon, site.lat, site.lon) <= SAME_SITE_KM
            ):
                return f"site {site.name!r} is already in {trip!r}"
        return ""
