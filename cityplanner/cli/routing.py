"""Commands over distances and routes: stats, optimize."""

from __future__ import annotations

import argparse
import logging
import shlex
from typing import Any

from cityplanner.cli.context import CommandContext, km, print_json, print_table
from cityplanner.cli.costs_report import CostReport, build_report, group_json, total_json
from cityplanner.cli.costs_text import missing_lines, total_lines
from cityplanner.cli.money_text import money
from cityplanner.domain.models import Stop, Trip
from cityplanner.domain.units import DistanceUnit
from cityplanner.geo.routing import RouteProposal, propose_order
from cityplanner.geo.stats import TripStats, trip_stats

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "stats",
        help="a trip's totals: distance, days, countries, time and CO2e per mode, and costs",
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser(
        "optimize",
        help="propose the shortest order of a trip's stops (the first stop stays first)",
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--round-trip", action="store_true", help="count the way back to the first stop")
    p.add_argument("--keep-end", action="store_true", help="keep the last stop last")
    p.add_argument("--apply", action="store_true", help="save the proposed order")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_optimize)


def _stops(ctx: CommandContext, trip: Trip) -> list[Stop]:
    assert trip.id is not None
    return list(ctx.store.trips.stops(trip.id))


def cmd_stats(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    stats = trip_stats(_stops(ctx, trip))
    costs = build_report(ctx, trip)
    if args.json:
        print_json(
            {"id": trip.id, "name": trip.name, **stats.as_json(), "costs": _costs_json(costs)}
        )
        return 0
    print(f"{trip.name} (trip {trip.id})")
    if stats.stops == 0:
        print("No stops yet. Add one with: cityplanner add-stop TRIP CITY --lat LAT --lon LON")
        _print_costs(costs, args.trip)
        return 0
    _print_summary(stats, ctx.unit)
    _print_costs(costs, args.trip)
    if stats.by_mode:
        print()
        print_table(
            ["mode", "legs", ctx.unit.value, "hours", "kg CO2e"],
            [
                [
                    mode,
                    str(t.legs),
                    km(t.km, ctx.unit),
                    "" if t.hours is None else f"{t.hours:,.1f}",
                    "" if t.co2e_kg is None else f"{t.co2e_kg:,.0f}",
                ]
                for mode, t in stats.by_mode.items()
            ],
            right=frozenset({1, 2, 3, 4}),
        )
    if stats.border_crossings:
        print()
        print_table(
            ["border crossing", "legs"],
            [[f"{a} → {b}", str(n)] for (a, b), n in stats.border_crossings.items()],
            right=frozenset({1}),
        )
    if stats.timezone_changes:
        print()
        print_table(
            ["time-zone change", "clock"],
            [[f"{c.origin} → {c.destination}", _hours(c.hours)] for c in stats.timezone_changes],
            right=frozenset({1}),
        )
        print(f"Net clock change: {_hours(stats.clock_shift_hours)}")
    print()
    print(f"Travel times and CO2e are estimates. CO2e factors: {stats.co2e_source}.")
    return 0


def _print_summary(stats: TripStats, unit: DistanceUnit) -> None:
    dates = ""
    if stats.first_day and stats.last_day:
        dates = f" ({stats.first_day.isoformat()} to {stats.last_day.isoformat()})"
    print(f"Stops: {stats.stops}   Days: {stats.days}{dates}   Nights: {stats.nights}")
    print(
        f"Distance: {km(stats.km, unit)} {unit}   Travel time: {stats.hours:,.1f} h   "
        f"CO2e: {stats.co2e_kg:,.0f} kg"
    )
    if stats.unspecified_km > 0:
        print(
            f"{km(stats.unspecified_km, unit)} {unit} have no travel mode: their time and CO2e are "
            "not counted. Set the mode of each stop to include them."
        )
    noun = "country" if stats.country_count == 1 else "countries"
    print(f"{stats.country_count} {noun}: {', '.join(stats.countries) or '-'}")


def _costs_json(report: CostReport) -> dict[str, Any]:
    """`costs`: the currency, the `total` block of `costs --json`, and the sums per category."""
    return {
        "currency": report.currency,
        "total": total_json(report.summary),
        "by_category": [group_json(g, report.currency) for g in report.groups("category")],
    }


def _print_costs(report: CostReport, trip_ref: str) -> None:
    """Costs: the totals, then the sums per category on one line."""
    if not report.rows and report.summary.budget is None:
        print("Costs: none yet. Add one with: cityplanner add-cost TRIP AMOUNT CURRENCY")
        return
    for line in total_lines(report.summary, title="Costs"):
        print(line)
    groups = report.groups("category")
    if groups:
        print(
            "By category: "
            + ", ".join(f"{g.label} {money(g.total, report.currency)}" for g in groups)
        )
    for line in missing_lines(report, trip_ref):
        print(line)


def _hours(value: float) -> str:
    whole = f"{value:+.0f}" if float(value).is_integer() else f"{value:+.2f}".rstrip("0")
    return f"{whole} h"


def cmd_optimize(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    stops = _stops(ctx, trip)
    proposal = propose_order(stops, round_trip=args.round_trip, keep_end=args.keep_end)
    if args.apply and proposal.changed:
        assert trip.id is not None
        ctx.store.trips.reorder(trip.id, proposal.stop_ids)
        log.info("Reordered the %d stops of trip %s", len(stops), trip.id)
    if args.json:
        print_json(_proposal_json(trip, proposal, applied=args.apply and proposal.changed))
        return 0
    _print_proposal(
        trip,
        proposal,
        applied=args.apply,
        again=_apply_command(args),
        trip_ref=args.trip,
        unit=ctx.unit,
    )
    return 0


def _apply_command(args: argparse.Namespace) -> str:
    words = ["cityplanner", "optimize", shlex.quote(args.trip)]
    words += [
        flag
        for flag, on in (("--round-trip", args.round_trip), ("--keep-end", args.keep_end))
        if on
    ]
    return " ".join([*words, "--apply"])


def _proposal_json(trip: Trip, proposal: RouteProposal, *, applied: bool) -> dict[str, Any]:
    def listing(stops: tuple[Stop, ...]) -> list[dict[str, Any]]:
        return [{"id": s.id, "name": s.place.name} for s in stops]

    return {
        "id": trip.id,
        "name": trip.name,
        "round_trip": proposal.round_trip,
        "current": listing(proposal.before),
        "proposed": listing(proposal.after),
        "current_km": round(proposal.before_km, 3),
        "proposed_km": round(proposal.after_km, 3),
        "saving_km": round(proposal.saving_km, 3),
        "saving_percent": round(proposal.saving_percent, 2),
        "changed": proposal.changed,
        "applied": applied,
    }


def _print_proposal(
    trip: Trip,
    proposal: RouteProposal,
    *,
    applied: bool,
    again: str,
    trip_ref: str,
    unit: DistanceUnit = DistanceUnit.KM,
) -> None:
    back = " and back" if proposal.round_trip else ""
    print(f"{trip.name} (trip {trip.id})")
    if len(proposal.before) < 3:
        print("With fewer than three stops there is no other order to try.")
        return
    if not proposal.changed:
        print(
            f"The current order{back} is already the shortest found: {km(proposal.before_km, unit)} {unit}."
        )
        return
    print_table(
        ["#", "current order", "proposed order"],
        [
            [str(i + 1), a.place.name, b.place.name]
            for i, (a, b) in enumerate(zip(proposal.before, proposal.after, strict=True))
        ],
        right=frozenset({0}),
    )
    print(
        f"Current{back}: {km(proposal.before_km, unit)} {unit}. "
        f"Proposed: {km(proposal.after_km, unit)} {unit}, "
        f"{km(proposal.saving_km, unit)} {unit} shorter ({proposal.saving_percent:.1f}%)."
    )
    if applied:
        print("Saved the proposed order.")
        if any(s.arrival or s.mode for s in proposal.after):
            print(
                "Arrival dates and travel modes stay with their stops: check them "
                f"with: cityplanner show {shlex.quote(trip_ref)}"
            )
    else:
        print(f"Save it with: {again}")
