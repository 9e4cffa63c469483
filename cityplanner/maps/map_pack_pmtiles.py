"""PMTiles v3 map packs: the header read with the `pmtiles` package (BSD-3-Clause), the
directories and metadata read here, within limits.

The file is read with positioned reads (`os.pread`), which many threads may do at once.
The package's `Reader.get` parses the header and the whole root directory again for
every tile; here the header is read once and the directories are kept parsed, which
makes a tile of a large pack hundreds of times quicker (benchmarks/map_packs.py).

A pack is a file from anywhere, so nothing in it is trusted to be small: the directories
and the metadata are gzip streams, which a few kilobytes can make gigabytes of. They are
inflated only up to `MAX_DIRECTORY_BYTES` / `MAX_METADATA_BYTES`, a directory lists at
most `MAX_ENTRIES` tiles, the directories kept parsed hold at most `_KEPT_ENTRIES`
entries between them, and no read is longer than the most a tile or directory may be:
a pack beyond these is refused when added, and a tile beyond them is not drawn.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import os
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import ValidationError
from cityplanner.maps.map_packs import (
    MAX_TILE_BYTES,
    MAX_ZOOM,
    VECTOR_MESSAGE,
    MapPack,
    PackInfo,
    checked_format,
    parse_bounds,
    picture_format,
    plain_text,
)

#: The most a directory of tiles may be once inflated (a planet's leaves are some 100 kB).
MAX_DIRECTORY_BYTES = 8 * 1024 * 1024
#: The most tiles one directory may list.
MAX_ENTRIES = 1 << 18
#: The most the pack's metadata (JSON: its name, attribution…) may be once inflated.
MAX_METADATA_BYTES = 1024 * 1024
#: The entries of all the directories kept parsed, at most (some 32 bytes each).
_KEPT_ENTRIES = 2_000_000
#: The format allows at most three levels of leaves below the root.
_MAX_DEPTH = 4
_GZIP_MAGIC = b"\x1f\x8b"


class PackLimitError(ValueError):
    """A part of a pack is bigger than CityPlanner reads; its text says which, for people."""


log = logging.getLogger(__name__)


def open_pmtiles(source: Path, head: bytes) -> MapPack:
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

        inflate = _inflater(name, header["internal_compression"])

        def get_bytes(offset: int, length: int) -> bytes:
            return os.pread(handle, length, offset)

        directories = _Directories(get_bytes, inflate)
        metadata = _pmtiles_metadata(get_bytes, header, inflate)
        info = _pmtiles_info(source, header, metadata)
        _check_sample(name, info, _first_tile(get_bytes, header, directories))
    except ValidationError:
        os.close(handle)
        raise
    except PackLimitError as exc:
        os.close(handle)
        raise ValidationError(f"The map pack {name} cannot be used: {exc}.") from None
    except Exception as exc:  # a damaged directory makes the reader raise nearly anything
        os.close(handle)
        log.info("The PMTiles file %s cannot be read: %r", source, exc)
        raise ValidationError(
            f"The map pack {name} is damaged: its directory of tiles cannot be read."
        ) from None

    read = _pmtiles_lookup(get_bytes, header, directories)

    pack = MapPack(info, read)
    pack._close = lambda: _close_quietly(handle)
    return pack


def _inflater(name: str, compression: Any) -> Callable[[bytes, int], bytes]:
    """How the pack's directories and metadata are stored: gzip or as they are."""
    from pmtiles.tile import Compression

    if compression == Compression.GZIP:
        return inflate_gzip
    if compression == Compression.NONE:
        return _as_is
    if compression == Compression.UNKNOWN:  # older writers: gzip when it says so itself
        return lambda data, limit: (
            inflate_gzip(data, limit) if data.startswith(_GZIP_MAGIC) else _as_is(data, limit)
        )
    raise ValidationError(
        f"The map pack {name} stores its directory of tiles compressed with "
        f"{compression.name.title()}, which CityPlanner does not read (it reads gzip)."
    )


def inflate_gzip(data: bytes, limit: int) -> bytes:
    """A gzip stream inflated, refused (PackLimitError) beyond `limit` bytes, never inflated
    further than that; ValueError when it is damaged or cut short."""
    stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = stream.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"damaged gzip data ({exc})") from None
    if len(out) > limit:
        raise PackLimitError(f"a part of it would take more than {limit // (1024 * 1024)} MB")
    if not stream.eof:
        raise ValueError("gzip data cut short")
    return out


def _as_is(data: bytes, limit: int) -> bytes:
    if len(data) > limit:
        raise PackLimitError(f"a part of it would take more than {limit // (1024 * 1024)} MB")
    return data


@dataclass(frozen=True, slots=True)
class Directory:
    """One directory of a pack: its entries' tile ids, run lengths, lengths and offsets."""

    ids: array[int]
    runs: array[int]
    lengths: array[int]
    offsets: array[int]

    def __len__(self) -> int:
        return len(self.ids)

    def find(self, tile_id: int) -> int | None:
        """The entry holding a tile id (a tile, a run of tiles or a leaf), or None."""
        n = bisect.bisect_right(self.ids, tile_id) - 1
        if n < 0:
            return None
        if self.ids[n] == tile_id or self.runs[n] == 0:
            return n
        return n if tile_id - self.ids[n] < self.runs[n] else None


def parse_directory(data: bytes) -> Directory:
    """A directory's inflated bytes as the PMTiles v3 specification lays them out; ValueError
    when damaged, PackLimitError beyond `MAX_ENTRIES`."""
    position = 0

    def varint() -> int:
        nonlocal position
        value = shift = 0
        while True:
            if position >= len(data) or shift > 63:
                raise ValueError("a directory of tiles is cut short or damaged")
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    count = varint()
    if count > MAX_ENTRIES:
        raise PackLimitError(f"a directory lists more than {MAX_ENTRIES} tiles")
    if count * 4 > len(data):  # every entry takes at least four bytes
        raise ValueError("a directory of tiles is cut short")
    ids, runs, lengths, offsets = array("Q"), array("Q"), array("Q"), array("Q")
    try:
        last = 0
        for _ in range(count):
            last += varint()
            ids.append(last)
        for _ in range(count):
            runs.append(varint())
        for _ in range(count):
            lengths.append(varint())
        for i in range(count):
            value = varint()
            if value == 0 and i > 0:
                offsets.append(offsets[i - 1] + lengths[i - 1])
            elif value == 0:
                raise ValueError("a directory of tiles has no offset for its first entry")
            else:
                offsets.append(value - 1)
    except OverflowError:
        raise ValueError("a directory of tiles holds numbers beyond the format's") from None
    return Directory(ids, runs, lengths, offsets)


class _Directories:
    """The pack's directories, read and parsed once each, the latest kept up to a budget."""

    def __init__(
        self, get_bytes: Callable[[int, int], bytes], inflate: Callable[[bytes, int], bytes]
    ) -> None:
        self._get_bytes, self._inflate = get_bytes, inflate
        self._kept: OrderedDict[tuple[int, int], Directory] = OrderedDict()
        self._entries = 0
        self._lock = threading.Lock()

    def get(self, offset: int, length: int) -> Directory:
        key = (offset, length)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        if length > MAX_DIRECTORY_BYTES:
            raise PackLimitError(
                f"a directory of tiles takes more than {MAX_DIRECTORY_BYTES // (1024 * 1024)} MB"
            )
        directory = parse_directory(self._inflate(self._get_bytes(offset, length),
                                                  MAX_DIRECTORY_BYTES))  # fmt: skip
        with self._lock:
            if key not in self._kept:
                self._kept[key] = directory
                self._entries += len(directory)
            while self._entries > _KEPT_ENTRIES and len(self._kept) > 1:
                _old, gone = self._kept.popitem(last=False)
                self._entries -= len(gone)
        return directory


def _pmtiles_lookup(
    get_bytes: Callable[[int, int], bytes], header: Any, directories: _Directories
) -> Callable[[int, int, int], bytes | None]:
    """Tiles by address, as the package's `Reader.get` finds them, but with the header read
    once and the directories kept parsed: the reader parses the whole root directory again
    for every tile, which is most of its time on a pack of thousands of tiles."""
    from pmtiles.tile import zxy_to_tileid

    def read(z: int, x: int, y: int) -> bytes | None:
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = header["root_offset"], header["root_length"]
        for _depth in range(_MAX_DEPTH):
            directory = directories.get(offset, length)
            n = directory.find(tile_id)
            if n is None:
                return None
            if directory.runs[n] > 0:
                return _tile_bytes(get_bytes, header, directory, n)
            offset = header["leaf_directory_offset"] + directory.offsets[n]
            length = directory.lengths[n]
        return None

    return read


def _tile_bytes(
    get_bytes: Callable[[int, int], bytes], header: Any, directory: Directory, n: int
) -> bytes | None:
    """A tile's bytes; None (unread) when the entry says it is bigger than any tile."""
    length = directory.lengths[n]
    if length > MAX_TILE_BYTES:
        return None
    data = get_bytes(header["tile_data_offset"] + directory.offsets[n], length)
    return bytes(data) if data else None


def _pmtiles_metadata(
    get_bytes: Callable[[int, int], bytes], header: Any, inflate: Callable[[bytes, int], bytes]
) -> dict[str, Any]:
    """The pack's JSON metadata; empty when it has none or it is not JSON."""
    length = header["metadata_length"]
    if not length:
        return {}
    if length > MAX_METADATA_BYTES:
        raise PackLimitError(
            f"its metadata takes more than {MAX_METADATA_BYTES // (1024 * 1024)} MB"
        )
    try:
        metadata = json.loads(inflate(get_bytes(header["metadata_offset"], length),
                                      MAX_METADATA_BYTES))  # fmt: skip
    except PackLimitError:
        raise PackLimitError(
            f"its metadata takes more than {MAX_METADATA_BYTES // (1024 * 1024)} MB"
        ) from None
    except (ValueError, OSError, RecursionError):
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


def _first_tile(
    get_bytes: Callable[[int, int], bytes], header: Any, directories: _Directories
) -> bytes | None:
    """The first tile of the pack's directory, if it has any."""
    if not header["addressed_tiles_count"] and not header["tile_entries_count"]:
        return None
    return next(_walk(get_bytes, header, directories, header["root_offset"],
                      header["root_length"], 0), None)  # fmt: skip


def _walk(
    get_bytes: Callable[[int, int], bytes],
    header: Any,
    directories: _Directories,
    offset: int,
    length: int,
    depth: int,
) -> Iterator[bytes]:
    if depth >= _MAX_DEPTH:
        return
    directory = directories.get(offset, length)
    for n in range(len(directory)):
        if directory.runs[n] > 0:
            data = _tile_bytes(get_bytes, header, directory, n)
            if data is not None:
                yield data
        else:
            leaf = header["leaf_directory_offset"] + directory.offsets[n]
            yield from _walk(get_bytes, header, directories, leaf, directory.lengths[n],
                             depth + 1)  # fmt: skip


def _check_sample(name: str, info: PackInfo, sample: bytes | None) -> None:
    if sample is None:
        raise ValidationError(f"The map pack {name} holds no tiles.")
    checked_format(name, info.format, picture_format(sample))


def _close_quietly(handle: int) -> None:
    with contextlib.suppress(OSError):
        os.close(handle)
