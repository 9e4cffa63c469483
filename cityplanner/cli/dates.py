"""Commands that move a trip's dates: set-start and edit-stop (nights, pinned arrivals, …)."""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace
from datetime import date
from typing import Any

from cityplanner.cli.context import CommandContext, integer_arg
from cityplanner.cli.schedule_text import long_date, moved_lines, notices, set_start_hint
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop, Trip
from cityplanner.domain.schedule import plan_dates
from cityplanner.domain.validation import check_nights, parse_date
from cityplanner.domain.vocabulary import TravelMode

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "set-start", help="give a trip its start date; every stop that is not pinned follows"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("start", metavar="YYYY-MM-DD", help='the first day ("none" takes the date away)')
    p.set_defaults(handler=cmd_set_start)

    p = sub.add_parser(
        "edit-stop", help="change a stop's nights, mode or name, or pin or unpin its arrival"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("pos", metavar="POS", type=integer_arg, help="the stop's position")
    p.add_argument("--nights", type=integer_arg, metavar="N", help="nights spent there")
    p.add_argument("--arrive", metavar="YYYY-MM-DD", help="pin the arrival to this day (a booking)")
    p.add_argument(
        "--unpin", action="store_true", help="let the arrival follow the stop before it again"
    )
    p.add_argument(
        "--mode",
        help="how you get there: " + ", ".join(m.value for m in TravelMode) + ", or none",
    )
    p.add_argument("--name", help="another name for the place")
    p.set_defaults(handler=cmd_edit_stop)


def cmd_set_start(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = args.start.strip()
    start = None if text.lower() == "none" else parse_date(text)
    if start is None and text.lower() != "none":
        raise ValidationError('Give the start as YYYY-MM-DD, or "none" to take it away.')
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    before = ctx.store.trips.stops(trip.id)
    trip = ctx.store.trips.set_start(trip.id, start)
    log.info("Trip %s starts on %s", trip.id, start)
    if start is None:
        print(f"{trip.name} has no start date now; its stops have no dates.")
    else:
        print(f"{trip.name} starts on {long_date(start)}.")
    _report(ctx, trip, before)
    return 0


def cmd_edit_stop(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Every option is checked before anything is read or written.
    if args.arrive is not None and args.unpin:
        raise ValidationError(
            "Give --arrive to pin the arrival or --unpin to let it follow, not both."
        )
    arrive = _pin_date(args.arrive)
    changes: dict[str, object] = {}
    if args.nights is not None:
        changes["nights"] = check_nights(args.nights)
    if args.mode is not None:
        changes["mode"] = (
            None if args.mode.strip().lower() == "none" else TravelMode.parse(args.mode)
        )
    if arrive is not None:
        changes.update(arrival=arrive, pinned=True)
    if args.unpin:
        changes["pinned"] = False
    if not changes and args.name is None:
        raise ValidationError(
            "Nothing to change: give --nights, --arrive, --unpin, --mode or --name."
        )
    trip = ctx.trip(args.trip)
    stop = ctx.stop_at(trip, args.pos)
    assert trip.id is not None and stop.id is not None
    if args.name is not None:
        changes["place"] = replace(stop.place, name=args.name)
    if arrive is not None and trip.start is None:
        raise ValidationError(
            f"{trip.name!r} has no start date yet, so no arrival can be pinned; give it one "
            f"first with: {set_start_hint(args.trip)}"
        )
    before = ctx.store.trips.stops(trip.id)
    saved = ctx.store.trips.update_stop(stop.with_changes(**changes))
    log.info("Edited stop %s of trip %s: %s", stop.id, trip.id, sorted(changes))
    print(f"Saved stop {args.pos}: {_describe(saved)}")
    _report(ctx, trip, before, edited=saved)
    return 0


def _pin_date(text: str | None) -> date | None:
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise ValidationError("--arrive needs a date, written as YYYY-MM-DD.")
    return day


def _describe(stop: Stop) -> str:
    """ "Arles, arrives Sat 7 Oct 2017 (pinned), 2 nights, by car"."""
    parts = [stop.name]
    if stop.arrival is not None:
        parts.append(f"arrives {long_date(stop.arrival)}" + (" (pinned)" if stop.pinned else ""))
    parts.append(f"{stop.nights} night{'s' if stop.nights != 1 else ''}")
    parts.append(f"by {stop.mode.value}" if stop.mode else "no travel mode")
    return ", ".join(parts)


def _report(
    ctx: CommandContext, trip: Trip, before: list[Stop], *, edited: Stop | None = None
) -> None:
    """What the change did to the rest of the trip: moved dates, conflicts, stranded sites."""
    assert trip.id is not None
    after = ctx.store.trips.stops(trip.id)
    moved = moved_lines(before, after, skip=None if edited is None else edited.id)
    if moved:
        print(f"Dates moved for {len(moved)} stop{'s' if len(moved) != 1 else ''}:")
        for line in moved:
            print(line)
    elif before:
        print("No other stop's dates changed.")
    for line in notices(after, plan_dates(trip.start, after)):
        print(line)
    if edited is None or edited.id is None:
        return
    for site in ctx.store.sites.for_stop(edited.id):
        if site.day_of_stay is not None and site.day_of_stay > edited.nights:
            print(
                f"Note: “{site.name}” was planned for day {site.day_of_stay + 1} of the stay, "
                "which is past its end now; plan it again with schedule-site."
            )
