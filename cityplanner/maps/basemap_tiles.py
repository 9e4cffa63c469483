"""The offline basemap's tiles: read from `resources/maps/basemap.sqlite`, no Qt.

`packaging/build_basemap.py` cut the tiles (Web Mercator, zoom 0 to the file's
`maxzoom`) and describes their JSON; the page's `resources/web/basemap.js` draws them.
The window serves them under `assets/basemap/{z}/{x}/{y}.json` (see `tile_json`); an
exported page cannot ask the window, so it carries the tiles around its trip inside
itself (`embedded_tiles`), as many zoom levels as fit a budget.

A sea tile is not stored: it is answered `{}`, so the page draws plain sea without a
failed request. One reader serves every thread; SQLite's own lock is not relied upon.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import CityPlannerError
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

#: Where the page asks for tiles, under the page's own folder.
TILE_PREFIX = "/assets/basemap/"
_TILE_PATH = re.compile(r"^/assets/basemap/(\d{1,2})/(\d{1,7})/(\d{1,7})\.json$")
SEA = b"{}"
#: The zoom levels every exported page carries whole: the world at a glance.
WORLD_LEVELS = 3
#: The most tile JSON (bytes) an exported page carries, world levels included.
EXPORT_BUDGET = 900_000
MAX_LATITUDE = 85.0511287798


def basemap_file() -> Path:
    return resource_path("maps", "basemap.sqlite")


@dataclass(frozen=True, slots=True)
class TileRange:
    """The tiles of one zoom level from (x0, y0) to (x1, y1), both included."""

    z: int
    x0: int
    y0: int
    x1: int
    y1: int

    def tiles(self) -> Iterable[tuple[int, int, int]]:
        for x in range(self.x0, self.x1 + 1):
            for y in range(self.y0, self.y1 + 1):
                yield self.z, x, y

    @property
    def count(self) -> int:
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)


class BasemapTiles:
    """A read-only view of one tile file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT name, value FROM metadata").fetchall())
            self.max_zoom = int(meta["maxzoom"])
            self.extent = int(meta["extent"])
            self.attribution = str(meta.get("attribution", ""))
        except (sqlite3.Error, KeyError, ValueError, OSError) as exc:
            raise CityPlannerError(f"The offline basemap cannot be read ({path}): {exc}.") from None
        if not 0 <= self.max_zoom <= 20 or self.extent <= 0:
            raise CityPlannerError(f"The offline basemap ({path}) has impossible settings.")

    def raw(self, z: int, x: int, y: int) -> bytes | None:
        """A tile's JSON, `SEA` for a sea tile, None for a tile that cannot exist."""
        if not (0 <= z <= self.max_zoom and 0 <= x < (1 << z) and 0 <= y < (1 << z)):
            return None
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ?"
                    " AND tile_row = ?",
                    (z, x, y),
                ).fetchone()
            except sqlite3.Error as exc:
                raise CityPlannerError(f"The offline basemap cannot be read: {exc}.") from None
        if row is None:
            return SEA
        try:
            return zlib.decompress(row[0])
        except (zlib.error, TypeError) as exc:
            raise CityPlannerError(
                f"Tile {z}/{x}/{y} of the offline basemap is damaged: {exc}."
            ) from None

    def tile(self, z: int, x: int, y: int) -> dict[str, Any]:
        """A tile's data (an empty dict at sea); out-of-range tiles are an error."""
        data = self.raw(z, x, y)
        if data is None:
            raise CityPlannerError(f"The offline basemap has no tile {z}/{x}/{y}.")
        try:
            value = json.loads(data)
        except ValueError as exc:
            raise CityPlannerError(
                f"Tile {z}/{x}/{y} of the offline basemap is damaged: {exc}."
            ) from None
        if not isinstance(value, dict):
            raise CityPlannerError(f"Tile {z}/{x}/{y} of the offline basemap is damaged.")
        return value

    def water_rows(self, scale: str) -> list[tuple[str, str, bytes]]:
        """Every lake, lake island and river of one scale ("110m", "50m"): kind, iso, points.

        A file built before the basemap had waters has none (and no such table).
        """
        with self._lock:
            try:
                return self._db.execute(
                    "SELECT kind, iso, points FROM waters WHERE scale = ?", (scale,)
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []
                raise CityPlannerError(f"The offline basemap cannot be read: {exc}.") from None
            except sqlite3.Error as exc:
                raise CityPlannerError(f"The offline basemap cannot be read: {exc}.") from None

    def outline_rows(self, scale: str) -> list[tuple[str, bytes]]:
        """Every country ring of one Natural Earth scale ("110m", "50m", "10m")."""
        with self._lock:
            try:
                return self._db.execute(
                    "SELECT iso, points FROM outlines WHERE scale = ?", (scale,)
                ).fetchall()
            except sqlite3.Error as exc:
                raise CityPlannerError(f"The offline basemap cannot be read: {exc}.") from None


@cache
def basemap_tiles() -> BasemapTiles:
    """The shipped tile file, opened once."""
    return BasemapTiles(basemap_file())


def parse_tile_path(path: str) -> tuple[int, int, int] | None:
    """(z, x, y) of a URL path `/assets/basemap/z/x/y.json`, or None for any other path."""
    found = _TILE_PATH.match(path)
    if not found:
        return None
    z, x, y = (int(part) for part in found.groups())
    return z, x, y


def tile_json(path: str) -> bytes | None:
    """What the window answers for a tile's URL path; None when there is no such tile."""
    key = parse_tile_path(path)
    return None if key is None else basemap_tiles().raw(*key)


# ---- where tiles are -------------------------------------------------------------------


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The tile (x, y) of zoom z that holds a point."""
    n = 1 << z
    wx, wy = _world(lat, lon)
    return min(n - 1, max(0, int(wx * n))), min(n - 1, max(0, int(wy * n)))


def _world(lat: float, lon: float) -> tuple[float, float]:
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    wx = ((lon + 180.0) / 360.0) % 1.0
    wy = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0
    return wx, wy


def is_land(lat: float, lon: float, zoom: int | None = None) -> bool:
    """Whether the basemap draws land at a point, at `zoom` (default: its finest level);
    a lake is water, cut out of the land."""
    tiles = basemap_tiles()
    z = tiles.max_zoom if zoom is None else max(0, min(zoom, tiles.max_zoom))
    x, y = tile_of(lat, lon, z)
    data = tiles.tile(z, x, y)
    if data.get("f"):
        return True
    wx, wy = _world(lat, lon)
    n = 1 << z
    px, py = (wx * n - x) * tiles.extent, (wy * n - y) * tiles.extent
    inside = False
    for ring in decode_lines(data.get("l") or []):
        inside ^= _in_ring(px, py, ring)
    return inside


def decode_lines(lines: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
    """Delta-encoded rings or lines (x0, y0, dx1, dy1, ...) as points in tile units."""
    out = []
    for flat in lines:
        x = y = 0
        points = []
        for i in range(0, len(flat) - 1, 2):
            x += int(flat[i])
            y += int(flat[i + 1])
            points.append((x, y))
        out.append(points)
    return out


def _in_ring(px: float, py: float, ring: Sequence[tuple[int, int]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > py) != (yj > py) and px < (xj - xi) * (py - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


# ---- the exported page's tiles ------------------------------------------------------------


def tiles_around(
    bounds: tuple[float, float, float, float], z: int, *, margin: float = 0.5
) -> TileRange:
    """The tiles of zoom z over (south, west, north, east), grown by `margin` of its size."""
    south, west, north, east = bounds
    dlat, dlon = (north - south) * margin, (east - west) * margin
    x0, y0 = tile_of(min(north + dlat, MAX_LATITUDE), max(west - dlon, -180.0), z)
    x1, y1 = tile_of(max(south - dlat, -MAX_LATITUDE), min(east + dlon, 179.999999), z)
    return TileRange(z, x0, y0, x1, y1)


def embedded_tiles(
    bounds: tuple[float, float, float, float] | None, *, budget: int = EXPORT_BUDGET
) -> dict[str, Any]:
    """The tiles an exported page carries, as the page's renderer reads them.

    The world's first levels always, then each finer level over the trip's area for as
    long as the whole stays within `budget` bytes of JSON; beyond the last level carried
    the page enlarges it. `cover` lists each level's carried range: a tile inside it that
    is missing from `tiles` is sea.
    """
    reader = basemap_tiles()
    tiles: dict[str, Any] = {}
    cover: list[list[int]] = []
    used = 0
    top = min(WORLD_LEVELS, reader.max_zoom + 1)
    ranges = [TileRange(z, 0, 0, (1 << z) - 1, (1 << z) - 1) for z in range(top)]
    if bounds is not None:
        ranges += [tiles_around(bounds, z) for z in range(top, reader.max_zoom + 1)]
    for tile_range in ranges:
        level: dict[str, Any] = {}
        size = 0
        if tile_range.count > 4096:
            break
        for z, x, y in tile_range.tiles():
            data = reader.raw(z, x, y)
            if data is None or data == SEA:
                continue
            level[f"{z}/{x}/{y}"] = data
            size += len(data) + 16
        if used + size > budget:
            log.info("The exported map carries the basemap to zoom %s", tile_range.z - 1)
            break
        used += size
        tiles.update(level)
        cover.append([tile_range.z, tile_range.x0, tile_range.y0, tile_range.x1, tile_range.y1])
    return {
        "extent": reader.extent,
        "maxZoom": cover[-1][0] if cover else -1,
        "cover": cover,
        "tiles": {key: json.loads(value) for key, value in tiles.items()},
    }


def embedded_size(embedded: dict[str, Any]) -> int:
    """The bytes of JSON the embedded tiles take in a page."""
    return len(json.dumps(embedded["tiles"], ensure_ascii=False, separators=(",", ":")))
