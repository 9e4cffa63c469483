"""The demo trip comes with costs in four currencies, a budget and the rates the ECB lacks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cityplanner.domain.costs import CostCategory
from cityplanner.domain.errors import StoreError
from cityplanner.domain.models import Trip
from cityplanner.money.convert import convert_costs
from cityplanner.money.rates import reference_rates
from cityplanner.money.totals import stop_of, summarise
from cityplanner.store import Store
from cityplanner.store import demo as demo_module
from cityplanner.store.demo import load_demo


@pytest.fixture
def trip(store: Store) -> Trip:
    return load_demo(store)


def test_demo_costs_are_in_four_currencies_and_all_convert_within_the_budget(
    store: Store, trip: Trip
) -> None:
    assert trip.id is not None
    costs = store.costs.for_trip(trip.id)
    assert {c.currency for c in costs} == {"EUR", "ISK", "RUB", "AMD"}
    assert trip.home_currency == "EUR" and trip.budget == Decimal(4500) and trip.travellers == 1
    assert store.costs.rates(trip.id) == {"ISK": Decimal("0.0082"), "AMD": Decimal("0.00176")}

    converted = convert_costs(
        costs,
        trip.home_currency,
        reference=reference_rates(),
        user_rates=store.costs.rates(trip.id),
    )
    assert [c.cost.note for c in converted if c.missing] == []
    assert {c.source for c in converted if c.cost.currency == "RUB"} <= {
        f"ECB 2017-10-{day}" for day in range(16, 20)
    }
    summary = summarise(converted, trip)
    assert summary.missing == ()
    assert 0 < summary.total < Decimal(4500)
    assert summary.remaining is not None and summary.remaining > 0


def test_demo_costs_are_dated_within_the_stay_they_belong_to(store: Store, trip: Trip) -> None:
    assert trip.id is not None
    stops = {s.id: s for s in store.trips.stops(trip.id)}
    site_stop = {s.id: s.stop_id for s in store.sites.for_trip(trip.id)}
    costs = store.costs.for_trip(trip.id)
    for cost in costs:
        stop = stops[stop_of(cost, site_stop)]
        assert cost.day is not None and stop.arrival is not None and stop.departure is not None
        assert stop.arrival <= cost.day <= stop.departure, cost.note
        if cost.leg_stop_id is not None:
            assert cost.day == stop.arrival, cost.note  # a leg is paid for on the travel day
    # Every stop has some, on itself, one of its sites or the leg that leads there.
    assert {stop_of(c, site_stop) for c in costs} == set(stops)
    assert any(c.site_id is not None for c in costs)
    assert any(c.leg_stop_id is not None for c in costs)
    assert {c.category for c in costs} >= {
        CostCategory.LODGING, CostCategory.TRANSPORT, CostCategory.FOOD,
        CostCategory.ACTIVITIES, CostCategory.FEES,
    }  # fmt: skip
    assert any(c.paid for c in costs) and any(not c.paid for c in costs)


def test_a_wrong_cost_in_the_demo_data_adds_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data: dict[str, Any] = demo_module._read()
    data["costs"] = [*data["costs"], {**data["costs"][0], "stop": "Atlantis"}]
    monkeypatch.setattr(demo_module, "_read", lambda: data)
    with pytest.raises(StoreError, match="Atlantis"):
        load_demo(store)
    assert store.trips.list() == []
    assert store.db.execute("SELECT COUNT(*) FROM costs").fetchone()[0] == 0
