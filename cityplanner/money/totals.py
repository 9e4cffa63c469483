"""What a trip's costs add up to: in all, planned and paid, against the budget, per person,
and grouped by day, stop, category or country."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.domain.models import Site, Stop, Trip
from cityplanner.domain.wording import long_date
from cityplanner.money.convert import Converted, missing_currencies

GROUPINGS = ("day", "stop", "category", "country")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CostSummary:
    """Totals in the home currency; costs without a rate are left out and named."""

    currency: str
    total: Decimal
    planned: Decimal
    paid: Decimal
    refunds: Decimal
    budget: Decimal | None
    travellers: int
    missing: tuple[str, ...]

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the budget (negative: over it)."""
        return None if self.budget is None else self.budget - self.total

    @property
    def per_person(self) -> Decimal:
        return self.total / self.travellers


@dataclass(frozen=True, slots=True)
class Group:
    """One line of a grouping: its key, its label, and the amounts in it."""

    key: str
    label: str
    total: Decimal
    planned: Decimal
    paid: Decimal
    count: int


def summarise(converted: Sequence[Converted], trip: Trip) -> CostSummary:
    known = [c for c in converted if c.amount is not None]
    paid = sum((c.amount for c in known if c.cost.paid and c.amount is not None), ZERO)
    total = sum((c.amount for c in known if c.amount is not None), ZERO)
    refunds = sum((c.amount for c in known if c.cost.refund and c.amount is not None), ZERO)
    return CostSummary(
        currency=trip.home_currency,
        total=total,
        planned=total - paid,
        paid=paid,
        refunds=refunds,
        budget=trip.budget,
        travellers=trip.travellers,
        missing=tuple(missing_currencies(converted)),
    )


def group_costs(
    converted: Sequence[Converted], by: str, *, stops: Sequence[Stop], sites: Sequence[Site]
) -> list[Group]:
    """The costs summed per day, stop, category or country, in the trip's order."""
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {GROUPINGS}")
    position = {s.id: i for i, s in enumerate(stops)}
    site_stop = {s.id: s.stop_id for s in sites}
    sums: dict[str, list[Decimal | int]] = {}
    labels: dict[str, str] = {}
    order: dict[str, tuple[object, ...]] = {}
    for item in converted:
        if item.amount is None:
            continue
        key, label, rank = _key(item.cost, by, stops, position, site_stop)
        entry = sums.setdefault(key, [ZERO, ZERO, ZERO, 0])
        entry[0] = Decimal(entry[0]) + item.amount
        entry[2 if item.cost.paid else 1] = Decimal(entry[2 if item.cost.paid else 1]) + item.amount
        entry[3] = int(entry[3]) + 1
        labels[key], order[key] = label, rank
    return [
        Group(key, labels[key], Decimal(v[0]), Decimal(v[1]), Decimal(v[2]), int(v[3]))
        for key, v in sorted(sums.items(), key=lambda kv: order[kv[0]])
    ]


def stop_of(cost: Cost, site_stop: dict[int | None, int | None]) -> int | None:
    """The stop a cost is spent at: its own, its site's, or its leg's destination."""
    if cost.stop_id is not None:
        return cost.stop_id
    if cost.site_id is not None:
        return site_stop.get(cost.site_id)
    return cost.leg_stop_id


def _key(
    cost: Cost,
    by: str,
    stops: Sequence[Stop],
    position: dict[int | None, int],
    site_stop: dict[int | None, int | None],
) -> tuple[str, str, tuple[object, ...]]:
    if by == "category":
        return cost.category.value, cost.category.label, (list(CostCategory).index(cost.category),)
    if by == "day":
        if cost.day is None:
            return "", "No date", (1, "")
        return cost.day.isoformat(), long_date(cost.day), (0, cost.day.isoformat())
    index = position.get(stop_of(cost, site_stop))
    if index is None:
        return "", "The whole trip", (1, 0)
    stop = stops[index]
    if by == "stop":
        return str(index + 1), f"{index + 1}. {stop.place.name}", (0, index)
    code = stop.place.country_code
    first = min(i for i, s in enumerate(stops) if s.place.country_code == code)
    return code, code or "Unknown country", (0, first)
