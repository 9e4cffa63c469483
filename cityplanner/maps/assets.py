"""The page's web assets: Leaflet and Leaflet.markercluster from their xstatic packages,
and the project's own script and style under `resources/web/`.

Every asset is local. The stylesheets' images are inlined as `data:` URLs and the
source-map comments are dropped, so that no asset refers to another file.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as leaflet_pkg
import xstatic.pkg.leaflet_markercluster as cluster_pkg

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.escape import json_for_script
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Asset:
    """One file the page loads, by the name it has under the page's `assets/` folder."""

    name: str
    mime: str
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


#: Load order matters: Leaflet, then the cluster plugin, then the page's own scripts.
SCRIPTS = (
    "leaflet.js",
    "leaflet.markercluster.js",
    "theme-glyphs.js",
    "itinerary-parts.js",
    "packs.js",
    "itinerary.js",
)
STYLES = ("leaflet.css", "MarkerCluster.css", "itinerary.css")

_SOURCES: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "leaflet.markercluster.js": ("cluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("cluster", "MarkerCluster.css"),
    "theme-glyphs.js": ("web", "theme-glyphs.js"),
    "itinerary-parts.js": ("web", "itinerary-parts.js"),
    "packs.js": ("web", "packs.js"),
    "itinerary.js": ("web", "itinerary.js"),
    "itinerary.css": ("web", "itinerary.css"),
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
    """The offline basemap (country outlines and capitals), escaped for a script element."""
    try:
        countries = json.loads(resource_path("maps", "countries.geojson").read_text("utf-8"))
        capitals = json.loads(resource_path("maps", "capitals.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CityPlannerError(f"The offline basemap cannot be read: {exc}.") from None
    return json_for_script({"countries": countries, "capitals": capitals})
