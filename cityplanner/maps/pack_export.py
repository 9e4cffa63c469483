"""A map pack in an exported map: listed for the picture, or written inside the shared file.

The picture (`export … png --map-pack`) is drawn by the window's own page, which reads
the pack's tiles through the app's address like the window does; this only says whether
the pack covers the trip at all. The shared HTML file has no application behind it, so
the pack's tiles around the trip go inside it, as `data:` URLs, from the pack's lowest
zoom level up, as long as they fit in `EMBED_BUDGET`: a trip across a country keeps the
coarse levels, a city trip gets them all. What was cut is said in `notes`.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from typing import Any

from cityplanner.maps.map_packs import MapPack, tiles_in_box

log = logging.getLogger(__name__)

#: The most bytes of a pack's tiles a shared file holds (as written, in base64).
EMBED_BUDGET = 3_000_000
#: More tiles than this at one zoom level is not worth reading: it could never fit.
_MAX_LEVEL_TILES = 20_000
#: Around the trip's places, this share of its size (and at least `_MIN_MARGIN` degrees).
_MARGIN = 0.25
_MIN_MARGIN = 0.02
_MIME_PREFIX = {"png": "data:image/png;base64,", "jpg": "data:image/jpeg;base64,",
                "webp": "data:image/webp;base64,"}  # fmt: skip

Box = tuple[float, float, float, float]  # west, south, east, north


def trip_box(payload: Mapping[str, Any]) -> Box | None:
    """The box around a payload's stops, sites and photos, with a margin; None when empty."""
    points: list[tuple[float, float]] = [
        (float(s["lat"]), float(s["lon"])) for s in payload.get("stops") or []
    ]
    fields = list(payload.get("siteFields") or [])
    if "lat" in fields and "lon" in fields:
        la, lo = fields.index("lat"), fields.index("lon")
        points += [(float(row[la]), float(row[lo])) for row in payload.get("sites") or []]
    if not points:
        return None
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    dy = max((north - south) * _MARGIN, _MIN_MARGIN)
    dx = max((east - west) * _MARGIN, _MIN_MARGIN)
    return (max(-180.0, west - dx), max(-85.0, south - dy), min(180.0, east + dx),
            min(85.0, north + dy))  # fmt: skip


def _overlap(a: Box, b: Box) -> Box | None:
    west, south = max(a[0], b[0]), max(a[1], b[1])
    east, north = min(a[2], b[2]), min(a[3], b[3])
    return (west, south, east, north) if west < east and south < north else None


def covers_trip(pack: MapPack, payload: Mapping[str, Any], notes: list[str]) -> bool:
    """Whether the pack has any ground under the trip; if not, `notes` says so."""
    box = trip_box(payload)
    if box is None or _overlap(box, pack.info.bounds) is not None:
        return True
    notes.append(
        f"The map pack {pack.info.name} covers none of this trip's places: "
        "the map was drawn without it."
    )
    return False


def embedded_layer(
    pack: MapPack,
    payload: Mapping[str, Any],
    *,
    notes: list[str],
    budget: int = EMBED_BUDGET,
) -> dict[str, Any] | None:
    """The pack as a layer of the shared page, its tiles inside it; None when none fit."""
    info = pack.info
    box = trip_box(payload) or info.bounds
    area = _overlap(box, info.bounds)
    if area is None:
        covers_trip(pack, payload, notes)
        return None
    prefix = _MIME_PREFIX[info.format]
    tiles: dict[str, str] = {}
    used, top = 0, None
    for zoom in range(info.min_zoom, info.max_zoom + 1):
        columns, rows = tiles_in_box(*area, zoom)
        if len(columns) * len(rows) > _MAX_LEVEL_TILES:
            break
        level: dict[str, str] = {}
        size = 0
        for x in columns:
            for y in rows:
                data = pack.tile(zoom, x, y)
                if data is None:
                    continue
                level[f"{zoom}/{x}/{y}"] = text = prefix + base64.b64encode(data).decode("ascii")
                size += len(text) + 16
                if used + size > budget:
                    break
            if used + size > budget:
                break
        if used + size > budget:
            break
        tiles.update(level)
        used += size
        top = zoom
    if pack.problem:
        notes.append(
            f"Some tiles of the map pack {info.name} could not be read (the file is damaged): "
            "the shared map shows the offline basemap there."
        )
    if top is None or not tiles:
        notes.append(
            f"The map pack {info.name} was left out of the shared map: "
            + (
                "it has no tiles around this trip."
                if top is not None
                else f"its tiles around this trip take more than {budget // 1_000_000} MB."
            )
        )
        return None
    if top < info.max_zoom:
        notes.append(
            f"The map pack {info.name} went into the shared map down to zoom {top} of "
            f"{info.max_zoom} (a shared file holds at most {budget // 1_000_000} MB of it); "
            "closer in, its tiles are shown enlarged."
        )
    log.info("Embedded %s tiles (%s bytes) of %s up to zoom %s", len(tiles), used, info.name, top)
    layer = info.layer(shown=True)
    layer.update(url="", tiles=tiles, maxZoom=top)
    return layer
