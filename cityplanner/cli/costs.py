"""Commands over a trip's money: add-cost, set-budget, set-rate and costs.

A cost is converted at its own rate, else the trip's rate for its currency, else the
ECB's reference rate of its day; when none is known the command refuses and asks for
`--rate`, because a guessed rate would make every total wrong without a sign of it.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from cityplanner.cli.context import CommandContext, find_site, integer_arg, print_json
from cityplanner.cli.costs_report import build_report, rate_day, report_json
from cityplanner.cli.costs_text import print_report, where_text
from cityplanner.cli.money_text import (
    check_minor_units,
    exact_text,
    money,
    rate_text,
    set_rate_hint,
)
from cityplanner.cli.schedule_text import long_date
from cityplanner.domain.costs import Cost, CostCategory, check_rate, parse_amount
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop, Trip
from cityplanner.domain.schedule import StopDates, plan_dates, site_date, trip_span
from cityplanner.domain.validation import parse_date
from cityplanner.money.convert import Converted, convert_costs
from cityplanner.money.rates import known_currency, reference_rates
from cityplanner.money.totals import GROUPINGS

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "add-cost", help="add a cost (or a refund) to a trip, a stop, a site or a leg"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("amount", metavar="AMOUNT", help="such as 12.50 (a point for decimals)")
    p.add_argument("currency", metavar="CURRENCY", help="an ISO 4217 code: EUR, ISK, AMD…")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--stop", type=integer_arg, metavar="POS", help="spent at this stop")
    where.add_argument("--site", metavar="SITE", help="spent at this site (its id or name)")
    where.add_argument(
        "--leg", type=integer_arg, metavar="POS", help="the travel arriving at stop POS (2 or more)"
    )
    p.add_argument(
        "--category",
        metavar="C",
        help=", ".join(c.value for c in CostCategory) + " (default other)",
    )
    p.add_argument(
        "--on", metavar="YYYY-MM-DD", help="the day (default: the day of the stop, site or leg)"
    )
    p.add_argument("--paid", action="store_true", help="already paid (default: planned)")
    p.add_argument("--note", default="", metavar="TEXT", help="what it is for")
    p.add_argument(
        "--rate",
        metavar="R",
        help="the value of one unit in the trip's currency (overrides the ECB)",
    )
    p.add_argument("--refund", action="store_true", help="money that came back (counted negative)")
    p.set_defaults(handler=cmd_add_cost)

    p = sub.add_parser(
        "set-budget", help="give a trip its budget; its currency becomes the trip's currency"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("amount", metavar="AMOUNT", help='the budget ("none" takes it away)')
    p.add_argument(
        "currency", metavar="CURRENCY", nargs="?", help="its currency (default: the trip's)"
    )
    p.add_argument("--travellers", type=integer_arg, metavar="N", help="how many people it is for")
    p.set_defaults(handler=cmd_set_budget)

    p = sub.add_parser("set-rate", help="give a trip its own exchange rate for a currency")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("currency", metavar="CURRENCY", help="an ISO 4217 code")
    p.add_argument(
        "rate",
        metavar="R",
        help='the value of one unit in the trip\'s currency ("none": forget it)',
    )
    p.set_defaults(handler=cmd_set_rate)

    p = sub.add_parser("costs", help="a trip's costs, converted, grouped and against the budget")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--in", dest="into", metavar="CURRENCY", help="show the amounts in another currency"
    )
    p.add_argument("--by", choices=GROUPINGS, help="also sum the costs per day, stop, …")
    p.set_defaults(handler=cmd_costs)


# -- add-cost ------------------------------------------------------------------------


class Links(NamedTuple):
    """What a cost is spent on: a stop, a site, the leg arriving at a stop, or none."""

    stop_id: int | None = None
    site_id: int | None = None
    leg_stop_id: int | None = None


def cmd_add_cost(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Every value on the line is checked before the file is read or written.
    amount = parse_amount(args.amount)
    if amount < 0 and not args.refund:
        raise ValidationError(
            f"A cost cannot be negative ({args.amount}); if money came back, add it with --refund."
        )
    code = known_currency(args.currency)
    amount = check_minor_units(amount, code)
    category = CostCategory.parse(args.category) if args.category is not None else None
    rate = check_rate(args.rate) if args.rate is not None else None
    on = parse_date(args.on) if args.on is not None else None
    if args.leg is not None and args.leg < 2:
        raise ValidationError(
            f"--leg {args.leg}: a leg is named by the stop it arrives at, so POS is 2 or more."
        )
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    home = trip.home_currency
    if rate is not None and code == home:
        raise ValidationError(f"{code} is the trip's own currency; it takes no --rate.")
    stops = ctx.store.trips.stops(trip.id)
    planned = plan_dates(trip.start, stops)
    links, default_day = _attachment(ctx, trip, args, stops, planned)
    day = on or default_day
    span = trip_span(planned)
    if span is not None and day is not None and not span.start <= day <= span.end:
        raise ValidationError(
            f"{day.isoformat()} is outside the trip ({long_date(span.start)} to "
            f"{long_date(span.end)}); give --on a day of the trip."
        )
    cost = Cost(
        trip_id=trip.id,
        amount=amount,
        currency=code,
        category=category or CostCategory.OTHER,
        day=day,
        paid=args.paid,
        note=args.note,
        rate=rate,
        refund=args.refund,
        stop_id=links.stop_id,
        site_id=links.site_id,
        leg_stop_id=links.leg_stop_id,
    )
    (value,) = convert_costs(
        [cost],
        home,
        reference=reference_rates(),
        user_rates=ctx.store.costs.rates(trip.id),
        default_day=rate_day(trip, planned),
    )
    if value.missing:
        raise ValidationError(_no_rate(code, home, value.on, args.trip))
    added = ctx.store.costs.add(cost)
    log.info("Added cost %s to trip %s", added.id, trip.id)
    print(
        _added_line(added, value, home, where_text(added, stops, ctx.store.sites.for_trip(trip.id)))
    )
    return 0


def _attachment(
    ctx: CommandContext,
    trip: Trip,
    args: argparse.Namespace,
    stops: Sequence[Stop],
    planned: Sequence[StopDates],
) -> tuple[Links, date | None]:
    """What the cost is attached to and the day it then defaults to."""
    if args.stop is not None:
        stop = ctx.stop_at(trip, args.stop)
        return Links(stop_id=stop.id), planned[args.stop - 1].arrival
    if args.leg is not None:
        stop = ctx.stop_at(trip, args.leg)
        return Links(leg_stop_id=stop.id), planned[args.leg - 1].arrival
    if args.site is not None:
        assert trip.id is not None
        town = {stop.id: stop.name for stop in stops}
        site = find_site(
            ctx.store.sites.for_trip(trip.id),
            args.site,
            trip.name,
            lambda s: f"{s.id}: {s.name} at {town.get(s.stop_id, '?')}",
        )
        index = next((i for i, s in enumerate(stops) if s.id == site.stop_id), None)
        day = site_date(site, stops, planned)
        if day is None and index is not None:
            day = planned[index].arrival
        return Links(site_id=site.id), day
    return Links(), None


def _no_rate(code: str, home: str, day: date | None, trip_ref: str) -> str:
    rates = reference_rates()
    if not rates.quoted(code):
        why = f"The ECB does not quote {code}, so there is no reference rate for it"
    elif not rates.quoted(home):
        why = f"The ECB does not quote {home}, the trip's currency, so there is no rate to it"
    else:
        when = day.isoformat() if day is not None else "that day"
        why = f"The ECB published no {code} rate for {when} or the week before"
    return (
        f"{why}; pass --rate R, the value of one {code} in {home} (or give the trip a rate "
        f"with: {set_rate_hint(trip_ref, code)})."
    )


def _added_line(cost: Cost, value: Converted, home: str, where: str) -> str:
    """ "Added cost 3: 4,500 ISK (food and drink) at Reykjavík (stop 4) on …: 36.45 EUR at …"."""
    kind = "refund" if cost.refund else "cost"
    amount = f"{exact_text(cost.amount, cost.currency, separators=True)} {cost.currency}"
    what = cost.category.label.lower() + (f", “{cost.note}”" if cost.note else "")
    when = f" on {long_date(cost.day)}" if cost.day is not None else ""
    status = "paid" if cost.paid else "planned"
    head = f"Added {kind} {cost.id}: {amount} ({what}) {where}{when}, {status}"
    if cost.currency == home:
        return f"{head}; in {home}, the trip's currency."
    assert value.amount is not None and value.rate is not None
    return (
        f"{head}: {money(value.amount, home)} at 1 {cost.currency} = "
        f"{rate_text(value.rate)} {home} ({value.source})."
    )


# -- set-budget and set-rate ---------------------------------------------------------


def cmd_set_budget(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = args.amount.strip()
    budget = None if text.lower() == "none" else parse_amount(text, "A budget")
    if budget is not None and budget < 0:
        raise ValidationError("A budget cannot be negative.")
    if args.travellers is not None and not 1 <= args.travellers <= 1000:
        raise ValidationError(f"--travellers {args.travellers}: a trip is for 1 to 1,000 people.")
    code = known_currency(args.currency) if args.currency is not None else None
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    code = code or trip.home_currency
    if budget is not None:
        budget = check_minor_units(budget, code, "A budget")
    if code != trip.home_currency:
        _check_rates_follow(ctx, trip, code)
    saved = ctx.store.costs.set_budget(trip.id, budget, code, travellers=args.travellers)
    log.info("Trip %s: budget %s %s for %s", trip.id, budget, code, saved.travellers)
    people = f" for {saved.travellers} travellers" if saved.travellers > 1 else ""
    if saved.budget is None:
        print(f"{saved.name} has no budget now; its costs are counted in {code}.")
    else:
        print(f"The budget of {saved.name} is {money(saved.budget, code)}{people}.")
    if code != trip.home_currency:
        print(f"Its costs are counted in {code} now (they were in {trip.home_currency}).")
    _missing_notes(ctx, saved, args.trip)
    return 0


def _check_rates_follow(ctx: CommandContext, trip: Trip, code: str) -> None:
    """Refuse a new home currency while rates are given as values in the old one."""
    assert trip.id is not None
    old = trip.home_currency
    own = sorted(ctx.store.costs.rates(trip.id))
    costed = [c for c in ctx.store.costs.for_trip(trip.id) if c.rate is not None]
    if not own and not costed:
        return
    given = [", ".join(own)] if own else []
    given += [f"{len(costed)} cost{'s' if len(costed) != 1 else ''} with --rate"] if costed else []
    undo = (
        ", or first remove the trip's rates (set-rate TRIP CODE none)"
        if not costed
        else " (a cost's own rate cannot be moved to another currency)"
    )
    raise ValidationError(
        f"The rates given for this trip ({'; '.join(given)}) are values in {old} and would be "
        f"misread as {code}; give the budget in {old}{undo}."
    )


def cmd_set_rate(args: argparse.Namespace, ctx: CommandContext) -> int:
    code = known_currency(args.currency)
    text = args.rate.strip()
    rate = None if text.lower() == "none" else check_rate(text)
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    home = trip.home_currency
    if code == home:
        raise ValidationError(f"{code} is the trip's own currency; it needs no rate.")
    ctx.store.costs.set_rate(trip.id, code, rate)
    log.info("Trip %s: rate for %s set to %s", trip.id, code, rate)
    if rate is None:
        print(f"{trip.name} has no rate of its own for {code} now; the ECB's are used.")
    else:
        print(
            f"For {trip.name}, 1 {code} = {rate_text(rate)} {home} (for every {code} cost "
            "without a rate of its own)."
        )
    _missing_notes(ctx, trip, args.trip)
    return 0


def _missing_notes(ctx: CommandContext, trip: Trip, trip_ref: str) -> None:
    """After a change of rates or currency: the costs that have no rate now."""
    report = build_report(ctx, trip)
    for code in report.summary.missing:
        count = len(report.missing_costs(code))
        print(
            f"Note: {count} {code} cost{'s have' if count != 1 else ' has'} no rate in "
            f"{report.currency} and {'are' if count != 1 else 'is'} left out of the totals; "
            f"give one with: {set_rate_hint(trip_ref, code)}"
        )


# -- costs ---------------------------------------------------------------------------


def cmd_costs(args: argparse.Namespace, ctx: CommandContext) -> int:
    into = known_currency(args.into) if args.into is not None else None
    trip = ctx.trip(args.trip)
    report = build_report(ctx, trip, into=into)
    if args.json:
        print_json(report_json(report, by=args.by))
        return 0
    print_report(report, by=args.by, trip_ref=args.trip)
    return 0
