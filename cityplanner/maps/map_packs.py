"""Map packs: detailed offline maps of a region, in an MBTiles or a PMTiles file.

A pack is opened once and checked then, so that whatever is wrong with the file is said
once, in one message, at the moment the person adds it: not a map file, cut short, no
`metadata`, no tiles, vector tiles (not drawn yet), or tiles that are not the pictures
the file says they are. Once open, a pack answers `tile(z, x, y)` from any thread with
the picture's bytes, or None for a tile it does not have or cannot read: the map draws
nothing there, and the offline basemap beneath shows through.

MBTiles files are read by `cityplanner.maps.map_pack_mbtiles`, PMTiles v3 files by
`cityplanner.maps.map_pack_pmtiles`.
"""

from __future__ import annotations

import hashlib
import html
import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import ValidationError

log = logging.getLogger(__name__)

#: Raster formats the map draws, by the name MBTiles' metadata gives them.
RASTER_FORMATS = ("png", "jpg", "webp")
_FORMAT_NAMES = {"png": "PNG", "jpg": "JPEG", "webp": "WebP"}
_MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
#: A tile bigger than this is not a map picture (a 256 px PNG is some 10-100 kB).
MAX_TILE_BYTES = 4 * 1024 * 1024
#: The deepest zoom a tile address may have (OpenStreetMap's tiles stop at 19).
MAX_ZOOM = 24
#: What the window's page asks for: `packs/<pack id>/<z>/<x>/<y>` under its own address.
ROUTE = re.compile(r"/packs/([0-9a-f]{16})/(\d{1,2})/(\d{1,8})/(\d{1,8})")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PMTILES_MAGIC = b"PMTiles"
VECTOR_MESSAGE = (
    "{name} holds vector tiles, which CityPlanner does not draw yet. "
    "Use a raster pack (PNG, JPEG or WebP pictures) of the same region."
)
_LONGEST_TEXT = 200


@dataclass(frozen=True, slots=True)
class PackInfo:
    """What the map needs to know of a pack, read from its file once."""

    path: Path
    kind: str  # "MBTiles" or "PMTiles"
    name: str
    format: str  # one of RASTER_FORMATS
    min_zoom: int
    max_zoom: int
    #: west, south, east, north in degrees; the whole world when the file does not say.
    bounds: tuple[float, float, float, float]
    attribution: str = ""

    @property
    def id(self) -> str:
        return pack_id(self.path)

    @property
    def mime(self) -> str:
        return _MIME[self.format]

    def covers(self, west: float, south: float, east: float, north: float) -> bool:
        """Whether the pack's bounds meet a box (degrees)."""
        w, s, e, n = self.bounds
        return west <= e and east >= w and south <= n and north >= s

    def layer(self, *, url: str = "", shown: bool = False) -> dict[str, Any]:
        """The pack as the page's data lists it (see resources/web/packs.js)."""
        w, s, e, n = self.bounds
        return {
            "id": self.id,
            "name": self.name,
            "url": url or f"packs/{self.id}/{{z}}/{{x}}/{{y}}",
            "minZoom": self.min_zoom,
            "maxZoom": self.max_zoom,
            "bounds": [[s, w], [n, e]],
            "attribution": self.attribution,
            "format": self.format,
            "shown": bool(shown),
        }


def pack_id(path: str | Path) -> str:
    """A short name for a pack's file that stays the same between runs."""
    return hashlib.sha256(str(Path(path).expanduser().absolute()).encode()).hexdigest()[:16]


def picture_format(data: bytes) -> str | None:
    """ "png", "jpg" or "webp" from a picture's first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def plain_text(text: object, limit: int = _LONGEST_TEXT) -> str:
    """A file's text for people to read: tags and control characters out, entities read,
    spaces run together, cut to `limit` characters (it is escaped again where shown)."""
    value = html.unescape(re.sub(r"<[^>]*>", "", str(text or "")))
    value = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class MapPack:
    """An open map pack: its `info`, and its tiles by XYZ address, from any thread."""

    def __init__(self, info: PackInfo, read: Callable[[int, int, int], bytes | None]) -> None:
        self.info = info
        self._read = read
        self._close: Callable[[], None] = lambda: None
        #: What went wrong the first time a tile could not be read ("" while none failed).
        self.problem = ""

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The picture at an XYZ address, or None where the pack has none (or it is damaged)."""
        if not (self.info.min_zoom <= z <= self.info.max_zoom) or not _in_grid(z, x, y):
            return None
        try:
            data = self._read(z, x, y)
        except Exception as exc:  # a damaged file makes the readers raise nearly anything
            if not self.problem:  # once: a pack gone missing would fill the log otherwise
                self.problem = str(exc) or type(exc).__name__
                log.warning("The map pack %s cannot be read: %s", self.info.path, self.problem)
            return None
        if data is None or len(data) > MAX_TILE_BYTES or picture_format(data) != self.info.format:
            return None
        return data

    def close(self) -> None:
        self._close()


def open_pack(path: str | Path) -> MapPack:
    """Open and check a map pack; raises ValidationError saying what is wrong with it."""
    source = Path(path).expanduser()
    name = source.name
    try:
        with source.open("rb") as stream:
            head = stream.read(127)
    except OSError as exc:
        raise ValidationError(f"The map pack {name} cannot be read: {exc.strerror}.") from None
    if head.startswith(_SQLITE_MAGIC):
        from cityplanner.maps.map_pack_mbtiles import open_mbtiles

        return open_mbtiles(source)
    if head.startswith(_PMTILES_MAGIC):
        from cityplanner.maps.map_pack_pmtiles import open_pmtiles

        return open_pmtiles(source, head)
    raise ValidationError(
        f"{name} is not a map pack: CityPlanner reads MBTiles (.mbtiles) and PMTiles "
        "(.pmtiles) files."
    )


def checked_format(name: str, claimed: str, found: str | None) -> str:
    claimed = "jpg" if claimed == "jpeg" else claimed
    if found is None:
        raise ValidationError(
            f"The tiles of the map pack {name} are not PNG, JPEG or WebP pictures "
            "(vector tiles are not drawn yet): it cannot be used."
        )
    if claimed and claimed in RASTER_FORMATS and claimed != found:
        raise ValidationError(
            f"The map pack {name} says its tiles are {_FORMAT_NAMES[claimed]} pictures, "
            f"but they are {_FORMAT_NAMES[found]}: the file is damaged or mislabelled."
        )
    if claimed and claimed not in RASTER_FORMATS:
        raise ValidationError(
            f"The map pack {name} says its tiles are in the format {plain_text(claimed, 20)!r}, "
            "which CityPlanner does not draw (it draws PNG, JPEG and WebP)."
        )
    return found


def parse_bounds(text: str) -> tuple[float, float, float, float]:
    """MBTiles' `left,bottom,right,top`; the whole world when missing or nonsense."""
    try:
        w, s, e, n = (float(part) for part in text.split(","))
    except ValueError:
        return (-180.0, -85.0511, 180.0, 85.0511)
    if not all(math.isfinite(v) for v in (w, s, e, n)) or not (
        -180 <= w < e <= 180 and -90 <= s < n <= 90
    ):
        return (-180.0, -85.0511, 180.0, 85.0511)
    return (w, s, e, n)


# -- tile grid --------------------------------------------------------------------------


def _in_grid(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < (1 << z) and 0 <= y < (1 << z)


def tile_xy(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The XYZ tile holding a point at a zoom level (Web Mercator)."""
    lat = max(-85.0511, min(85.0511, lat))
    n = 1 << zoom
    x = int((lon + 180.0) / 360.0 * n)
    rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n)
    return max(0, min(n - 1, x)), max(0, min(n - 1, y))


def tiles_in_box(
    west: float, south: float, east: float, north: float, zoom: int
) -> tuple[range, range]:
    """The columns and rows of the tiles covering a box at a zoom level."""
    x0, y0 = tile_xy(north, west, zoom)
    x1, y1 = tile_xy(south, east, zoom)
    return range(x0, x1 + 1), range(y0, y1 + 1)


@dataclass
class PackShelf:
    """The packs the window has open, by id, for the scheme handler and the page's data.

    Adding and reading may happen on different threads; the shelf is guarded by a lock,
    and each pack guards its own file.
    """

    _packs: dict[str, MapPack] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, pack: MapPack) -> None:
        with self._lock:
            old = self._packs.pop(pack.info.id, None)
            self._packs[pack.info.id] = pack
        if old is not None and old is not pack:
            old.close()

    def remove(self, pack_id: str) -> None:
        with self._lock:
            pack = self._packs.pop(pack_id, None)
        if pack is not None:
            pack.close()

    def take(self, pack_id: str) -> MapPack | None:
        """Take a pack off the shelf, still open (an undo may put it back)."""
        with self._lock:
            return self._packs.pop(pack_id, None)

    def infos(self) -> list[PackInfo]:
        with self._lock:
            return [pack.info for pack in self._packs.values()]

    def get(self, pack_id: str) -> MapPack | None:
        with self._lock:
            return self._packs.get(pack_id)

    def answer(self, path: str) -> tuple[str, bytes] | None:
        """The (MIME type, picture) for a `/packs/<id>/<z>/<x>/<y>` path, or None."""
        match = ROUTE.fullmatch(path)
        if match is None:
            return None
        pack = self.get(match.group(1))
        if pack is None:
            return None
        z, x, y = (int(match.group(i)) for i in (2, 3, 4))
        data = pack.tile(z, x, y)
        return (pack.info.mime, data) if data is not None else None

    def close(self) -> None:
        with self._lock:
            packs, self._packs = list(self._packs.values()), {}
        for pack in packs:
            pack.close()
