"""How the command line words costs: where a cost was spent, the table, the totals.

Shared by `costs`, `add-cost` and `stats`, so they name places and amounts alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cityplanner.cli.context import print_table
from cityplanner.cli.costs_report import CostReport
from cityplanner.cli.money_text import exact_text, figure, money, rate_text, set_rate_hint
from cityplanner.domain.costs import Cost
from cityplanner.domain.models import Site, Stop
from cityplanner.money.totals import CostSummary, Group


def where_text(cost: Cost, stops: Sequence[Stop], sites: Sequence[Site]) -> str:
    """ "at Arles (stop 2)", "at Luma tower, Arles", "on the leg Albi → Arles", "on the trip"."""
    place = place_text(cost, stops, sites)
    if place == "the whole trip":
        return "on the trip"
    return f"on the {place}" if place.startswith("leg ") else f"at {place}"


def place_text(cost: Cost, stops: Sequence[Stop], sites: Sequence[Site]) -> str:
    """ "Arles (stop 2)", "Luma tower, Arles", "leg Albi → Arles", "the whole trip"."""
    index = {stop.id: i for i, stop in enumerate(stops)}
    if cost.stop_id is not None and cost.stop_id in index:
        i = index[cost.stop_id]
        return f"{stops[i].name} (stop {i + 1})"
    if cost.leg_stop_id is not None and cost.leg_stop_id in index:
        i = index[cost.leg_stop_id]
        origin = stops[i - 1].name if i > 0 else "the start"
        return f"leg {origin} → {stops[i].name}"
    site = next((s for s in sites if cost.site_id is not None and s.id == cost.site_id), None)
    if site is not None:
        town = stops[index[site.stop_id]].name if site.stop_id in index else ""
        return site.name + (f", {town}" if town else "")
    return "the whole trip"


def print_report(report: CostReport, *, by: str | None, trip_ref: str) -> None:
    """`costs` as text: the table, the groups if asked for, then the totals."""
    trip = report.trip
    shown = report.currency
    print(f"{trip.name} (trip {trip.id}): costs in {shown}")
    if not report.rows:
        print("No costs yet. Add one with: cityplanner add-cost TRIP AMOUNT CURRENCY [--stop POS]")
    else:
        print_table(
            ["#", "date", "what", "where", "category", "amount", shown, "rate", "source", ""],
            [
                [
                    str(row.cost.id),
                    row.cost.day.isoformat() if row.cost.day else "",
                    row.cost.note,
                    place_text(row.cost, report.stops, report.sites),
                    row.cost.category.value,
                    f"{exact_text(row.cost.amount, row.cost.currency, separators=True)} "
                    f"{row.cost.currency}",
                    "-" if row.amount is None else figure(row.amount, shown),
                    "" if row.rate is None else rate_text(row.rate),
                    row.source,
                    "paid" if row.cost.paid else "planned",
                ]
                for row in report.rows
            ],
            right=frozenset({0, 5, 6, 7}),
        )
    groups = report.groups(by)
    if groups:
        print()
        print_groups(groups, shown, by=by or "")
    print()
    for line in total_lines(report.summary):
        print(line)
    for line in missing_lines(report, trip_ref):
        print(line)


def print_groups(groups: Sequence[Group], code: str, *, by: str) -> None:
    print_table(
        [by, "costs", f"total {code}", "planned", "paid"],
        [
            [
                g.label,
                str(g.count),
                figure(g.total, code),
                figure(g.planned, code),
                figure(g.paid, code),
            ]
            for g in groups
        ],
        right=frozenset({1, 2, 3, 4}),
    )


def total_lines(summary: CostSummary, *, title: str = "Total") -> list[str]:
    """Total, planned and paid; the budget and what is left of it; the share of each."""
    code = summary.currency
    refunds = f", refunds {money(summary.refunds, code)}" if summary.refunds else ""
    lines = [
        f"{title}: {money(summary.total, code)} (planned {money(summary.planned, code)}, "
        f"paid {money(summary.paid, code)}{refunds})"
    ]
    remaining = summary.remaining
    if summary.budget is not None and remaining is not None:
        left = (
            f"remaining {money(remaining, code)}"
            if remaining >= 0
            else f"over by {money(-remaining, code)}"
        )
        lines.append(f"Budget: {money(summary.budget, code)}, {left}")
    if summary.travellers > 1:
        lines.append(
            f"Per person ({summary.travellers} travellers): {money(summary.per_person, code)}"
        )
    return lines


def missing_lines(report: CostReport, trip_ref: str) -> list[str]:
    """One line per currency without a rate, naming the costs left out of the totals."""
    lines: list[str] = []
    for code in report.summary.missing:
        costs = report.missing_costs(code)
        ids = ", ".join(str(c.id) for c in costs)
        plural = "s" if len(costs) != 1 else ""
        amount = exact_text(sum((c.amount for c in costs), Decimal(0)), code, separators=True)
        lines.append(
            f"No rate for {code} in {report.trip.home_currency}: {amount} {code} "
            f"(cost{plural} {ids}) left out of the totals; "
            f"give one with: {set_rate_hint(trip_ref, code)}"
        )
    return lines
