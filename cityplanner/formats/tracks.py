"""Recorded tracks, which CityPlanner keeps as a summary: their ends, length and dates."""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.domain.validation import check_latitude, check_longitude, parse_date
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)

_EARTH_RADIUS_KM = 6371.0088
#: A track whose end is closer than this to its start (a loop) gives a single stop.
_SAME_PLACE_KM = 0.5


@dataclass(frozen=True, slots=True)
class TrackSummary:
    """A track reduced to what a trip plan needs."""

    name: str
    point_count: int
    km: float
    start: tuple[float, float]
    end: tuple[float, float]
    first_time: str
    last_time: str

    @classmethod
    def from_points(
        cls, name: str, points: Sequence[tuple[float, float, str]]
    ) -> TrackSummary | None:
        """Summarise (lat, lon, ISO time or '') points; None for an empty track."""
        if not points:
            return None
        for lat, lon, _time in points:
            check_latitude(lat)
            check_longitude(lon)
        km = sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(points))
        times = [t for _lat, _lon, t in points if t]
        return cls(
            name=name,
            point_count=len(points),
            km=km,
            start=(points[0][0], points[0][1]),
            end=(points[-1][0], points[-1][1]),
            first_time=times[0] if times else "",
            last_time=times[-1] if times else "",
        )

    def describe(self, *, kept: bool) -> str:
        when = ""
        if self.first_time:
            first, last = self.first_time[:10], self.last_time[:10]
            when = f", {first}" if first == last else f", {first} to {last}"
        fate = "summarised only"
        if kept:
            # A loop ends where it starts, and then only one stop is made.
            fate = "kept as its start and end" if len(self.stops()) == 2 else "kept as one stop"
        points = counted(self.point_count, "point")
        return f"Track {self.name!r}: {points}, {self.km:,.1f} km{when} ({fate})"

    def stops(self) -> list[Stop]:
        """A stop where the track starts and, unless it is a loop, one where it ends."""
        arrival = _day(self.first_time)
        result = [Stop(place=Place(f"{self.name} (start)"[:200], *self.start), arrival=arrival)]
        if haversine_km(*self.start, *self.end) >= _SAME_PLACE_KM:
            end_day = _day(self.last_time)
            result.append(Stop(place=Place(f"{self.name} (end)"[:200], *self.end), arrival=end_day))
        return result


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance: ample for summing the many short steps of a track."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _day(text: str) -> date | None:
    try:
        return parse_date(text[:10]) if len(text) >= 10 else None
    except ValidationError:
        return None
