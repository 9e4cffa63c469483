"""The offline basemap's country outlines, for the maps drawn without a browser.

The book's maps and the PNG export draw each country as a filled polygon (the visited
ones in their own colour). The tile file the window's map draws from
(`resources/maps/basemap.sqlite`, see `cityplanner.maps.basemap_tiles`) also holds
every country's outer rings at Natural Earth's three scales, in Web Mercator world
coordinates (0..1 across the world, y downwards). A map picks the scale that suits
its own (`scale_for`): the world in 1:110m, a region in 1:50m, a country or a city in
1:10m, so a small map shows Iceland's fjords and a large one reads few points. Each
polygon keeps its bounding box, so a map of a small area skips almost every polygon
without looking at its points. Each scale is read once, when a map first needs it.

Lakes (with their islands) and rivers come at 1:110m and 1:50m only (`water_features`):
Natural Earth has none finer, so a map at 1:10m takes the 1:50m ones (`water_scale_for`).
"""

from __future__ import annotations

import logging
import math
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.basemap_tiles import basemap_tiles

log = logging.getLogger(__name__)

#: Who drew the outlines, printed in a corner of every static map.
ATTRIBUTION = "Outlines: Natural Earth"
#: Web Mercator stops short of the poles.
MAX_LATITUDE = 85.05
#: Natural Earth's scales, coarsest first.
SCALES = ("110m", "50m", "10m")
#: The coarsest scale a map may use, by how many km one printed point spans on it:
#: 1:110m down to 6 km a point (a continent on a page), 1:50m down to 3 km (a large
#: region), 1:10m below (a country such as Iceland, a city).
_KM_PER_POINT = ((6.0, "110m"), (3.0, "50m"))


@dataclass(frozen=True, slots=True)
class Outline:
    """One polygon of a country: its outer ring in world coordinates, and its box."""

    iso: str
    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    box: tuple[float, float, float, float]
    """min x, min y, max x, max y."""


def world_x(lon: float) -> float:
    """Web Mercator x of a longitude: 0 at −180°, 1 at +180° (beyond for unwrapped ones)."""
    return (lon + 180.0) / 360.0


def world_y(lat: float) -> float:
    """Web Mercator y of a latitude: 0 at the top (85° N), 1 at the bottom."""
    clamped = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    return (1.0 - math.asinh(math.tan(math.radians(clamped))) / math.pi) / 2.0


def latitude_of(y: float) -> float:
    """The latitude at Web Mercator y."""
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))


def scale_for(km_per_point: float) -> str:
    """The Natural Earth scale for a map on which one point spans `km_per_point` km."""
    for least, scale in _KM_PER_POINT:
        if km_per_point >= least:
            return scale
    return SCALES[-1]


@dataclass(frozen=True, slots=True)
class WaterFeature:
    """A lake's outer ring, an island in a lake (with its country), or a river's line."""

    kind: str
    """"lake", "island" or "river"."""
    iso: str
    xs: npt.NDArray[np.float64]
    ys: npt.NDArray[np.float64]
    box: tuple[float, float, float, float]


WATER_KINDS = ("lake", "island", "river")


def water_scale_for(scale: str) -> str:
    """The scale of lakes and rivers that goes with a scale of country outlines."""
    return "110m" if scale == "110m" else "50m"


@cache
def water_features(scale: str = "110m") -> tuple[WaterFeature, ...]:
    """Every lake, lake island and river of the offline basemap at one scale (read once)."""
    if scale not in SCALES[:2]:
        raise CityPlannerError(f"The offline basemap has no lakes or rivers at {scale!r}.")
    features = []
    for kind, iso, blob in basemap_tiles().water_rows(scale):
        points = _points(blob)
        if kind not in WATER_KINDS or len(points) < (2 if kind == "river" else 3):
            continue
        xs, ys = points[:, 0], points[:, 1]
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        features.append(WaterFeature(str(kind), str(iso or ""), xs, ys, box))
    log.debug("Read %s lakes, islands and rivers at 1:%s", len(features), scale)
    return tuple(features)


def _points(blob: bytes) -> npt.NDArray[np.float64]:
    """Float32 pairs, compressed, as an (n, 2) array; damaged data is one clear error."""
    try:
        flat = np.frombuffer(zlib.decompress(blob), dtype="<f4").astype(np.float64)
    except (zlib.error, TypeError, ValueError) as exc:
        raise CityPlannerError(f"The offline basemap's outlines are damaged: {exc}.") from None
    if len(flat) % 2 or not np.all(np.isfinite(flat)):
        raise CityPlannerError("The offline basemap's outlines are damaged.")
    return flat.reshape(-1, 2)


@cache
def country_outlines(scale: str = "110m") -> tuple[Outline, ...]:
    """Every country polygon of the offline basemap at one scale (read once)."""
    if scale not in SCALES:
        raise CityPlannerError(f"The offline basemap has no scale {scale!r}.")
    outlines = []
    for iso, blob in basemap_tiles().outline_rows(scale):
        try:
            ring = np.frombuffer(zlib.decompress(blob), dtype="<f4").astype(np.float64)
        except (zlib.error, TypeError, ValueError) as exc:
            raise CityPlannerError(f"The offline basemap's outlines are damaged: {exc}.") from None
        if len(ring) < 6 or len(ring) % 2:
            continue
        xs, ys = ring[0::2], ring[1::2]
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        outlines.append(Outline(iso=str(iso or ""), xs=xs, ys=ys, box=box))
    log.debug("Read %s country polygons at 1:%s", len(outlines), scale)
    return tuple(outlines)
