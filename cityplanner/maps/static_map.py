"""Maps for print, drawn without a browser: a trip, or one stop and its sites.

`static_map` projects the trip (Web Mercator) into a frame of a given size in points and
returns what to draw, as plain shapes: the country outlines at the Natural Earth scale
that suits the map's (`basemap.scale_for`), cut to the frame and thinned for it, lakes
and rivers where the map is coarse enough for them (`static_water`), the legs (great
circles, dashed by travel mode as in the window's map), the sites as dots in their theme's colour, numbered stop markers with their names placed
beside them so that none overlap, a scale bar and the outlines' attribution. A map has no
zoom buttons, layer switch or legend: the page that prints it writes the legend itself.
Two back ends draw the shapes: `cityplanner.maps.static_svg` (inline SVG) and the book's
PDF writer (vectors in the page).
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.themes import theme_colour
from cityplanner.domain.units import KM_PER_MILE, DistanceUnit
from cityplanner.geo.distance import great_circle_points, unwrap_longitudes
from cityplanner.maps.basemap import ATTRIBUTION, country_outlines, scale_for, world_x, world_y
from cityplanner.maps.clipping import (
    Box,
    Point,
    clip_polyline,
    clip_ring,
    continuous_longitudes,
    overlaps,
    thinned,
)
from cityplanner.maps.map_labels import (
    ASCENT,
    DESCENT,
    Group,
    LabelWish,
    grouped,
    number_list,
    place_labels,
    short_label,
    text_width,
)
from cityplanner.maps.map_shapes import (
    BORDER,
    FRAME,
    GREY,
    INK,
    LAND,
    SEA,
    STOP_COLOUR,
    VISITED_LAND,
    Area,
    Label,
    Line,
    Marker,
    ScaleBar,
    StaticMap,
)
from cityplanner.maps.payload import spread_shared_positions
from cityplanner.maps.static_water import water_shapes
from cityplanner.maps.style import MODES, UNKNOWN_MODE

log = logging.getLogger(__name__)

__all__ = [
    "FRAME",
    "INK",
    "STOP_COLOUR",
    "Area",
    "Label",
    "Line",
    "Marker",
    "ScaleBar",
    "StaticMap",
    "static_map",
]

#: Earth's circumference at the equator, in km: one world unit of Web Mercator.
WORLD_KM = 40075.016686
#: The smallest area a map shows, in km across: a one-stop trip shows its region,
#: a stop without sites its surroundings.
TRIP_MIN_SPAN_KM = 400.0
STOP_MIN_SPAN_KM = 3.0
REGION_SPAN_KM = 800.0

LABEL_SIZE = 7.5
FOCUS_WEIGHT = 1000.0
#: Above this many markers, overlapping ones are not merged (it costs n² a round).
MAX_MERGED_GROUPS = 300
MARKER_RADIUS = 6.5
SITE_RADIUS = 5.0
SMALL_SITE_RADIUS = 2.0
#: Screen pixels of the window's line styles, in printed points.
_PX = 0.55


@dataclass(frozen=True, slots=True)
class _View:
    """Web Mercator world units to points: x = (wx - cx) * scale + width / 2."""

    cx: float
    cy: float
    scale: float
    width: float
    height: float

    def point(self, lat: float, lon: float) -> Point:
        return self.xy(world_x(lon), world_y(lat))

    def xy(self, wx: float, wy: float) -> Point:
        return (
            (wx - self.cx) * self.scale + self.width / 2,
            (wy - self.cy) * self.scale + self.height / 2,
        )

    def world_box(self) -> Box:
        half_w, half_h = self.width / 2 / self.scale, self.height / 2 / self.scale
        return (self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h)

    def km_per_point(self) -> float:
        lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * self.cy))))
        return WORLD_KM * math.cos(math.radians(lat)) / self.scale


def static_map(
    stops: Sequence[Stop],
    sites: Sequence[Site] = (),
    *,
    width: float,
    height: float,
    focus: Stop | None = None,
    numbered_sites: Sequence[Site] = (),
    span_km: float | None = None,
    unit: DistanceUnit = DistanceUnit.KM,
    fit_height: bool = False,
    names: bool = True,
    furniture: bool = True,
    keep_clear: Box | None = None,
) -> StaticMap:
    """The trip's map, or with `focus` the map of one stop and its `numbered_sites`.

    `sites` are all the trip's sites (dots); `numbered_sites`, those of the focused stop
    that have a position, are drawn bigger, numbered 1… in their order. The map shows at
    least `span_km` across (by default 400 km for a trip, 3 km around a stop and its
    sites, 800 km around a stop without any). With `fit_height`, the frame is made no
    taller than the area needs (at most `height`). Without `names`, only the focused
    stop is named; without `furniture`, there is no scale bar or attribution (an inset).
    No name is placed in `keep_clear` (left, top, right, bottom points), where an inset goes.
    """
    spread = spread_shared_positions(sites) | spread_shared_positions(numbered_sites)

    def where(site: Site) -> tuple[float, float] | None:
        if site.lat is None or site.lon is None:
            return None
        return spread.get(id(site), (site.lat, site.lon))

    numbered = [(s, p) for s in numbered_sites if (p := where(s)) is not None]
    if focus is not None:
        points = [(focus.place.lat, focus.place.lon), *(p for _, p in numbered)]
        span = span_km or (STOP_MIN_SPAN_KM if numbered else REGION_SPAN_KM)
    else:
        points = [(s.place.lat, s.place.lon) for s in stops]
        span = span_km or TRIP_MIN_SPAN_KM
    view = _fit(points or [(0.0, 0.0)], width, height, span_km=span, fit_height=fit_height)
    visited = {s.place.country_code for s in stops if s.place.country_code}
    lakes, rivers = water_shapes(view, visited)
    areas = _areas(view, visited) + lakes
    lines = rivers + _legs(view, stops)
    markers: list[Marker] = []
    wishes: list[LabelWish] = []
    numbered_ids = {id(s) for s, _ in numbered}
    for site in sites:
        spot = where(site)
        if spot is not None and id(site) not in numbered_ids:
            x, y = view.point(*spot)
            if -5 < x < view.width + 5 and -5 < y < view.height + 5:
                markers.append(
                    Marker(
                        x,
                        y,
                        SMALL_SITE_RADIUS,
                        SMALL_SITE_RADIUS,
                        theme_colour(site.theme),
                        stroke_width=0.4,
                    )
                )
    for number, (site, spot) in enumerate(numbered, start=1):
        x, y = view.point(*spot)
        markers.append(_numbered(x, y, str(number), theme_colour(site.theme), SITE_RADIUS, 6.0))
        if names:
            wishes.append(LabelWish(_box(markers[-1]), short_label(site.name, 40), 6.5, INK, 10))
    stop_points = []
    for i, stop in enumerate(stops):
        x, y = view.point(stop.place.lat, stop.place.lon)
        if -20 < x < view.width + 20 and -20 < y < view.height + 20:
            focused = focus is not None and stop.id == focus.id
            weight = (
                FOCUS_WEIGHT if focused else stop.nights + (5 if i in (0, len(stops) - 1) else 0)
            )
            stop_points.append((x, y, i + 1, stop.name, weight))
    for group in sorted(_stop_groups(stop_points), key=lambda g: g.priority):
        marker = _stop_marker(group)
        markers.append(marker)
        if names or group.priority >= FOCUS_WEIGHT:
            name = short_label(" · ".join(group.names))
            wishes.append(LabelWish(_box(marker), name, LABEL_SIZE, INK, 100 + group.priority))
    scale = _scale_bar(view, unit) if furniture else None
    attribution = _attribution(view) if furniture else None
    obstacles = [_box(m) for m in markers if m.radius > SMALL_SITE_RADIUS]
    if keep_clear is not None:
        obstacles.append(keep_clear)
    if attribution is not None:
        obstacles.append(_label_box(attribution))
    if scale is not None:
        obstacles.append((scale.x - 3, scale.y - 10, scale.x + scale.length + 3, scale.y + 3))
    inner = (2.0, 2.0, view.width - 2.0, view.height - 2.0)
    labels = tuple(
        Label(
            p.box[0],
            p.box[1],
            p.box[2] - p.box[0],
            p.box[3] - p.box[1],
            p.wish.text,
            p.wish.size,
            p.wish.colour,
        )
        for p in place_labels(wishes, obstacles, inner)
    )
    log.debug(
        "Static map %.0f x %.0f pt: %s areas, %s lines, %s markers, %s labels",
        view.width,
        view.height,
        len(areas),
        len(lines),
        len(markers),
        len(labels),
    )
    return StaticMap(
        view.width,
        view.height,
        SEA,
        tuple(areas),
        tuple(lines),
        tuple(markers),
        labels,
        scale,
        attribution,
    )


def _fit(
    points: Sequence[tuple[float, float]],
    width: float,
    height: float,
    *,
    span_km: float,
    fit_height: bool,
) -> _View:
    lons = continuous_longitudes([lon for _, lon in points])
    xs = [world_x(lon) for lon in lons]
    ys = [world_y(lat) for lat, _ in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * cy))))
    least = span_km / (WORLD_KM * max(math.cos(math.radians(lat)), 0.05))
    dx, dy = max(x1 - x0, least), max(y1 - y0, least)
    pad = MARKER_RADIUS + 10.0
    # Room for the names beside the outermost markers, and for the scale bar below.
    room_w, room_h = width * 0.86 - 2 * pad, height * 0.88 - 2 * pad
    scale = min(room_w / dx, room_h / dy)
    if fit_height:
        needed = dy * scale / 0.88 + 2 * pad
        height = max(min(height, needed), min(height, width * 0.42))
    return _View(cx, cy, scale, width, height)


def _shifts(view: _View, box: Box) -> list[float]:
    """The world offsets (-1, 0, +1 turns) at which a shape's box falls in the view."""
    left, top, right, bottom = view.world_box()
    if box[1] > bottom or box[3] < top:
        return []
    return [k for k in (-1.0, 0.0, 1.0) if box[0] + k < right and box[2] + k > left]


def _areas(view: _View, visited: set[str]) -> list[Area]:
    # Cut a little outside the frame, so the cut edges fall under the frame's line.
    cut: Box = (-2.0, -2.0, view.width + 2.0, view.height + 2.0)
    tolerance = 0.4
    areas = []
    for outline in country_outlines(scale_for(view.km_per_point())):
        for shift in _shifts(view, outline.box):
            xs = (outline.xs + shift - view.cx) * view.scale + view.width / 2
            ys = (outline.ys - view.cy) * view.scale + view.height / 2
            ring = thinned(*clip_ring(xs, ys, cut), tolerance)
            if len(ring) >= 3:
                fill = VISITED_LAND if outline.iso in visited else LAND
                areas.append(Area(tuple(_rounded(ring)), fill, BORDER, 0.35))
    return areas


def _legs(view: _View, stops: Sequence[Stop]) -> list[Line]:
    cut: Box = (-4.0, -4.0, view.width + 4.0, view.height + 4.0)
    lines = []
    for before, here in itertools.pairwise(stops):
        style = MODES.get(here.mode, UNKNOWN_MODE) if here.mode else UNKNOWN_MODE
        start, end = (before.place.lat, before.place.lon), (here.place.lat, here.place.lon)
        wx, wy, box = _leg_path(start, end)
        for shift in _shifts(view, box):
            page = [view.xy(x + shift, y) for x, y in zip(wx, wy, strict=True)]
            dash = tuple(float(v) * _PX for v in style.dash.split())
            for piece in clip_polyline(page, cut):
                lines.append(Line(tuple(_rounded(piece)), style.colour, style.weight * _PX, dash))
    return lines


@lru_cache(maxsize=8192)
def _leg_path(
    start: tuple[float, float], end: tuple[float, float]
) -> tuple[tuple[float, ...], tuple[float, ...], Box]:
    """A leg's great circle in world units, and its box: kept, as each of a book's maps
    draws every leg (or skips it by its box)."""
    path = unwrap_longitudes(great_circle_points(start, end))
    wx = tuple(world_x(lon) for _, lon in path)
    wy = tuple(world_y(lat) for lat, _ in path)
    return wx, wy, (min(wx), min(wy), max(wx), max(wy))


def _stop_groups(points: Sequence[tuple[float, float, int, str, float]]) -> list[Group]:
    """Stops drawn as one marker where their markers would overlap (shared numbers)."""
    groups = grouped(points, MARKER_RADIUS * 1.5)
    if len(groups) > MAX_MERGED_GROUPS:
        return groups
    merging = True
    while merging:
        merging = False
        boxes = [_box(_stop_marker(g)) for g in groups]
        for i, j in itertools.combinations(range(len(groups)), 2):
            if overlaps(boxes[i], boxes[j]):
                kept, gone = groups[i], groups.pop(j)
                kept.numbers.extend(gone.numbers)
                kept.names.extend(n for n in gone.names if n not in kept.names)
                kept.priority = max(kept.priority, gone.priority)
                merging = True
                break
    return groups


def _stop_marker(group: Group) -> Marker:
    return _numbered(group.x, group.y, number_list(group.numbers), STOP_COLOUR, MARKER_RADIUS, 7.5)


def _numbered(x: float, y: float, text: str, colour: str, radius: float, size: float) -> Marker:
    half = max(radius, (text_width(text, size) + 4.0) / 2)
    return Marker(round(x, 2), round(y, 2), radius, half, colour, text, size)


def _box(marker: Marker) -> Box:
    return (
        marker.x - marker.half_width,
        marker.y - marker.radius,
        marker.x + marker.half_width,
        marker.y + marker.radius,
    )


def _label_box(label: Label) -> Box:
    return (label.x, label.y, label.x + label.width, label.y + label.height)


def _scale_bar(view: _View, unit: DistanceUnit) -> ScaleBar | None:
    per_point = view.km_per_point() / (KM_PER_MILE if unit is DistanceUnit.MI else 1.0)
    target = view.width / 5 * per_point
    if target <= 0 or not math.isfinite(target):
        return None
    power = 10 ** math.floor(math.log10(target))
    nice = max(step * power for step in (1, 2, 5) if step * power <= target)
    text = f"{nice:,.0f} {unit.value}" if nice >= 1 else f"{nice:g} {unit.value}"
    return ScaleBar(10.0, view.height - 9.0, round(nice / per_point, 2), text)


def _attribution(view: _View) -> Label:
    size = 5.5
    width = text_width(ATTRIBUTION, size) + 1.0
    height = size * (ASCENT + DESCENT)
    return Label(
        view.width - width - 4.0, view.height - height - 3.0, width, height, ATTRIBUTION, size, GREY
    )


def _rounded(points: Sequence[Point]) -> list[Point]:
    return [(round(x, 2), round(y, 2)) for x, y in points]
