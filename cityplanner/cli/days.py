"""Commands over a trip's days: days (where you sleep, travel, sites) and schedule-site."""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from cityplanner.cli.context import CommandContext, find_site, integer_arg, print_json
from cityplanner.cli.schedule_text import (
    long_date,
    set_start_hint,
    span_json,
    span_line,
)
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop
from cityplanner.domain.schedule import Day, day_of_stay, plan_dates, trip_days
from cityplanner.domain.units import DistanceUnit
from cityplanner.domain.validation import parse_date
from cityplanner.domain.wording import travel_words
from cityplanner.geo.distance import leg_kms
from cityplanner.geo.timezones import clock_change_hours
from cityplanner.geo.travel import travel_hours

log = logging.getLogger(__name__)

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "days", help="a dated trip day by day: where you sleep, the travel, the sites planned"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_days)

    p = sub.add_parser(
        "schedule-site", help="plan a site for a day (and time) of its stop's stay, or unplan it"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("pos", metavar="POS", type=integer_arg, help="the stop's position")
    p.add_argument("site", metavar="SITE", help="the site's id or name, among that stop's sites")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--on", metavar="YYYY-MM-DD", help="a day of the stop's stay")
    when.add_argument(
        "--unschedule", action="store_true", help="take the site off its day, time and duration"
    )
    p.add_argument("--at", metavar="HH:MM", help="the time of the visit (default: none)")
    p.add_argument("--minutes", type=integer_arg, metavar="N", help="how long it takes (1 to 1440)")
    p.set_defaults(handler=cmd_schedule_site)


# -- days ---------------------------------------------------------------------


def cmd_days(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    stops = ctx.store.trips.stops(trip.id)
    planned = plan_dates(trip.start, stops)
    span = span_line(planned)
    if span is None and trip.start is None:
        raise ValidationError(
            f"{trip.name!r} has no dates yet; give it a start date with: "
            f"{set_start_hint(args.trip)}"
        )
    days = trip_days(stops, planned, ctx.store.sites.for_trip(trip.id))
    kms = leg_kms(stops)
    rows = [_day_json(day, stops, kms) for day in days]
    if args.json:
        window = span_json(trip, planned)
        print_json(
            {
                "id": trip.id,
                "name": trip.name,
                "start": window["start"],
                "end": window["end"],
                "days": rows,
            }
        )
        return 0
    print(f"{trip.name} (trip {trip.id})" + (f": {span}" if span else ""))
    if not rows:
        print("No stops yet. Add one with: cityplanner add-stop TRIP CITY --lat LAT --lon LON")
        return 0
    free: list[Day] = []  # a run of days with no stay, travel or site, printed as one line
    for day, row in zip(days, rows, strict=True):
        last = day.number == len(days)
        if row["stop"] is None and not row["legs"] and not row["sites"] and not last:
            free.append(day)
            continue
        _print_free(free)
        free = []
        print(_day_line(day, row, last=last, unit=ctx.unit))
        for site in row["sites"]:
            length = f", {site['minutes']} min" if site["minutes"] is not None else ""
            print(f"    {site['at'] or 'any time':<8}  {site['name']}{length}")
    _print_free(free)
    return 0


def _print_free(run: list[Day]) -> None:
    """Free days between a stay and a later pinned arrival; a long run takes one line."""
    if len(run) == 1:
        print(f"Day {run[0].number} · {long_date(run[0].date)} · no stay planned")
    elif run:
        first, end = run[0], run[-1]
        print(
            f"Days {first.number}–{end.number} · {long_date(first.date)} to "
            f"{long_date(end.date)} · no stay planned ({len(run)} days)"
        )


def _day_json(day: Day, stops: Sequence[Stop], kms: Sequence[float]) -> dict[str, Any]:
    sleep = stops[day.sleep] if day.sleep is not None else None
    legs = [_leg_json(stops[i - 1], stops[i], kms[i], day.date) for i in day.arrivals]
    return {
        "date": day.date.isoformat(),
        "day": day.number,
        "stop": None if sleep is None else {"position": sleep.position + 1, "name": sleep.name},
        "night": day.night,
        "nights": 0 if sleep is None else sleep.nights,
        "travel": _whole_day(legs),
        "legs": legs,
        "sites": [_site_json(site) for site in day.sites],
    }


def _leg_json(origin: Stop, destination: Stop, km: float, day: date) -> dict[str, Any]:
    mode = destination.mode
    return {
        "from": origin.name,
        "to": destination.name,
        "mode": mode.value if mode else None,
        "km": round(km, 3),
        "hours": None if mode is None else round(travel_hours(km, mode), 2),
        "clock_change_hours": clock_change_hours(origin.place, destination.place, day),
    }


def _whole_day(legs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The day's travel: its one leg, or several legs summed from the first start to the end."""
    if len(legs) <= 1:
        return legs[0] if legs else None
    modes = {leg["mode"] for leg in legs}
    hours = [leg["hours"] for leg in legs]
    clocks = [leg["clock_change_hours"] for leg in legs]
    return {
        "from": legs[0]["from"],
        "to": legs[-1]["to"],
        "mode": modes.pop() if len(modes) == 1 else None,
        "km": round(sum(leg["km"] for leg in legs), 3),
        "hours": None if None in hours else round(sum(hours), 2),
        "clock_change_hours": None if None in clocks else sum(clocks),
    }


def _site_json(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.name,
        "theme": site.theme.value,
        "at": site.start_time.strftime("%H:%M") if site.start_time else None,
        "minutes": site.minutes,
    }


def _day_line(
    day: Day, row: dict[str, Any], *, last: bool, unit: DistanceUnit = DistanceUnit.KM
) -> str:
    """ "Day 3 · Wed 4 Oct 2017 · Arles (night 1 of 2) · Albi → Arles by car, 202 km, …"."""
    parts = [f"Day {day.number}", long_date(day.date)]
    stay = row["stop"]
    if stay is not None:
        parts.append(f"{stay['name']} (night {row['night']} of {row['nights']})")
    else:
        parts.append("end of the trip" if last else "no stay planned")
    if row["legs"]:
        parts.append("; ".join(_leg_text(leg, unit) for leg in row["legs"]))
    return " · ".join(parts)


def _leg_text(leg: dict[str, Any], unit: DistanceUnit) -> str:
    return travel_words(
        leg["from"],
        leg["to"],
        mode=leg["mode"],
        km=leg["km"],
        hours=leg["hours"],
        clock_hours=leg["clock_change_hours"],
        unit=unit,
    )


# -- schedule-site --------------------------------------------------------------


def cmd_schedule_site(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Every option is checked before the database is opened for writing.
    if args.unschedule and (args.at is not None or args.minutes is not None):
        raise ValidationError(
            "--at and --minutes go with --on; --unschedule takes away the day, time and duration."
        )
    at = parse_clock(args.at) if args.at is not None else None
    if args.minutes is not None and not 1 <= args.minutes <= 1440:
        raise ValidationError(
            f"--minutes {args.minutes} is not a duration: a visit takes 1 to 1440 minutes."
        )
    on = None if args.unschedule else _required_date(args.on)
    trip = ctx.trip(args.trip)
    stop = ctx.stop_at(trip, args.pos)
    assert trip.id is not None and stop.id is not None
    site = find_site(ctx.store.sites.for_stop(stop.id), args.site, f"{stop.name} (stop {args.pos})")
    if on is None:
        ctx.store.sites.update(site.with_changes(day_of_stay=None, start_time=None, minutes=None))
        print(f"“{site.name}” is no longer planned for a day.")
        return 0
    if trip.start is None:
        raise ValidationError(
            f"{trip.name!r} has no dates yet, so its sites cannot be scheduled; give it a start "
            f"date with: {set_start_hint(args.trip)}"
        )
    stops = ctx.store.trips.stops(trip.id)
    arrival = plan_dates(trip.start, stops)[args.pos - 1].arrival
    offset = day_of_stay(arrival, stop.nights, on)
    ctx.store.sites.update(
        site.with_changes(day_of_stay=offset, start_time=at, minutes=args.minutes)
    )
    log.info("Scheduled site %s on day %s of stop %s", site.id, offset, stop.id)
    when = f" at {at:%H:%M}" if at is not None else ""
    length = f" for {args.minutes} min" if args.minutes is not None else ""
    print(
        f"Planned “{site.name}” on {long_date(on)}{when}{length} "
        f"(day {offset + 1} of the stay in {stop.name})."
    )
    return 0


def parse_clock(text: str) -> time:
    """ "14:30" → 14:30; anything else (25:00, 9h30) is refused with the expected form."""
    found = _CLOCK.match(text)
    try:
        if found is None:
            raise ValueError(text)
        return time(int(found.group(1)), int(found.group(2)))
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a time of day; write it as HH:MM, from 00:00 to 23:59."
        ) from None


def _required_date(text: str) -> date:
    day = parse_date(text)
    if day is None:
        raise ValidationError("--on needs a date, written as YYYY-MM-DD.")
    return day
