"""PMTiles v3 map packs, read with the `pmtiles` package (BSD-3-Clause).

The file is read with positioned reads (`os.pread`), which many threads may do at once.
The package's `Reader.get` parses the header and the whole root directory again for
every tile; here the header is read once and the directories are kept parsed, which
makes a tile of a large pack hundreds of times quicker (benchmarks/map_packs.py).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import ValidationError
from cityplanner.maps.map_packs import (
    MAX_ZOOM,
    VECTOR_MESSAGE,
    MapPack,
    PackInfo,
    checked_format,
    parse_bounds,
    picture_format,
    plain_text,
)

log = logging.getLogger(__name__)


def open_pmtiles(source: Path, head: bytes) -> MapPack:
    from pmtiles.reader import Reader
    from pmtiles.tile import Compression, TileType, deserialize_header

    name = source.name
    try:
        header = deserialize_header(head)
    except Exception:  # the package raises its own errors, or Python's, on a bad header
        raise ValidationError(
            f"{name} is not a PMTiles v3 map pack, or its header is damaged."
        ) from None
    kind = header["tile_type"]
    if kind in (TileType.MVT, TileType.MLT):
        raise ValidationError(VECTOR_MESSAGE.format(name=name))
    try:
        handle = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ValidationError(f"The map pack {name} cannot be read: {exc.strerror}.") from None
    try:
        size = os.fstat(handle).st_size
        parts = ("root", "metadata", "leaf_directory", "tile_data")
        end = max(header[f"{p}_offset"] + header[f"{p}_length"] for p in parts)  # type: ignore[literal-required]
        if len(head) < 127 or end > size:
            raise ValidationError(
                f"The map pack {name} is cut short ({size} of {end} bytes): it cannot be used."
            )
        if header["tile_compression"] not in (Compression.NONE, Compression.UNKNOWN):
            raise ValidationError(
                f"The tiles of the map pack {name} are compressed, which raster packs never are: "
                "it cannot be used."
            )

        def get_bytes(offset: int, length: int) -> bytes:
            return os.pread(handle, length, offset)

        reader = Reader(get_bytes)  # type: ignore[no-untyped-call]
        metadata = _pmtiles_metadata(reader)
        info = _pmtiles_info(source, header, metadata)
        _check_sample(name, info, _first_tiles(get_bytes, header))
    except ValidationError:
        os.close(handle)
        raise
    except Exception as exc:  # a damaged directory makes the reader raise nearly anything
        os.close(handle)
        log.info("The PMTiles file %s cannot be read: %r", source, exc)
        raise ValidationError(
            f"The map pack {name} is damaged: its directory of tiles cannot be read."
        ) from None

    read = _pmtiles_lookup(get_bytes, header)

    pack = MapPack(info, read)
    pack._close = lambda: _close_quietly(handle)
    return pack


def _pmtiles_lookup(
    get_bytes: Callable[[int, int], bytes], header: Any
) -> Callable[[int, int, int], bytes | None]:
    """Tiles by address, as the package's `Reader.get` finds them, but with the header read
    once and the directories kept parsed: the reader parses the whole root directory again
    for every tile, which is most of its time on a pack of thousands of tiles."""
    from pmtiles.tile import deserialize_directory, find_tile, zxy_to_tileid

    @functools.lru_cache(maxsize=64)
    def directory(offset: int, length: int) -> list[Any]:
        return deserialize_directory(get_bytes(offset, length))

    def read(z: int, x: int, y: int) -> bytes | None:
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = header["root_offset"], header["root_length"]
        for _depth in range(4):  # the format allows at most three levels of leaves
            entry = find_tile(directory(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length > 0:
                data = get_bytes(header["tile_data_offset"] + entry.offset, entry.length)
                return bytes(data) if data else None
            offset, length = header["leaf_directory_offset"] + entry.offset, entry.length
        return None

    return read


def _pmtiles_metadata(reader: Any) -> dict[str, Any]:
    try:
        metadata = reader.metadata()
    except (ValueError, OSError, EOFError):
        return {}
    return metadata if isinstance(metadata, dict) else {}


def _pmtiles_info(source: Path, header: Any, metadata: dict[str, Any]) -> PackInfo:
    from pmtiles.tile import TileType

    formats = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp"}
    fmt = formats.get(header["tile_type"], "")
    if not fmt:
        claimed = header["tile_type"].name if header["tile_type"] != TileType.UNKNOWN else ""
        if claimed:
            raise ValidationError(
                f"The map pack {source.name} holds {claimed} tiles, which CityPlanner does not "
                "draw (it draws PNG, JPEG and WebP)."
            )
    e7 = 10_000_000
    bounds = parse_bounds(
        ",".join(
            str(header[k] / e7) for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7")
        )
    )
    low, high = int(header["min_zoom"]), int(header["max_zoom"])
    return PackInfo(
        path=source,
        kind="PMTiles",
        name=plain_text(metadata.get("name")) or source.stem,
        format=fmt or "png",
        min_zoom=max(0, min(MAX_ZOOM, low)),
        max_zoom=max(0, min(MAX_ZOOM, max(low, high))),
        bounds=bounds,
        attribution=plain_text(metadata.get("attribution")),
    )


def _first_tiles(get_bytes: Callable[[int, int], bytes], header: Any) -> Iterator[bytes]:
    """The first tile of the pack's directory, if it has any."""
    from pmtiles.reader import traverse

    if not header["addressed_tiles_count"] and not header["tile_entries_count"]:
        return
    root = (header["root_offset"], header["root_length"])
    for _address, data in traverse(get_bytes, header, *root):  # type: ignore[no-untyped-call]
        yield bytes(data)
        return


def _check_sample(name: str, info: PackInfo, samples: Iterable[bytes]) -> None:
    sample = next(iter(samples), None)
    if sample is None:
        raise ValidationError(f"The map pack {name} holds no tiles.")
    checked_format(name, info.format, picture_format(sample))


def _close_quietly(handle: int) -> None:
    with contextlib.suppress(OSError):
        os.close(handle)
