"""Cities named in a file without coordinates, found in the offline gazetteer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.sphere import haversine_km
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, default_gazetteer

log = logging.getLogger(__name__)

#: (city name, country code or name, or "") → the gazetteer's place, or None.
CityLookup = Callable[[str, str], PlaceMatch | None]
#: (latitude, longitude) → the gazetteer's place nearest to it, if near enough, or None.
NearestCity = Callable[[float, float], PlaceMatch | None]
#: A place this far from every city of the gazetteer is in none of them.
NEAREST_CITY_KM = 50.0


def gazetteer_lookup(source: Gazetteer | Callable[[], Gazetteer] | None = None) -> CityLookup:
    """A lookup over a gazetteer, opened (and its index built) on first use only.

    `source` is the gazetteer, or a function giving it (the command line's shows
    progress while it builds the index), or None for the shared default one.

    Only a place one of whose names is the text itself counts: "Carc" is not
    Carcassonne. Of namesakes, the gazetteer's best (the most populous) wins;
    a country column narrows the choice.
    """
    answers: dict[tuple[str, str], PlaceMatch | None] = {}
    ready: list[Gazetteer] = []

    def lookup(name: str, country: str) -> PlaceMatch | None:
        key = (name.casefold(), country.strip().casefold())
        if key in answers:
            return answers[key]
        if not ready:
            if isinstance(source, Gazetteer):
                gazetteer = source
            else:
                gazetteer = default_gazetteer() if source is None else source()
            gazetteer.ensure_index()
            ready.append(gazetteer)
        try:
            matches = ready[0].search(name, country=country.strip() or None, limit=5)
        except CityPlannerError as exc:
            raise ValidationError(str(exc)) from None
        answers[key] = next((m for m in matches if m.exact), None)
        return answers[key]

    return lookup


def nearest_city_lookup(
    source: Gazetteer | Callable[[], Gazetteer] | None = None, *, within_km: float = NEAREST_CITY_KM
) -> NearestCity:
    """The city a point is in: the gazetteer's nearest place, if within `within_km`.

    The gazetteer also holds parts of cities ("Paris 16 Passy"): a nearest place whose
    name begins with the name of a more populous place within reach is that place.
    `source` is as for `gazetteer_lookup`; the gazetteer is opened on first use only.
    """
    ready: list[Gazetteer] = []
    whole: dict[int, PlaceMatch] = {}

    def nearest(lat: float, lon: float) -> PlaceMatch | None:
        if not ready:
            if isinstance(source, Gazetteer):
                gazetteer = source
            else:
                gazetteer = default_gazetteer() if source is None else source()
            gazetteer.ensure_index()
            ready.append(gazetteer)
        try:
            match = ready[0].nearest(lat, lon)
        except CityPlannerError as exc:
            raise ValidationError(str(exc)) from None
        if match is None or match.distance_km is None or match.distance_km > within_km:
            return None
        if match.geonameid not in whole:
            whole[match.geonameid] = _whole_city(ready[0], match, within_km)
        return whole[match.geonameid]

    return nearest


def _whole_city(gazetteer: Gazetteer, part: PlaceMatch, within_km: float) -> PlaceMatch:
    """The city a place with a longer name is part of ("Paris 16 Passy" → Paris), or itself."""
    first = part.name.split()[0] if part.name.split() else ""
    if not first or first == part.name:
        return part
    try:
        found = gazetteer.search(first, country=part.country_code or None, limit=5)
    except CityPlannerError:
        return part
    for other in found:
        near = haversine_km(part.lat, part.lon, other.lat, other.lon) <= within_km
        if other.exact and other.population > part.population and near:
            return other
    return part


#: Most sites grouped by city in one import: each asks the gazetteer once (under a
#: millisecond), and the preview waits for the answers.
MAX_GROUPED_SITES = 5000


def city_stops(sites: list[Site], nearest: NearestCity) -> tuple[list[Stop], int]:
    """A stop for each city the sites are in, in the order the sites first name them, and
    how many sites are in no city.

    A site far from every city becomes a stop of its own, at its spot (as any place does
    in a trip without stops), rather than joining a city far away. No stops at all when
    there are too many sites to ask about, or none is in a city.
    """
    if len(sites) > MAX_GROUPED_SITES:
        return [], 0
    stops: dict[object, Stop] = {}
    alone = 0
    for number, site in enumerate(sites):
        if site.lat is None or site.lon is None:
            continue
        match = nearest(site.lat, site.lon)
        if match is None:
            alone += 1
            stops[("site", number)] = Stop(Place(site.name, site.lat, site.lon),
                                           notes=site.description)  # fmt: skip
        elif match.geonameid not in stops:
            stops[match.geonameid] = Stop(
                Place(
                    match.name, match.lat, match.lon, country_code=match.country_code,
                    admin1=match.region, timezone=match.timezone,
                    population=match.population, source_id=match.source_id,
                )
            )  # fmt: skip
    if alone == len(stops):
        return [], 0
    return list(stops.values()), alone
