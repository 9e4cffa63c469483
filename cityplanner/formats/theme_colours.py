"""Colours of exported maps (KML styles, travelogue headings).

A theme's colour is defined once, in `cityplanner.domain.themes`; this module only
adds the colours of the things that are not sites.
"""

from __future__ import annotations

from cityplanner.domain.themes import theme_colour

STOP_COLOUR = "#c0392b"
ROUTE_COLOUR = "#2c3e50"

__all__ = ["ROUTE_COLOUR", "STOP_COLOUR", "theme_colour"]
