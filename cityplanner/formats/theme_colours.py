"""Colours that tell themes apart in exported maps (KML styles, travelogue headings)."""

from __future__ import annotations

from cityplanner.domain.vocabulary import Theme

STOP_COLOUR = "#c0392b"
ROUTE_COLOUR = "#2c3e50"

_THEME_COLOURS: dict[Theme, str] = {
    Theme.CONNECTED_CITY: "#1f77b4",
    Theme.MOBILITY: "#ff7f0e",
    Theme.WATER: "#17becf",
    Theme.PARKING: "#7f7f7f",
    Theme.INDEPENDENT_LIVING: "#e377c2",
    Theme.AUTONOMOUS_VEHICLES: "#9467bd",
    Theme.ENERGY: "#bcbd22",
    Theme.E_CITIZENSHIP: "#2ca02c",
    Theme.LIVING_LAB: "#8c564b",
    Theme.EXPERIMENT: "#d62728",
    Theme.SHOWCASE: "#393b79",
}


def theme_colour(theme: Theme) -> str:
    """The theme's colour as #rrggbb."""
    return _THEME_COLOURS[theme]
