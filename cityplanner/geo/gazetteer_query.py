"""Queries over a built gazetteer index: ranked name search and nearest place."""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass

from cityplanner.domain.models import Place
from cityplanner.domain.validation import check_latitude, check_longitude
from cityplanner.geo.names import fold, fts_term, words

#: Places read from the full-text index per query, most prominent first, before ranking.
CANDIDATES = 120
#: Places read per exact-name lookup.
EXACT_CANDIDATES = 60
MAX_LIMIT = 100
EARTH_RADIUS_KM = 6371.0088

# What the way a place's name matches the query adds to its prominence (log
# population + log number of names). An exact name comes first, then the start
# of the place's own name, then the start of another of its names: 1.0 is worth
# a factor of e in population, so "tou" shows Toulouse before Mexico City (one
# of whose many names starts with "Tou"), and "Moskva" shows Moscow before the
# hamlet whose own name is Moskva.
_EXACT_NAME = 6.0
_EXACT_OTHER_NAME = 5.0
_NAME_PREFIX = 3.0
_WORD_IN_NAME = 0.5
_OTHER_NAME_PREFIX = -2.0
#: How a place's names matched the query, by the bonus that match earned.
MATCH_KINDS = {
    _EXACT_NAME: "name",
    _EXACT_OTHER_NAME: "other name",
    _NAME_PREFIX: "start of name",
    _WORD_IN_NAME: "word of name",
    _OTHER_NAME_PREFIX: "other names",
}

CountryTable = dict[str, tuple[str, tuple[str, ...]]]

# Ids are passed as one JSON array parameter: no SQL is ever built from values.
_PLACES_BY_IDS = """
    SELECT id, geonameid, name, country_code, admin1, timezone, population, lat, lon,
           prominence, admin1_code
    FROM places WHERE id IN (SELECT value FROM json_each(?))
"""
_RANKED_BY_IDS = """
    SELECT id, geonameid, name, country_code, admin1, timezone, population, lat, lon,
           prominence, admin1_code, name_key
    FROM places WHERE id IN (SELECT value FROM json_each(?))
"""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A gazetteer place found by a search or a reverse lookup."""

    geonameid: int
    name: str
    country_code: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    timezone: str
    score: float = 0.0
    matched: str = ""
    distance_km: float | None = None

    @property
    def exact(self) -> bool:
        """Whether one of the place's names is the query itself (not just its start)."""
        return self.matched in ("name", "other name")

    @property
    def region(self) -> str:
        """The admin-1 region's name; empty where the data only has a number for it."""
        return "" if self.admin1.isdigit() else self.admin1

    @property
    def source_id(self) -> str:
        return f"geonames:{self.geonameid}"

    @property
    def label(self) -> str:
        """The name with its region and country, enough to tell two namesakes apart."""
        parts = [self.name]
        if self.region:
            parts.append(self.region)
        parts.append(self.country or self.country_code)
        return ", ".join(p for p in parts if p)

    def to_place(self) -> Place:
        """The domain `Place` for a stop in this city."""
        return Place(
            name=self.name,
            lat=self.lat,
            lon=self.lon,
            country_code=self.country_code,
            admin1=self.region,
            timezone=self.timezone,
            population=self.population,
            source_id=self.source_id,
        )


def search_places(
    conn: sqlite3.Connection,
    countries: CountryTable,
    query: str,
    *,
    country: str | None,
    limit: int,
) -> list[PlaceMatch]:
    """Ranked places for any query text; see `Gazetteer.search`."""
    limit = min(int(limit), MAX_LIMIT)
    tokens = words(query) if isinstance(query, str) else []
    if limit <= 0 or not tokens:
        return []
    found = _fts_candidates(conn, tokens, country)
    exact = _exact_candidates(conn, tokens)
    wanted = found.union(*exact.values())
    if not wanted:
        return []
    rows = conn.execute(_RANKED_BY_IDS, (json.dumps(sorted(wanted)),)).fetchall()
    scored: list[tuple[float, int, float, tuple[object, ...]]] = []
    for row in rows:
        if country is not None and row[3] != country:
            continue
        bonus = _best_bonus(row, countries, tokens, exact, found=row[0] in found)
        if bonus is not None:
            scored.append((row[9] + bonus, row[0], bonus, row))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        _match(row, countries, score=score, matched=MATCH_KINDS[bonus])
        for score, _id, bonus, row in scored[:limit]
    ]


def _fts_candidates(conn: sqlite3.Connection, tokens: list[str], country: str | None) -> set[int]:
    last = len(tokens) - 1
    # The first word must start a name; later ones may also name the region or country.
    terms = ["{name alt} : " + fts_term(tokens[0], prefix=last == 0)]
    terms += [fts_term(t, prefix=i == last) for i, t in enumerate(tokens) if i > 0]
    if country is not None:
        terms.append("cc : " + fts_term(country.lower()))
    # Row ids are prominence ranks, so the first rows found are the best known places.
    cursor = conn.execute(
        "SELECT rowid FROM place_fts WHERE place_fts MATCH ? ORDER BY rowid LIMIT ?",
        (" AND ".join(terms), CANDIDATES),
    )
    return {row[0] for row in cursor}


def _exact_candidates(conn: sqlite3.Connection, tokens: list[str]) -> dict[int, set[int]]:
    """For each number of leading words, the places one of whose names is exactly those words."""
    found: dict[int, set[int]] = {}
    for size in range(len(tokens), 0, -1):
        cursor = conn.execute(
            "SELECT place FROM name_keys WHERE key = ? LIMIT ?",
            (" ".join(tokens[:size]), EXACT_CANDIDATES),
        )
        found[size] = {row[0] for row in cursor}
    return found


def _context_keys(countries: CountryTable, row: tuple[object, ...]) -> list[str]:
    """The folded names of a place's country and region, which may follow its name."""
    code, admin1, admin1_code = str(row[3]), str(row[4]), str(row[10])
    keys = list(countries.get(code, ("", (code.lower(),)))[1])
    for region in (admin1, admin1_code):
        if region.isalpha() or " " in region:
            keys.append(fold(region))
    return keys


def _best_bonus(
    row: tuple[object, ...],
    countries: CountryTable,
    tokens: list[str],
    exact: dict[int, set[int]],
    *,
    found: bool,
) -> float | None:
    """How well a place's names match the query, trying trailing words as its region or country.

    The leading words are compared with the place's own name; whether they are
    exactly another of its names comes from the exact-name lookup. None means
    the place does not match: it has a name equal to the first words, but the
    words after them are not its region or country.
    """
    place_id, primary = row[0], str(row[11])
    context: list[str] | None = None
    best: float | None = None
    for size in range(len(tokens), 0, -1):
        if size < len(tokens):
            context = context if context is not None else _context_keys(countries, row)
            rest = " ".join(tokens[size:])
            if not any(key == rest or key.startswith(rest) for key in context):
                continue
        text = " ".join(tokens[:size])
        if text == primary:
            bonus = _EXACT_NAME
        elif place_id in exact.get(size, ()):
            bonus = _EXACT_OTHER_NAME
        elif primary.startswith(text):
            bonus = _NAME_PREFIX
        elif " " + text in primary:
            bonus = _WORD_IN_NAME
        else:
            continue
        best = bonus if best is None else max(best, bonus)
    if best is None and found:
        # The full-text index matched every word, in other names or the country.
        return _OTHER_NAME_PREFIX
    return best


def _match(
    row: tuple[object, ...],
    countries: CountryTable,
    *,
    score: float = 0.0,
    matched: str = "",
    distance_km: float | None = None,
) -> PlaceMatch:
    code = str(row[3])
    return PlaceMatch(
        geonameid=int(row[1]),  # type: ignore[call-overload]
        name=str(row[2]),
        country_code=code,
        country=countries.get(code, (code, ()))[0],
        admin1=str(row[4]),
        timezone=str(row[5]),
        population=int(row[6]),  # type: ignore[call-overload]
        lat=float(row[7]),  # type: ignore[arg-type]
        lon=float(row[8]),  # type: ignore[arg-type]
        score=round(score, 3),
        matched=matched,
        distance_km=distance_km,
    )


# -- reverse lookup ----------------------------------------------------------------


def nearest_place(
    conn: sqlite3.Connection, countries: CountryTable, lat: float, lon: float
) -> PlaceMatch | None:
    """The place nearest to (lat, lon), found through the R*Tree in growing boxes."""
    lat, lon = check_latitude(lat), check_longitude(lon)
    radius = 0.05  # degrees of latitude
    # Grow gently: the first box that holds anything then holds only a few places,
    # even far out at sea where a doubling box would suddenly take in a coast.
    while not (points := _points_in_box(conn, lat, lon, radius)) and radius < 180:
        radius *= 1.3
    if not points:
        return None
    distance, place_id = _closest(points, lat, lon)
    # A place in the box may be farther than one just outside its corner:
    # look again within the distance found, then take the closest of all.
    reach = math.degrees(distance / EARTH_RADIUS_KM)
    if reach > radius:
        distance, place_id = _closest(_points_in_box(conn, lat, lon, reach), lat, lon)
    row = conn.execute(_PLACES_BY_IDS, (json.dumps([place_id]),)).fetchone()
    exact = haversine_km(lat, lon, row[7], row[8])
    return _match(row, countries, distance_km=round(exact, 3))


def _points_in_box(
    conn: sqlite3.Connection, lat: float, lon: float, radius: float
) -> list[tuple[int, float, float]]:
    south, north = max(lat - radius, -90.0), min(lat + radius, 90.0)
    widest = max(abs(south), abs(north))
    if widest >= 89.9 or radius >= 90:
        spans = [(-180.0, 180.0)]
    else:
        half = radius / math.cos(math.radians(widest))
        spans = [(-180.0, 180.0)] if half >= 180 else _lon_spans(lon - half, lon + half)
    points: list[tuple[int, float, float]] = []
    for west, east in spans:
        cursor = conn.execute(
            "SELECT id, min_lat, min_lon FROM place_rtree WHERE max_lat >= ? AND min_lat <= ? "
            "AND max_lon >= ? AND min_lon <= ?",
            (south, north, west, east),
        )
        points.extend(cursor)
    return points


def _lon_spans(west: float, east: float) -> list[tuple[float, float]]:
    """Longitude intervals within −180..180, split where they cross the antimeridian."""
    if west < -180:
        return [(-180.0, east), (west + 360, 180.0)]
    if east > 180:
        return [(west, 180.0), (-180.0, east - 360)]
    return [(west, east)]


def _closest(points: list[tuple[int, float, float]], lat: float, lon: float) -> tuple[float, int]:
    """The distance to the closest point (R*Tree coordinates, within a metre) and its id."""
    return min(
        (haversine_km(lat, lon, p_lat, p_lon), place_id) for place_id, p_lat, p_lon in points
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
