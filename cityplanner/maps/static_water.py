"""Lakes and rivers on the maps drawn without a browser (the book's, the PNG export's).

Natural Earth has lakes and rivers at 1:110m and 1:50m only, and the files they come in
count positions in steps of about 4 km (see resources/maps/SOURCES.md). On a map of a
region or a country that is finer than a printed point; on a city's map it would put a
lake shore kilometres off and a river through the wrong streets. So a map draws them
only where one point spans `MIN_KM_PER_POINT` or more, and a lake only once it is big
enough to be seen. Lakes are filled with the sea's colour over the countries, and the
islands in them with the land's (a visited country's island in the visited colour);
rivers are thin blue lines, under the legs of the trip.
"""

from __future__ import annotations

import logging
from typing import Protocol

from cityplanner.maps.basemap import scale_for, water_features, water_scale_for
from cityplanner.maps.clipping import Box, Point, clip_polyline, clip_ring, thinned
from cityplanner.maps.map_shapes import LAND, SEA, VISITED_LAND, Area, Line

log = logging.getLogger(__name__)

#: Lakes and rivers are drawn on maps where a point spans at least this many km.
MIN_KM_PER_POINT = 0.75
#: A lake narrower and lower than this many points is left out.
MIN_LAKE_PT = 1.5
SHORE, RIVER = "#a4bccb", "#8db4cc"
SHORE_WIDTH, RIVER_WIDTH = 0.3, 0.45


class MapView(Protocol):
    """What the water needs of a map's view (`static_map._View`)."""

    @property
    def cx(self) -> float: ...
    @property
    def cy(self) -> float: ...
    @property
    def scale(self) -> float: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...

    def world_box(self) -> Box: ...

    def km_per_point(self) -> float: ...


def water_shapes(view: MapView, visited: set[str]) -> tuple[list[Area], list[Line]]:
    """The lakes and islands (areas, back to front) and the rivers (lines) a map shows."""
    km = view.km_per_point()
    if km < MIN_KM_PER_POINT:
        return [], []
    left, top, right, bottom = view.world_box()
    cut: Box = (-2.0, -2.0, view.width + 2.0, view.height + 2.0)
    lakes: list[Area] = []
    islands: list[Area] = []
    rivers: list[Line] = []
    for feature in water_features(water_scale_for(scale_for(km))):
        x0, y0, x1, y1 = feature.box
        if y0 > bottom or y1 < top:
            continue
        if feature.kind != "river" and max(x1 - x0, y1 - y0) * view.scale < MIN_LAKE_PT:
            continue
        for shift in (-1.0, 0.0, 1.0):
            if not (x0 + shift < right and x1 + shift > left):
                continue
            xs = (feature.xs + shift - view.cx) * view.scale + view.width / 2
            ys = (feature.ys - view.cy) * view.scale + view.height / 2
            if feature.kind == "river":
                line = thinned(xs, ys, 0.4)
                for piece in clip_polyline(line, cut):
                    if len(piece) > 1:
                        rivers.append(Line(_rounded(piece), RIVER, RIVER_WIDTH))
                continue
            ring = thinned(*clip_ring(xs, ys, cut), 0.4)
            if len(ring) < 3:
                continue
            if feature.kind == "lake":
                lakes.append(Area(_rounded(ring), SEA, SHORE, SHORE_WIDTH))
            else:
                fill = VISITED_LAND if feature.iso in visited else LAND
                islands.append(Area(_rounded(ring), fill, SHORE, SHORE_WIDTH))
    log.debug(
        "Static map water: %s lakes, %s islands, %s rivers", len(lakes), len(islands), len(rivers)
    )
    return lakes + islands, rivers


def _rounded(points: list[Point]) -> tuple[Point, ...]:
    return tuple((round(x, 2), round(y, 2)) for x, y in points)
