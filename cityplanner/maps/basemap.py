"""The offline basemap's country outlines, read once and kept in Web Mercator.

The same file the window's map draws (`resources/maps/countries.geojson`); a more
detailed file put in its place is read the same way. Each polygon keeps its outer ring
as arrays of world coordinates (0..1 across the world, y downwards) and its bounding
box, so a map of a small area skips almost every polygon without looking at its points.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cityplanner.domain.errors import CityPlannerError
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

#: Who drew the outlines, printed in a corner of every static map.
ATTRIBUTION = "Outlines: Natural Earth"
#: Web Mercator stops short of the poles.
MAX_LATITUDE = 85.05


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


def countries_file() -> Path:
    return resource_path("maps", "countries.geojson")


@cache
def country_outlines() -> tuple[Outline, ...]:
    """Every country polygon of the offline basemap (read once)."""
    path = countries_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CityPlannerError(f"The offline basemap cannot be read ({path}): {exc}.") from None
    outlines = [
        outline for feature in data.get("features", []) for outline in _feature_outlines(feature)
    ]
    log.debug("Read %s country polygons from %s", len(outlines), path)
    return tuple(outlines)


def _feature_outlines(feature: dict[str, Any]) -> list[Outline]:
    geometry = feature.get("geometry") or {}
    iso = str((feature.get("properties") or {}).get("iso") or "")
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return []
    outlines = []
    for polygon in polygons:
        if not polygon or len(polygon[0]) < 3:
            continue
        # Holes are left out: the country inside one (Lesotho) is drawn over it anyway.
        ring = np.asarray(polygon[0], dtype=np.float64)[:, :2]
        xs = (ring[:, 0] + 180.0) / 360.0
        lats = np.radians(np.clip(ring[:, 1], -MAX_LATITUDE, MAX_LATITUDE))
        ys = (1.0 - np.arcsinh(np.tan(lats)) / np.pi) / 2.0
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        outlines.append(Outline(iso=iso, xs=xs, ys=ys, box=box))
    return outlines
