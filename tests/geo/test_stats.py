"""Trip statistics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from cityplanner.domain.models import Place, Stop
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.geo.distance import trip_legs, trip_totals
from cityplanner.geo.stats import UNSPECIFIED, trip_stats
from cityplanner.store import Store
from cityplanner.store.demo import load_demo


@pytest.fixture
def demo_stops() -> Iterator[list[Stop]]:
    with Store.memory() as store:
        trip = load_demo(store)
        assert trip.id is not None
        yield list(store.trips.stops(trip.id))


def make(
    name: str,
    lat: float,
    lon: float,
    *,
    country: str = "",
    tz: str = "",
    mode: TravelMode | None = None,
    arrival: date | None = None,
    nights: int = 0,
) -> Stop:
    place = Place(name=name, lat=lat, lon=lon, country_code=country, timezone=tz)
    return Stop(place=place, mode=mode, arrival=arrival, nights=nights)


def test_demo_trip_statistics_agree_with_its_totals(demo_stops: list[Stop]) -> None:
    stats = trip_stats(demo_stops)
    totals = trip_totals(demo_stops)
    assert stats.stops == 8
    assert stats.km == pytest.approx(totals.km)
    assert stats.nights == totals.nights == 20
    assert stats.country_count == totals.countries == 5
    assert stats.countries == ("FR", "NL", "IS", "RU", "AM")
    assert stats.first_day == date(2017, 10, 2) and stats.last_day == date(2017, 10, 22)
    assert stats.days == 21


def test_demo_trip_km_and_co2e_per_mode(demo_stops: list[Stop]) -> None:
    stats = trip_stats(demo_stops)
    assert set(stats.by_mode) == {"train", "car", "plane"}
    assert [stats.by_mode[m].legs for m in ("train", "car", "plane")] == [1, 2, 4]
    assert sum(t.km for t in stats.by_mode.values()) == pytest.approx(stats.km)
    legs = trip_legs(demo_stops)
    assert stats.co2e_kg == pytest.approx(sum(leg.co2e_kg or 0 for leg in legs))
    assert stats.hours == pytest.approx(sum(leg.hours or 0 for leg in legs))
    plane, train = stats.by_mode["plane"].co2e_kg, stats.by_mode["train"].co2e_kg
    assert plane is not None and train is not None and plane > train * 100
    assert stats.unspecified_km == 0


def test_demo_trip_borders_and_time_zones(demo_stops: list[Stop]) -> None:
    stats = trip_stats(demo_stops)
    assert stats.border_crossings == {
        ("FR", "NL"): 1,
        ("NL", "IS"): 1,
        ("IS", "RU"): 1,
        ("RU", "AM"): 1,
    }
    # Paris and Amsterdam share a clock; Reykjavík is two hours behind in October.
    changes = [(c.destination, c.hours) for c in stats.timezone_changes]
    assert changes == [("Reykjavík", -2.0), ("Moscow", 3.0), ("Yerevan", 1.0)]
    assert stats.clock_shift_hours == 2.0


def test_statistics_of_an_empty_trip() -> None:
    stats = trip_stats([])
    assert (stats.stops, stats.km, stats.nights, stats.days, stats.country_count) == (0, 0, 0, 0, 0)
    assert stats.by_mode == {} and stats.border_crossings == {} and stats.timezone_changes == ()
    assert stats.as_json()["first_day"] is None


def test_statistics_of_one_and_two_stops_without_dates() -> None:
    one = trip_stats([make("Lyon", 45.76, 4.83, country="FR", nights=2)])
    assert (one.stops, one.km, one.nights, one.days, one.country_count) == (1, 0, 2, 3, 1)
    two = trip_stats([make("Lyon", 45.76, 4.83, nights=2), make("Geneva", 46.2, 6.14, nights=1)])
    assert two.days == 4 and two.km > 100
    assert two.by_mode[UNSPECIFIED].legs == 1
    assert two.by_mode[UNSPECIFIED].co2e_kg is None and two.co2e_kg == 0
    assert two.unspecified_km == pytest.approx(two.km)


def test_border_crossings_count_each_direction_and_repeat() -> None:
    stops = [
        make("Strasbourg", 48.57, 7.75, country="FR"),
        make("Kehl", 48.57, 7.81, country="DE", mode=TravelMode.BIKE),
        make("Strasbourg", 48.57, 7.75, country="FR", mode=TravelMode.BIKE),
        make("Kehl", 48.57, 7.81, country="DE", mode=TravelMode.WALK),
        make("Somewhere", 48.6, 7.9),
    ]
    stats = trip_stats(stops)
    assert stats.border_crossings == {("FR", "DE"): 2, ("DE", "FR"): 1}
    assert stats.countries == ("FR", "DE")
    assert stats.co2e_kg == 0.0


def test_time_zones_across_the_date_line_and_unknown_zones_are_skipped() -> None:
    day = date(2024, 1, 10)
    stops = [
        make("Anadyr", 64.73, 177.51, tz="Asia/Anadyr", arrival=day),
        make("Nome", 64.5, -165.4, tz="America/Nome", arrival=day, mode=TravelMode.PLANE),
        make("Nowhere", 64.5, -160.0, tz="Not/AZone", arrival=day),
        make("Blank", 64.5, -150.0, tz="", arrival=day),
        make("Path", 64.5, -150.0, tz="../../etc/passwd", arrival=day),
    ]
    stats = trip_stats(stops)
    assert [(c.destination, c.hours) for c in stats.timezone_changes] == [("Nome", -21.0)]


def test_as_json_is_plain_data(demo_stops: list[Stop]) -> None:
    data = trip_stats(demo_stops).as_json()
    assert data["country_count"] == 5
    assert data["border_crossings"][0] == {"from": "FR", "to": "NL", "legs": 1}
    assert data["timezone_changes"][0]["leg"] == 6
    assert "DESNZ" in data["co2e_source"]


def test_stats_from_lengths_already_measured_match_measuring_again() -> None:
    from cityplanner.domain import Place, Stop, TravelMode
    from cityplanner.geo.distance import leg_kms
    from cityplanner.geo.stats import trip_stats

    stops = [
        Stop(place=Place("Toulouse", 43.60426, 1.44367, "FR")),
        Stop(place=Place("Amsterdam", 52.37403, 4.88969, "NL"), mode=TravelMode.PLANE),
        Stop(place=Place("Reykjavík", 64.13548, -21.89541, "IS"), mode=TravelMode.PLANE),
    ]
    assert trip_stats(stops, kms=leg_kms(stops)) == trip_stats(stops)


def test_the_status_bar_figures_equal_the_full_statistics(demo_stops: list[Stop]) -> None:
    from cityplanner.geo.distance import leg_kms
    from cityplanner.geo.stats import quick_totals

    full = trip_stats(demo_stops)
    quick = quick_totals(demo_stops, leg_kms(demo_stops))
    assert quick.km == pytest.approx(full.km) and quick.km > 8000
    assert quick.co2e_kg == pytest.approx(full.co2e_kg) and quick.co2e_kg > 1000
    assert (quick.nights, quick.countries) == (full.nights, full.country_count) == (20, 5)
