"""The events of an iCalendar file, one per occurrence, their dates on their own clocks.

See `cityplanner.formats.ics_import` for what becomes of them. Parsing uses `icalendar`
(time zones from VTIMEZONE, IANA and Windows names) and recurrence `recurring-ical-events`,
with Google's X-WR-TIMEZONE applied first by `x-wr-timezone`: RRULE, RDATE, EXDATE and
moved occurrences are subtle enough that a well-kept implementation beats one of our own.
Its work is bounded first by `cityplanner.formats.ics_rules`: a repetition is read for
two years from its start, at most `MAX_OCCURRENCES` dates a series and
`MAX_REPEATED_DATES` in all, and a rule no date can match ends at once.

`icalendar` reads a property it cannot parse as a "broken" one and raises only when
its value is used; each event is checked before it is read, so that a broken DTSTART,
GEO or DURATION, or two DTSTART lines, leave out that event, counted and named, and
the others are read.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import MAX_TEXT_LENGTH, plain_line, plain_text
from cityplanner.formats.fields import clean_name
from cityplanner.formats.ics_rules import bound_rule
from cityplanner.formats.wording import counted, first_reason

log = logging.getLogger(__name__)

#: Occurrences read of one recurring series (a year of daily events); later ones are left out.
MAX_OCCURRENCES = 366
#: Dates all repeating events of one file may give together; a calendar of more is not
#: a trip's (700 daily series would be 256,200 stops) and is refused as soon as it is
#: passed, the rest left unread.
MAX_REPEATED_DATES = 10_000
_NAMES_SHOWN = 20
#: What `icalendar` raises for text it cannot read (it has no error class of its own).
_PARSE_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError)
#: Properties of an event read as one value: two of them make the event unreadable.
_SINGLE = ("DTSTART", "DTEND", "DURATION", "GEO", "RECURRENCE-ID", "LOCATION", "SUMMARY")
#: Properties of an event whose values are parsed (a broken one is named).
_PARSED = ("DTSTART", "DTEND", "DURATION", "GEO", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE",
           "SEQUENCE")  # fmt: skip
#: Zone names of UTC itself (a `Z` time), besides fixed offsets.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Etc/Universal",
                        "Zulu", "Etc/Zulu", "Z"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class CalendarEvent:
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
    #: The start and end of a time on a fixed clock (UTC, a `Z` time, or a fixed
    #: offset): no one's local time, so the planner dates it on the place's clock.
    instants: tuple[datetime, datetime] | None = None

    def on_clock(self, zone: tzinfo) -> CalendarEvent:
        """This event dated on `zone`'s clock if its time is on a fixed one, else itself."""
        if self.instants is None:
            return self
        start, finish = (moment.astimezone(zone) for moment in self.instants)
        arrival, at, nights, minutes = _timed(start, finish)
        return replace(self, arrival=arrival, at=at, nights=nights, minutes=minutes)


def read_calendar(data: bytes, label: str) -> icalendar.Calendar:
    """The calendar of a file, its X-WR-TIMEZONE applied; a clear refusal if it is none."""
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


class EventReader:
    """The occurrences of every event, with counts of what was left out and why."""

    def __init__(self, label: str) -> None:
        self._label = label
        self.skipped: Counter[str] = Counter()
        self.first_bad = ""
        self.capped: list[str] = []
        self.unrepeated: list[str] = []
        self.unknown_zones: set[str] = set()
        self.repeated_dates = 0

    def events(self, calendar: icalendar.Calendar) -> Iterator[CalendarEvent]:
        zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        series: dict[str, list[Any]] = {}
        for index, component in enumerate(calendar.walk("VEVENT")):
            uid = component.get("UID", "")
            uid = str(uid) if isinstance(uid, str) and uid else f"\x00{index}"
            series.setdefault(uid, []).append(component)
        for number, components in enumerate(series.values(), start=1):
            try:
                found = self._series(components, zones)
            except _TooManyDates:
                raise
            except ValidationError as exc:
                self._bad(number, len(components), first_reason(exc))
                continue
            except _PARSE_ERRORS as exc:  # what the checks did not foresee
                log.info("Event %s of %s not read: %r", number, self._label, exc)
                self._bad(number, len(components), "it cannot be read")
                continue
            yield from found

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
                f"Repeating events read up to their first {MAX_OCCURRENCES} occurrences "
                f"within two years of their start, later ones left out: {names_of(self.capped)}"
            )
        if self.unrepeated:
            notes.append(
                "Repeating events read on their first date only, as they repeat more often "
                f"than daily or on no date within two years: {names_of(self.unrepeated)}"
            )
        if self.unknown_zones:
            notes.append(
                "Times in a zone CityPlanner does not know, read as written: "
                + names_of(sorted(self.unknown_zones))
            )
        return notes

    def unreadable(self) -> str:
        """Why nothing could be read, if every event was left out as unreadable."""
        bad = self.skipped["bad"]
        if not bad or self.skipped["no place"]:
            return ""
        if bad == 1:
            return f"{self._label} holds one event and it cannot be read ({self.first_bad})."
        return (
            f"{self._label}: none of its {bad:,} events can be read (the first, {self.first_bad})."
        )

    def _bad(self, number: int, count: int, reason: str) -> None:
        self.skipped["bad"] += count
        self.first_bad = self.first_bad or f"event {number}: {reason}"

    def _series(self, components: list[Any], zones: list[Any]) -> list[CalendarEvent]:
        for component in components:
            _check_properties(component)
        master = next((c for c in components if "RECURRENCE-ID" not in c), components[0])
        _check_span(master)
        self._note_zone(master)
        if not any(key in master for key in ("RRULE", "RDATE")):
            # Events that do not repeat but share a UID (some programs reuse them) are each
            # their own; a moved occurrence without a series to move is the event itself.
            occurrences: list[Any] = [c for c in components if "RECURRENCE-ID" not in c]
            for other in occurrences[1:]:
                _check_span(other)
            occurrences = occurrences or [master]
        elif not any(_names_place(c) for c in components):
            self.skipped["no place"] += 1  # a series without a place: not worth expanding
            return []
        else:
            occurrences = self._repetitions(master, components, zones)
        events = []
        for occurrence in occurrences:
            event = _event(occurrence)
            if event is None:
                self.skipped["no place"] += 1
            else:
                events.append(event)
        return events

    def _repetitions(self, master: Any, components: list[Any], zones: list[Any]) -> list[Any]:
        """The series' occurrences, its rules bounded first (see `ics_rules`)."""
        cut = dropped = False
        for component in components:
            if "RRULE" not in component or "RECURRENCE-ID" in component:
                continue
            rules = component.pop("RRULE")
            for rule in rules if isinstance(rules, list) else [rules]:
                bounded = bound_rule(rule, component["DTSTART"].dt, limit=MAX_OCCURRENCES)
                cut = cut or (bounded.cut and bounded.rule is not None)
                dropped = dropped or bounded.rule is None
                if bounded.rule is not None:
                    component.add("RRULE", bounded.rule)
        single = icalendar.Calendar()
        for zone in zones:
            single.add_component(zone)
        for component in components:
            single.add_component(component)
        try:
            found = recurring_ical_events.of(single).all()
            occurrences = list(itertools.islice(found, MAX_OCCURRENCES + 1))
        except (*_PARSE_ERRORS, recurring_ical_events.InvalidCalendar) as exc:
            raise ValidationError(f"its repetition cannot be read ({first_reason(exc)}).") from None
        if len(occurrences) > MAX_OCCURRENCES:
            occurrences, cut = occurrences[:MAX_OCCURRENCES], True
        self.repeated_dates += len(occurrences)
        if self.repeated_dates > MAX_REPEATED_DATES:
            raise _TooManyDates(
                f"{self._label} holds repeating events of more than {MAX_REPEATED_DATES:,} "
                "dates in all, too many for a trip; export only the trip's own events "
                "and import those."
            )
        if cut:
            self.capped.append(_summary(master))
        elif dropped:
            self.unrepeated.append(_summary(master))
        return occurrences

    def _note_zone(self, component: Any) -> None:
        start = component.get("DTSTART")
        tzid = start.params.get("TZID") if start is not None else None
        if tzid and isinstance(start.dt, datetime) and start.dt.tzinfo is None:
            self.unknown_zones.add(plain_line(str(tzid))[:60])


class _TooManyDates(ValidationError):
    """A whole file refused (not one event left out): its repetitions are too many."""


def _names_place(component: Any) -> bool:
    return component.get("GEO") is not None or bool(plain_line(str(component.get("LOCATION", ""))))


def _check_properties(component: Any) -> None:
    """Refuse an event with a property given twice that is read once, or one that
    `icalendar` could not parse (it would raise only when the value is used)."""
    for name in _SINGLE:
        value = component.get(name)
        if isinstance(value, list):
            raise ValidationError(f"it has {len(value)} {name} lines")
    for name in _PARSED:
        value = component.get(name)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, icalendar.vBroken):
                text = plain_line(str(one))[:40]
                raise ValidationError(f"its {name} '{text}' cannot be read")


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


def _event(component: Any) -> CalendarEvent | None:
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
    instants: tuple[datetime, datetime] | None = None
    if not isinstance(start, datetime):
        last = end.date() if isinstance(end, datetime) else end
        arrival, nights = start, max((last - start).days, 1)
    else:
        finish = end if isinstance(end, datetime) else datetime.combine(end, time(0))
        if finish.tzinfo is not None and start.tzinfo is not None:
            finish = finish.astimezone(start.tzinfo)  # the dates on the event's own clock
            if _fixed(start.tzinfo):
                instants = (start, finish)
        arrival, at, nights, minutes = _timed(start, finish)
    return CalendarEvent(
        summary=_summary(component),
        location=location,
        geo=geo,
        arrival=arrival,
        nights=nights,
        all_day=all_day,
        at=at,
        minutes=minutes,
        description=text_of(component.get("DESCRIPTION")),
        categories=_categories(component.get("CATEGORIES")),
        instants=instants,
    )


def _timed(start: datetime, finish: datetime) -> tuple[date, time, int, int | None]:
    """The arrival, time, nights and minutes of a timed event, on the clock of `start`."""
    arrival, at = start.date(), start.time().replace(microsecond=0)
    nights = max((finish.date() - arrival).days, 0)
    length = (finish.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() // 60
    return arrival, at, nights, int(length) if 0 < length < 24 * 60 else None


def _fixed(zone: tzinfo) -> bool:
    """Whether `zone` is UTC or a fixed offset rather than the clock of somewhere."""
    if isinstance(zone, timezone):
        return True
    name = str(getattr(zone, "key", "") or zone)
    return name in _UTC_NAMES or name.startswith("Etc/")


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


def text_of(value: Any) -> str:
    return plain_text(str(value or "")).strip()[:MAX_TEXT_LENGTH]


def _categories(value: Any) -> str:
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    names = [str(c) for v in values for c in getattr(v, "cats", [v])]
    return plain_line(", ".join(names))[:200]


def names_of(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    more = len(names) - _NAMES_SHOWN
    return shown + (f" and {more:,} more." if more > 0 else ".")
