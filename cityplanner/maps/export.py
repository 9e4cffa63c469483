"""A trip's map as one self-contained HTML file that works from disk with no network.

Photos go into the file as small JPEG pictures written inside it (`data:` URLs): at most
`SHARED_PHOTOS` of them, each at most `SHARED_PICTURE_BYTES`, so that a trip of a
thousand photos still makes a file of a few megabytes. The pictures are made from the
thumbnail cache by a function the caller hands in (`thumbnails`, which is
`cityplanner.formats.thumbnails.make_thumbnail`; this package cannot import that one);
without it, the file has no photos. What was left out is said in `notes`.
"""

from __future__ import annotations

import base64
import io
import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.photos import Photo
from cityplanner.maps.payload import map_payload, panel_data
from cityplanner.store import Store

log = logging.getLogger(__name__)

#: Makes (or finds) the thumbnail of a photo: `(original file, its SHA-256) -> JPEG file`.
MakeThumbnail = Callable[[Path, str], Path]
#: At most this many photos go into a shared page, spread over the whole trip.
SHARED_PHOTOS = 200
#: The largest picture of one photo in a shared page, in bytes (before base64).
SHARED_PICTURE_BYTES = 25_000
#: The longest side of a photo's picture in a shared page, in pixels.
SHARED_PICTURE_SIDE = 192
_JPEG_DATA = "data:image/jpeg;base64,"


def trip_payload(
    store: Store,
    trip_id: int,
    *,
    labels: Mapping[str, str] | None = None,
    photos: Sequence[Photo] = (),
) -> dict[str, Any]:
    """The map data of one stored trip (raises NotFoundError for an unknown trip).

    `photos` are the trip's photos to draw (`store.photos.for_trip`); none by default,
    as a picture of the map (PNG) has no thumbnails to show. `panel` is what the shared
    page's itinerary panel adds to the map's data (`panel_data`).
    """
    trip = store.trips.get(trip_id)
    stops = store.trips.stops(trip_id)
    sites = store.sites.for_trip(trip_id)
    tracks = store.tracks.list(trip_id, with_points=True)
    payload = map_payload(trip, stops, sites, labels=labels, photos=photos, tracks=tracks)
    return {**payload, "panel": panel_data(trip, stops, sites)}


def trip_html(
    store: Store,
    trip_id: int,
    *,
    thumbnails: MakeThumbnail | None = None,
    notes: list[str] | None = None,
) -> str:
    """The self-contained page of one stored trip: assets, basemap and data inlined.

    With `thumbnails`, the trip's photos are shown as pictures inside the file.
    """
    photos = store.photos.for_trip(trip_id)
    payload = trip_payload(store, trip_id, photos=photos)
    files = {photo.sha256: photo.path for photo in photos}
    return shared_page(payload, files, thumbnails=thumbnails, notes=notes)


def shared_page(
    payload: dict[str, Any],
    files: Mapping[str, str],
    *,
    thumbnails: MakeThumbnail | None,
    notes: list[str] | None = None,
) -> str:
    """The self-contained page of a payload; `files` maps each photo's hash to its file.

    Plain values in, text out: it may run on any thread (it makes thumbnails).
    """
    # The page's module brings folium, which the window's start does without.
    from cityplanner.maps.page import AssetMode, build_page

    shared = with_embedded_photos(payload, files, thumbnails=thumbnails, notes=notes)
    return build_page(shared, assets=AssetMode.INLINE)


def write_trip_html(
    store: Store,
    trip_id: int,
    path: str | Path,
    *,
    thumbnails: MakeThumbnail | None = None,
    notes: list[str] | None = None,
) -> Path:
    """Write the trip's self-contained map to `path`, replacing it only once complete."""
    target = Path(path)
    write_text_atomically(target, trip_html(store, trip_id, thumbnails=thumbnails, notes=notes))
    log.info("Wrote the map of trip %s to %s", trip_id, target)
    return target


def with_embedded_photos(
    payload: dict[str, Any],
    files: Mapping[str, str],
    *,
    thumbnails: MakeThumbnail | None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """The payload with `photoImages` (hash → `data:` URL) for the photos it keeps.

    A photo whose picture cannot be made is left out, and so are those beyond
    `SHARED_PHOTOS`; `notes` gets a sentence for each kind of omission.
    """
    marks: list[dict[str, Any]] = list(payload.get("photos") or [])
    said = notes if notes is not None else []
    if not marks:
        return {**payload, "photos": [], "photoImages": {}}
    if thumbnails is None:
        said.append(f"The shared map was written without the trip's {_photos(len(marks))}.")
        return {**payload, "photos": [], "photoImages": {}}
    chosen = _spread(marks, SHARED_PHOTOS)
    images: dict[str, str] = {}
    kept: list[dict[str, Any]] = []
    failed = 0
    for mark in chosen:
        sha = str(mark.get("sha", ""))
        if sha not in images:
            picture = _shared_picture(files.get(sha), sha, thumbnails)
            if picture is None:
                failed += 1
                continue
            images[sha] = _JPEG_DATA + base64.b64encode(picture).decode("ascii")
        kept.append(mark)
    if len(chosen) < len(marks):
        said.append(
            f"The shared map shows {len(chosen)} of the trip's {len(marks)} photos, "
            f"spread over the trip: one file holds at most {SHARED_PHOTOS}."
        )
    if failed:
        said.append(
            f"{_photos(failed)} {'was' if failed == 1 else 'were'} left out of the shared map: "
            f"{'its file' if failed == 1 else 'their files'} could not be read."
        )
    return {**payload, "photos": kept, "photoImages": images}


def _photos(count: int) -> str:
    return "1 photo" if count == 1 else f"{count} photos"


def _spread(items: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """At most `limit` items, taken evenly from first to last (photos are in time order)."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _shared_picture(original: str | None, sha: str, thumbnails: MakeThumbnail) -> bytes | None:
    """A small JPEG of a photo for a shared page, or None when it cannot be made."""
    if not original:
        return None
    from PIL import Image

    try:
        thumbnail = thumbnails(Path(original), sha)
        with Image.open(thumbnail, formats=("JPEG",)) as image:
            image.load()
            picture = image.convert("RGB")
    except (CityPlannerError, OSError, ValueError, Image.DecompressionBombError) as exc:
        log.info("No picture of photo %s for the shared map: %s", sha[:12], exc)
        return None
    for side, quality in ((SHARED_PICTURE_SIDE, 72), (SHARED_PICTURE_SIDE * 3 // 4, 55)):
        small = picture.copy()
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= SHARED_PICTURE_BYTES:
            return out.getvalue()
    log.info("The picture of photo %s is too large for the shared map", sha[:12])
    return None


def write_text_atomically(target: Path, text: str) -> None:
    """Write UTF-8 text beside `target`, then move it into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CityPlannerError(f"The folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".cityplanner-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            move_into_place(Path(temporary), target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CityPlannerError(f"The map cannot be written to {target}: {exc.strerror}.") from None


def move_into_place(temporary: Path, target: Path) -> None:
    """Give a finished temporary file the usual permissions, then rename it to `target`.

    Temporary files are created private (0600); a map is meant to be shared.
    """
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)
    os.replace(temporary, target)


def parse_size(text: str) -> tuple[int, int]:
    """An image size written `WIDTHxHEIGHT` in pixels, e.g. `1600x1000`."""
    width, sep, height = text.strip().lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise CityPlannerError(f"The size {text!r} is not WIDTHxHEIGHT, e.g. 1600x1000.")
    size = (int(width), int(height))
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in size):
        raise CityPlannerError(
            f"The size {text!r} is out of range: each side must be {MIN_SIDE} to {MAX_SIDE} pixels."
        )
    return size


MIN_SIDE = 200
MAX_SIDE = 8000
