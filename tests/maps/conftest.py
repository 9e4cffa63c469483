from __future__ import annotations

from datetime import date

import pytest

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.store import Store
from cityplanner.store.demo import load_demo

INJECTION = '</script><img src=x onerror="window.__pwned=1">'
TEMPLATE_INJECTION = "back`tick ${alert(1)} `${window.__pwned=2}`"


@pytest.fixture
def store():
    with Store.memory() as store:
        yield store


@pytest.fixture
def demo(store):
    trip = load_demo(store)
    return store, trip.id


@pytest.fixture
def hostile_trip(store):
    """A trip whose every text field tries to break out of the page."""
    trip = store.trips.create(INJECTION, TEMPLATE_INJECTION)
    stops = store.trips.add_stops(
        trip.id,
        [
            Stop(
                Place(INJECTION, 43.6, 1.44, "FR"),
                arrival=date(2017, 10, 2),
                nights=2,
                notes=TEMPLATE_INJECTION,
            ),
            Stop(Place(TEMPLATE_INJECTION, 48.85, 2.35, "FR"), mode="plane"),
        ],
    )
    store.sites.add_many(
        [
            Site(
                INJECTION,
                "water",
                stop_id=stops[0].id,
                lat=43.61,
                lon=1.45,
                description=TEMPLATE_INJECTION,
                url="javascript:window.__pwned=3",
            ),
            Site(
                TEMPLATE_INJECTION,
                "energy",
                stop_id=stops[1].id,
                status="visited",
                lat=48.86,
                lon=2.36,
                description=INJECTION,
                url="https://example.org/?a=<b>",
            ),
        ]
    )
    return store, trip.id


@pytest.fixture
def injections():
    return INJECTION, TEMPLATE_INJECTION


@pytest.fixture
def sample_inputs():
    trip = Trip("Sample", id=1)
    stops = [
        Stop(Place("A", 10.0, 10.0), id=1, arrival=date(2020, 1, 1), nights=2),
        Stop(Place("B", 11.0, 12.0), id=2, mode="train"),
    ]
    sites = [Site("s", "water", stop_id=1, lat=10.1, lon=10.1, id=5)]
    return trip, stops, sites
