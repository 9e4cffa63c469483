"""Costs in the trip's home currency: each with the rate used and where it came from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from cityplanner.domain.costs import Cost
from cityplanner.money.display import rounded

#: Where a converted amount's rate came from (`Converted.source`; the ECB's ends in its day).
HOME, OWN_RATE, TRIP_RATE, NO_RATE, ECB = (
    "home currency",
    "this cost's rate",
    "your rate",
    "no rate",
    "ECB",
)


class RateSource(Protocol):
    """Where reference rates come from (`ReferenceRates`, or a stand-in while it loads)."""

    def rate(self, code: str, home: str, on: date) -> tuple[Decimal, date] | None: ...


@dataclass(frozen=True, slots=True)
class Converted:
    """A cost, and what it is worth in the home currency (None when no rate is known)."""

    cost: Cost
    amount: Decimal | None
    rate: Decimal | None
    source: str
    """"home currency", "this cost's rate", "your rate", or "ECB 2017-10-10"."""
    on: date | None = None
    """The day of the rate."""

    @property
    def missing(self) -> bool:
        return self.amount is None


def convert_costs(
    costs: Sequence[Cost],
    home: str,
    *,
    reference: RateSource,
    user_rates: Mapping[str, Decimal] | None = None,
    default_day: date | None = None,
) -> list[Converted]:
    """Each cost in `home`: at its own rate if it has one, else the traveller's rate for its
    currency, else the ECB's of its day (or `default_day`, else today). Never guessed."""
    rates = user_rates or {}
    out: list[Converted] = []

    def worth(amount: Decimal) -> Decimal:
        # Each cost is rounded to the home currency's units once, here: lines, groups and
        # totals then add up to the cent wherever they are shown.
        return rounded(amount, home)

    for cost in costs:
        if cost.currency == home:
            out.append(Converted(cost, worth(cost.amount), Decimal(1), HOME, cost.day))
        elif cost.rate is not None:
            out.append(Converted(cost, worth(cost.amount * cost.rate), cost.rate, OWN_RATE))
        elif cost.currency in rates:
            rate = rates[cost.currency]
            out.append(Converted(cost, worth(cost.amount * rate), rate, TRIP_RATE))
        else:
            on = cost.day or default_day or date.today()
            found = reference.rate(cost.currency, home, on)
            if found is None:
                out.append(Converted(cost, None, None, NO_RATE, on))
            else:
                rate, published = found
                amount = worth(cost.amount * rate)
                out.append(Converted(cost, amount, rate, f"{ECB} {published}", published))
    return out


def missing_currencies(converted: Sequence[Converted]) -> list[str]:
    """The currencies that need a rate from the traveller, in first-seen order."""
    return list(dict.fromkeys(c.cost.currency for c in converted if c.missing))
