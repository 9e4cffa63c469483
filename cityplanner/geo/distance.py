"""Distances along a trip: geodesic legs, great-circle curves and distance matrices.

Figures shown to the user are geodesic (WGS-84 ellipsoid, via geopy). Matrices for
ordering stops use the vectorised haversine formula on a sphere of the Earth's mean
radius: it is thousands of times faster and within 0.5% of the geodesic, which is
plenty to compare one order with another.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from geopy.distance import geodesic

from cityplanner.domain.models import Stop
from cityplanner.domain.sphere import EARTH_RADIUS_KM
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo.travel import co2e_kg, travel_hours

log = logging.getLogger(__name__)

LatLon = tuple[float, float]


def geodesic_km(a: LatLon, b: LatLon) -> float:
    """Distance in kilometres on the WGS-84 ellipsoid between two (lat, lon) points."""
    return float(geodesic(a, b).km)


def stop_point(stop: Stop) -> LatLon:
    return (stop.place.lat, stop.place.lon)


def leg_kms(stops: Sequence[Stop]) -> list[float]:
    """The length of the leg arriving at each stop; 0 for the first stop."""
    legs = [0.0] * len(stops)
    for i in range(1, len(stops)):
        legs[i] = geodesic_km(stop_point(stops[i - 1]), stop_point(stops[i]))
    return legs


def route_km(stops: Sequence[Stop], *, round_trip: bool = False) -> float:
    """Geodesic length of the route through `stops`, back to the first when `round_trip`."""
    total = sum(leg_kms(stops))
    if round_trip and len(stops) > 1:
        total += geodesic_km(stop_point(stops[-1]), stop_point(stops[0]))
    return total


@dataclass(frozen=True, slots=True)
class Leg:
    """The journey arriving at a stop from the one before it."""

    index: int
    origin: Stop
    destination: Stop
    km: float
    mode: TravelMode | None
    hours: float | None
    co2e_kg: float | None

    @property
    def crosses_border(self) -> bool:
        a, b = self.origin.place.country_code, self.destination.place.country_code
        return bool(a and b and a != b)


def trip_legs(stops: Sequence[Stop], *, kms: Sequence[float] | None = None) -> list[Leg]:
    """One leg per stop after the first, with its estimated hours and CO2e.

    A leg takes the travel mode of the stop it arrives at; without a mode its time and
    CO2e are unknown (None), never guessed. `kms` are the legs' lengths when the
    caller already has them (as `leg_kms` gives them), so they are not measured again.
    """
    legs: list[Leg] = []
    if kms is None:
        kms = leg_kms(stops)
    elif len(kms) != len(stops):
        raise ValueError("kms must give one length per stop (0 for the first).")
    for i in range(1, len(stops)):
        mode = stops[i].mode
        legs.append(
            Leg(
                index=i,
                origin=stops[i - 1],
                destination=stops[i],
                km=kms[i],
                mode=mode,
                hours=None if mode is None else travel_hours(kms[i], mode),
                co2e_kg=None if mode is None else co2e_kg(kms[i], mode),
            )
        )
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


# -- matrices ----------------------------------------------------------------


def haversine_matrix(points: Sequence[LatLon]) -> npt.NDArray[np.float64]:
    """Great-circle kilometres between every pair of (lat, lon) points, as an n×n array."""
    if len(points) == 0:
        return np.zeros((0, 0), dtype=np.float64)
    coords = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    lat, lon = coords[:, 0], coords[:, 1]
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    cos_lat = np.cos(lat)
    h = np.sin(dlat / 2.0) ** 2 + np.outer(cos_lat, cos_lat) * np.sin(dlon / 2.0) ** 2
    km: npt.NDArray[np.float64] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return km


def stops_matrix(stops: Sequence[Stop]) -> npt.NDArray[np.float64]:
    return haversine_matrix([stop_point(s) for s in stops])


# -- great-circle curves -----------------------------------------------------


def _to_vector(point: LatLon) -> npt.NDArray[np.float64]:
    lat, lon = math.radians(point[0]), math.radians(point[1])
    return np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])


def great_circle_points(a: LatLon, b: LatLon, *, segments: int | None = None) -> list[LatLon]:
    """Points along the shorter great circle from `a` to `b`, both included.

    Longitudes are in −180..180, so a leg over the antimeridian (Fiji → Chukotka)
    jumps from +180 to −180 between two points: pass the result to
    `split_at_antimeridian` or `unwrap_longitudes` before drawing it. Without
    `segments`, there is one point about every 100 km. Antipodal points have no
    single shortest path; the one through the northern hemisphere is drawn.
    """
    va, vb = _to_vector(a), _to_vector(b)
    dot = float(np.clip(va @ vb, -1.0, 1.0))
    omega = math.acos(dot)
    if segments is None:
        segments = max(1, min(256, math.ceil(omega * EARTH_RADIUS_KM / 100.0)))
    if segments < 1:
        raise ValueError("A great-circle curve needs at least one segment.")
    if omega < 1e-12:
        return [a, b]
    towards = vb - dot * va
    norm = float(np.linalg.norm(towards))
    if norm < 1e-9:  # antipodal: head for the north pole (or along lon 0 from a pole)
        towards = np.array([0.0, 0.0, 1.0]) - va[2] * va
        if float(np.linalg.norm(towards)) < 1e-9:
            towards = np.array([1.0, 0.0, 0.0])
        norm = float(np.linalg.norm(towards))
    towards = towards / norm
    # All intermediate points at once: a loop of small numpy operations is far slower.
    t = omega * np.arange(1, segments) / segments
    xyz = np.cos(t)[:, None] * va + np.sin(t)[:, None] * towards
    lats = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
    lons = np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0]))
    return [a, *zip(lats.tolist(), lons.tolist(), strict=True), b]


def unwrap_longitudes(points: Sequence[LatLon]) -> list[LatLon]:
    """The same points with longitudes made continuous (they may leave −180..180).

    A web map draws such a line as one unbroken curve across the antimeridian.
    """
    out: list[LatLon] = []
    for lat, lon in points:
        if out:
            previous = out[-1][1]
            lon += 360.0 * round((previous - lon) / 360.0)
        out.append((lat, lon))
    return out


def split_at_antimeridian(points: Sequence[LatLon]) -> list[list[LatLon]]:
    """Cut a line at every ±180° crossing, adding the crossing point to both pieces."""
    pieces: list[list[LatLon]] = []
    current: list[LatLon] = []
    for lat, lon in points:
        if current and abs(lon - current[-1][1]) > 180.0:
            lat0, lon0 = current[-1]
            edge = 180.0 if lon0 > 0 else -180.0
            lon1 = lon + 360.0 if edge > 0 else lon - 360.0
            share = (edge - lon0) / (lon1 - lon0) if lon1 != lon0 else 0.0
            crossing_lat = lat0 + share * (lat - lat0)
            current.append((crossing_lat, edge))
            pieces.append(current)
            current = [(crossing_lat, -edge)]
        current.append((lat, lon))
    if current:
        pieces.append(current)
    return pieces
