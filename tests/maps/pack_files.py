"""Small map packs made for tests: MBTiles and PMTiles files of plain-coloured tiles."""

from __future__ import annotations

import io
import math
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from PIL import Image

#: Toulouse's Capitole, the middle of the test packs.
TOULOUSE = (43.6045, 1.4440)


def tile_picture(colour: tuple[int, int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, fmt)
    return out.getvalue()


def tile_xy(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    n = 1 << zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def tiles_around(
    lat: float, lon: float, zooms: Iterable[int], *, radius: int = 2
) -> list[tuple[int, int, int]]:
    """The XYZ addresses of a square of tiles around a point at each zoom."""
    found = []
    for z in zooms:
        x, y = tile_xy(lat, lon, z)
        for dx in range(-radius, radius + 1):
            for dy in range(-radius, radius + 1):
                found.append((z, x + dx, y + dy))
    return found


def make_mbtiles(
    path: Path,
    tiles: Mapping[tuple[int, int, int], bytes],
    *,
    metadata: Mapping[str, str] | None = None,
    with_metadata: bool = True,
) -> Path:
    """An MBTiles file; `tiles` by XYZ address (written in TMS order, as the format wants)."""
    meta = {
        "name": "Toulouse test pack",
        "format": "png",
        "bounds": "1.38,43.57,1.51,43.64",
        "minzoom": str(min(z for z, _, _ in tiles)) if tiles else "0",
        "maxzoom": str(max(z for z, _, _ in tiles)) if tiles else "0",
        "attribution": "Test tiles",
        **(metadata or {}),
    }
    db = sqlite3.connect(path)
    if with_metadata:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    db.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    # As the specification recommends, and as the tools that write packs do.
    db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    db.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
    )
    db.commit()
    db.close()
    return path


def make_pmtiles(
    path: Path,
    tiles: Mapping[tuple[int, int, int], bytes],
    *,
    tile_type: str = "PNG",
    name: str = "Toulouse PMTiles pack",
    bounds: tuple[float, float, float, float] = (1.38, 43.57, 1.51, 43.64),
) -> Path:
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import write

    zooms = [z for z, _, _ in tiles] or [0]
    with write(str(path)) as writer:
        for tile_id, data in sorted((zxy_to_tileid(*k), v) for k, v in tiles.items()):
            writer.write_tile(tile_id, data)
        writer.finalize(
            {
                "tile_type": TileType[tile_type],
                "tile_compression": Compression.NONE,
                "min_zoom": min(zooms),
                "max_zoom": max(zooms),
                "min_lon_e7": int(bounds[0] * 1e7),
                "min_lat_e7": int(bounds[1] * 1e7),
                "max_lon_e7": int(bounds[2] * 1e7),
                "max_lat_e7": int(bounds[3] * 1e7),
                "center_zoom": min(zooms),
                "center_lon_e7": int(TOULOUSE[1] * 1e7),
                "center_lat_e7": int(TOULOUSE[0] * 1e7),
            },
            {"name": name, "attribution": "Test tiles"},
        )
    return path


def coloured_tiles(
    colour: tuple[int, int, int], zooms: Iterable[int] = (12, 13, 14), *, fmt: str = "PNG"
) -> dict[tuple[int, int, int], bytes]:
    picture = tile_picture(colour, fmt)
    return {address: picture for address in tiles_around(*TOULOUSE, zooms)}
