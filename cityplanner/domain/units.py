"""Distances shown in kilometres or miles.

Distances are measured and stored in kilometres everywhere; a unit only changes how a
distance is written for a person (the window, text output, travelogues, calendars).
Machine-readable fields (`km`, `leg_km` in JSON and CSV) stay in kilometres, as named.
"""

from __future__ import annotations

from enum import StrEnum

from cityplanner.domain.errors import ValidationError

#: The international mile, exactly.
KM_PER_MILE = 1.609344


class DistanceUnit(StrEnum):
    KM = "km"
    MI = "mi"

    @classmethod
    def parse(cls, text: str) -> DistanceUnit:
        cleaned = text.strip().lower()
        aliases = {"km": cls.KM, "kilometres": cls.KM, "kilometers": cls.KM, "mi": cls.MI}
        aliases |= {"mile": cls.MI, "miles": cls.MI}
        if cleaned not in aliases:
            raise ValidationError(f"{text!r} is not a distance unit: use km or mi.")
        return aliases[cleaned]


def in_unit(km: float, unit: DistanceUnit = DistanceUnit.KM) -> float:
    """`km` kilometres expressed in `unit`."""
    return km / KM_PER_MILE if unit is DistanceUnit.MI else km


def distance_number(km: float, unit: DistanceUnit = DistanceUnit.KM) -> str:
    """The number alone, rounded to whole units with thousands separators: 1,036."""
    value = in_unit(km, unit)
    return f"{value:,.0f}" if value >= 1 or value == 0 else f"{value:.1f}"


def distance_text(km: float, unit: DistanceUnit = DistanceUnit.KM) -> str:
    """1,036 km, or 644 mi; under one unit, one decimal: 0.4 km."""
    return f"{distance_number(km, unit)} {unit.value}"
