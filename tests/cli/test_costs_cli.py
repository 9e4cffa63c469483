"""Costs from the command line: add-cost, set-budget, set-rate, costs and stats' costs.

Commands run in this process through `cityplanner.cli.main`, against a file made for each
test; the store is read back directly to see what was (or was not) written. Expected
conversions are read from `currencyconverter` itself, the source of the shipped rates.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from currency_converter import CurrencyConverter

from cityplanner.domain.costs import CostCategory
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.money.totals import GROUPINGS
from cityplanner.store import Store
from tests.cli.runner import CliRunner

TRIP = "Nordic costs"
START = date(2017, 10, 8)  # Toulouse 8th, Arles 10th, Reykjavík 12th, Yerevan Saturday 14th
STOPS = [
    ("Toulouse", 43.6045, 1.4442, "FR", 2, None),
    ("Arles", 43.6767, 4.6278, "FR", 2, TravelMode.CAR),
    ("Reykjavík", 64.1355, -21.8954, "IS", 2, TravelMode.PLANE),
    ("Yerevan", 40.1792, 44.4991, "AM", 1, TravelMode.PLANE),
]
CENT = Decimal("0.01")
PEER = CurrencyConverter(fallback_on_missing_rate=False)


def ecb(amount: str, code: str, home: str, day: date) -> Decimal:
    """What the ECB's rate of `day` makes of `amount`, to the cent."""
    value = Decimal(amount) * Decimal(str(PEER.convert(1, code, home, date=day)))
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


class Cli(CliRunner):
    """Runs commands against one file, as `cityplanner --db FILE …` would."""

    def state(self) -> tuple[Any, ...]:
        """Everything a refused command must leave as it was: trips, costs, rates."""
        with Store.open(self.db, seed_demo=False) as store:
            return tuple(
                (trip, store.costs.for_trip(trip.id or 0), store.costs.rates(trip.id or 0))
                for trip in store.trips.list()
            )

    def costs(self) -> list[Any]:
        return list(self.state()[0][1])

    def ids(self) -> dict[str, int]:
        """Stop and site ids by name."""
        with Store.open(self.db, seed_demo=False) as store:
            trip_id = store.trips.find(TRIP).id or 0
            stops = {s.name: s.id or 0 for s in store.trips.stops(trip_id)}
            return stops | {s.name: s.id or 0 for s in store.sites.for_trip(trip_id)}


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A dated trip of four stops; sites at Arles, and one planned at Reykjavík on day 2."""
    path = tmp_path / "costs.db"
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create(TRIP, start=START)
        assert trip.id is not None
        stops = store.trips.add_stops(
            trip.id,
            [
                Stop(place=Place(name, lat, lon, country_code=cc), nights=nights, mode=mode)
                for name, lat, lon, cc, nights, mode in STOPS
            ],
        )
        arles, reykjavik = stops[1].id, stops[2].id
        store.sites.add_many(
            [
                Site(name="Luma tower", theme=Theme.SHOWCASE, stop_id=arles),
                Site(name="Smart parking", theme=Theme.PARKING, stop_id=arles),
                Site(name="Smart water meters", theme=Theme.WATER, stop_id=arles),
                Site(name="Hellisheiði", theme=Theme.ENERGY, stop_id=reykjavik, day_of_stay=1),
            ]
        )
    return Cli(path, capsys)


def spend(cli: Cli) -> None:
    """Costs of every kind: home and foreign currency, a user's rate, a refund, a leg."""
    cli.ok("add-cost", TRIP, "120", "EUR", "--stop", "2", "--category", "lodging", "--paid",
           "--note", "Hotel du Forum")  # fmt: skip
    cli.ok("add-cost", TRIP, "45.50", "USD", "--site", "Luma tower", "--category", "activities")
    cli.ok("add-cost", TRIP, "310", "EUR", "--leg", "3", "--category", "transport", "--paid")
    cli.ok("add-cost", TRIP, "4500", "ISK", "--stop", "3", "--category", "food", "--rate", "0.0081")
    cli.ok("set-rate", TRIP, "AMD", "0.0021")
    cli.ok("add-cost", TRIP, "15000", "AMD", "--stop", "4", "--category", "lodging")
    cli.ok("add-cost", TRIP, "30", "USD", "--on", "2017-10-14", "--category", "fees")
    cli.ok("add-cost", TRIP, "20", "EUR", "--refund", "--stop", "2", "--category", "lodging")


# -- add-cost ----------------------------------------------------------------------------


def test_a_cost_at_a_stop_takes_its_arrival_day(cli: Cli) -> None:
    out = cli.ok("add-cost", TRIP, "120", "EUR", "--stop", "2", "--category", "lodging",
                 "--paid", "--note", "Hotel du Forum")  # fmt: skip
    assert out.count("\n") == 1
    assert out.startswith("Added cost ")
    assert (
        ": 120.00 EUR (lodging, “Hotel du Forum”) at Arles (stop 2) on Tue 10 Oct 2017, paid; "
        "in EUR, the trip's currency." in out
    )
    (cost,) = cli.costs()
    assert (cost.amount, cost.currency, cost.category, cost.day, cost.paid, cost.note) == (
        Decimal("120.00"), "EUR", CostCategory.LODGING, date(2017, 10, 10), True,
        "Hotel du Forum",
    )  # fmt: skip
    assert cost.stop_id == cli.ids()["Arles"] and cost.site_id is None and cost.rate is None


def test_a_cost_at_a_site_takes_its_planned_day_and_the_ecb_rate_of_it(cli: Cli) -> None:
    out = cli.ok("add-cost", TRIP, "45.50", "USD", "--site", "hellisheiði")
    friday = date(2017, 10, 13)  # the site is planned for day 2 of the stay at Reykjavík
    expected = ecb("45.50", "USD", "EUR", friday)
    assert f": {expected} EUR at 1 USD = " in out and "(ECB 2017-10-13)." in out
    assert "at Hellisheiði, Reykjavík on Fri 13 Oct 2017, planned" in out
    site_id = str(cli.ids()["Luma tower"])
    cli.ok("add-cost", TRIP, "12", "EUR", "--site", site_id)  # by id; not planned: the arrival
    first, second = sorted(cli.costs(), key=lambda c: c.id)
    assert (first.site_id, first.day) == (cli.ids()["Hellisheiði"], friday)
    assert (second.site_id, second.day) == (int(site_id), date(2017, 10, 10))


def test_a_cost_on_a_leg_takes_the_arrival_day(cli: Cli) -> None:
    out = cli.ok("add-cost", TRIP, "310", "EUR", "--leg", "3", "--category", "transport")
    assert "on the leg Arles → Reykjavík on Thu 12 Oct 2017" in out
    (cost,) = cli.costs()
    assert (cost.leg_stop_id, cost.stop_id, cost.day) == (
        cli.ids()["Reykjavík"], None, date(2017, 10, 12),
    )  # fmt: skip


def test_a_saturday_takes_fridays_rate(cli: Cli) -> None:
    out = cli.ok("add-cost", TRIP, "30", "USD", "--stop", "4")
    assert "on Sat 14 Oct 2017" in out and "(ECB 2017-10-13)" in out
    assert f"{ecb('30', 'USD', 'EUR', date(2017, 10, 13))} EUR" in out


def test_krona_in_2017_needs_a_rate_and_takes_the_trips_or_the_costs(cli: Cli) -> None:
    before = cli.state()
    code, _out, err = cli("add-cost", TRIP, "4500", "ISK", "--stop", "3")
    assert code == 1 and err.count("\n") == 1
    assert "no ISK rate for 2017-10-12" in err and "pass --rate R" in err
    assert cli.state() == before
    own = cli.ok("add-cost", TRIP, "4500", "ISK", "--stop", "3", "--rate", "0.0081")
    assert "36.45 EUR at 1 ISK = 0.0081 EUR (this cost's rate)" in own
    assert "For Nordic costs, 1 ISK = 0.008 EUR" in cli.ok("set-rate", TRIP, "ISK", "0.008")
    yours = cli.ok("add-cost", TRIP, "1000", "ISK", "--stop", "3")
    assert "8.00 EUR at 1 ISK = 0.008 EUR (your rate)" in yours
    assert [c.rate for c in sorted(cli.costs(), key=lambda c: c.id)] == [Decimal("0.0081"), None]


def test_dram_is_never_quoted(cli: Cli) -> None:
    code, _out, err = cli("add-cost", TRIP, "15000", "AMD", "--stop", "4")
    assert code == 1 and "does not quote AMD" in err and "--rate R" in err
    assert "set-rate 'Nordic costs' AMD R" in err
    cli.ok("set-rate", TRIP, "AMD", "0.0021")
    assert "31.50 EUR" in cli.ok("add-cost", TRIP, "15000", "AMD", "--stop", "4")


def test_a_refund_is_stored_negative_and_lowers_the_total(cli: Cli) -> None:
    cli.ok("add-cost", TRIP, "120", "EUR", "--stop", "2")
    before = cli.json("costs", TRIP)["total"]["amount"]
    out = cli.ok("add-cost", TRIP, "20", "EUR", "--refund", "--stop", "2")
    assert "Added refund " in out and "-20.00 EUR" in out
    cli.ok("add-cost", TRIP, "-5", "EUR", "--refund")
    refund, negative = sorted(cli.costs(), key=lambda c: c.id)[1:]
    assert (refund.amount, refund.refund, negative.amount) == (Decimal(-20), True, Decimal(-5))
    assert (before, cli.json("costs", TRIP)["total"]["amount"]) == ("120.00", "95.00")


# -- set-budget and set-rate -------------------------------------------------------------


def test_set_budget_travellers_and_none(cli: Cli) -> None:
    spend(cli)
    out = cli.ok("set-budget", TRIP, "600", "EUR", "--travellers", "2")
    assert "The budget of Nordic costs is 600.00 EUR for 2 travellers." in out
    trip = cli.state()[0][0]
    assert (trip.budget, trip.home_currency, trip.travellers) == (Decimal("600.00"), "EUR", 2)
    total = cli.json("costs", TRIP)["total"]
    spent = Decimal(total["amount"])
    assert Decimal(total["remaining"]) == Decimal(600) - spent
    assert Decimal(total["per_person"]) == (spent / 2).quantize(CENT, rounding=ROUND_HALF_EVEN)
    assert (total["budget"], total["travellers"]) == ("600.00", 2)
    text = cli.ok("costs", TRIP)
    assert "Budget: 600.00 EUR, remaining " in text and "Per person (2 travellers): " in text
    cli.ok("set-budget", TRIP, "100")  # in the trip's currency
    assert "Budget: 100.00 EUR, over by " in cli.ok("costs", TRIP)
    assert "has no budget now" in cli.ok("set-budget", TRIP, "none")
    total = cli.json("costs", TRIP)["total"]
    assert (total["budget"], total["remaining"]) == (None, None)


def test_the_budgets_currency_becomes_the_trips(cli: Cli) -> None:
    cli.ok("add-cost", TRIP, "120", "EUR", "--stop", "2")
    out = cli.ok("set-budget", TRIP, "700", "USD")
    assert "counted in USD now (they were in EUR)" in out
    assert cli.state()[0][0].home_currency == "USD"
    data = cli.json("costs", TRIP)
    assert data["currency"] == "USD"
    assert data["costs"][0]["converted"] == str(ecb("120", "EUR", "USD", date(2017, 10, 10)))


def test_a_new_currency_is_refused_while_rates_are_given_in_the_old_one(cli: Cli) -> None:
    cli.ok("set-rate", TRIP, "AMD", "0.0021")
    before = cli.state()
    code, _out, err = cli("set-budget", TRIP, "700", "USD")
    assert code == 1 and err.count("\n") == 1
    assert "values in EUR" in err and "give the budget in EUR" in err
    assert cli.state() == before


def test_forgetting_a_rate_leaves_its_costs_out_of_the_totals_and_names_them(cli: Cli) -> None:
    spend(cli)
    total = cli.json("costs", TRIP)["total"]
    out = cli.ok("set-rate", TRIP, "AMD", "none")
    assert "no rate of its own for AMD now" in out and "1 AMD cost has no rate" in out
    assert cli.state()[0][2] == {}
    after = cli.json("costs", TRIP)
    assert after["total"]["missing_rates"] == ["AMD"]
    assert Decimal(after["total"]["amount"]) == Decimal(total["amount"]) - Decimal("31.50")
    dram = next(c for c in after["costs"] if c["currency"] == "AMD")
    assert (dram["converted"], dram["rate"], dram["rate_source"]) == (None, None, "no rate")
    assert "No rate for AMD in EUR: 15,000.00 AMD (cost " in cli.ok("costs", TRIP)
    assert "No rate for AMD" in cli.ok("stats", TRIP)


# -- costs -------------------------------------------------------------------------------


def test_costs_json_has_exactly_the_documented_keys(cli: Cli) -> None:
    spend(cli)
    data = cli.json("costs", TRIP)
    assert set(data) == {"trip", "currency", "costs", "groups", "total"}
    assert data["trip"] == {"id": cli.state()[0][0].id, "name": TRIP}
    assert (data["currency"], data["groups"]) == ("EUR", [])
    assert all(
        set(c) == {"id", "amount", "currency", "category", "day", "paid", "refund", "note",
                   "stop", "site", "leg", "converted", "rate", "rate_source"}
        for c in data["costs"]
    )  # fmt: skip
    assert set(data["total"]) == {
        "amount", "planned", "paid", "budget", "remaining", "per_person", "travellers",
        "missing_rates",
    }  # fmt: skip
    hotel = data["costs"][0]
    assert hotel == {
        "id": hotel["id"], "amount": "120.00", "currency": "EUR", "category": "lodging",
        "day": "2017-10-10", "paid": True, "refund": False, "note": "Hotel du Forum",
        "stop": 2, "site": None, "leg": None, "converted": "120.00", "rate": "1",
        "rate_source": "home currency",
    }  # fmt: skip
    by_kind = {c["currency"] + c["category"]: c for c in data["costs"]}
    assert by_kind["USDactivities"]["site"] == cli.ids()["Luma tower"]
    assert (by_kind["EURtransport"]["leg"], by_kind["EURtransport"]["stop"]) == (3, None)
    assert (by_kind["ISKfood"]["amount"], by_kind["ISKfood"]["converted"]) == ("4500", "36.45")
    assert by_kind["AMDlodging"]["rate_source"] == "your rate"
    usd = by_kind["USDactivities"]
    assert usd["converted"] == str(ecb("45.50", "USD", "EUR", date(2017, 10, 10)))
    assert usd["rate_source"] == "ECB 2017-10-10"
    total = data["total"]
    converted = [Decimal(c["converted"]) for c in data["costs"]]
    assert Decimal(total["amount"]) == sum(converted, Decimal(0))
    assert Decimal(total["planned"]) + Decimal(total["paid"]) == Decimal(total["amount"])
    assert total["paid"] == "430.00" and total["missing_rates"] == []


@pytest.mark.parametrize("by", GROUPINGS)
def test_groups_add_up_to_the_total(cli: Cli, by: str) -> None:
    spend(cli)
    data = cli.json("costs", TRIP, "--by", by)
    groups, total = data["groups"], data["total"]
    assert groups and all(set(g) == {"key", "label", "total", "planned", "paid", "count"}
                          for g in groups)  # fmt: skip
    for field, key in (("total", "amount"), ("planned", "planned"), ("paid", "paid")):
        assert sum(Decimal(g[field]) for g in groups) == Decimal(total[key]), field
    assert sum(g["count"] for g in groups) == len(data["costs"])
    text = cli.ok("costs", TRIP, "--by", by)
    assert f"{by}  " in text and f"Total: {total['amount']} EUR" in text


def test_groups_by_stop_and_country(cli: Cli) -> None:
    spend(cli)
    by_stop = cli.json("costs", TRIP, "--by", "stop")["groups"]
    assert [g["label"] for g in by_stop] == [
        "2. Arles", "3. Reykjavík", "4. Yerevan", "The whole trip",
    ]  # fmt: skip
    arles = by_stop[0]  # the hotel, Luma tower and the refund
    expected = Decimal("100") + ecb("45.50", "USD", "EUR", date(2017, 10, 10))
    assert (Decimal(arles["total"]), arles["count"]) == (expected, 3)
    countries = cli.json("costs", TRIP, "--by", "country")["groups"]
    assert [g["key"] for g in countries] == ["FR", "IS", "AM", ""]


def test_costs_in_another_currency(cli: Cli) -> None:
    spend(cli)
    cli.ok("set-budget", TRIP, "600", "EUR")
    home = cli.json("costs", TRIP)
    data = cli.json("costs", TRIP, "--in", "USD")
    assert data["currency"] == "USD"
    for mine, theirs in zip(home["costs"], data["costs"], strict=True):
        assert mine["id"] == theirs["id"] and mine["amount"] == theirs["amount"]
    usd = next(c for c in data["costs"] if c["currency"] == "USD" and c["day"] == "2017-10-10")
    assert usd["converted"] == "45.50"  # there and back on the same day's rate
    hotel = data["costs"][0]
    assert hotel["converted"] == str(ecb("120", "EUR", "USD", date(2017, 10, 10)))
    assert hotel["rate_source"] == "ECB 2017-10-10"
    total = data["total"]
    assert Decimal(total["amount"]) == sum(Decimal(c["converted"]) for c in data["costs"])
    assert total["budget"] == str(ecb("600", "EUR", "USD", date(2017, 10, 6)))  # trip's first day
    assert cli.json("costs", TRIP, "--in", "eur") == home
    assert "costs in USD" in cli.ok("costs", TRIP, "--in", "USD")


def test_costs_as_text(cli: Cli) -> None:
    assert "No costs yet" in cli.ok("costs", TRIP)
    spend(cli)
    text = cli.ok("costs", TRIP, "--by", "category")
    assert text.startswith("Nordic costs (trip 1): costs in EUR\n")
    assert "Hotel du Forum" in text and "Arles (stop 2)" in text and "leg Arles → Reykjavík" in text
    assert "4,500 ISK" in text and "this cost's rate" in text and "planned" in text
    assert "Lodging" in text and "Food and drink" in text
    assert "Total: " in text and "refunds -20.00 EUR" in text


def test_stats_gain_the_costs(cli: Cli) -> None:
    assert "Costs: none yet" in cli.ok("stats", TRIP)
    spend(cli)
    cli.ok("set-budget", TRIP, "600", "EUR", "--travellers", "2")
    stats = cli.json("stats", TRIP)
    costs = cli.json("costs", TRIP, "--by", "category")
    assert stats["costs"]["total"] == costs["total"]
    assert stats["costs"]["currency"] == "EUR"
    assert stats["costs"]["by_category"] == costs["groups"]
    assert stats["km"] > 0  # the rest of stats is still there
    text = cli.ok("stats", TRIP)
    assert f"Costs: {costs['total']['amount']} EUR" in text
    assert "By category: Lodging " in text and "Budget: 600.00 EUR, remaining" in text


# -- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add-cost", TRIP, "-12", "EUR"], "add it with --refund"),
        (["add-cost", TRIP, "abc", "EUR"], "'abc' is not a number"),
        (["add-cost", TRIP, "1,5", "EUR"], "write a point for decimals"),
        (["add-cost", TRIP, "nan", "EUR"], "finite"),
        (["add-cost", TRIP, "12", "XYZ"], "'XYZ' is not a currency code"),
        (["add-cost", TRIP, "12", "EURO"], "not a currency code"),
        (["add-cost", TRIP, "1e20", "EUR"], "too large"),
        (["add-cost", TRIP, "12.345", "EUR"], "finer than EUR goes (2 decimals)"),
        (["add-cost", TRIP, "1200.5", "JPY", "--rate", "0.0075"], "JPY goes (no decimals)"),
        (["add-cost", TRIP, "12", "USD", "--rate", "0"], "A rate must be above zero"),
        (["add-cost", TRIP, "12", "USD", "--rate", "-1"], "A rate must be above zero"),
        (["add-cost", TRIP, "12", "EUR", "--rate", "1.1"], "it takes no --rate"),
        (["add-cost", TRIP, "12", "EUR", "--on", "2017-10-20"], "outside the trip"),
        (["add-cost", TRIP, "12", "EUR", "--on", "2017-10-07"], "outside the trip"),
        (["add-cost", TRIP, "12", "EUR", "--on", "2017-02-30"], "not a valid date"),
        (["add-cost", TRIP, "12", "EUR", "--stop", "9"], "out of range"),
        (["add-cost", TRIP, "12", "EUR", "--leg", "1"], "POS is 2 or more"),
        (["add-cost", TRIP, "12", "EUR", "--site", "smart"], "matches 2 sites of Nordic costs"),
        (["add-cost", TRIP, "12", "EUR", "--site", "Colosseum"], "No site of Nordic costs"),
        (["add-cost", TRIP, "12", "EUR", "--category", "bribes"], "not a cost category"),
        (["add-cost", "No such trip", "12", "EUR"], "No trip is called"),
        (["set-budget", TRIP, "-5", "EUR"], "cannot be negative"),
        (["set-budget", TRIP, "lots", "EUR"], "not a number"),
        (["set-budget", TRIP, "500", "XYZ"], "not a currency code"),
        (["set-budget", TRIP, "500", "EUR", "--travellers", "0"], "1 to 1,000 people"),
        (["set-rate", TRIP, "ISK", "0"], "above zero"),
        (["set-rate", TRIP, "ISK", "1,5"], "write a point"),
        (["set-rate", TRIP, "XYZ", "1"], "not a currency code"),
        (["set-rate", TRIP, "EUR", "1"], "needs no rate"),
        (["costs", TRIP, "--in", "XYZ"], "not a currency code"),
        (["costs", TRIP, "--in", "AMD"], "no reference rate from EUR to AMD"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    cli: Cli, args: list[str], message: str
) -> None:
    spend(cli)
    before = cli.state()
    code, out, err = cli(*args)
    assert code == 1, out
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert cli.state() == before


@pytest.mark.parametrize(
    "args",
    [
        ["add-cost", TRIP, "12", "EUR", "--stop", "2", "--site", "Luma tower"],
        ["add-cost", TRIP, "12", "EUR", "--stop", "2", "--leg", "3"],
        ["add-cost", TRIP, "12", "EUR", "--site", "Luma tower", "--leg", "3"],
        ["costs", TRIP, "--by", "week"],
        ["add-cost", TRIP, "12"],
    ],
)
def test_wrong_usage_exits_with_status_2_and_changes_nothing(cli: Cli, args: list[str]) -> None:
    spend(cli)
    before = cli.state()
    with pytest.raises(SystemExit) as exited:
        cli(*args)
    assert exited.value.code == 2
    assert cli.state() == before
