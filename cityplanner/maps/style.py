"""How the map draws themes, statuses and travel modes: colours, glyphs and line styles."""

from __future__ import annotations

from dataclasses import dataclass

from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode


@dataclass(frozen=True, slots=True)
class ThemeStyle:
    colour: str
    #: Name of a drawing in the page's glyph table (resources/web/itinerary.js).
    glyph: str


@dataclass(frozen=True, slots=True)
class ModeStyle:
    colour: str
    #: SVG stroke-dasharray; empty for a solid line.
    dash: str
    weight: float


THEMES: dict[Theme, ThemeStyle] = {
    Theme.CONNECTED_CITY: ThemeStyle("#1f77b4", "signal"),
    Theme.MOBILITY: ThemeStyle("#2ca02c", "bus"),
    Theme.WATER: ThemeStyle("#17becf", "drop"),
    Theme.PARKING: ThemeStyle("#7f7f7f", "parking"),
    Theme.INDEPENDENT_LIVING: ThemeStyle("#e377c2", "person"),
    Theme.AUTONOMOUS_VEHICLES: ThemeStyle("#8c564b", "car"),
    Theme.ENERGY: ThemeStyle("#ff7f0e", "bolt"),
    Theme.E_CITIZENSHIP: ThemeStyle("#9467bd", "speech"),
    Theme.LIVING_LAB: ThemeStyle("#bcbd22", "bulb"),
    Theme.EXPERIMENT: ThemeStyle("#d62728", "flask"),
    Theme.SHOWCASE: ThemeStyle("#393b79", "star"),
}

MODES: dict[TravelMode, ModeStyle] = {
    TravelMode.WALK: ModeStyle("#6b8e23", "2 6", 3),
    TravelMode.BIKE: ModeStyle("#2e8b57", "6 5", 3),
    TravelMode.CAR: ModeStyle("#c0392b", "", 3.5),
    TravelMode.BUS: ModeStyle("#d35400", "10 4 2 4", 3.5),
    TravelMode.TRAIN: ModeStyle("#2c3e50", "", 4),
    TravelMode.FERRY: ModeStyle("#1f6fb2", "12 6 2 6", 3.5),
    TravelMode.PLANE: ModeStyle("#5b4fa3", "9 9", 3),
}

#: A leg whose mode is not known yet.
UNKNOWN_MODE = ModeStyle("#888888", "1 7", 3)

STATUS_ORDER: tuple[SiteStatus, ...] = (
    SiteStatus.VISITED,
    SiteStatus.PLANNED,
    SiteStatus.IDEA,
    SiteStatus.SKIPPED,
)
