"""Checking the objects of a trip file: one function per kind, each giving a clean record.

A trip file comes from elsewhere, so every object is read as if hostile: each field must
have its JSON type (`trip_file_fields.Fields`), and each object must pass the same domain checks as one typed into the
window (names lose control characters, themes and statuses must be known, dates must be
dates, coordinates on Earth). The record kept is built from the checked domain object, so
that the store receives only what CityPlanner itself would have written. A message names
the object (its kind, number and name) and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from cityplanner.domain.costs import Cost, CostCategory, check_currency, check_rate
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry, Place, Site, Stop, Trip
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.domain.tracks import MAX_TRACK_POINTS, Track
from cityplanner.domain.validation import check_text, parse_date
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.formats.trip_file_fields import Fields
from cityplanner.store.sync_records import Record, track_file

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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


def check_track(f: Fields) -> Record:
    """A track's record; its points are checked apart (`trip_file_archive.read_track_points`)."""
    count = f.integer("point_count")
    if not 0 < count <= MAX_TRACK_POINTS:
        raise f.fail("point_count", f"a number of points from 1 to {MAX_TRACK_POINTS:,}")
    km = f.number("km")
    ascent = f.optional_number("ascent_m")
    if km < 0 or (ascent is not None and ascent < 0):
        raise ValidationError(f"{f.label}: a track's length and ascent cannot be negative.")
    started, ended = _moment(f, "started_at"), _moment(f, "ended_at")
    track = Track(name=f.text("name"), kind=f.text("kind", "recorded"), point_count=count,
                  km=km, ascent_m=ascent, started_at=started, ended_at=ended,
                  day=parse_date(f.optional_text("day")))  # fmt: skip
    sha = f.text("sha256")
    if not _SHA256.match(sha):
        raise f.fail("sha256", "the SHA-256 of the track's points (64 hexadecimal digits)")
    if f.text("file") != track_file(sha):
        raise f.fail("file", f"{track_file(sha)} (named by the points' own hash)")
    return {
        "uid": f.uid(),
        "name": track.name,
        "kind": track.kind,
        "stop": f.ref("stop"),
        "day": _iso(track.day),
        "started_at": started.isoformat() if started else None,
        "ended_at": ended.isoformat() if ended else None,
        "point_count": track.point_count,
        "km": track.km,
        "ascent_m": track.ascent_m,
        "sha256": sha,
        "file": track_file(sha),
    }


def _moment(f: Fields, key: str) -> datetime | None:
    value = f.optional_text(key)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        raise f.fail(key, "a date and time such as 2017-10-02T14:30:00+00:00") from None


#: The members of trip.json holding lists of objects, with the check of each object and
#: the word that names one in a message.
CHECKS: dict[str, tuple[Callable[[Fields], Record], str]] = {
    "stops": (check_stop, "stop"),
    "sites": (check_site, "site"),
    "journal": (check_entry, "journal entry"),
    "costs": (check_cost, "cost"),
    "photos": (check_photo, "photo"),
    "tracks": (check_track, "track"),
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
