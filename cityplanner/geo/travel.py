"""Travel-time and CO2e estimates per travel mode.

Every leg is measured as the geodesic ("as the crow flies") distance between two
stops. Real routes are longer, so each mode has a *detour factor* turning that
distance into the distance actually travelled, an *average door-to-door speed* over
that distance and, for planes, a fixed *overhead* for getting to the airport,
check-in, security, boarding, taxiing and collecting luggage.

Speeds and detour factors are this project's documented planning assumptions, not
timetables:

=======  ==========  ======  ==========================================================
mode     speed km/h  detour  why
=======  ==========  ======  ==========================================================
walk     4.5         1.25    an unhurried pace on city streets
bike     15          1.25    touring pace with luggage, on roads and cycle paths
car      75          1.25    a mix of motorway and roads, with short stops
bus      55          1.30    intercity coach, with stops and city approaches
train    90          1.20    a mix of regional and intercity trains, with changes
ferry    30          1.15    conventional ferry, plus time in port
plane    750         1.08    block speed; the 8% uplift on great-circle distance is
                             the one the CO2e source below applies to flights
=======  ==========  ======  ==========================================================

Planes add a fixed 3 hours (airport access, check-in, security, boarding and exit).

CO2e factors, in kg CO2e per passenger-km of distance travelled (geodesic distance ×
detour factor), come from the *UK Government GHG Conversion Factors for Company
Reporting 2023* published by the Department for Energy Security and Net Zero
(DESNZ), "Business travel" tables, rounded to three decimals:

* car: "Average car, unknown fuel", per vehicle-km — the whole car is counted against
  the traveller, as for someone driving alone or a hired car;
* bus: "Coach", the vehicle that runs between cities;
* train: "National rail";
* ferry: "Ferry, foot passenger";
* plane: "Flights, average passenger, with radiative forcing", by distance band —
  domestic (below 500 km here), short-haul (up to 3,700 km) and long-haul (beyond);
* walk and bike emit nothing directly, and the source lists no factor for them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cityplanner.domain.vocabulary import TravelMode

log = logging.getLogger(__name__)

#: The named public source of the CO2e factors, shown wherever totals are.
CO2E_SOURCE = (
    "UK Government GHG Conversion Factors for Company Reporting 2023 (DESNZ), "
    "business travel, kg CO2e per passenger-km; flights with radiative forcing"
)

#: Flights shorter than this use the domestic factor, longer than SHORT_HAUL_MAX_KM long-haul.
DOMESTIC_FLIGHT_MAX_KM = 500.0
SHORT_HAUL_MAX_KM = 3700.0

_PLANE_DOMESTIC_KG = 0.273
_PLANE_SHORT_HAUL_KG = 0.186
_PLANE_LONG_HAUL_KG = 0.261


@dataclass(frozen=True, slots=True)
class ModeProfile:
    """How one travel mode turns a straight-line distance into time and CO2e."""

    mode: TravelMode
    speed_kmh: float
    detour: float
    overhead_hours: float
    co2e_kg_per_pkm: float


PROFILES: dict[TravelMode, ModeProfile] = {
    p.mode: p
    for p in (
        ModeProfile(TravelMode.WALK, 4.5, 1.25, 0.0, 0.0),
        ModeProfile(TravelMode.BIKE, 15.0, 1.25, 0.0, 0.0),
        ModeProfile(TravelMode.CAR, 75.0, 1.25, 0.0, 0.170),
        ModeProfile(TravelMode.BUS, 55.0, 1.30, 0.0, 0.027),
        ModeProfile(TravelMode.TRAIN, 90.0, 1.20, 0.0, 0.035),
        ModeProfile(TravelMode.FERRY, 30.0, 1.15, 0.0, 0.019),
        ModeProfile(TravelMode.PLANE, 750.0, 1.08, 3.0, _PLANE_SHORT_HAUL_KG),
    )
}


def travelled_km(km: float, mode: TravelMode) -> float:
    """The distance actually covered on a leg whose straight-line length is `km`."""
    if km <= 0.0:
        return 0.0
    return km * PROFILES[mode].detour


def travel_hours(km: float, mode: TravelMode) -> float:
    """Estimated door-to-door hours for a leg of `km` straight-line kilometres."""
    if km <= 0.0:
        return 0.0
    profile = PROFILES[mode]
    return profile.overhead_hours + travelled_km(km, mode) / profile.speed_kmh


def co2e_factor(km: float, mode: TravelMode) -> float:
    """kg CO2e per passenger-km for a leg of `km` straight-line kilometres."""
    if mode is TravelMode.PLANE:
        if km < DOMESTIC_FLIGHT_MAX_KM:
            return _PLANE_DOMESTIC_KG
        if km <= SHORT_HAUL_MAX_KM:
            return _PLANE_SHORT_HAUL_KG
        return _PLANE_LONG_HAUL_KG
    return PROFILES[mode].co2e_kg_per_pkm


def co2e_kg(km: float, mode: TravelMode) -> float:
    """Estimated kg CO2e for one passenger over a leg of `km` straight-line kilometres."""
    return travelled_km(km, mode) * co2e_factor(km, mode)
