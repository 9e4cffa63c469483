"""iCalendar in (RFC 5545): events with a place become dated stops, visits inside a stay sites.

The events are read by `cityplanner.formats.ics_events` (with `icalendar` and
`recurring-ical-events`, repetitions read for two years and at most `MAX_OCCURRENCES`
a series). Each event with a GEO and/or a LOCATION is a stay somewhere:

- its arrival is the start's date on the event's own clock: its TZID, the calendar's
  X-WR-TIMEZONE, or as written for floating times and for a TZID no one knows (which
  is noted). A time on no one's clock (UTC, a `Z` time, or a fixed offset) is dated on
  the clock of the place it names, found by its GEO or in the gazetteer: a check-in at
  00:30 in Tokyo written `20260430T153000Z` arrives on 1 May;
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

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.sphere import haversine_km
from cityplanner.domain.themes import guess_theme
from cityplanner.domain.validation import MAX_TEXT_LENGTH
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions, ParsedFile, PendingSite
from cityplanner.formats.fields import clean_name
from cityplanner.formats.ics_events import (
    MAX_OCCURRENCES,
    CalendarEvent,
    EventReader,
    read_calendar,
    text_of,
)
from cityplanner.formats.safety import check_feature_count
from cityplanner.formats.wording import counted
from cityplanner.geo.gazetteer_match import PlaceMatch
from cityplanner.geo.timezones import zone, zone_name

log = logging.getLogger(__name__)

__all__ = ["MAX_OCCURRENCES", "read_ics"]

#: An event this close to a stop's place, during its stay, is a visit at that stop.
SAME_STOP_KM = 25.0
#: A city named in LOCATION names an event with a GEO only if it is this close to it.
NAMED_CITY_KM = 50.0
_DIGITS = re.compile(r"\d")


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
    calendar = read_calendar(data, label)
    parsed = ParsedFile(label=label, kind="iCalendar")
    parsed.trip_name = clean_name(str(calendar.get("X-WR-CALNAME", "")), "")
    parsed.trip_description = text_of(calendar.get("X-WR-CALDESC"))
    reader = EventReader(label)
    events: list[CalendarEvent] = []
    for event in reader.events(calendar):  # counted as read: refused at the limit
        events.append(event)
        check_feature_count(len(events), label, "events")
    unreadable = reader.unreadable()
    if not events and unreadable:
        raise ValidationError(unreadable)
    _Planner(parsed, options).plan(events)
    parsed.notes[:0] = reader.notes()
    return parsed


class _Planner:
    """Turns located events, in order, into stays and the visits inside them."""

    def __init__(self, parsed: ParsedFile, options: ImportOptions) -> None:
        self._parsed, self._options = parsed, options
        self._stays: list[_Stay] = []
        #: The stays not yet over on the day of the event being planned (events come in
        #: order of their start), so that a calendar of many stays is not searched whole.
        self._open: list[int] = []
        self._by_gazetteer = 0

    def plan(self, events: list[CalendarEvent]) -> None:
        placed = [self._placed(event) for event in events]
        placed.sort(key=lambda p: (p[0].arrival, p[0].at or time(0)))  # stable: file order next
        sites: list[PendingSite] = []
        for event, place in placed:
            if place is None:
                where = f" ({event.location})" if event.location else ""
                self._parsed.not_found.append(f"{event.summary}{where}")
                continue
            index = self._stay_at(place, event.arrival)
            if index is None:
                self._open.append(len(self._stays))
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
        self._open = [i for i in self._open if self._stays[i].departure >= day]
        for index in reversed(self._open):
            stay = self._stays[index]
            near = haversine_km(stay.place.lat, stay.place.lon, place.lat, place.lon)
            if near <= SAME_STOP_KM:
                return index
        return None

    def _site(self, event: CalendarEvent, place: Place, index: int) -> PendingSite:
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

    def _placed(self, event: CalendarEvent) -> tuple[CalendarEvent, Place | None]:
        """The event's place, and the event dated on that place's clock if its time was
        on no one's (UTC or a fixed offset)."""
        place = self._place(event)
        if place is None or event.instants is None:
            return event, place
        clock = zone(zone_name(place))
        return (event if clock is None else event.on_clock(clock)), place

    def _place(self, event: CalendarEvent) -> Place | None:
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

    def _city(self, event: CalendarEvent) -> PlaceMatch | None:
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


def _notes(event: CalendarEvent, place: Place) -> str:
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
