"""The one spherical distance every quick comparison uses."""

from __future__ import annotations

import pytest

from cityplanner.domain.sphere import haversine_km
from cityplanner.geo.distance import geodesic_km


@pytest.mark.parametrize(
    "a, b",
    [
        ((48.8566, 2.3522), (51.5074, -0.1278)),  # Paris – London
        ((64.1355, -21.8954), (63.4186, -19.0060)),  # Reykjavík – Vík
        ((-33.8688, 151.2093), (40.7128, -74.0060)),  # Sydney – New York
        ((35.68, 139.65), (37.77, -122.42)),  # across the antimeridian
    ],
)
def test_the_sphere_is_within_0_6_percent_of_the_ellipsoid(a, b):
    sphere, ellipsoid = haversine_km(*a, *b), geodesic_km(a, b)
    assert abs(sphere - ellipsoid) <= 0.006 * ellipsoid
    assert haversine_km(*b, *a) == pytest.approx(sphere)


def test_a_point_is_no_distance_from_itself_and_antipodes_are_half_the_world_apart():
    assert haversine_km(43.6, 1.44, 43.6, 1.44) == 0.0
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.1, abs=0.1)
