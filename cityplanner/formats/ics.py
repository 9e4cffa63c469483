"""iCalendar (RFC 5545): one event per stop, over its nights, in the stop's own time zone."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop
from cityplanner.formats.document import GENERATOR, ExportOptions, TripDocument
from cityplanner.formats.escape import ics_text

log = logging.getLogger(__name__)

_LINE_OCTETS = 75
_SCAN_STEP = timedelta(hours=6)


def write_ics(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """Write a calendar; stops without an arrival date cannot be placed and are left out."""
    dated = [s for s in doc.stops if s.arrival is not None]
    if not dated:
        raise ValidationError(
            f"{doc.trip.name!r} has no stop with an arrival date, so it cannot become a "
            "calendar; give the stops dates first."
        )
    zones = {s.id: _zone(s.place.timezone) for s in dated}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{GENERATOR}//Trip export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(doc.trip.name)}",
    ]
    years = [s.arrival.year for s in dated if s.arrival] + [
        s.departure.year for s in dated if s.departure
    ]
    for name in sorted({z.key for z in zones.values() if z is not None}):
        lines.extend(_vtimezone(ZoneInfo(name), min(years) - 1, max(years) + 1))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for stop in dated:
        lines.extend(_event(doc, stop, zones[stop.id], stamp))
    lines.append("END:VCALENDAR")
    out.write("".join(_fold(line) + "\r\n" for line in lines).encode("utf-8"))


def _event(doc: TripDocument, stop: Stop, zone: ZoneInfo | None, stamp: str) -> list[str]:
    assert stop.arrival is not None
    start = stop.arrival
    end = start + timedelta(days=max(stop.nights, 1))
    place = stop.place
    where = ", ".join(p for p in (place.name, place.admin1, place.country_code) if p)
    if zone is not None:
        # Midnight to midnight on the wall clock of the city: the stay as lived there.
        span = [
            f"DTSTART;TZID={zone.key}:{start:%Y%m%d}T000000",
            f"DTEND;TZID={zone.key}:{end:%Y%m%d}T000000",
        ]
    else:
        span = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
    return [
        "BEGIN:VEVENT",
        f"UID:trip-{doc.trip.id}-stop-{stop.id}@cityplanner",
        f"DTSTAMP:{stamp}",
        *span,
        f"SUMMARY:{ics_text(place.name)}",
        f"LOCATION:{ics_text(where)}",
        f"GEO:{place.lat:.6f};{place.lon:.6f}",
        f"DESCRIPTION:{ics_text(_description(doc, stop))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _description(doc: TripDocument, stop: Stop) -> str:
    index = stop.position
    nights = f"{stop.nights} night{'s' if stop.nights != 1 else ''}"
    lines = [f"Stop {index + 1} of {len(doc.stops)} in {doc.trip.name}, {nights}."]
    if stop.mode is not None and index < len(doc.legs_km):  # legs are optional
        lines.append(f"Arrival by {stop.mode.label.lower()}, {doc.legs_km[index]:,.0f} km.")
    if stop.notes:
        lines.append(stop.notes)
    sites = doc.sites_of(stop)
    if sites:
        lines.append("Sites: " + "; ".join(f"{s.name} ({s.theme.label})" for s in sites))
    return "\n".join(lines)


def _zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("Unknown time zone %r; the stop is written as all-day dates", name)
        return None


def _vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE listing the zone's offsets and each change between the two years."""
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    initial = _offset(zone, start)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    lines.extend(_observance(zone, start, initial, initial))
    for moment, before, after in _transitions(zone, start, end):
        lines.extend(_observance(zone, moment, before, after))
    lines.append("END:VTIMEZONE")
    return lines


def _observance(zone: ZoneInfo, moment: datetime, before: timedelta, after: timedelta) -> list[str]:
    local = moment.astimezone(zone)
    kind = "DAYLIGHT" if local.dst() else "STANDARD"
    wall_clock = (moment + before).replace(tzinfo=None)
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{wall_clock:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_utc_offset(before)}",
        f"TZOFFSETTO:{_utc_offset(after)}",
        f"TZNAME:{ics_text(local.tzname() or zone.key)}",
        f"END:{kind}",
    ]


def _transitions(
    zone: ZoneInfo, start: datetime, end: datetime
) -> Iterable[tuple[datetime, timedelta, timedelta]]:
    moment, offset = start, _offset(zone, start)
    while moment < end:
        later = moment + _SCAN_STEP
        later_offset = _offset(zone, later)
        if later_offset != offset:
            low, high = moment, later  # the change lies in (low, high]: narrow to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            exact = high.replace(second=0, microsecond=0)
            if _offset(zone, exact) != offset:
                high = exact
            yield high, offset, later_offset
        moment, offset = later, later_offset


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def _utc_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current, size, limit = "", 0, _LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
