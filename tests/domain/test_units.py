"""Distances written in kilometres or miles; stored and machine fields stay in km."""

from __future__ import annotations

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.units import KM_PER_MILE, DistanceUnit, distance_text, in_unit
from cityplanner.domain.wording import travel_words


def test_miles_are_international_miles() -> None:
    assert in_unit(KM_PER_MILE, DistanceUnit.MI) == pytest.approx(1.0)
    assert distance_text(1036.0) == "1,036 km"
    assert distance_text(1036.0, DistanceUnit.MI) == "644 mi"
    assert distance_text(0.4) == "0.4 km" and distance_text(0.0) == "0 km"


@pytest.mark.parametrize("text", ["km", " KM ", "kilometres", "mi", "miles"])
def test_unit_names_people_type(text: str) -> None:
    assert DistanceUnit.parse(text) in (DistanceUnit.KM, DistanceUnit.MI)


@pytest.mark.parametrize("text", ["", "furlong", "m", "<b>mi</b>"])
def test_unknown_units_are_refused_with_the_choices(text: str) -> None:
    with pytest.raises(ValidationError, match="km or mi"):
        DistanceUnit.parse(text)


def test_travel_words_follow_the_unit() -> None:
    words = travel_words(
        "Albi", "Arles", mode="car", km=202.0, hours=3.4, clock_hours=None, unit=DistanceUnit.MI
    )
    assert words.startswith("Albi → Arles by car, 126 mi")
