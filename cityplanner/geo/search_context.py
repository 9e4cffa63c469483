"""What a city search knows about the trip it adds to: its points and its countries.

A plain value, built from the trip's places (and an optional point given by the user),
handed to `Gazetteer.search`. It only reorders the results: a place far from the
trip is still found, just after the near ones (see `gazetteer_rank` for the weights).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place
from cityplanner.domain.validation import check_latitude, check_longitude

#: How much the pull of each point counts. The stop the new one goes next to (the
#: selected one) matters most: the next stop is usually near it. A point the user
#: gave (`--near`) is meant, so it counts as much. The trip's other stops still
#: pull, half as much, so that any stop of an Iceland trip pulls Icelandic places.
ANCHOR_WEIGHT = 1.0
NEAR_WEIGHT = 1.0
OTHER_STOP_WEIGHT = 0.5
#: Points kept at most: the anchor, the given point, then the stops nearest to the
#: anchor in the trip's order. More would cost time and change nothing.
MAX_POINTS = 40


@dataclass(frozen=True, slots=True)
class WeightedPoint:
    """A point whose neighbourhood a search prefers, and how strongly (0 to 1)."""

    lat: float
    lon: float
    weight: float


@dataclass(frozen=True, slots=True)
class SearchContext:
    """Where the user is planning: points to prefer places near, countries to prefer."""

    points: tuple[WeightedPoint, ...] = ()
    countries: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.points and not self.countries

    @classmethod
    def for_trip(
        cls,
        places: Sequence[Place],
        *,
        anchor: int | None = None,
        near: tuple[float, float] | None = None,
    ) -> SearchContext:
        """The context of a trip with these places, in order.

        `anchor` is the index of the place the new stop will follow (the selected
        stop); None means the last one, where a new stop goes by default. `near`
        is a point the user named.
        """
        points: list[WeightedPoint] = []
        if near is not None:
            points.append(WeightedPoint(near[0], near[1], NEAR_WEIGHT))
        if places:
            first = len(places) - 1 if anchor is None else max(0, min(anchor, len(places) - 1))
            order = sorted(range(len(places)), key=lambda i: (abs(i - first), i))
            for i in order[: MAX_POINTS - len(points)]:
                weight = ANCHOR_WEIGHT if i == first else OTHER_STOP_WEIGHT
                points.append(WeightedPoint(places[i].lat, places[i].lon, weight))
        countries = frozenset(p.country_code.upper() for p in places if p.country_code)
        return cls(tuple(points), countries)


def parse_point(text: str) -> tuple[float, float]:
    """A point written "LAT,LON" in decimal degrees (e.g. "63.42,-19.01"), checked."""
    parts = text.replace(";", ",").split(",")
    if len(parts) != 2:
        raise ValidationError(
            f"{text!r} is not a point: write latitude and longitude in degrees, "
            'separated by a comma, e.g. "63.42,-19.01".'
        )
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValidationError(
            f'{text!r} is not a point: latitude and longitude must be numbers, e.g. "63.42,-19.01".'
        ) from None
    return check_latitude(lat), check_longitude(lon)
