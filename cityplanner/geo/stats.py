"""Trip statistics: one function adding up everything the status bar and `stats` show."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cityplanner.domain.models import Stop
from cityplanner.geo.distance import Leg, trip_legs
from cityplanner.geo.timezones import clock_change_hours, zone_name
from cityplanner.geo.travel import CO2E_SOURCE, co2e_kg

log = logging.getLogger(__name__)

#: The key under which legs without a travel mode are counted.
UNSPECIFIED = "unspecified"


@dataclass(frozen=True, slots=True)
class ModeTotals:
    """Legs travelled with one mode; hours and CO2e are None for unspecified legs."""

    legs: int
    km: float
    hours: float | None
    co2e_kg: float | None


@dataclass(frozen=True, slots=True)
class TimezoneChange:
    """A leg after which the traveller's clock shows a different UTC offset."""

    index: int
    origin: str
    destination: str
    from_zone: str
    to_zone: str
    hours: float


@dataclass(frozen=True, slots=True)
class TripStats:
    """Everything a trip adds up to."""

    stops: int
    km: float
    nights: int
    days: int
    first_day: date | None
    last_day: date | None
    countries: tuple[str, ...]
    by_mode: dict[str, ModeTotals]
    co2e_kg: float
    hours: float
    unspecified_km: float
    border_crossings: dict[tuple[str, str], int]
    timezone_changes: tuple[TimezoneChange, ...]
    nights_by_country: dict[str, int] = field(default_factory=dict)
    """Nights spent in each country, in the order the trip reaches them."""
    co2e_source: str = field(default=CO2E_SOURCE)

    @property
    def country_count(self) -> int:
        return len(self.countries)

    @property
    def clock_shift_hours(self) -> float:
        """Net change of the clock from the first stop to the last."""
        return sum(c.hours for c in self.timezone_changes)

    def as_json(self) -> dict[str, Any]:
        """Plain values for JSON output."""
        return {
            "stops": self.stops,
            "km": round(self.km, 3),
            "nights": self.nights,
            "days": self.days,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "countries": list(self.countries),
            "country_count": self.country_count,
            "hours": round(self.hours, 2),
            "co2e_kg": round(self.co2e_kg, 1),
            "unspecified_km": round(self.unspecified_km, 3),
            "by_mode": {
                mode: {
                    "legs": t.legs,
                    "km": round(t.km, 3),
                    "hours": None if t.hours is None else round(t.hours, 2),
                    "co2e_kg": None if t.co2e_kg is None else round(t.co2e_kg, 1),
                }
                for mode, t in self.by_mode.items()
            },
            "nights_by_country": dict(self.nights_by_country),
            "border_crossings": [
                {"from": a, "to": b, "legs": n} for (a, b), n in self.border_crossings.items()
            ],
            "timezone_changes": [
                {
                    "leg": c.index + 1,
                    "from": c.origin,
                    "to": c.destination,
                    "from_zone": c.from_zone,
                    "to_zone": c.to_zone,
                    "hours": c.hours,
                }
                for c in self.timezone_changes
            ],
            "clock_shift_hours": self.clock_shift_hours,
            "co2e_source": self.co2e_source,
        }


def trip_stats(
    stops: Sequence[Stop], *, kms: Sequence[float] | None = None, timezones: bool = True
) -> TripStats:
    """Add up a trip given its stops in order.

    Days run from the first arrival to the last departure, both counted, when the
    dates are known; otherwise they are the nights plus one. Time-zone offsets are
    taken on each leg's arrival date (or the trip's first known date), so summer time
    is honoured; stops without a known time zone are skipped, not guessed. Pass the
    legs' `kms` (see `leg_kms`) when they are at hand, as the window does after an edit;
    `timezones=False` leaves the clock changes out (the status bar does not show them).
    """
    legs = trip_legs(stops, kms=kms)
    first_day, last_day = _date_span(stops)
    nights = sum(s.nights for s in stops)
    if first_day is not None and last_day is not None:
        days = (last_day - first_day).days + 1
    else:
        days = nights + 1 if stops else 0
    countries = tuple(dict.fromkeys(s.place.country_code for s in stops if s.place.country_code))
    by_mode = _by_mode(legs)
    crossings: dict[tuple[str, str], int] = {}
    for leg in legs:
        if leg.crosses_border:
            pair = (leg.origin.place.country_code, leg.destination.place.country_code)
            crossings[pair] = crossings.get(pair, 0) + 1
    known = [t for key, t in by_mode.items() if key != UNSPECIFIED]
    unspecified = by_mode.get(UNSPECIFIED)
    return TripStats(
        stops=len(stops),
        km=sum(leg.km for leg in legs),
        nights=nights,
        days=days,
        first_day=first_day,
        last_day=last_day,
        countries=countries,
        by_mode=by_mode,
        co2e_kg=sum(t.co2e_kg or 0.0 for t in known),
        hours=sum(t.hours or 0.0 for t in known),
        unspecified_km=unspecified.km if unspecified else 0.0,
        border_crossings=crossings,
        timezone_changes=tuple(_timezone_changes(legs, first_day)) if timezones else (),
        nights_by_country=nights_by_country(stops),
    )


def _date_span(stops: Sequence[Stop]) -> tuple[date | None, date | None]:
    arrivals = [s.arrival for s in stops if s.arrival is not None]
    departures = [s.departure for s in stops if s.departure is not None]
    if not arrivals:
        return None, None
    return min(arrivals), max(departures)


def _by_mode(legs: Sequence[Leg]) -> dict[str, ModeTotals]:
    grouped: dict[str, list[Leg]] = {}
    for leg in legs:
        grouped.setdefault(leg.mode.value if leg.mode else UNSPECIFIED, []).append(leg)
    totals: dict[str, ModeTotals] = {}
    for key, group in grouped.items():
        unknown = key == UNSPECIFIED
        totals[key] = ModeTotals(
            legs=len(group),
            km=sum(leg.km for leg in group),
            hours=None if unknown else sum(leg.hours or 0.0 for leg in group),
            co2e_kg=None if unknown else sum(leg.co2e_kg or 0.0 for leg in group),
        )
    return totals


def _timezone_changes(legs: Sequence[Leg], first_day: date | None) -> list[TimezoneChange]:
    changes: list[TimezoneChange] = []
    fallback = first_day or date.today()
    for leg in legs:
        day = leg.destination.arrival or fallback
        hours = clock_change_hours(leg.origin.place, leg.destination.place, day)
        if not hours:
            continue
        changes.append(
            TimezoneChange(
                index=leg.index,
                origin=leg.origin.place.name,
                destination=leg.destination.place.name,
                from_zone=zone_name(leg.origin.place),
                to_zone=zone_name(leg.destination.place),
                hours=hours,
            )
        )
    return changes


def nights_by_country(stops: Sequence[Stop]) -> dict[str, int]:
    """Nights per country code ("" for stops without one), in the trip's order."""
    nights: dict[str, int] = {}
    for stop in stops:
        code = stop.place.country_code
        nights[code] = nights.get(code, 0) + stop.nights
    return nights


@dataclass(frozen=True, slots=True)
class QuickTotals:
    """The figures of the window's status bar, as `trip_stats` gives them."""

    km: float
    nights: int
    countries: int
    co2e_kg: float


def quick_totals(stops: Sequence[Stop], kms: Sequence[float]) -> QuickTotals:
    """km, nights, countries and CO2e from the legs' lengths, without building the legs.

    The window shows these after every edit of a trip of thousands of stops; the
    figures equal `trip_stats`'s (tests/geo/test_stats.py checks it).
    """
    co2 = 0.0
    for i in range(1, len(stops)):
        mode = stops[i].mode
        if mode is not None:
            co2 += co2e_kg(kms[i], mode)
    return QuickTotals(
        km=float(sum(kms[1:])),
        nights=sum(s.nights for s in stops),
        countries=len({s.place.country_code for s in stops if s.place.country_code}),
        co2e_kg=co2,
    )
