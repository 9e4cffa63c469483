"""The money layer against the rates it ships: conversions, missing rates and totals.

The peer is `currencyconverter` itself, read directly with no fallback: the app must give
the ECB's figure of a day, or say it has none, and never an interpolated one.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from currency_converter import CurrencyConverter

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import Theme
from cityplanner.money.convert import Converted, convert_costs, missing_currencies
from cityplanner.money.rates import ReferenceRates, reference_rates
from cityplanner.money.totals import GROUPINGS, group_costs, summarise

DAY = date(2017, 10, 10)  # a Tuesday
SATURDAY, FRIDAY = date(2017, 10, 14), date(2017, 10, 13)
CENT = Decimal("0.01")
#: The rates are kept to ten decimals.
CLOSE = Decimal("1e-10")


@pytest.fixture(scope="module")
def peer() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False)


@pytest.fixture(scope="module")
def rates() -> ReferenceRates:
    return reference_rates()


def cost(amount: str, currency: str, **fields: Any) -> Cost:
    return Cost(trip_id=1, amount=Decimal(amount), currency=currency, **fields)


def one(item: Cost, home: str, user_rates: dict[str, Decimal] | None = None) -> Converted:
    (converted,) = convert_costs([item], home, reference=reference_rates(), user_rates=user_rates)
    return converted


# -- conversions at the ECB's rate of the day -------------------------------------------


def test_roubles_are_converted_at_the_ecb_rate_of_their_day(
    peer: CurrencyConverter, rates: ReferenceRates
) -> None:
    expected = Decimal(str(peer.convert(1, "RUB", "EUR", date=DAY)))
    found = rates.rate("RUB", "EUR", DAY)
    assert found is not None
    rate, published = found
    assert published == DAY
    assert abs(rate - expected) < CLOSE
    converted = one(cost("10000", "RUB", day=DAY), "EUR")
    assert converted.source == "ECB 2017-10-10" and converted.on == DAY
    assert converted.amount is not None
    assert converted.amount.quantize(CENT) == (10000 * expected).quantize(CENT) == Decimal("146.45")


def test_euros_in_a_rouble_trip_take_the_published_figure(peer: CurrencyConverter) -> None:
    # The ECB published 68.2832 roubles to the euro on 10 October 2017.
    assert Decimal(str(peer.convert(1, "EUR", "RUB", date=DAY))) == Decimal("68.2832")
    converted = one(cost("100", "EUR", day=DAY), "RUB")
    assert (converted.rate, converted.amount) == (Decimal("68.2832"), Decimal("6828.32"))


def test_a_saturday_takes_fridays_rate(peer: CurrencyConverter, rates: ReferenceRates) -> None:
    friday = rates.rate("USD", "EUR", FRIDAY)
    assert friday is not None and friday[1] == FRIDAY
    assert rates.rate("USD", "EUR", SATURDAY) == friday
    assert rates.rate("USD", "EUR", SATURDAY + timedelta(days=1)) == friday
    assert abs(friday[0] - Decimal(str(peer.convert(1, "USD", "EUR", date=FRIDAY)))) < CLOSE
    converted = one(cost("30", "USD", day=SATURDAY), "EUR")
    assert converted.source == "ECB 2017-10-13" and converted.on == FRIDAY


def test_christmas_takes_the_last_working_day_before_it(rates: ReferenceRates) -> None:
    found = rates.rate("GBP", "EUR", date(2017, 12, 26))
    assert found is not None and found[1] == date(2017, 12, 22)


# -- no reference rate: the traveller's rate, never a guess -------------------------------


def test_krona_had_no_reference_rate_in_2017_so_a_users_rate_is_used(
    peer: CurrencyConverter, rates: ReferenceRates
) -> None:
    assert rates.quoted("ISK")
    assert rates.rate("ISK", "EUR", DAY) is None
    with pytest.raises(Exception):  # noqa: B017 (the peer's own error types vary)
        peer.convert(1, "ISK", "EUR", date=DAY)
    item = cost("4500", "ISK", day=DAY)
    missing = one(item, "EUR")
    assert (missing.amount, missing.rate, missing.source) == (None, None, "no rate")
    assert missing_currencies([missing]) == ["ISK"]
    yours = one(item, "EUR", user_rates={"ISK": Decimal("0.0081")})
    assert (yours.amount, yours.source) == (Decimal("36.45"), "your rate")
    own = one(item.with_changes(rate=Decimal("0.008")), "EUR", user_rates={"ISK": Decimal("1")})
    assert (own.amount, own.source) == (Decimal("36"), "this cost's rate")


def test_dram_is_never_quoted_so_it_always_needs_a_users_rate(rates: ReferenceRates) -> None:
    assert not rates.quoted("AMD")
    for day in (date(2005, 6, 1), DAY, date(2024, 3, 5)):
        assert rates.rate("AMD", "EUR", day) is None
        assert rates.rate("EUR", "AMD", day) is None
    assert one(cost("15000", "AMD", day=DAY), "EUR").missing
    given = one(cost("15000", "AMD", day=DAY), "EUR", user_rates={"AMD": Decimal("0.0021")})
    assert (given.amount, given.rate, given.source) == (
        Decimal("31.5"),
        Decimal("0.0021"),
        "your rate",
    )


def test_the_home_currency_needs_no_rate() -> None:
    converted = one(cost("12.50", "EUR"), "EUR")
    assert (converted.amount, converted.rate, converted.source) == (
        Decimal("12.50"), Decimal(1), "home currency",
    )  # fmt: skip


# -- totals ----------------------------------------------------------------------------

STOPS = [
    Stop(place=Place("Toulouse", 43.6, 1.44, country_code="FR"), id=11, trip_id=1, position=0),
    Stop(place=Place("Arles", 43.68, 4.63, country_code="FR"), id=12, trip_id=1, position=1),
    Stop(place=Place("Reykjavík", 64.14, -21.9, country_code="IS"), id=13, trip_id=1, position=2),
]
SITES = [Site(name="Luma tower", theme=Theme.SHOWCASE, stop_id=12, id=21)]


def trip_costs() -> list[Cost]:
    return [
        cost("120.00", "EUR", stop_id=11, day=date(2017, 10, 8), paid=True,
             category=CostCategory.LODGING),
        cost("45.50", "USD", site_id=21, day=DAY, category=CostCategory.ACTIVITIES),
        cost("250", "GBP", leg_stop_id=13, day=date(2017, 10, 12), paid=True,
             category=CostCategory.TRANSPORT),
        cost("4500", "ISK", stop_id=13, day=date(2017, 10, 12), rate=Decimal("0.0081"),
             category=CostCategory.FOOD),
        cost("35", "EUR", category=CostCategory.FEES),  # the whole trip, no date
        cost("20", "EUR", refund=True, stop_id=12, day=DAY, category=CostCategory.ACTIVITIES),
        cost("15000", "AMD", day=DAY),  # no rate: left out and named
    ]  # fmt: skip


def converted_costs(costs: list[Cost]) -> list[Converted]:
    return convert_costs(costs, "EUR", reference=reference_rates(), default_day=date(2017, 10, 8))


def test_every_grouping_adds_up_to_the_trip_total() -> None:
    converted = converted_costs(trip_costs())
    summary = summarise(converted, Trip(name="Nordic", budget=Decimal("600"), travellers=2))
    assert summary.missing == ("AMD",)
    known = [c.amount for c in converted if c.amount is not None]
    assert summary.total == sum(known, Decimal(0)) and len(known) == 6
    assert summary.planned + summary.paid == summary.total
    for by in GROUPINGS:
        groups = group_costs(converted, by, stops=STOPS, sites=SITES)
        assert sum((g.total for g in groups), Decimal(0)) == summary.total, by
        assert sum((g.planned for g in groups), Decimal(0)) == summary.planned, by
        assert sum((g.paid for g in groups), Decimal(0)) == summary.paid, by
        assert sum(g.count for g in groups) == len(known), by
    by_stop = group_costs(converted, "stop", stops=STOPS, sites=SITES)
    assert [g.label for g in by_stop] == [
        "1. Toulouse",
        "2. Arles",
        "3. Reykjavík",
        "The whole trip",
    ]
    by_country = group_costs(converted, "country", stops=STOPS, sites=SITES)
    assert [g.key for g in by_country] == ["FR", "IS", ""]
    assert summary.remaining == Decimal("600") - summary.total
    assert summary.per_person == summary.total / 2


def test_a_refund_lowers_the_total() -> None:
    trip = Trip(name="Nordic")
    with_refund = summarise(converted_costs(trip_costs()), trip)
    without = summarise(converted_costs([c for c in trip_costs() if not c.refund]), trip)
    assert with_refund.total == without.total - Decimal(20)
    assert with_refund.refunds == Decimal(-20)
    refund = cost("20", "EUR", refund=True)
    assert refund.amount == Decimal(-20)


def test_metals_and_testing_codes_are_not_money() -> None:
    from cityplanner.domain.errors import ValidationError
    from cityplanner.money.rates import known_currency

    assert known_currency("amd") == "AMD"
    for code in ("XAU", "XTS", "XXX", "QQQ"):
        with pytest.raises(ValidationError):
            known_currency(code)
