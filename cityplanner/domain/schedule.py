"""The trip as days: arrivals that follow from the start and each stay's nights, unless pinned.

A trip may have a start date. Each stop stays some nights. A stop's arrival is *derived*:
the previous stop's departure (arrival + nights), the first stop's being the trip's start.
A stop may instead have a *pinned* arrival (a booked hotel, a conference day), which anchors
the stops after it. A pinned arrival earlier than the derived one is an *overlap* (a
conflict); a later one leaves a *gap* of free days (a notice). Everything here is pure:
the store and the window call the same functions, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop


class StopDates(NamedTuple):
    """When one stop of a planned trip begins and ends, and how that fits its neighbours.

    A named tuple rather than a dataclass: a 2,000-stop trip is planned again after every
    edit, and tuples are made and compared several times faster.
    """

    arrival: date | None
    departure: date | None
    derived: date | None
    """The arrival the stop would have if it followed the previous one."""
    pinned: bool
    overlap_days: int = 0
    """Days the pinned arrival falls before the previous stop's departure."""
    gap_days: int = 0
    """Free days between the previous stop's departure and a later pinned arrival."""
    too_late: bool = False
    """The stay would end after 31 December 9999, the last day a date can hold."""

    @property
    def conflict(self) -> bool:
        return self.overlap_days > 0 or self.too_late


def add_days(day: date, days: int) -> date | None:
    """`day` + `days`, or None past the last representable date."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


#: What the schedule needs of a stop: its arrival as stored, its nights, whether it is pinned.
Timeline = Sequence[tuple[date | None, int, bool]]


def plan_dates(start: date | None, stops: Sequence[Stop]) -> list[StopDates]:
    """The dates of every stop, in order, from the trip's start, nights and pinned arrivals."""
    return plan_timeline(start, [(s.arrival, s.nights, s.pinned) for s in stops])


def plan_timeline(start: date | None, timeline: Timeline) -> list[StopDates]:
    """`plan_dates` over bare (arrival, nights, pinned) rows, as the store reads them."""
    arrivals, departures = plan_arrivals(start, timeline)
    planned: list[StopDates] = []
    follow = start  # where the stop arrives if it follows the one before
    for (_stored, _nights, pin), arrival, departure in zip(
        timeline, arrivals, departures, strict=True
    ):
        pinned = pin and arrival is not None
        overlap = gap = 0
        if pinned and follow is not None and arrival is not None:
            difference = (arrival - follow).days
            overlap, gap = max(0, -difference), max(0, difference)
        too_late = arrival is not None and departure is None
        planned.append(StopDates(arrival, departure, follow, pinned, overlap, gap, too_late))
        follow = departure
    return planned


def plan_arrivals(
    start: date | None, timeline: Timeline
) -> tuple[list[date | None], list[date | None]]:
    """The rule itself: each stop's arrival and departure, nothing else (the store's hot path).

    A pinned stop with a date arrives on it; any other arrives when the one before leaves
    (the first on the trip's start). A departure past the year 9999 is None.
    """
    arrivals: list[date | None] = []
    departures: list[date | None] = []
    follow = start
    one_day = timedelta(days=1)
    for stored, nights, pin in timeline:
        arrival = stored if (pin and stored is not None) else follow
        departure: date | None = None
        if arrival is not None:
            try:
                departure = arrival + one_day * nights
            except OverflowError:
                departure = None
        arrivals.append(arrival)
        departures.append(departure)
        follow = departure
    return arrivals, departures


def check_plan(start: date | None, stops: Sequence[Stop]) -> list[StopDates]:
    """`plan_dates`, refusing a plan whose stays run past the year 9999."""
    planned = plan_dates(start, stops)
    for stop, dates in zip(stops, planned, strict=True):
        if dates.too_late:
            raise ValidationError(
                f"{stop.nights} nights in {stop.place.name} from {dates.arrival} would go past "
                "the year 9999."
            )
    return planned


def redated(
    start: date | None, stops: Sequence[Stop], planned: Sequence[StopDates] | None = None
) -> list[Stop]:
    """`stops` with each arrival set to its planned date; unchanged stops are the same objects.

    Pass `planned` when the plan of exactly these stops is at hand.
    """
    out: list[Stop] = []
    for stop, dates in zip(stops, planned or plan_dates(start, stops), strict=True):
        out.append(stop if stop.arrival == dates.arrival else _copy(stop, arrival=dates.arrival))
    return out


def adopt_dates(start: date | None, stops: Sequence[Stop]) -> tuple[date | None, list[Stop]]:
    """A start and pins that keep every arrival `stops` already carry (imports, old files).

    With no start, the first dated stop gives it: the start is chosen so that this stop's
    derived arrival is its date. A dated stop whose date equals its derived date follows;
    any other dated stop is pinned. Undated stops follow.
    """
    rows = [(s.arrival, s.nights) for s in stops]
    start, pins = adopt_timeline(start, rows, pinned=[s.pinned for s in stops])
    out = [
        stop if stop.pinned == pin else _copy(stop, pinned=pin)
        for stop, pin in zip(stops, pins, strict=True)
    ]
    return start, out


def adopt_timeline(
    start: date | None,
    timeline: Sequence[tuple[date | None, int]],
    *,
    pinned: Sequence[bool] | None = None,
) -> tuple[date | None, list[bool]]:
    """`adopt_dates` over bare (arrival, nights) rows: the start, and which rows to pin."""
    already = list(pinned) if pinned is not None else [False] * len(timeline)
    if start is None:
        nights_before = 0
        for arrival, nights in timeline:
            if arrival is not None:
                start = add_days(arrival, -nights_before)
                break
            nights_before += nights
    pins: list[bool] = []
    follow = start
    for (arrival, nights), pin in zip(timeline, already, strict=True):
        pin = arrival is not None and (pin or arrival != follow)
        pins.append(pin)
        effective = arrival if pin else follow
        follow = add_days(effective, nights) if effective is not None else None
    return start, pins


@dataclass(frozen=True, slots=True)
class TripSpan:
    """The first and last day of a dated trip, both counted."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def trip_span(planned: Sequence[StopDates]) -> TripSpan | None:
    """From the first arrival to the last departure; None if nothing is dated."""
    arrivals = [d.arrival for d in planned if d.arrival is not None]
    ends = [d.departure or d.arrival for d in planned if d.arrival is not None]
    if not arrivals:
        return None
    return TripSpan(min(arrivals), max(e for e in ends if e is not None))


def conflict_text(stops: Sequence[Stop], planned: Sequence[StopDates], index: int) -> str | None:
    """One sentence saying what collides at stop `index`, or None."""
    dates = planned[index]
    stop = stops[index]
    if dates.too_late:
        return f"The stay in {stop.place.name} would end after the year 9999."
    if dates.overlap_days <= 0 or index == 0:
        if dates.overlap_days > 0:
            days = _days(dates.overlap_days)
            return f"{stop.place.name} is pinned {days} before the trip's start."
        return None
    before = stops[index - 1].place.name
    days = _days(dates.overlap_days)
    return (
        f"{stop.place.name} is pinned to arrive on {dates.arrival}, {days} before the stay in "
        f"{before} ends ({dates.derived})."
    )


def gap_text(stops: Sequence[Stop], planned: Sequence[StopDates], index: int) -> str | None:
    """A notice of free days before a pinned stop, or None."""
    dates = planned[index]
    if dates.gap_days <= 0:
        return None
    return f"{_days(dates.gap_days)} free before {stops[index].place.name}."


def day_of_stay(stop_arrival: date | None, nights: int, day: date) -> int:
    """The 0-based day of a stay on which `day` falls (0: arrival day, `nights`: departure)."""
    if stop_arrival is None:
        raise ValidationError("This stop has no date yet, so its sites cannot be scheduled.")
    offset = (day - stop_arrival).days
    if not 0 <= offset <= nights:
        last = add_days(stop_arrival, nights)
        raise ValidationError(
            f"{day} is outside the stay ({stop_arrival} to {last}); choose a day of the stay."
        )
    return offset


@dataclass(frozen=True, slots=True)
class Day:
    """One day of a dated trip: where you sleep, the travel of the day, the sites planned."""

    number: int
    date: date
    sleep: int | None
    """Index of the stop where the night is spent (None on the last day)."""
    night: int
    """Which night of that stay this is (1-based), or 0."""
    arrivals: tuple[int, ...]
    """Indexes of the stops arrived at this day: each is the end of a leg from the one before."""
    sites: tuple[Site, ...]
    """Sites scheduled this day, in order of time (untimed last)."""
    clashes: tuple[tuple[int, int], ...] = ()
    """Other stays that also claim this night (a conflict): (stop index, night of its stay)."""


#: Days listed at most: a pin typed in the wrong century must not list a million days.
MAX_DAYS = 3660


def trip_days(
    stops: Sequence[Stop],
    planned: Sequence[StopDates],
    sites: Sequence[Site],
    *,
    limit: int = MAX_DAYS,
) -> list[Day]:
    """Every day from the trip's first to its last (at most `limit` of them), each with its
    stay, travel and sites."""
    span = trip_span(planned)
    if span is None:
        return []
    index_of = {s.id: i for i, s in enumerate(stops)}
    scheduled: dict[date, list[Site]] = {}
    for site in sites:
        when = site_date(site, stops, planned, index_of)
        if when is not None:
            scheduled.setdefault(when, []).append(site)
    sleeps: dict[date, tuple[int, int]] = {}
    clashes: dict[date, list[tuple[int, int]]] = {}
    arrivals: dict[date, list[int]] = {}
    for i, dates in enumerate(planned):
        if dates.arrival is None:
            continue
        if i > 0:
            arrivals.setdefault(dates.arrival, []).append(i)
        for night in range(stops[i].nights):
            day = add_days(dates.arrival, night)
            if day is None:
                continue
            if day in sleeps:  # a later, pinned stop wins an overlapping night
                clashes.setdefault(day, []).append(sleeps[day])
            sleeps[day] = (i, night + 1)
    days: list[Day] = []
    for number in range(min(span.days, limit)):
        day = span.start + timedelta(days=number)
        sleep, night = sleeps.get(day, (None, 0))
        planned_sites = sorted(
            scheduled.get(day, []), key=lambda s: (s.start_time is None, s.start_time, s.name)
        )
        days.append(
            Day(
                number + 1,
                day,
                sleep,
                night,
                tuple(arrivals.get(day, [])),
                tuple(planned_sites),
                tuple(clashes.get(day, [])),
            )
        )
    return days


def site_date(
    site: Site,
    stops: Sequence[Stop],
    planned: Sequence[StopDates],
    index_of: dict[int | None, int] | None = None,
) -> date | None:
    """The date a site is scheduled on, or None if it is not (or its day is past the stay)."""
    if site.day_of_stay is None:
        return None
    index = (index_of or {s.id: i for i, s in enumerate(stops)}).get(site.stop_id)
    if index is None:
        return None
    dates = planned[index]
    if dates.arrival is None or site.day_of_stay > stops[index].nights:
        return None
    return add_days(dates.arrival, site.day_of_stay)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _copy(stop: Stop, **changes: object) -> Stop:
    """A copy of a validated stop with dates changed, without running every check again.

    `dataclasses.replace` re-validates names and notes; re-dating a 2,000-stop trip after
    each edit must stay well within a frame, and dates need no such checks.
    """
    copy = object.__new__(Stop)
    for name in Stop.__slots__:
        object.__setattr__(copy, name, changes.get(name, getattr(stop, name)))
    return copy
