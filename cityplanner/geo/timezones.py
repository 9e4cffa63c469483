"""Every stop's IANA time zone, offline: the gazetteer's for cities, else from coordinates.

For a point the gazetteer did not name (a stop added by coordinates, an address found
online, an imported waypoint), the zone comes from `tzfpy`, which looks the point up in
the timezone-boundary-builder polygons it ships (MIT-licensed code; the boundary data
is derived from OpenStreetMap, ODbL): about a microsecond a lookup once loaded, with
no network. Zone arithmetic is the standard library's `zoneinfo`.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cityplanner.domain.models import Place

log = logging.getLogger(__name__)


def zone_name(place: Place) -> str:
    """The place's IANA zone name ("Europe/Paris"); "" only if no zone can be found."""
    if place.timezone and zone(place.timezone) is not None:
        return place.timezone
    return zone_at(place.lat, place.lon)


@functools.lru_cache(maxsize=4096)
def zone_at(lat: float, lon: float) -> str:
    """The IANA zone at a point, from the boundary polygons (the open sea has Etc/GMT±N)."""
    try:
        import tzfpy
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("tzfpy is not installed; time zones of points are unknown")
        return ""
    name: str = tzfpy.get_tz(lon, lat)
    return name if zone(name) is not None else ""


@functools.lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo | None:
    """The zone called `name`, or None if the system's zone data does not know it."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        log.debug("Unknown time zone %r", name)
        return None


def utc_offset_hours(name: str, day: date) -> float | None:
    """The zone's offset from UTC at noon on `day`, in hours."""
    tz = zone(name)
    if tz is None:
        return None
    offset = datetime.combine(day, time(12), tzinfo=tz).utcoffset()
    return None if offset is None else offset.total_seconds() / 3600.0


def clock_change_hours(origin: Place, destination: Place, day: date) -> float | None:
    """How far the clock moves on a journey from `origin` to `destination` on `day`.

    0 when both keep the same time; None if either zone is unknown.
    """
    before = utc_offset_hours(zone_name(origin), day)
    after = utc_offset_hours(zone_name(destination), day)
    if before is None or after is None:
        return None
    return after - before
