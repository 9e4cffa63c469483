"""iCalendar in (RFC 5545): events with a place become dated stops, visits inside a stay sites.

Parsing uses `icalendar` (time zones from VTIMEZONE, IANA and Windows names) and
recurrence uses `recurring-ical-events`, which also applies Google's X-WR-TIMEZONE
(through the `x-wr-timezone` package): RRULE, RDATE, EXDATE and moved occurrences
are subtle enough that a well-kept implementation beats one of our own.

Each event with a GEO and/or a LOCATION is a stay somewhere:

- its arrival is the start's date on the event's own clock (its TZID, UTC for a `Z`
  time, the calendar's X-WR-TIMEZONE, or as written for floating times and for a
  TZID no one knows, which is noted);
- its nights are the dates it spans: an all-day event from the 5th to the (exclusive)
  8th, or a booking from 15:00 the 5th to 11:00 the 8th, is 3 nights; a timed event
  within one day is 0. A one-day all-day event followed by another place the same
  day is 0 nights, which is how CityPlanner's own export writes a stop without nights;
- without GEO, the LOCATION is looked up in the offline gazetteer: the whole text, then
  its comma-separated parts from the end, postcodes left out ("Hotel Borg, Pósthússtræti
  11, 101 Reykjavík, Iceland" finds Reykjavík). What is not found is listed for the
  person to see, never guessed.

Events are taken in order of their start. An event at the place of a stop already made
(within `SAME_STOP_KM`) that starts during that stay is a visit there and becomes a site of
that stop: a dinner during a hotel stay, or the planned visits of CityPlanner's own export.
Any other event is a stop of its own, even inside another stay (a day trip from the hotel):
its date is kept, so it is pinned where it does not follow the stop before.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.themes import guess_theme
from cityplanner.domain.validation import MAX_TEXT_LENGTH, plain_line, plain_text
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions, ParsedFile, PendingSite
from cityplanner.formats.fields import clean_name
from cityplanner.formats.safety import check_feature_count
from cityplanner.formats.tracks import haversine_km
from cityplanner.formats.wording import counted, first_reason
from cityplanner.geo.gazetteer_match import PlaceMatch

log = logging.getLogger(__name__)

#: Occurrences read of one recurring series (a year of daily events); later ones are left out.
MAX_OCCURRENCES = 366
#: An event this close to a stop's place, during its stay, is a visit at that stop.
SAME_STOP_KM = 25.0
#: A city named in LOCATION names an event with a GEO only if it is this close to it.
NAMED_CITY_KM = 50.0
_NAMES_SHOWN = 20
_DIGITS = re.compile(r"\d")
#: What `icalendar` raises for text it cannot read (it has no error class of its own).
_PARSE_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError)


@dataclass(frozen=True, slots=True)
class _Event:
    """One occurrence of an event that names a place, its dates worked out."""

    summary: str
    location: str
    geo: tuple[float, float] | None
    arrival: date
    nights: int
    all_day: bool
    at: time | None
    minutes: int | None
    description: str
    categories: str


@dataclass(frozen=True, slots=True)
class _Stay:
    """A stop being made: where, from when, for how long."""

    place: Place
    arrival: date
    nights: int
    one_day: bool
    notes: str

    @property
    def departure(self) -> date:
        return self.arrival + timedelta(days=self.nights)


def read_ics(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Located events become stops (or sites of the stop whose stay they fall in)."""
    calendar = _calendar(data, label)
    parsed = ParsedFile(label=label, kind="iCalendar")
    parsed.trip_name = clean_name(str(calendar.get("X-WR-CALNAME", "")), "")
    parsed.trip_description = _text(calendar.get("X-WR-CALDESC"))
    reader = _EventReader(label)
    events = list(reader.events(calendar))
    check_feature_count(len(events), label, "events")
    _Planner(parsed, options).plan(events)
    parsed.notes[:0] = reader.notes()
    return parsed


def _calendar(data: bytes, label: str) -> icalendar.Calendar:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise ValidationError(
            f"{label} is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)."
        )
    if b"END:VCALENDAR" not in data[-4096:].upper():
        raise ValidationError(
            f"{label} is an incomplete iCalendar file: it does not end with END:VCALENDAR "
            "(it may have been cut short while being copied or downloaded)."
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except _PARSE_ERRORS as exc:
        reason = first_reason(exc).split(":")[0] or type(exc).__name__
        raise ValidationError(f"{label} is not a valid iCalendar file: {reason}.") from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise ValidationError(f"{label} is not an iCalendar file (it holds no VCALENDAR).")
    try:
        standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar)
    except _PARSE_ERRORS as exc:  # an X-WR-TIMEZONE no one knows: the times stay as written
        log.info("X-WR-TIMEZONE of %s not applied: %s", label, exc)
        return calendar
    return standard


class _EventReader:
    """The occurrences of every event, with counts of what was left out and why."""

    def __init__(self, label: str) -> None:
        self._label = label
        self.skipped: Counter[str] = Counter()
        self.first_bad = ""
        self.capped: list[str] = []
        self.unknown_zones: set[str] = set()

    def events(self, calendar: icalendar.Calendar) -> Iterator[_Event]:
        zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        series: dict[str, list[Any]] = {}
        for index, component in enumerate(calendar.walk("VEVENT")):
            uid = str(component.get("UID", "")) or f"\x00{index}"
            series.setdefault(uid, []).append(component)
        for number, components in enumerate(series.values(), start=1):
            try:
                yield from self._series(components, zones)
            except ValidationError as exc:
                self.skipped["bad"] += len(components)
                self.first_bad = self.first_bad or f"event {number}: {first_reason(exc)}"

    def notes(self) -> list[str]:
        notes = []
        if self.skipped["no place"]:
            what = counted(self.skipped["no place"], "event")
            notes.append(f"{what} without a LOCATION or GEO left out (they name no place).")
        if self.skipped["bad"]:
            what = counted(self.skipped["bad"], "event")
            notes.append(f"{what} that could not be read left out (the first, {self.first_bad}).")
        if self.capped:
            notes.append(
                f"Repeating events read up to their first {MAX_OCCURRENCES} occurrences, "
                f"later ones left out: {_names(self.capped)}"
            )
        if self.unknown_zones:
            notes.append(
                "Times in a zone CityPlanner does not know, read as written: "
                + _names(sorted(self.unknown_zones))
            )
        return notes

    def _series(self, components: list[Any], zones: list[Any]) -> Iterator[_Event]:
        master = next((c for c in components if "RECURRENCE-ID" not in c), components[0])
        _check_span(master)
        self._note_zone(master)
        if not any(key in master for key in ("RRULE", "RDATE")):
            occurrences: list[Any] = [master]
        else:
            single = icalendar.Calendar()
            for zone in zones:
                single.add_component(zone)
            for component in components:
                single.add_component(component)
            try:
                found = recurring_ical_events.of(single).all()
                occurrences = list(itertools.islice(found, MAX_OCCURRENCES + 1))
            except (*_PARSE_ERRORS, recurring_ical_events.InvalidCalendar) as exc:
                raise ValidationError(
                    f"its repetition cannot be read ({first_reason(exc)})."
                ) from None
            if len(occurrences) > MAX_OCCURRENCES:
                occurrences = occurrences[:MAX_OCCURRENCES]
                self.capped.append(_summary(master))
        for occurrence in occurrences:
            event = _event(occurrence)
            if event is None:
                self.skipped["no place"] += 1
            else:
                yield event

    def _note_zone(self, component: Any) -> None:
        start = component.get("DTSTART")
        tzid = start.params.get("TZID") if start is not None else None
        if tzid and isinstance(start.dt, datetime) and start.dt.tzinfo is None:
            self.unknown_zones.add(plain_line(str(tzid))[:60])


def _check_span(component: Any) -> None:
    """Refuse an event without a start, or ending before it starts (read as written:
    the recurrence library would quietly swap the two)."""
    start = component.get("DTSTART")
    if start is None:
        raise ValidationError("it has no DTSTART.")
    end = component.get("DTEND")
    if end is None:
        return
    first, last = start.dt, end.dt
    if isinstance(first, datetime) != isinstance(last, datetime):
        raise ValidationError("its DTSTART and DTEND are not both dates or both times.")
    if isinstance(first, datetime) and (first.tzinfo is None) != (last.tzinfo is None):
        first, last = first.replace(tzinfo=None), last.replace(tzinfo=None)
    if last < first:
        raise ValidationError(f"it ends ({last}) before it starts ({first}).")


def _event(component: Any) -> _Event | None:
    """The event's place, dates and texts; None if it names no place."""
    location = plain_line(str(component.get("LOCATION", "")))[:500]
    geo = _geo(component.get("GEO"))
    if not location and geo is None:
        return None
    start = component.get("DTSTART").dt
    end = _end(component, start)
    all_day = not isinstance(start, datetime)
    at: time | None = None
    minutes: int | None = None
    if not isinstance(start, datetime):
        last = end.date() if isinstance(end, datetime) else end
        arrival, nights = start, max((last - start).days, 1)
    else:
        finish = end if isinstance(end, datetime) else datetime.combine(end, time(0))
        if finish.tzinfo is not None and start.tzinfo is not None:
            finish = finish.astimezone(start.tzinfo)  # the dates on the event's own clock
        arrival, at = start.date(), start.time().replace(microsecond=0)
        nights = max((finish.date() - arrival).days, 0)
        length = (finish.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() // 60
        minutes = int(length) if 0 < length < 24 * 60 else None
    return _Event(
        summary=_summary(component),
        location=location,
        geo=geo,
        arrival=arrival,
        nights=nights,
        all_day=all_day,
        at=at,
        minutes=minutes,
        description=_text(component.get("DESCRIPTION")),
        categories=_categories(component.get("CATEGORIES")),
    )


def _end(component: Any, start: date) -> date:
    """DTEND, else DTSTART + DURATION, else the start (a one-day event when all-day)."""
    end = component.get("DTEND")
    if end is not None:
        value: date = end.dt
        return value
    duration = component.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        try:
            return start + duration.dt
        except OverflowError:
            return start
    return start if isinstance(start, datetime) else start + timedelta(days=1)


def _geo(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    lat, lon = float(value.latitude), float(value.longitude)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(f"its GEO {lat:g};{lon:g} is not a latitude and a longitude.")
    return lat, lon


def _summary(component: Any) -> str:
    return clean_name(str(component.get("SUMMARY", "")), "Event")


def _text(value: Any) -> str:
    return plain_text(str(value or "")).strip()[:MAX_TEXT_LENGTH]


def _categories(value: Any) -> str:
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    names = [str(c) for v in values for c in getattr(v, "cats", [v])]
    return plain_line(", ".join(names))[:200]


class _Planner:
    """Turns located events, in order, into stays and the visits inside them."""

    def __init__(self, parsed: ParsedFile, options: ImportOptions) -> None:
        self._parsed, self._options = parsed, options
        self._stays: list[_Stay] = []
        self._by_gazetteer = 0

    def plan(self, events: list[_Event]) -> None:
        events.sort(key=lambda e: (e.arrival, e.at or time(0)))  # stable: file order next
        sites: list[PendingSite] = []
        for event in events:
            place = self._place(event)
            if place is None:
                where = f" ({event.location})" if event.location else ""
                self._parsed.not_found.append(f"{event.summary}{where}")
                continue
            index = self._stay_at(place, event.arrival)
            if index is None:
                self._stays.append(_Stay(place, event.arrival, event.nights,
                                         event.all_day and event.nights == 1,
                                         _notes(event, place)))  # fmt: skip
            else:
                sites.append(self._site(event, place, index))
        self._parsed.stops.extend(self._stops())
        self._parsed.sites.extend(sites)
        if self._by_gazetteer:
            self._parsed.notes.append(
                f"{counted(self._by_gazetteer, 'place')} without GEO found by "
                "their LOCATION in the offline gazetteer."
            )

    def _stops(self) -> Iterator[Stop]:
        for index, stay in enumerate(self._stays):
            after = self._stays[index + 1] if index + 1 < len(self._stays) else None
            moved_on = after is not None and after.arrival == stay.arrival
            nights = 0 if stay.one_day and moved_on else stay.nights
            yield Stop(stay.place, arrival=stay.arrival, nights=nights, notes=stay.notes)

    def _stay_at(self, place: Place, day: date) -> int | None:
        """The latest stay at this place (or near it) whose days hold `day`."""
        for index in range(len(self._stays) - 1, -1, -1):
            stay = self._stays[index]
            near = haversine_km(stay.place.lat, stay.place.lon, place.lat, place.lon)
            if near <= SAME_STOP_KM and stay.arrival <= day <= stay.departure:
                return index
        return None

    def _site(self, event: _Event, place: Place, index: int) -> PendingSite:
        stay = self._stays[index]
        theme = _theme(event.categories) or self._options.default_theme
        exact = event.geo is not None
        return PendingSite(
            Site(
                name=event.summary,
                theme=theme,
                lat=place.lat if exact else None,
                lon=place.lon if exact else None,
                address=event.location,
                description=event.description,
                day_of_stay=(event.arrival - stay.arrival).days,
                start_time=event.at,
                minutes=event.minutes,
            ),
            stop_index=index,
        )

    def _place(self, event: _Event) -> Place | None:
        match = self._city(event)
        if event.geo is not None:
            lat, lon = event.geo
            if match is None:
                return Place(event.summary, lat, lon)
            return _from_match(match, lat, lon)
        if match is None:
            return None
        self._by_gazetteer += 1
        return _from_match(match, match.lat, match.lon)

    def _city(self, event: _Event) -> PlaceMatch | None:
        lookup = self._options.city_lookup
        if lookup is None or not event.location:
            return None
        for candidate in _candidates(event.location):
            try:
                match = lookup(candidate, "")
            except (CityPlannerError, ValueError):
                return None  # the gazetteer cannot be read: no guess
            if match is None:
                continue
            if event.geo is None:
                return match
            if haversine_km(event.geo[0], event.geo[1], match.lat, match.lon) <= NAMED_CITY_KM:
                return match
        return None


def _candidates(location: str) -> Iterator[str]:
    """The whole LOCATION, then its comma-separated parts from the end, postcodes dropped."""
    seen: set[str] = set()
    parts = [location, *reversed(location.split(","))] if "," in location else [location]
    for part in parts:
        words = [w for w in part.split() if not _DIGITS.search(w)]
        candidate = " ".join(words).strip(" .;")
        if 2 <= len(candidate) <= 100 and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            yield candidate


def _from_match(match: PlaceMatch, lat: float, lon: float) -> Place:
    return Place(
        match.name,
        lat,
        lon,
        country_code=match.country_code,
        admin1=match.admin1,
        timezone=match.timezone,
        population=match.population,
        source_id=match.source_id,
    )


def _notes(event: _Event, place: Place) -> str:
    lines = [event.summary] if event.summary.casefold() != place.name.casefold() else []
    if event.description:
        lines.append(event.description)
    return "\n".join(lines)[:MAX_TEXT_LENGTH]


def _theme(categories: str) -> Theme | None:
    for name in (c.strip() for c in categories.split(",")):
        if not name:
            continue
        try:
            return Theme.parse(name)
        except ValidationError:
            guessed = guess_theme(name)
            if guessed is not None:
                return guessed
    return None


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    more = len(names) - _NAMES_SHOWN
    return shown + (f" and {more:,} more." if more > 0 else ".")
