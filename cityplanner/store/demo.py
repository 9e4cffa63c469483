"""The demo trip, read from a data file under `resources/demo/`."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.domain.errors import StoreError
from cityplanner.domain.models import JournalEntry, Place, Site, Stop, Trip
from cityplanner.domain.validation import parse_date
from cityplanner.resources import resource_path
from cityplanner.store.database import writing

if TYPE_CHECKING:
    from cityplanner.store.store import Store

DEMO_FILE = ("demo", "smart-city-tour-2017.json")


def load_demo(store: Store) -> Trip:
    """Add the demo trip with its stops, sites, journal, costs, budget and rates, in one
    transaction."""
    data = _read()
    with writing(store.db, "load the demo trip"):
        trip = store.trips.create(data["trip"]["name"], data["trip"].get("description", ""))
        assert trip.id is not None
        stops = store.trips.add_stops(trip.id, [_stop(s) for s in data["stops"]])
        by_name = {s.name: s.id for s in stops}
        sites = store.sites.add_many([_site(s, by_name[s["stop"]], stops) for s in data["sites"]])
        site_ids = {s.name: s.id for s in sites}
        for raw in data["journal"]:
            day = parse_date(raw["day"])
            assert day is not None
            store.journal.add(
                JournalEntry(
                    trip_id=trip.id,
                    stop_id=by_name.get(raw.get("stop", "")),
                    site_id=site_ids.get(raw.get("site", "")),
                    day=day,
                    title=raw["title"],
                    body=raw["body"],
                )
            )
        store.costs.add_many([_cost(c, trip.id, by_name, site_ids) for c in data.get("costs", ())])
        budget = data.get("budget")
        if budget is not None:
            store.costs.set_budget(
                trip.id,
                Decimal(budget["amount"]),
                budget["currency"],
                travellers=budget.get("travellers", 1),
            )
        for currency, rate in data.get("rates", {}).items():
            store.costs.set_rate(trip.id, currency, Decimal(rate))
    return store.trips.get(trip.id)


def _read() -> dict[str, Any]:
    path = resource_path(*DEMO_FILE)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"The demo trip data ({path}) cannot be read: {exc}.") from None
    return data


def _stop(raw: dict[str, Any]) -> Stop:
    place = Place(
        name=raw["name"],
        lat=raw["lat"],
        lon=raw["lon"],
        country_code=raw["country_code"],
        admin1=raw.get("admin1", ""),
        timezone=raw.get("timezone", ""),
        population=raw.get("population", 0),
        source_id=raw.get("source_id", ""),
        approximate=raw.get("approximate", False),
    )
    return Stop(
        place=place,
        arrival=parse_date(raw.get("arrival")),
        nights=raw.get("nights", 0),
        mode=raw.get("mode"),
        notes=raw.get("notes", ""),
    )


def _site(raw: dict[str, Any], stop_id: int | None, stops: list[Stop]) -> Site:
    # A site whose exact spot is not known sits at its city's coordinates, marked approximate.
    lat, lon = raw.get("lat"), raw.get("lon")
    if lat is None or lon is None:
        city = next(s for s in stops if s.id == stop_id)
        lat, lon = city.place.lat, city.place.lon
    return Site(
        stop_id=stop_id,
        name=raw["name"],
        theme=raw["theme"],
        status=raw.get("status", "planned"),
        lat=lat,
        lon=lon,
        approximate=bool(raw.get("approximate", False)),
        description=raw.get("description", ""),
        url=raw.get("url", ""),
        address=raw.get("address", ""),
        tags=tuple(raw.get("tags", ())),
    )


def _cost(
    raw: dict[str, Any],
    trip_id: int,
    stops: dict[str, int | None],
    sites: dict[str, int | None],
) -> Cost:
    """A cost on the stop, the leg (named by the stop it arrives at) or the site it names."""

    def find(kind: str, known: dict[str, int | None]) -> int | None:
        name = raw.get(kind)
        if name is None:
            return None
        if name not in known:
            raise StoreError(f"The demo trip data names a {kind} it does not have: {name!r}.")
        return known[name]

    return Cost(
        trip_id=trip_id,
        amount=Decimal(raw["amount"]),
        currency=raw["currency"],
        category=CostCategory.parse(raw["category"]),
        day=parse_date(raw.get("day")),
        paid=bool(raw.get("paid", False)),
        refund=bool(raw.get("refund", False)),
        note=raw.get("note", ""),
        stop_id=find("stop", stops),
        leg_stop_id=find("leg", stops),
        site_id=find("site", sites),
    )
