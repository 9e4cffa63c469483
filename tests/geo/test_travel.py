"""Travel-time and CO2e estimates per mode."""

from __future__ import annotations

import pytest

from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo import travel
from cityplanner.geo.travel import (
    CO2E_SOURCE,
    PROFILES,
    co2e_factor,
    co2e_kg,
    travel_hours,
    travelled_km,
)


def test_every_mode_has_a_profile() -> None:
    assert set(PROFILES) == set(TravelMode)
    for profile in PROFILES.values():
        assert profile.speed_kmh > 0 and profile.detour >= 1.0 and profile.co2e_kg_per_pkm >= 0


def test_the_co2e_source_is_named_in_code_and_docs() -> None:
    assert "DESNZ" in CO2E_SOURCE and "2023" in CO2E_SOURCE
    assert travel.__doc__ is not None and "Conversion Factors" in travel.__doc__


def test_times_follow_speed_detour_and_airport_overhead() -> None:
    assert travel_hours(90.0, TravelMode.TRAIN) == pytest.approx(90 * 1.2 / 90)
    assert travel_hours(4.5, TravelMode.WALK) == pytest.approx(1.25)
    flight = travel_hours(1500.0, TravelMode.PLANE)
    assert flight == pytest.approx(3.0 + 1500 * 1.08 / 750)
    assert travel_hours(0.0, TravelMode.PLANE) == 0.0  # no trip, no airport


def test_a_short_flight_is_slower_than_a_train_and_a_long_one_faster() -> None:
    assert travel_hours(150, TravelMode.PLANE) > travel_hours(150, TravelMode.TRAIN)
    assert travel_hours(1500, TravelMode.PLANE) < travel_hours(1500, TravelMode.TRAIN)


def test_co2e_per_mode_and_flight_band() -> None:
    assert co2e_kg(100, TravelMode.WALK) == 0 and co2e_kg(100, TravelMode.BIKE) == 0
    assert co2e_kg(100, TravelMode.TRAIN) == pytest.approx(100 * 1.2 * 0.035)
    assert co2e_factor(300, TravelMode.PLANE) > co2e_factor(1000, TravelMode.PLANE)
    assert co2e_factor(5000, TravelMode.PLANE) > co2e_factor(1000, TravelMode.PLANE)
    assert co2e_kg(1000, TravelMode.PLANE) > co2e_kg(1000, TravelMode.TRAIN) * 4
    assert travelled_km(-1, TravelMode.CAR) == 0.0
