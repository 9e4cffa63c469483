"""The itinerary's domain objects: frozen, validated on creation, free of Qt and SQL."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from decimal import Decimal

from cityplanner.domain.costs import check_currency, parse_amount
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import (
    check_country_code,
    check_latitude,
    check_longitude,
    check_name,
    check_nights,
    check_text,
)
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode


@dataclass(frozen=True, slots=True)
class Place:
    """A point on Earth with a name: usually a city from the gazetteer."""

    name: str
    lat: float
    lon: float
    country_code: str = ""
    admin1: str = ""
    timezone: str = ""
    population: int = 0
    source_id: str = ""
    approximate: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_name(self.name, "Place name"))
        object.__setattr__(self, "lat", check_latitude(self.lat))
        object.__setattr__(self, "lon", check_longitude(self.lon))
        object.__setattr__(self, "country_code", check_country_code(self.country_code))


@dataclass(frozen=True, slots=True)
class Trip:
    """A named journey made of ordered stops."""

    name: str
    description: str = ""
    id: int | None = None
    start: date | None = None
    """The first stop's arrival; later unpinned stops follow from it."""
    uid: str = ""
    """A globally unique id, kept across exports and renames (given by the store)."""
    home_currency: str = "EUR"
    """The currency totals and the budget are counted in."""
    budget: Decimal | None = None
    """What the trip may cost, in the home currency."""
    travellers: int = 1
    """How many people the costs are for (totals per person divide by it)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_name(self.name, "Trip name"))
        object.__setattr__(self, "home_currency", check_currency(self.home_currency))
        if self.budget is not None:
            budget = parse_amount(self.budget, "A budget")
            if budget < 0:
                raise ValidationError("A budget cannot be negative.")
            object.__setattr__(self, "budget", budget)
        if (
            isinstance(self.travellers, bool)
            or not isinstance(self.travellers, int)
            or not 1 <= self.travellers <= 1000
        ):
            raise ValidationError("A trip is for 1 to 1,000 travellers.")
        object.__setattr__(self, "description", check_text(self.description, "Description"))
        if self.start is not None and not isinstance(self.start, date):
            raise ValidationError("A trip's start must be a date.")

    def with_changes(self, **changes: object) -> Trip:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Stop:
    """A stay in a place, at a position in its trip's order."""

    place: Place
    trip_id: int | None = None
    position: int = 0
    arrival: date | None = None
    nights: int = 0
    mode: TravelMode | None = None
    notes: str = ""
    id: int | None = None
    pinned: bool = False
    """The arrival is fixed (a booking); otherwise it follows the previous stop's departure."""
    uid: str = ""
    """A globally unique id, kept across exports and renames (given by the store)."""
    leg_km: float | None = field(default=None, compare=False)
    """The geodesic length of the leg arriving here, as measured for the list the stop was
    read in (0 for its first stop); None when not known. The store keeps it so that opening
    a trip measures no leg again. It is not compared: it describes where the stop stands in
    one list, not the stop, and it is never written back."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "nights", check_nights(self.nights))
        object.__setattr__(self, "notes", check_text(self.notes, "Notes"))
        if isinstance(self.mode, str) and not isinstance(self.mode, TravelMode):
            object.__setattr__(self, "mode", TravelMode.parse(self.mode))

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def departure(self) -> date | None:
        """The day the traveller leaves, when the arrival is known (and before year 10000)."""
        if self.arrival is None:
            return None
        try:
            return self.arrival + timedelta(days=self.nights)
        except OverflowError:
            return None

    def with_changes(self, **changes: object) -> Stop:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Site:
    """A place of interest seen at a stop, such as a smart-city project."""

    name: str
    theme: Theme
    stop_id: int | None = None
    status: SiteStatus = SiteStatus.PLANNED
    lat: float | None = None
    lon: float | None = None
    approximate: bool = False
    address: str = ""
    url: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    id: int | None = None
    day_of_stay: int | None = None
    """The day of its stop's stay it is planned for (0: the arrival day), or None."""
    start_time: time | None = None
    """The time of day it is planned for, on that day."""
    minutes: int | None = None
    """How long it is planned to take."""
    uid: str = ""
    """A globally unique id, kept across exports and renames (given by the store)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_name(self.name, "Site name"))
        if not isinstance(self.theme, Theme):
            object.__setattr__(self, "theme", Theme.parse(str(self.theme)))
        if not isinstance(self.status, SiteStatus):
            object.__setattr__(self, "status", SiteStatus.parse(str(self.status)))
        if (self.lat is None) != (self.lon is None):
            raise ValidationError("A site needs both a latitude and a longitude, or neither.")
        if self.lat is not None and self.lon is not None:
            object.__setattr__(self, "lat", check_latitude(self.lat))
            object.__setattr__(self, "lon", check_longitude(self.lon))
        object.__setattr__(self, "description", check_text(self.description, "Description"))
        object.__setattr__(self, "address", check_text(self.address, "Address"))
        object.__setattr__(self, "url", check_text(self.url, "Web address"))
        object.__setattr__(self, "tags", normalise_tags(self.tags))
        check_site_schedule(self.day_of_stay, self.start_time, self.minutes)

    def with_changes(self, **changes: object) -> Site:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A dated Markdown note about a trip, one of its stops or one of its sites."""

    trip_id: int
    day: date
    title: str
    body: str = ""
    stop_id: int | None = None
    site_id: int | None = None
    tags: tuple[str, ...] = field(default=())
    id: int | None = None
    uid: str = ""
    """A globally unique id, kept across exports and edits (given by the store)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", check_name(self.title, "Title"))
        object.__setattr__(self, "body", check_text(self.body, "Journal text"))
        object.__setattr__(self, "tags", normalise_tags(self.tags))

    def with_changes(self, **changes: object) -> JournalEntry:
        return replace(self, **changes)  # type: ignore[arg-type]


def check_site_schedule(day: int | None, start: time | None, minutes: int | None) -> None:
    """A planned day of the stay, and a time and duration only on a planned day."""
    if day is not None and (isinstance(day, bool) or not isinstance(day, int) or day < 0):
        raise ValidationError("A site's planned day must be a day of its stop's stay.")
    if start is not None and not isinstance(start, time):
        raise ValidationError("A site's planned time must be a time of day, such as 14:30.")
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1440
    ):
        raise ValidationError("A site's planned duration must be 1 to 1440 minutes.")
    if day is None and (start is not None or minutes is not None):
        raise ValidationError("Choose the day before the time or the duration of a visit.")


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trim, lower-case and de-duplicate tags, keeping their first order."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = check_name(tag, "Tag").lower()
        seen.setdefault(cleaned, None)
    return tuple(seen)
