"""iCalendar (RFC 5545): each stay as whole days, its travel day, and the visits planned.

A stay is an all-day event from its arrival to its departure (DTEND is exclusive, so the
departure day itself is free for the next stay). The leg that arrives at a stop is an
all-day event on the arrival day. A site planned for a day of its stop's stay is an event
that day: at its time in the stop's own zone (with that zone's VTIMEZONE), or all day.
UIDs come from the uids the store gives every stop and site, never from row ids, so that
a calendar updates an event on a second import instead of doubling it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop
from cityplanner.domain.schedule import StopDates, add_days, site_date
from cityplanner.domain.units import DistanceUnit, distance_text
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.domain.wording import clock_change, mode_phrase
from cityplanner.formats.document import GENERATOR, ExportOptions, TripDocument
from cityplanner.formats.escape import ics_text
from cityplanner.geo.timezones import clock_change_hours, zone, zone_name

log = logging.getLogger(__name__)

_LINE_OCTETS = 75
_SCAN_STEP = timedelta(hours=6)
_DEFAULT_MINUTES = 60
_NAMES_IN_A_NOTE = 20
#: Namespace of the UIDs made for stops and sites that have none yet (unsaved documents).
_UID_NAMESPACE = uuid.UUID("5a0f6e0c-8f1e-5b7a-9c43-6f2d1b7e4c10")


def write_ics(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """Write a calendar; stops without a date, and visits past their stay, go to the notes."""
    planned = _planned(doc)
    if all(d.arrival is None for d in planned):
        raise ValidationError(
            f"{doc.trip.name!r} has no stop with an arrival date, so it cannot become a "
            "calendar; set the trip's start date first (cityplanner set-start TRIP YYYY-MM-DD)."
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    calendar = _Calendar(doc, planned, stamp=stamp, unit=options.unit)
    for index in range(len(doc.stops)):
        calendar.add_stop(index)
    options.notes.extend(calendar.notes())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{GENERATOR}//Trip export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(doc.trip.name)}",
        f"X-WR-RELCALID:{ics_text(calendar.uids.trip)}",
    ]
    for name, years in sorted(calendar.zone_years.items()):
        tz = zone(name)
        if tz is not None:
            # A year either side, clamped to what `datetime` holds in every zone.
            lines.extend(_vtimezone(tz, max(min(years) - 1, 2), min(max(years) + 1, 9998)))
    lines.extend(calendar.events)
    lines.append("END:VCALENDAR")
    out.write("".join(_fold(line) + "\r\n" for line in lines).encode("utf-8"))


def _planned(doc: TripDocument) -> list[StopDates]:
    """The stops' dates as the document holds them, never made up for a stop without one.

    For a stored trip they are the plan from its start and nights (the store keeps every
    arrival equal to it); a document built elsewhere may leave some stops undated.
    """
    return [StopDates(s.arrival, s.departure, s.arrival, s.pinned) for s in doc.stops]


class _Uids:
    """`<uid>@cityplanner` from the stored uids; made from the trip and position if empty."""

    def __init__(self, doc: TripDocument) -> None:
        self._base = doc.trip.uid or doc.trip.name
        self._seen: set[str] = set()
        self.trip = doc.trip.uid or self._made("trip")

    def get(self, stored: str, *where: object) -> str:
        """The bare uid (without the domain): `stored`, or one made from `where`."""
        uid = stored or self._made(*where)
        if uid in self._seen:  # stops copied with their uids: keep each event its own
            uid = self._made(uid, *where)
        self._seen.add(uid)
        return uid

    def _made(self, *where: object) -> str:
        return str(uuid.uuid5(_UID_NAMESPACE, "\x1f".join(map(str, (self._base, *where)))))


@dataclass(frozen=True, slots=True)
class _Leg:
    """The journey that arrives at a stop, as a calendar tells it."""

    origin: str
    destination: str
    mode: TravelMode | None
    km: float
    clock_hours: float | None
    unit: DistanceUnit = DistanceUnit.KM

    def details(self) -> list[str]:
        parts = [distance_text(self.km, self.unit)] if self.km > 0 else []
        if self.clock_hours:
            parts.append(f"clock change {clock_change(self.clock_hours)}")
        return parts

    def arrival(self) -> str:
        """ "Arrival by train from Albi, 67 km." """
        how = f" {_by(self.mode)}" if self.mode is not None else ""
        return ", ".join([f"Arrival{how} from {self.origin}", *self.details()]) + "."

    def summary(self) -> str:
        """ "Albi → Arles by car, 202 km" """
        how = f" {_by(self.mode)}" if self.mode is not None else ""
        return ", ".join([f"{self.origin} → {self.destination}{how}", *self.details()])


class _Calendar:
    """The events of one trip, with the zones their times use and what was left out."""

    def __init__(
        self,
        doc: TripDocument,
        planned: Sequence[StopDates],
        *,
        stamp: str,
        unit: DistanceUnit = DistanceUnit.KM,
    ) -> None:
        self._doc, self._planned, self._stamp, self._unit = doc, planned, stamp, unit
        self._index_of: dict[int | None, int] = {s.id: i for i, s in enumerate(doc.stops)}
        self.uids = _Uids(doc)
        self.events: list[str] = []
        self.zone_years: dict[str, set[int]] = {}
        self._undated: list[str] = []
        self._past_stay: list[str] = []

    def add_stop(self, index: int) -> None:
        """The stay at stop `index`, the travel that arrives there, and its planned visits."""
        stop, dates = self._doc.stops[index], self._planned[index]
        if dates.arrival is None:
            self._undated.append(stop.name)
            return
        uid = self.uids.get(stop.uid, "stop", index)
        leg = self._leg(index, dates.arrival)
        end = dates.departure if stop.nights else add_days(dates.arrival, 1)
        self._event(
            uid,
            _all_day(dates.arrival, end),
            summary=stop.name,
            where=_where(stop),
            geo=(stop.place.lat, stop.place.lon),
            description=self._stay_text(index, stop, leg),
        )
        if leg is not None:
            self._event(
                self.uids.get(f"{uid}-travel", "travel", index),
                _all_day(dates.arrival, add_days(dates.arrival, 1)),
                summary=leg.summary(),
                description=f"Travel day of {self._doc.trip.name}: {leg.arrival()}",
            )
        for number, site in enumerate(self._doc.sites_of(stop)):
            when = site_date(site, self._doc.stops, self._planned, self._index_of)
            if when is not None:
                uid = self.uids.get(site.uid, "stop", index, "site", number)
                self._site(uid, site, when=when)
            elif site.day_of_stay is not None:
                self._past_stay.append(f"{site.name} ({stop.name})")

    def notes(self) -> list[str]:
        """One line per kind of thing the calendar could not hold, naming each."""
        notes = []
        if self._undated:
            notes.append(
                "Left out of the calendar, having no date yet (set the trip's start date): "
                + _names(self._undated)
            )
        if self._past_stay:
            notes.append(
                "Left out of the calendar, planned for a day after their stay ends: "
                + _names(self._past_stay)
            )
        return notes

    def _leg(self, index: int, arrival: date) -> _Leg | None:
        stop = self._doc.stops[index]
        legs = self._doc.legs_km
        km = legs[index] if index < len(legs) else 0.0  # legs are optional
        if index == 0 or (stop.mode is None and km <= 0):
            return None
        before = self._doc.stops[index - 1]
        hours = clock_change_hours(before.place, stop.place, arrival)
        return _Leg(before.name, stop.name, stop.mode, km, hours, self._unit)

    def _stay_text(self, index: int, stop: Stop, leg: _Leg | None) -> str:
        nights = f"{stop.nights} night{'s' if stop.nights != 1 else ''}"
        lines = [f"Stop {index + 1} of {len(self._doc.stops)} in {self._doc.trip.name}, {nights}."]
        if leg is not None:
            lines.append(leg.arrival())
        if stop.notes:
            lines.append(stop.notes)
        sites = self._doc.sites_of(stop)
        if sites:
            lines.append("Sites: " + "; ".join(f"{s.name} ({s.theme.label})" for s in sites))
        return "\n".join(lines)

    def _site(self, uid: str, site: Site, *, when: date) -> None:
        stop = self._doc.stops[self._index_of[site.stop_id]]
        if site.start_time is None:
            span = _all_day(when, add_days(when, 1))
        else:
            minutes = site.minutes or _DEFAULT_MINUTES
            span = self._timed(stop, when=when, at=site.start_time, minutes=minutes)
        lines = [f"{site.theme.label} site in {stop.name}."]
        lines.extend(text for text in (site.description, site.url) if text)
        self._event(
            uid,
            span,
            summary=site.name,
            where=site.address or _where(stop),
            geo=(site.lat, site.lon) if site.lat is not None and site.lon is not None else None,
            description="\n".join(lines),
            busy=site.start_time is not None,
            category=site.theme.label,
        )

    def _timed(self, stop: Stop, *, when: date, at: time, minutes: int) -> list[str]:
        """DTSTART and DTEND on the stop's wall clock, or floating if its zone is unknown."""
        name = zone_name(stop.place)
        tz = zone(name)
        start = datetime.combine(when, at.replace(tzinfo=None, microsecond=0))
        length = timedelta(minutes=minutes)
        try:
            if tz is None:
                end = start + length
            else:  # elapsed time: a visit across a clock change still lasts `minutes`
                moment = start.replace(tzinfo=tz).astimezone(UTC) + length
                end = moment.astimezone(tz).replace(tzinfo=None)
        except OverflowError:
            end = None
        if tz is None:
            log.info("No time zone for %s; its visits are written in floating time", stop.name)
            prefix = ""
        else:
            prefix = f";TZID={name}"
            years = self.zone_years.setdefault(name, set())
            years.update({start.year} if end is None else {start.year, end.year})
        span = [f"DTSTART{prefix}:{start:%Y%m%dT%H%M%S}"]
        span.append(
            f"DURATION:PT{minutes}M" if end is None else f"DTEND{prefix}:{end:%Y%m%dT%H%M%S}"
        )
        return span

    def _event(
        self,
        uid: str,
        span: list[str],
        *,
        summary: str,
        description: str,
        where: str = "",
        geo: tuple[float, float] | None = None,
        busy: bool = False,
        category: str = "",
    ) -> None:
        lines = ["BEGIN:VEVENT", f"UID:{ics_text(uid)}@cityplanner", f"DTSTAMP:{self._stamp}"]
        lines.extend(span)
        lines.append(f"SUMMARY:{ics_text(summary)}")
        if where:
            lines.append(f"LOCATION:{ics_text(where)}")
        if geo is not None:
            lines.append(f"GEO:{geo[0]:.6f};{geo[1]:.6f}")
        if category:
            lines.append(f"CATEGORIES:{ics_text(category)}")
        lines.append(f"DESCRIPTION:{ics_text(description)}")
        lines.extend([f"TRANSP:{'OPAQUE' if busy else 'TRANSPARENT'}", "END:VEVENT"])
        self.events.extend(lines)


def _all_day(start: date, end: date | None) -> list[str]:
    """Whole days from `start` up to the exclusive `end` (one day if past the year 9999)."""
    span = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}"]
    if end is not None:
        span.append(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
    return span


def _where(stop: Stop) -> str:
    place = stop.place
    return ", ".join(p for p in (place.name, place.admin1, place.country_code) if p)


def _by(mode: TravelMode) -> str:
    return mode_phrase(mode.value)


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_NAMES_IN_A_NOTE])
    more = len(names) - _NAMES_IN_A_NOTE
    return shown + (f" and {more:,} more." if more > 0 else ".")


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
