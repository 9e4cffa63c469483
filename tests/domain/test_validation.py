from __future__ import annotations

from datetime import date

import pytest

from cityplanner.domain import (
    JournalEntry,
    Place,
    Site,
    SiteStatus,
    Stop,
    Theme,
    TravelMode,
    Trip,
    ValidationError,
)
from cityplanner.domain.validation import check_nights, parse_date


@pytest.mark.parametrize(("lat", "lon"), [(95, 0), (-90.5, 0), (0, 200), (0, -180.1), ("x", 0)])
def test_place_refuses_coordinates_off_the_globe(lat: object, lon: object) -> None:
    with pytest.raises(ValidationError, match="itude"):
        Place(name="Nowhere", lat=lat, lon=lon)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_place_refuses_non_finite_coordinates(value: float) -> None:
    with pytest.raises(ValidationError, match="finite"):
        Place(name="Nowhere", lat=value, lon=0)


def test_place_accepts_the_edges_and_normalises_country_case() -> None:
    place = Place(name="  Pole  ", lat=90, lon=-180, country_code="aq")
    assert (place.name, place.lat, place.lon, place.country_code) == ("Pole", 90.0, -180.0, "AQ")


@pytest.mark.parametrize("code", ["FRA", "F", "1F", "é"])
def test_country_code_must_be_two_letters(code: str) -> None:
    with pytest.raises(ValidationError, match="country code"):
        Place(name="X", lat=0, lon=0, country_code=code)


def test_negative_or_fractional_nights_are_refused() -> None:
    with pytest.raises(ValidationError, match="negative"):
        check_nights(-1)
    with pytest.raises(ValidationError, match="whole number"):
        check_nights(1.5)  # type: ignore[arg-type]
    assert check_nights("3") == 3  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2017-13-40", "2017-02-30", "tomorrow", "02/10/2017"])
def test_invalid_dates_are_explained(text: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_date(text)


def test_empty_date_means_no_date() -> None:
    assert parse_date("  ") is None
    assert parse_date("2017-10-02") == date(2017, 10, 2)


def test_vocabularies_parse_values_and_labels_and_refuse_others() -> None:
    assert TravelMode.parse("Plane") is TravelMode.PLANE
    assert Theme.parse("Living lab") is Theme.LIVING_LAB
    assert Theme.parse("autonomous_vehicles") is Theme.AUTONOMOUS_VEHICLES
    assert SiteStatus.parse("VISITED") is SiteStatus.VISITED
    with pytest.raises(ValidationError, match="Unknown travel mode 'rocket'; use one of: walk"):
        TravelMode.parse("rocket")
    with pytest.raises(ValidationError, match="Unknown theme"):
        Theme.parse("nightlife")
    with pytest.raises(ValidationError, match="Unknown status"):
        SiteStatus.parse("maybe")


def test_stop_parses_its_mode_and_knows_its_departure() -> None:
    stop = Stop(
        place=Place("Albi", 43.9298, 2.148), mode="train", arrival=date(2017, 10, 6), nights=1
    )  # type: ignore[arg-type]
    assert stop.mode is TravelMode.TRAIN
    assert stop.departure == date(2017, 10, 7)


def test_names_are_trimmed_and_must_not_be_empty_or_huge() -> None:
    assert Trip(name="  Smart   city tour ").name == "Smart city tour"
    with pytest.raises(ValidationError, match="cannot be empty"):
        Trip(name="   ")
    with pytest.raises(ValidationError, match="too long"):
        Trip(name="x" * 201)


def test_site_needs_both_coordinates_or_none_and_keeps_html_as_text() -> None:
    name = '</script><img src=x onerror="alert(1)">'
    site = Site(name=name, theme="water")  # type: ignore[arg-type]
    assert site.name == name and site.theme is Theme.WATER and site.status is SiteStatus.PLANNED
    with pytest.raises(ValidationError, match="both a latitude and a longitude"):
        Site(name="Half", theme=Theme.WATER, lat=43.0)


def test_tags_are_normalised() -> None:
    entry = JournalEntry(
        trip_id=1, day=date(2017, 10, 5), title="Day", tags=("Water", "water ", "Lab")
    )
    assert entry.tags == ("water", "lab")


@pytest.mark.parametrize(
    ("typed", "mode"),
    [
        ("boat", "ferry"),
        ("Flight", "plane"),
        ("on foot", "walk"),
        ("bicycle", "bike"),
        ("Train", "train"),
    ],
)
def test_travel_modes_people_type(typed: str, mode: str) -> None:
    from cityplanner.domain.vocabulary import TravelMode

    assert TravelMode.parse(typed) is TravelMode(mode)


def test_an_unknown_travel_mode_lists_the_known_ones() -> None:
    from cityplanner.domain.vocabulary import TravelMode

    with pytest.raises(ValidationError, match="ferry, plane"):
        TravelMode.parse("teleport")
