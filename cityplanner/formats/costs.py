"""A trip's costs as the exports show them: each in the home currency with the rate used,
where it was spent, and what they add up to."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_currency_precision

from cityplanner.domain.models import Stop
from cityplanner.domain.wording import short_date
from cityplanner.formats.document import TripDocument
from cityplanner.money.convert import ECB, OWN_RATE, TRIP_RATE, Converted, convert_costs
from cityplanner.money.display import rounded
from cityplanner.money.rates import reference_rates
from cityplanner.money.totals import CostSummary, Group, group_costs, stop_of, summarise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CostLine:
    """One cost, converted, with the stop it was spent at and what it was for."""

    item: Converted
    #: The stop's 1-based position; 0 for a cost of the whole trip.
    stop_number: int
    #: The stop's name, or "" for a cost of the whole trip.
    stop_name: str
    #: The site's name, or the leg ("from Toulouse to Albi by train"); "" otherwise.
    attached: str


@dataclass(frozen=True, slots=True)
class CostReport:
    """Every cost of a trip in its home currency, and the totals of those with a rate."""

    currency: str
    lines: list[CostLine]
    summary: CostSummary
    categories: list[Group]

    def missing_note(self) -> str:
        """What the person should know about costs without a rate ("" when every one has)."""
        missing = self.summary.missing
        if not missing:
            return ""
        count = sum(1 for line in self.lines if line.item.missing)
        codes = ", ".join(missing)
        return (
            f"{count} cost(s) in {codes} have no rate, so they have no amount in "
            f"{self.currency} and are left out of the totals; give the trip its own rate "
            f"for {'it' if len(missing) == 1 else 'them'}."
        )

    def rates_text(self) -> str:
        """The rates used for each foreign currency, in first-seen order ("" for none)."""
        used: dict[str, list[Converted]] = {}
        for line in self.lines:
            item = line.item
            if item.cost.currency != self.currency and not item.missing:
                used.setdefault(item.cost.currency, []).append(item)
        return "; ".join(self._rate_phrase(code, items) for code, items in used.items())

    def _rate_phrase(self, code: str, items: list[Converted]) -> str:
        phrases: list[str] = []
        mine = next((i.rate for i in items if i.source == TRIP_RATE), None)
        if mine is not None:
            phrases.append(f"1 {code} = {plain_number(mine)} {self.currency} (the trip's rate)")
        days = sorted(i.on for i in items if i.source.startswith(ECB) and i.on is not None)
        if days:
            span = short_date(days[0], year=True)
            if days[-1] != days[0]:
                first = short_date(days[0], year=days[0].year != days[-1].year)
                span = f"{first} to {short_date(days[-1], year=True)}"
            rates = "rate" if len(set(days)) == 1 else "rates"
            phrases.append(f"{code} at the European Central Bank's reference {rates} of {span}")
        if any(i.source == OWN_RATE for i in items):
            phrases.append(f"{code} at the rates given on the costs")
        return "; ".join(phrases)


def cost_report(doc: TripDocument) -> CostReport | None:
    """The trip's costs converted into its home currency; None when it has no costs.

    A cost without a day is converted at the rate of the trip's first day, not today's:
    the trip may be years old, and its currencies may no longer be quoted.
    """
    if not doc.costs:
        return None
    home = doc.trip.home_currency
    converted = convert_costs(
        doc.costs,
        home,
        reference=reference_rates(),
        user_rates=doc.rates,
        default_day=doc.trip.start or _first_day(doc.stops),
    )
    return CostReport(
        currency=home,
        lines=_lines(doc, converted),
        summary=summarise(converted, doc.trip),
        categories=group_costs(converted, "category", stops=doc.stops, sites=doc.sites),
    )


def _first_day(stops: list[Stop]) -> date | None:
    return next((s.arrival for s in stops if s.arrival is not None), None)


def _lines(doc: TripDocument, converted: list[Converted]) -> list[CostLine]:
    index = {s.id: i for i, s in enumerate(doc.stops)}
    site_stop = {s.id: s.stop_id for s in doc.sites}
    site_name = {s.id: s.name for s in doc.sites}
    lines = []
    for item in converted:
        cost = item.cost
        where = index.get(stop_of(cost, site_stop))
        if where is None:  # a cost of the whole trip
            lines.append(CostLine(item=item, stop_number=0, stop_name="", attached=""))
            continue
        stop = doc.stops[where]
        attached = ""
        if cost.site_id is not None:
            attached = site_name.get(cost.site_id, "")
        elif cost.leg_stop_id is not None:
            attached = _leg(doc.stops[where - 1] if where else None, stop)
        lines.append(
            CostLine(item=item, stop_number=where + 1, stop_name=stop.name, attached=attached)
        )
    return lines


def _leg(came_from: Stop | None, stop: Stop) -> str:
    how = f" by {stop.mode.label.lower()}" if stop.mode else ""
    if came_from is None:
        return f"to {stop.name}{how}"
    return f"from {came_from.name} to {stop.name}{how}"


# -- amounts as text ----------------------------------------------------------------------


def plain_amount(amount: Decimal, currency: str) -> str:
    """A converted amount for a table: 1234.50, never 1.2345E+3."""
    return format(rounded(amount, currency), "f")


def plain_number(value: Decimal) -> str:
    """An amount or a rate as entered, without exponent notation: 54000, 0.0082."""
    return format(value, "f")


def money_text(amount: Decimal, currency: str, *, as_entered: bool = False) -> str:
    """An amount for people to read: 4,012.48 EUR; 54,000 ISK.

    `as_entered` keeps the decimals an amount was typed with, when it has more than its
    currency usually shows (a fuel price of 1.459).
    """
    places = get_currency_precision(currency)
    exponent = amount.as_tuple().exponent
    if as_entered and isinstance(exponent, int):
        places = max(places, -exponent)
    value = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return f"{value:,.{places}f} {currency}"
