"""Conversions between table rows and domain objects."""

from __future__ import annotations

import uuid
from datetime import time
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from cityplanner.domain.costs import Cost, CostCategory
from cityplanner.domain.models import JournalEntry, Place, Site, Stop, Trip
from cityplanner.domain.validation import parse_date
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode

Row = dict[str, Any]


def fetch_rows(db: Database, sql: str, params: list[object] | None = None) -> list[Row]:
    """The rows of a query as dicts keyed by column name."""
    cursor = db.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def new_uid() -> str:
    """A globally unique id for any stored object (calendars and trip files keep it)."""
    return str(uuid.uuid4())


def trip_from_row(row: Row) -> Trip:
    return Trip(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        start=parse_date(row["start"]),
        uid=row["uid"],
        home_currency=row["home_currency"],
        budget=Decimal(row["budget"]) if row["budget"] is not None else None,
        travellers=row["travellers"],
    )


def cost_from_row(row: Row) -> Cost:
    return Cost(
        id=row["id"],
        trip_id=row["trip_id"],
        stop_id=row["stop_id"],
        site_id=row["site_id"],
        leg_stop_id=row["leg_stop_id"],
        amount=Decimal(row["amount"]),
        currency=row["currency"],
        category=CostCategory(row["category"]),
        day=parse_date(row["day"]),
        paid=bool(row["paid"]),
        refund=bool(row["refund"]),
        rate=Decimal(row["rate"]) if row["rate"] is not None else None,
        note=row["note"],
        uid=row["uid"],
    )


def cost_to_row(cost: Cost) -> Row:
    return {
        "trip_id": cost.trip_id,
        "stop_id": cost.stop_id,
        "site_id": cost.site_id,
        "leg_stop_id": cost.leg_stop_id,
        "amount": str(cost.amount),
        "currency": cost.currency,
        "category": cost.category.value,
        "day": cost.day.isoformat() if cost.day else None,
        "paid": int(cost.paid),
        "refund": int(cost.refund),
        "rate": str(cost.rate) if cost.rate is not None else None,
        "note": cost.note,
        "uid": cost.uid or new_uid(),
    }


def stop_from_row(row: Row) -> Stop:
    place = Place(
        name=row["name"],
        lat=row["lat"],
        lon=row["lon"],
        country_code=row["country_code"],
        admin1=row["admin1"],
        timezone=row["timezone"],
        population=row["population"],
        source_id=row["source_id"],
        approximate=bool(row["approximate"]),
    )
    return Stop(
        id=row["id"],
        trip_id=row["trip_id"],
        position=row["position"],
        place=place,
        arrival=parse_date(row["arrival"]),
        nights=row["nights"],
        mode=TravelMode(row["mode"]) if row["mode"] else None,
        notes=row["notes"],
        pinned=bool(row["pinned"]),
        uid=row["uid"],
    )


def stop_to_row(stop: Stop) -> Row:
    place = stop.place
    return {
        "trip_id": stop.trip_id,
        "position": stop.position,
        "name": place.name,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "timezone": place.timezone,
        "population": place.population,
        "source_id": place.source_id,
        "approximate": int(place.approximate),
        "arrival": stop.arrival.isoformat() if stop.arrival else None,
        "nights": stop.nights,
        "mode": stop.mode.value if stop.mode else None,
        "notes": stop.notes,
        "pinned": int(stop.pinned and stop.arrival is not None),
        "uid": stop.uid or new_uid(),
    }


def site_from_row(row: Row, tags: tuple[str, ...] = ()) -> Site:
    return Site(
        id=row["id"],
        stop_id=row["stop_id"],
        name=row["name"],
        theme=Theme(row["theme"]),
        status=SiteStatus(row["status"]),
        lat=row["lat"],
        lon=row["lon"],
        approximate=bool(row["approximate"]),
        address=row["address"],
        url=row["url"],
        description=row["description"],
        tags=tags,
        day_of_stay=row["day_of_stay"],
        start_time=time.fromisoformat(row["start_time"]) if row["start_time"] else None,
        minutes=row["minutes"],
        uid=row["uid"],
    )


def site_to_row(site: Site) -> Row:
    return {
        "stop_id": site.stop_id,
        "name": site.name,
        "theme": site.theme.value,
        "status": site.status.value,
        "lat": site.lat,
        "lon": site.lon,
        "approximate": int(site.approximate),
        "address": site.address,
        "url": site.url,
        "description": site.description,
        "day_of_stay": site.day_of_stay,
        "start_time": site.start_time.strftime("%H:%M") if site.start_time else None,
        "minutes": site.minutes,
        "uid": site.uid or new_uid(),
    }


def entry_from_row(row: Row, tags: tuple[str, ...] = ()) -> JournalEntry:
    day = parse_date(row["day"])
    assert day is not None
    return JournalEntry(
        id=row["id"],
        trip_id=row["trip_id"],
        stop_id=row["stop_id"],
        site_id=row["site_id"],
        day=day,
        title=row["title"],
        body=row["body"],
        tags=tags,
        uid=row["uid"],
    )


def entry_to_row(entry: JournalEntry) -> Row:
    return {
        "trip_id": entry.trip_id,
        "stop_id": entry.stop_id,
        "site_id": entry.site_id,
        "day": entry.day.isoformat(),
        "title": entry.title,
        "body": entry.body,
        "uid": entry.uid or new_uid(),
    }
