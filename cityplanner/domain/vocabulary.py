"""Closed vocabularies: travel modes, site themes and site statuses."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from cityplanner.domain.errors import ValidationError


class _Vocabulary(StrEnum):
    """A string enum whose values are what files and the command line use."""

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("-", " ").capitalize())

    @classmethod
    def parse(cls, text: str) -> Self:
        key = text.strip().lower().replace("_", "-").replace(" ", "-")
        key = cls._aliases().get(key, key)
        for member in cls:
            if key in (member.value, member.label.lower().replace(" ", "-")):
                return member
        known = ", ".join(m.value for m in cls)
        raise ValidationError(f"Unknown {cls._noun()} {text!r}; use one of: {known}.")

    @classmethod
    def _noun(cls) -> str:
        return cls.__name__.lower()

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        """Other words people use for a value (`boat` for `ferry`)."""
        return {}


class TravelMode(_Vocabulary):
    """How the leg that arrives at a stop is travelled."""

    WALK = "walk"
    BIKE = "bike"
    CAR = "car"
    BUS = "bus"
    TRAIN = "train"
    FERRY = "ferry"
    PLANE = "plane"

    @classmethod
    def _noun(cls) -> str:
        return "travel mode"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _MODE_ALIASES


class Theme(_Vocabulary):
    """What a site is about: a kind of place any traveller visits, or a smart-city subject.

    The order is the order of pickers, legends and travelogues: the general kinds
    first, then the smart-city ones. `cityplanner.domain.themes` gives each its
    group, colour and icon.
    """

    SIGHT = "sight"
    MUSEUM = "museum"
    NATURE = "nature"
    FOOD = "food"
    LODGING = "lodging"
    TRANSPORT = "transport"
    SHOPPING = "shopping"
    EVENT = "event"
    OTHER = "other"
    CONNECTED_CITY = "connected-city"
    MOBILITY = "mobility"
    WATER = "water"
    PARKING = "parking"
    INDEPENDENT_LIVING = "independent-living"
    AUTONOMOUS_VEHICLES = "autonomous-vehicles"
    ENERGY = "energy"
    E_CITIZENSHIP = "e-citizenship"
    LIVING_LAB = "living-lab"
    EXPERIMENT = "experiment"
    SHOWCASE = "showcase"

    @classmethod
    def _noun(cls) -> str:
        return "theme"


class SiteStatus(_Vocabulary):
    """Where a site stands in the traveller's plans."""

    IDEA = "idea"
    PLANNED = "planned"
    VISITED = "visited"
    SKIPPED = "skipped"

    @classmethod
    def _noun(cls) -> str:
        return "status"


_LABELS = {
    "food": "Food and drink",
    "connected-city": "Connected city",
    "independent-living": "Independent living",
    "autonomous-vehicles": "Autonomous vehicles",
    "e-citizenship": "E-citizenship and participation",
    "living-lab": "Living lab",
}

#: What people type for a travel mode, besides its value and label.
_MODE_ALIASES = {
    "foot": "walk",
    "on-foot": "walk",
    "walking": "walk",
    "hike": "walk",
    "bicycle": "bike",
    "cycle": "bike",
    "cycling": "bike",
    "drive": "car",
    "driving": "car",
    "coach": "bus",
    "rail": "train",
    "boat": "ferry",
    "ship": "ferry",
    "flight": "plane",
    "fly": "plane",
    "air": "plane",
    "airplane": "plane",
    "aeroplane": "plane",
}
