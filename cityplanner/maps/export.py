"""A trip's map as one self-contained HTML file that works from disk with no network."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.payload import map_payload
from cityplanner.store import Store

log = logging.getLogger(__name__)


def trip_payload(
    store: Store, trip_id: int, *, labels: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The map data of one stored trip (raises NotFoundError for an unknown trip)."""
    trip = store.trips.get(trip_id)
    return map_payload(
        trip, store.trips.stops(trip_id), store.sites.for_trip(trip_id), labels=labels
    )


def trip_html(store: Store, trip_id: int) -> str:
    """The self-contained page of one stored trip: assets, basemap and data inlined."""
    # The page's module brings folium, which the window's start does without.
    from cityplanner.maps.page import AssetMode, build_page

    return build_page(trip_payload(store, trip_id), assets=AssetMode.INLINE)


def write_trip_html(store: Store, trip_id: int, path: str | Path) -> Path:
    """Write the trip's self-contained map to `path`, replacing it only once complete."""
    target = Path(path)
    write_text_atomically(target, trip_html(store, trip_id))
    log.info("Wrote the map of trip %s to %s", trip_id, target)
    return target


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
