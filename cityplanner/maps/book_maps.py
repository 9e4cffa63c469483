"""The trip book's maps, in plain values: the trip's map, a stop's map with its locator
inset, as PDF vectors or inline SVG, and what their marks mean.

`cityplanner.formats.book` prints them; being of the same layer, it loads this module by
name (`cityplanner.formats.book.mapping`), as the export registry loads the interactive
map, so nothing here may take or return more than domain objects, numbers and text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fpdf import FPDF

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.themes import theme_colour
from cityplanner.domain.units import DistanceUnit
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.maps.static_map import STOP_COLOUR, StaticMap, static_map
from cityplanner.maps.static_pdf import PT, draw_map
from cityplanner.maps.static_svg import map_svg
from cityplanner.maps.style import MODES, UNKNOWN_MODE

log = logging.getLogger(__name__)

#: Around a stop, the locator inset shows this much of the trip.
INSET_SPAN_KM = 900.0
#: The inset's size, in points, and its share of an SVG map's width.
INSET_PT = (118.0, 88.0)
INSET_SHARE = 0.26
#: An SVG map's width in its own units: a page column shows it about 1.6 times larger,
#: so that its 7.5-unit names read at 12 px.
SVG_WIDTH = 480.0


def legend(stops: Sequence[Stop], sites: Sequence[Site]) -> list[tuple[str, str, str, str]]:
    """(kind, colour, text, SVG dash pattern) of each mark the trip's map shows: the
    stops, the travel modes of its legs, the themes of its sites."""
    keys = [("stop", STOP_COLOUR, f"Stops, in order: 1 … {len(stops)}", "")]
    modes = {s.mode for s in stops[1:]}
    keys.extend(("line", MODES[m].colour, m.label, MODES[m].dash) for m in TravelMode if m in modes)
    if None in modes:
        keys.append(("line", UNKNOWN_MODE.colour, "Travel mode not set", UNKNOWN_MODE.dash))
    themes = {s.theme for s in sites if s.lat is not None}
    keys.extend(("site", theme_colour(t), t.label, "") for t in Theme if t in themes)
    return keys


def mode_colour(key: str) -> str:
    """The colour of a travel mode's legs ("unspecified" or unknown: the grey of unset)."""
    try:
        return MODES[TravelMode(key)].colour
    except ValueError:
        return UNKNOWN_MODE.colour


def trip_map_pdf(
    pdf: FPDF,
    stops: Sequence[Stop],
    sites: Sequence[Site],
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    unit: DistanceUnit,
    font: str,
) -> float:
    """Draw the trip's map (at most `height` mm tall) at (x, y) mm; return its height."""
    drawing = static_map(
        stops, sites, width=width / PT, height=height / PT, unit=unit, fit_height=True
    )
    return draw_map(pdf, drawing, x, y, font=font)


def stop_map_pdf(
    pdf: FPDF,
    stops: Sequence[Stop],
    sites: Sequence[Site],
    stop: Stop,
    numbered: Sequence[Site],
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    unit: DistanceUnit,
    font: str,
) -> float:
    """Draw a stop's map with its `numbered` sites, and where the stop lies on the trip
    in its top right corner; return its height in mm."""
    with_inset = bool(numbered) and len(stops) > 1
    wide = width / PT
    clear = (wide - INSET_PT[0] - 14, 0.0, wide, INSET_PT[1] + 14) if with_inset else None
    drawing = static_map(
        stops,
        sites,
        width=wide,
        height=height / PT,
        focus=stop,
        numbered_sites=numbered,
        unit=unit,
        fit_height=True,
        keep_clear=clear,
    )
    drawn = draw_map(pdf, drawing, x, y, font=font)
    if with_inset:
        inset = _inset(stops, stop, *INSET_PT)
        left = x + width - inset.width * PT - 3
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(left - 0.8, y + 2.2, inset.width * PT + 1.6, inset.height * PT + 1.6, style="F")
        draw_map(pdf, inset, left, y + 3, font=font)
    return drawn


def trip_map_svg(
    stops: Sequence[Stop], sites: Sequence[Site], *, title: str, unit: DistanceUnit
) -> str:
    drawing = static_map(stops, sites, width=SVG_WIDTH, height=400, unit=unit, fit_height=True)
    return map_svg(drawing, title=title, key="trip")


def stop_map_svg(
    stops: Sequence[Stop],
    sites: Sequence[Site],
    stop: Stop,
    numbered: Sequence[Site],
    *,
    title: str,
    key: str,
    unit: DistanceUnit,
) -> tuple[str, str]:
    """The stop's map and its inset ("" when it has none), as SVG; the page puts the
    inset over the map's top right corner, `INSET_SHARE` of its width."""
    with_inset = bool(numbered) and len(stops) > 1
    inset_w = SVG_WIDTH * INSET_SHARE
    clear = (SVG_WIDTH - inset_w - 16, 0.0, SVG_WIDTH, inset_w * 0.75 + 20) if with_inset else None
    drawing = static_map(
        stops,
        sites,
        width=SVG_WIDTH,
        height=280,
        focus=stop,
        numbered_sites=numbered,
        unit=unit,
        fit_height=True,
        keep_clear=clear,
    )
    main = map_svg(drawing, title=title, key=key)
    if not with_inset:
        return main, ""
    inset = map_svg(_inset(stops, stop, inset_w, inset_w * 0.75), title=title, key=key + "-inset")
    return main, inset


def _inset(stops: Sequence[Stop], stop: Stop, width: float, height: float) -> StaticMap:
    return static_map(
        stops,
        (),
        width=width,
        height=height,
        focus=stop,
        span_km=INSET_SPAN_KM,
        names=False,
        furniture=False,
    )
