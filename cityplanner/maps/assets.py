"""The page's web assets: Leaflet and Leaflet.markercluster from their xstatic packages,
the project's own script and style under `resources/web/`, and what the page knows of
the offline basemap (where its tiles are, or for an exported page the tiles themselves).

Every asset is local. The stylesheets' images are inlined as `data:` URLs and the
source-map comments are dropped, so that no asset refers to another file.
"""

from __future__ import annotations

import base64
import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet as leaflet_pkg
import xstatic.pkg.leaflet_markercluster as cluster_pkg

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.basemap import ATTRIBUTION
from cityplanner.maps.basemap_tiles import EXPORT_BUDGET, basemap_tiles, embedded_tiles
from cityplanner.maps.escape import json_for_script
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

#: The place names' source, shown on the map while they are (GeoNames asks for it).
PLACES_ATTRIBUTION = "Place names: GeoNames (CC BY 4.0)"


@dataclass(frozen=True, slots=True)
class Asset:
    """One file the page loads, by the name it has under the page's `assets/` folder."""

    name: str
    mime: str
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


#: Load order matters: Leaflet, then the cluster plugin (photos), then the page's own
#: scripts (sites.js clusters the sites).
SCRIPTS = (
    "leaflet.js",
    "leaflet.markercluster.js",
    "theme-glyphs.js",
    "itinerary-parts.js",
    "basemap.js",
    "packs.js",
    "sites.js",
    "itinerary.js",
)
STYLES = ("leaflet.css", "MarkerCluster.css", "itinerary.css")

_SOURCES: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "leaflet.markercluster.js": ("cluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("cluster", "MarkerCluster.css"),
    "sites.js": ("web", "sites.js"),
    "theme-glyphs.js": ("web", "theme-glyphs.js"),
    "itinerary-parts.js": ("web", "itinerary-parts.js"),
    "basemap.js": ("web", "basemap.js"),
    "packs.js": ("web", "packs.js"),
    "itinerary.js": ("web", "itinerary.js"),
    "itinerary.css": ("web", "itinerary.css"),
    "panel.js": ("web", "panel.js"),
    "panel.css": ("web", "panel.css"),
}

_SOURCE_MAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")
_MIME = {".js": "text/javascript", ".css": "text/css"}


@cache
def asset(name: str) -> Asset:
    """One of the page's assets, ready to serve or inline."""
    try:
        package, filename = _SOURCES[name]
    except KeyError:
        raise CityPlannerError(f"The map has no asset called {name!r}.") from None
    folder = _folder(package)
    try:
        text = (folder / filename).read_text(encoding="utf-8")
    except OSError as exc:
        raise CityPlannerError(
            f"A map asset cannot be read ({folder / filename}): {exc}."
        ) from None
    text = _SOURCE_MAP.sub("", text)
    if name.endswith(".css"):
        text = _CSS_URL.sub(lambda m: f"url({_data_url(folder / m.group(2))})", text)
    return Asset(name, _MIME[Path(name).suffix], text.encode("utf-8"))


def _folder(package: str) -> Path:
    if package == "leaflet":
        return Path(leaflet_pkg.BASE_DIR)
    if package == "cluster":
        return Path(cluster_pkg.BASE_DIR)
    return resource_path("web")


def _data_url(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@cache
def basemap_script_json() -> str:
    """What the window's page knows of the offline basemap: where to ask for its tiles.

    The tiles themselves arrive one by one as the map shows them (`basemap_tiles`).
    """
    tiles = basemap_tiles()
    return json_for_script(
        {
            "source": "assets/basemap/",
            "maxZoom": tiles.max_zoom,
            "extent": tiles.extent,
            "attribution": ATTRIBUTION,
            "placesAttribution": PLACES_ATTRIBUTION,
        }
    )


def embedded_basemap_json(payload: dict[str, Any], *, budget: int = EXPORT_BUDGET) -> str:
    """The offline basemap of a self-contained page: the tiles around the trip, inside it."""
    embedded = embedded_tiles(payload_bounds(payload), budget=budget)
    return json_for_script(
        {**embedded, "attribution": ATTRIBUTION, "placesAttribution": PLACES_ATTRIBUTION}
    )


def payload_bounds(payload: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of a map payload's stops, sites and photos; None if empty."""
    points: list[tuple[float, float]] = []
    for stop in payload.get("stops") or []:
        points.append((stop.get("lat"), stop.get("lon")))
    fields = list(payload.get("siteFields") or [])
    if "lat" in fields and "lon" in fields:
        lat, lon = fields.index("lat"), fields.index("lon")
        points.extend((row[lat], row[lon]) for row in payload.get("sites") or [])
    for photo in payload.get("photos") or []:
        points.append((photo.get("lat"), photo.get("lon")))
    good = [
        (float(a), float(b))
        for a, b in points
        if isinstance(a, int | float)
        and isinstance(b, int | float)
        and math.isfinite(a)
        and math.isfinite(b)
        and -90 <= a <= 90
        and -180 <= b <= 180
    ]
    if not good:
        return None
    lats, lons = [p[0] for p in good], [p[1] for p in good]
    return min(lats), min(lons), max(lats), max(lons)
