"""Checking the objects of a trip file: one function per kind, each giving a clean record.

A trip file comes from elsewhere, so every object is read as if hostile: each field must
have its JSON type, and each object must pass the same domain checks as one typed into the
window (names lose control characters, themes and statuses must be known, dates must be
dates, coordinates on Earth). The record kept is built from the checked domain object, so
that the store receives only what CityPlanner itself would have written. A message names
the object (its kind, number and name) and what is wrong with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from cityplanner.domain.costs import Cost, CostCategory, check_currency, check_rate
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry, Place, Site, Stop, Trip
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.domain.validation import check_text, parse_date
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.store.sync_records import Record

_UID = re.compile(r"^[A-Za-z0-9._:@-]{1,100}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


class Fields:
    """A JSON object of the file, read field by field with its type checked."""

    def __init__(self, raw: object, label: str) -> None:
        if not isinstance(raw, dict):
            raise ValidationError(f"{label} must be a JSON object.")
        self.raw: dict[str, Any] = raw
        self.label = label

    def fail(self, key: str, what: str) -> ValidationError:
        return ValidationError(f"{self.label}: '{key}' must be {what}.")

    def text(self, key: str, default: str = "") -> str:
        value = self.raw.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, "text")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.text(key)
        return value or None

    def number(self, key: str) -> float:
        value = self.raw.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(key, "a number")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        return None if self.raw.get(key) is None else self.number(key)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**12:
            raise self.fail(key, "a whole number")
        return value

    def optional_integer(self, key: str) -> int | None:
        return None if self.raw.get(key) is None else self.integer(key)

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of texts")
        return list(value)

    def uid(self, key: str = "uid") -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not _UID.match(value):
            raise self.fail(key, "an identifier (letters, digits and - . _ : @, at most 100)")
        return value

    def ref(self, key: str) -> str | None:
        return None if self.raw.get(key) is None else self.uid(key)

    def day(self, key: str) -> str | None:
        value = self.optional_text(key)
        return _iso(parse_date(value)) if value else None

    def stamp(self, key: str) -> str:
        """A UTC time as the store writes it (2026-12-01T10:00:00Z); absent: unknown ("")."""
        value = self.text(key)
        if value and not _STAMP.match(value):
            raise self.fail(key, "a UTC time such as 2026-12-01T10:00:00Z")
        return value


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def check_trip(f: Fields) -> Record:
    rates = f.raw.get("rates", {})
    if not isinstance(rates, dict):
        raise f.fail("rates", "an object of currency: rate")
    budget = f.optional_text("budget")
    trip = Trip(
        name=f.text("name"),
        description=f.text("description"),
        start=parse_date(f.optional_text("start")),
        home_currency=f.text("home_currency", "EUR"),
        budget=Decimal(budget) if budget is not None and _decimal(budget) else None,
        travellers=f.integer("travellers", 1),
    )
    if budget is not None and trip.budget is None:
        raise f.fail("budget", "an amount such as 1200.00")
    checked: dict[str, str] = {}
    for currency, rate in rates.items():
        if not isinstance(rate, str | int | float) or isinstance(rate, bool):
            raise f.fail("rates", "an object of currency: rate")
        checked[check_currency(currency)] = str(check_rate(rate))
    return {
        "uid": f.uid(),
        "name": trip.name,
        "description": trip.description,
        "start": _iso(trip.start),
        "home_currency": trip.home_currency,
        "budget": _money(trip.budget),
        "travellers": trip.travellers,
        "rates": dict(sorted(checked.items())),
        "created_at": f.stamp("created_at") or "1970-01-01T00:00:00Z",
        "modified_at": f.stamp("modified_at"),
    }


def _decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except ArithmeticError:
        return False


def check_stop(f: Fields) -> Record:
    place = Place(
        name=f.text("name"),
        lat=f.number("lat"),
        lon=f.number("lon"),
        country_code=f.text("country_code"),
        admin1=check_text(f.text("admin1"), "Region"),
        timezone=f.text("timezone"),
        population=max(0, f.integer("population", 0)),
        source_id=f.text("source_id"),
        approximate=f.flag("approximate"),
    )
    mode = f.optional_text("mode")
    stop = Stop(
        place=place,
        position=f.integer("position"),
        arrival=parse_date(f.optional_text("arrival")),
        nights=f.integer("nights", 0),
        mode=TravelMode.parse(mode) if mode else None,
        notes=f.text("notes"),
        pinned=f.flag("pinned"),
    )
    _one_line(f, place.timezone, "timezone")
    _one_line(f, place.source_id, "source_id")
    return {
        "uid": f.uid(),
        "position": stop.position,
        "name": place.name,
        "country_code": place.country_code,
        "admin1": " ".join(place.admin1.split()),
        "lat": place.lat,
        "lon": place.lon,
        "timezone": place.timezone,
        "population": place.population,
        "source_id": place.source_id,
        "approximate": place.approximate,
        "arrival": _iso(stop.arrival),
        "nights": stop.nights,
        "pinned": stop.pinned and stop.arrival is not None,
        "mode": stop.mode.value if stop.mode else None,
        "notes": stop.notes,
        "leg_km": f.optional_number("leg_km"),
        "modified_at": f.stamp("modified_at"),
    }


def _one_line(f: Fields, value: str, key: str) -> None:
    if len(value) > 200 or not value.isprintable():
        raise f.fail(key, "one short line of text")


def check_site(f: Fields) -> Record:
    start = f.optional_text("start_time")
    try:
        planned = time.fromisoformat(start) if start else None
    except ValueError:
        raise f.fail("start_time", "a time of day such as 14:30") from None
    site = Site(
        name=f.text("name"),
        theme=Theme.parse(f.text("theme")),
        status=SiteStatus.parse(f.text("status", "planned")),
        lat=f.optional_number("lat"),
        lon=f.optional_number("lon"),
        approximate=f.flag("approximate"),
        address=f.text("address"),
        url=f.text("url"),
        description=f.text("description"),
        tags=tuple(f.strings("tags")),
        day_of_stay=f.optional_integer("day_of_stay"),
        start_time=planned,
        minutes=f.optional_integer("minutes"),
    )
    stop = f.ref("stop")
    if stop is None:
        raise f.fail("stop", "the uid of the stop it is seen at")
    return {
        "uid": f.uid(),
        "stop": stop,
        "name": site.name,
        "theme": site.theme.value,
        "status": site.status.value,
        "lat": site.lat,
        "lon": site.lon,
        "approximate": site.approximate,
        "address": site.address,
        "url": site.url,
        "description": site.description,
        "tags": list(site.tags),
        "day_of_stay": site.day_of_stay,
        "start_time": site.start_time.strftime("%H:%M") if site.start_time else None,
        "minutes": site.minutes,
        "modified_at": f.stamp("modified_at"),
    }


def check_entry(f: Fields) -> Record:
    day = parse_date(f.optional_text("day"))
    if day is None:
        raise f.fail("day", "a date such as 2017-10-02")
    entry = JournalEntry(
        trip_id=0,
        day=day,
        title=f.text("title"),
        body=f.text("body"),
        tags=tuple(f.strings("tags")),
    )
    return {
        "uid": f.uid(),
        "day": entry.day.isoformat(),
        "title": entry.title,
        "body": entry.body,
        "stop": f.ref("stop"),
        "site": f.ref("site"),
        "tags": list(entry.tags),
        "modified_at": f.stamp("modified_at"),
    }


def check_cost(f: Fields) -> Record:
    rate = f.optional_text("rate")
    refs = {key: f.ref(key) for key in ("stop", "site", "leg_stop")}
    if sum(value is not None for value in refs.values()) > 1:
        raise ValidationError(
            f"{f.label}: a cost belongs to the trip, or to one stop, site or leg."
        )
    cost = Cost(
        trip_id=0,
        amount=f.text("amount"),  # type: ignore[arg-type]  # parsed (and checked) by Cost
        currency=f.text("currency"),
        category=CostCategory.parse(f.text("category", "other")),
        day=parse_date(f.optional_text("day")),
        paid=f.flag("paid"),
        refund=f.flag("refund"),
        rate=check_rate(rate) if rate is not None else None,
        note=f.text("note"),
    )
    return {
        "uid": f.uid(),
        "amount": str(cost.amount),
        "currency": cost.currency,
        "category": cost.category.value,
        "day": _iso(cost.day),
        "paid": cost.paid,
        "refund": cost.refund,
        "rate": _money(cost.rate),
        "note": cost.note,
        **refs,
        "modified_at": f.stamp("modified_at"),
    }


def check_photo(f: Fields) -> Record:
    taken = f.optional_text("taken_at")
    try:
        taken_at = datetime.fromisoformat(taken) if taken else None
    except ValueError:
        raise f.fail("taken_at", "a date and time such as 2017-10-02T14:30:00") from None
    original = f.text("original").replace("\\", "/").rsplit("/", 1)[-1]
    sha = f.text("sha256")
    stop, site = f.ref("stop"), f.ref("site")
    photo = Photo(
        trip_id=0,
        path=original or "photo",
        sha256=sha,
        size=max(0, f.integer("size", 0)),
        taken_at=taken_at,
        zone=f.text("zone"),
        lat=f.optional_number("lat"),
        lon=f.optional_number("lon"),
        width=max(0, f.integer("width", 0)),
        height=max(0, f.integer("height", 0)),
        orientation=f.integer("orientation", 1),
        caption=f.text("caption"),
        placed_by=_placed_by(f),
        reason=f.text("reason"),
        stop_id=0 if stop else None,
        site_id=0 if site else None,
    )
    _one_line(f, photo.zone, "zone")
    file = f.optional_text("file")
    if file is not None and file != f"photos/{photo.sha256}":
        raise f.fail("file", f"photos/{photo.sha256} (the photo's own hash) or null")
    return {
        "uid": f.uid(),
        "sha256": photo.sha256,
        "size": photo.size,
        "original": " ".join(original.split())[:255] or "photo",
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "zone": photo.zone,
        "lat": photo.lat,
        "lon": photo.lon,
        "width": photo.width,
        "height": photo.height,
        "orientation": photo.orientation,
        "caption": photo.caption,
        "placed_by": photo.placed_by.value,
        "reason": photo.reason,
        "stop": stop,
        "site": site,
        "entry": f.ref("entry"),
        "added_at": f.stamp("added_at") or "1970-01-01T00:00:00Z",
        "modified_at": f.stamp("modified_at"),
        "file": file,
    }


def _placed_by(f: Fields) -> PlacedBy:
    value = f.text("placed_by", "none")
    try:
        return PlacedBy(value)
    except ValueError:
        raise f.fail("placed_by", "one of " + ", ".join(p.value for p in PlacedBy)) from None


#: The members of trip.json holding lists of objects, with the check of each object and
#: the word that names one in a message. Tracks will be one more line.
CHECKS: dict[str, tuple[Callable[[Fields], Record], str]] = {
    "stops": (check_stop, "stop"),
    "sites": (check_site, "site"),
    "journal": (check_entry, "journal entry"),
    "costs": (check_cost, "cost"),
    "photos": (check_photo, "photo"),
}


def label_of(kind: str, number: int, raw: object) -> str:
    """ "Stop 3 (Lyon)": how a message names an object of the file."""
    word = CHECKS[kind][1] if kind in CHECKS else kind
    name = ""
    if isinstance(raw, dict):
        for key in ("name", "title", "note", "original"):
            value = raw.get(key)
            if isinstance(value, str) and value.strip():
                name = " ".join(value.split())[:60]
                name = "".join(c for c in name if c.isprintable())
                break
    return f"{word.capitalize()} {number}" + (f" ({name})" if name else "")
