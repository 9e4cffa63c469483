"""Geodesic distances along a trip's legs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geopy.distance import geodesic

from cityplanner.domain.models import Stop


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in kilometres on the WGS-84 ellipsoid between two (lat, lon) points."""
    return float(geodesic(a, b).km)


def leg_kms(stops: Sequence[Stop]) -> list[float]:
    """The length of the leg arriving at each stop; 0 for the first stop."""
    legs = [0.0] * len(stops)
    for i in range(1, len(stops)):
        before, here = stops[i - 1].place, stops[i].place
        legs[i] = geodesic_km((before.lat, before.lon), (here.lat, here.lon))
    return legs


@dataclass(frozen=True, slots=True)
class Totals:
    """What a trip adds up to."""

    km: float
    nights: int
    countries: int


def trip_totals(stops: Sequence[Stop]) -> Totals:
    codes = {s.place.country_code for s in stops if s.place.country_code}
    return Totals(
        km=sum(leg_kms(stops)),
        nights=sum(s.nights for s in stops),
        countries=len(codes),
    )
