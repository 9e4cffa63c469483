"""A trip's costs as the command line shows them: converted, rounded, grouped and totalled.

Each cost is converted into the trip's home currency (or, with `--in`, further into
another currency at the reference rate of its day) and rounded to the cent *before*
anything is added up, so the lines, the groups and the totals printed always agree.
Shared by `costs` and `stats`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from cityplanner.cli.context import CommandContext
from cityplanner.cli.money_text import decimal_text, exact_text, rate_text
from cityplanner.domain.costs import Cost
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop, Trip
from cityplanner.domain.schedule import StopDates, plan_dates, trip_span
from cityplanner.money.convert import Converted, convert_costs
from cityplanner.money.display import rounded
from cityplanner.money.rates import known_currency, reference_rates
from cityplanner.money.totals import CostSummary, Group, group_costs, summarise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CostReport:
    """What `costs` prints: every cost with its value in `currency`, and the totals."""

    trip: Trip
    currency: str
    stops: Sequence[Stop]
    sites: Sequence[Site]
    rows: list[Converted]
    """One per cost, in the store's order; `amount` in `currency`, rounded (None: no rate)."""
    summary: CostSummary

    def groups(self, by: str | None) -> list[Group]:
        if by is None:
            return []
        return group_costs(self.rows, by, stops=self.stops, sites=self.sites)

    def missing_costs(self, code: str) -> list[Cost]:
        return [row.cost for row in self.rows if row.missing and row.cost.currency == code]


def rate_day(trip: Trip, planned: Sequence[StopDates]) -> date | None:
    """The day whose rate an undated cost takes: the trip's first day, as in the window and
    the exports (not today's: the shipped rates end, and a trip may be years old)."""
    span = trip_span(planned)
    return trip.start or (span.start if span is not None else None)


def build_report(ctx: CommandContext, trip: Trip, *, into: str | None = None) -> CostReport:
    """The trip's costs in its home currency, or in `into` (refused if a rate is unknown)."""
    assert trip.id is not None
    stops = ctx.store.trips.stops(trip.id)
    sites = ctx.store.sites.for_trip(trip.id)
    first_day = rate_day(trip, plan_dates(trip.start, stops))
    home = trip.home_currency
    converted = convert_costs(
        ctx.store.costs.for_trip(trip.id),
        home,
        reference=reference_rates(),
        user_rates=ctx.store.costs.rates(trip.id),
        default_day=first_day,
    )
    shown = home if into is None else known_currency(into)
    if shown == home:
        rows = [_rounded(row, home) for row in converted]
        budget = trip.budget
    else:
        rows = [_onwards(row, home, shown, first_day) for row in converted]
        budget = None
        if trip.budget is not None:
            rate, _day = _reference(home, shown, first_day or date.today())
            budget = rounded(trip.budget * rate, shown)
    summary = replace(summarise(rows, trip), currency=shown, budget=budget)
    return CostReport(trip, shown, stops, sites, rows, summary)


def _rounded(row: Converted, code: str) -> Converted:
    return row if row.amount is None else replace(row, amount=rounded(row.amount, code))


def _onwards(row: Converted, home: str, into: str, first_day: date | None) -> Converted:
    """A cost's home value taken on into `into` at the reference rate of the cost's day."""
    if row.amount is None or row.rate is None:
        return row
    day = row.cost.day or first_day or date.today()
    rate, published = _reference(home, into, day)
    source = f"ECB {published}"
    if row.source != "home currency":
        source = f"{row.source}, then ECB {published}"
    return Converted(row.cost, rounded(row.amount * rate, into), row.rate * rate, source, published)


def _reference(home: str, into: str, day: date) -> tuple[Decimal, date]:
    found = reference_rates().rate(home, into, day)
    if found is None:
        raise ValidationError(
            f"There is no reference rate from {home} to {into} for {day.isoformat()}, so the "
            f"costs cannot be shown in {into}; leave out --in to see them in {home}."
        )
    return found


# -- JSON ------------------------------------------------------------------------------


def report_json(report: CostReport, *, by: str | None) -> dict[str, Any]:
    """`costs --json`: the trip, the shown currency, every cost, the groups and the totals."""
    positions = {stop.id: index + 1 for index, stop in enumerate(report.stops)}
    return {
        "trip": {"id": report.trip.id, "name": report.trip.name},
        "currency": report.currency,
        "costs": [_cost_json(row, report.currency, positions) for row in report.rows],
        "groups": [group_json(g, report.currency) for g in report.groups(by)],
        "total": total_json(report.summary),
    }


def _cost_json(row: Converted, shown: str, positions: dict[int | None, int]) -> dict[str, Any]:
    cost = row.cost
    return {
        "id": cost.id,
        "amount": exact_text(cost.amount, cost.currency),
        "currency": cost.currency,
        "category": cost.category.value,
        "day": cost.day.isoformat() if cost.day else None,
        "paid": cost.paid,
        "refund": cost.refund,
        "note": cost.note,
        "stop": positions.get(cost.stop_id) if cost.stop_id is not None else None,
        "site": cost.site_id,
        "leg": positions.get(cost.leg_stop_id) if cost.leg_stop_id is not None else None,
        "converted": None if row.amount is None else decimal_text(row.amount, shown),
        "rate": None if row.rate is None else rate_text(row.rate),
        "rate_source": row.source,
    }


def group_json(group: Group, code: str) -> dict[str, Any]:
    return {
        "key": group.key,
        "label": group.label,
        "total": decimal_text(group.total, code),
        "planned": decimal_text(group.planned, code),
        "paid": decimal_text(group.paid, code),
        "count": group.count,
    }


def total_json(summary: CostSummary) -> dict[str, Any]:
    """The `total` block of `costs --json`, also `stats --json`'s `costs.total`."""
    code = summary.currency
    remaining = summary.remaining
    return {
        "amount": decimal_text(summary.total, code),
        "planned": decimal_text(summary.planned, code),
        "paid": decimal_text(summary.paid, code),
        "budget": None if summary.budget is None else decimal_text(summary.budget, code),
        "remaining": None if remaining is None else decimal_text(remaining, code),
        "per_person": decimal_text(summary.per_person, code),
        "travellers": summary.travellers,
        "missing_rates": list(summary.missing),
    }
