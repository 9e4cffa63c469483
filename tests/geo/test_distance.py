"""Legs, great-circle curves and distance matrices."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cityplanner.domain.models import Place, Stop
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo.distance import (
    geodesic_km,
    great_circle_points,
    haversine_matrix,
    leg_kms,
    route_km,
    split_at_antimeridian,
    trip_legs,
    trip_totals,
    unwrap_longitudes,
)
from cityplanner.geo.travel import co2e_kg, travel_hours

SUVA = (-18.1416, 178.4419)  # Fiji, west of the antimeridian
LAKEBA = (-18.2, -178.8)  # Fiji's Lau islands, east of it
ANADYR = (64.7337, 177.5089)  # Chukotka
UELEN = (66.1597, -169.8092)  # Chukotka, east of the antimeridian


def stop(name: str, lat: float, lon: float, mode: TravelMode | None = None, **kw: str) -> Stop:
    return Stop(place=Place(name=name, lat=lat, lon=lon, **kw), mode=mode)


def test_geodesic_km_matches_a_known_distance() -> None:
    # Paris – London is about 344 km on the ellipsoid.
    assert geodesic_km((48.8566, 2.3522), (51.5074, -0.1278)) == pytest.approx(343.9, abs=1.0)


def test_legs_and_totals_of_an_empty_or_single_stop_trip() -> None:
    assert leg_kms([]) == []
    assert trip_legs([]) == []
    assert trip_totals([]).km == 0
    one = [stop("Toulouse", 43.6, 1.44)]
    assert leg_kms(one) == [0.0]
    assert trip_legs(one) == []
    assert route_km(one, round_trip=True) == 0.0


def test_trip_legs_estimate_time_and_co2e_from_the_arriving_stops_mode() -> None:
    stops = [
        stop("Toulouse", 43.60426, 1.44367),
        stop("Albi", 43.9298, 2.148, TravelMode.TRAIN),
        stop("Arles", 43.67681, 4.63031),
    ]
    legs = trip_legs(stops)
    assert [leg.index for leg in legs] == [1, 2]
    assert legs[0].km == pytest.approx(leg_kms(stops)[1])
    assert legs[0].hours == pytest.approx(travel_hours(legs[0].km, TravelMode.TRAIN))
    assert legs[0].co2e_kg == pytest.approx(co2e_kg(legs[0].km, TravelMode.TRAIN))
    assert legs[1].mode is None and legs[1].hours is None and legs[1].co2e_kg is None


def test_route_km_adds_the_way_back_for_a_round_trip() -> None:
    stops = [stop("A", 0, 0), stop("B", 0, 1), stop("C", 1, 1)]
    back = geodesic_km((1, 1), (0, 0))
    assert route_km(stops, round_trip=True) == pytest.approx(route_km(stops) + back)


def test_duplicate_stops_make_a_zero_length_leg() -> None:
    stops = [stop("A", 10, 10), stop("A again", 10, 10, TravelMode.CAR)]
    legs = trip_legs(stops)
    assert legs[0].km == 0.0
    assert legs[0].hours == 0.0 and legs[0].co2e_kg == 0.0


def test_legs_at_the_poles() -> None:
    stops = [stop("North pole", 90, 0), stop("Also the pole", 90, 135), stop("Equator", 0, 0)]
    kms = leg_kms(stops)
    assert kms[1] == pytest.approx(0.0, abs=1e-6)
    assert kms[2] == pytest.approx(10_001.97, abs=1.0)  # a quarter meridian


def test_haversine_matrix_is_symmetric_and_close_to_geodesic() -> None:
    points = [(43.6, 1.44), (52.37, 4.89), (64.14, -21.9), (55.75, 37.62), SUVA, LAKEBA]
    matrix = haversine_matrix(points)
    assert matrix.shape == (6, 6)
    assert np.allclose(matrix, matrix.T)
    assert np.allclose(np.diag(matrix), 0.0)
    for i in range(6):
        for j in range(i + 1, 6):
            exact = geodesic_km(points[i], points[j])
            assert matrix[i, j] == pytest.approx(exact, rel=0.006)


def test_haversine_matrix_handles_the_antimeridian_the_poles_and_no_points() -> None:
    assert haversine_matrix([]).shape == (0, 0)
    matrix = haversine_matrix([(0, 179.5), (0, -179.5), (90, 0), (90, 180), (-90, 10)])
    assert matrix[0, 1] == pytest.approx(111.2, abs=0.2)  # not 40,000 km the other way
    assert matrix[2, 3] == pytest.approx(0.0, abs=1e-6)
    assert matrix[2, 4] == pytest.approx(math.pi * 6371.0088, rel=1e-9)
    assert matrix[2, 0] == pytest.approx(matrix[4, 0])
    assert haversine_matrix([SUVA, LAKEBA])[0, 1] < 400


def test_great_circle_points_start_and_end_at_the_stops() -> None:
    points = great_circle_points((43.6, 1.44), (55.75, 37.62), segments=10)
    assert len(points) == 11
    assert points[0] == (43.6, 1.44) and points[-1] == (55.75, 37.62)
    total = geodesic_km(points[0], points[-1])
    steps = [geodesic_km(a, b) for a, b in itertools.pairwise(points)]
    assert sum(steps) == pytest.approx(total, rel=1e-3)  # they lie on the shortest path
    assert max(steps) == pytest.approx(min(steps), rel=0.01)  # evenly spaced


def test_great_circle_points_choose_a_segment_count_from_the_length() -> None:
    assert len(great_circle_points((0, 0), (0, 0))) == 2
    assert len(great_circle_points((0, 0), (0, 0.1))) == 2
    long_haul = great_circle_points((48.85, 2.35), (35.68, 139.69))
    assert 90 <= len(long_haul) <= 257
    with pytest.raises(ValueError):
        great_circle_points((0, 0), (1, 1), segments=0)


@pytest.mark.parametrize(("a", "b"), [(SUVA, LAKEBA), (ANADYR, UELEN), (LAKEBA, SUVA)])
def test_a_leg_across_the_antimeridian_stays_near_it(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    points = great_circle_points(a, b, segments=16)
    assert all(abs(lon) > 160 for _, lon in points)  # never the long way round
    assert all(-180 <= lon <= 180 for _, lon in points)
    pieces = split_at_antimeridian(points)
    assert len(pieces) == 2
    assert pieces[0][0] == a and pieces[-1][-1] == b
    assert abs(pieces[0][-1][1]) == 180 and pieces[1][0][1] == -pieces[0][-1][1]
    assert pieces[0][-1][0] == pytest.approx(pieces[1][0][0])
    unwrapped = unwrap_longitudes(points)
    steps = [abs(q[1] - p[1]) for p, q in itertools.pairwise(unwrapped)]
    assert max(steps) < 5  # one continuous line


def test_a_leg_that_does_not_cross_stays_in_one_piece() -> None:
    points = great_circle_points((43.6, 1.44), (64.14, -21.9))
    assert len(split_at_antimeridian(points)) == 1
    assert unwrap_longitudes(points) == points
    assert split_at_antimeridian([]) == []


def test_great_circle_over_the_pole_and_between_antipodes() -> None:
    over_pole = great_circle_points((80, 0), (80, 180), segments=2)
    assert over_pole[1][0] == pytest.approx(90.0)
    antipodes = great_circle_points((0, 0), (0, 180), segments=2)
    assert antipodes[1][0] == pytest.approx(90.0)  # drawn through the north
    from_pole = great_circle_points((90, 0), (-90, 0), segments=4)
    assert all(math.isfinite(lat) and math.isfinite(lon) for lat, lon in from_pole)
    assert [round(lat) for lat, _ in from_pole] == [90, 45, 0, -45, -90]
