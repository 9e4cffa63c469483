"""Queries over a built gazetteer index: ranked name search and nearest place.

A search gathers candidates from the index (the best known places whose names
match, those of the trip's countries, those near its selected stop), scores them
(`gazetteer_rank`), and, only when no name matches at all, looks for names a few
typing mistakes away (`gazetteer_fuzzy`).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from cityplanner.domain.sphere import EARTH_RADIUS_KM, haversine_km
from cityplanner.domain.validation import check_latitude, check_longitude
from cityplanner.geo import gazetteer_rank as rank
from cityplanner.geo.gazetteer_fuzzy import similar_places
from cityplanner.geo.gazetteer_match import (
    CountryTable,
    PlaceMatch,
    Row,
    match_from_row,
    rows_by_ids,
)
from cityplanner.geo.names import fold, fold_as_typed, fts_term, words
from cityplanner.geo.search_context import ANCHOR_WEIGHT, SearchContext

#: Places read from the full-text index per query, most prominent first, before ranking
#: (as many again from the trip's countries).
CANDIDATES = 120
#: Places read per exact-name lookup.
EXACT_CANDIDATES = 60
#: Places whose own name starts with the query, read around the selected stop (or the
#: point given), however little known: the village down the road.
NEARBY_KM = 150.0
NEARBY_CANDIDATES = 60
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class _Query:
    tokens: list[str]
    typed: list[str]
    """The same words with their accents, when the query has any; else empty."""


def search_places(
    conn: sqlite3.Connection,
    countries: CountryTable,
    query: str,
    *,
    country: str | None,
    limit: int,
    context: SearchContext | None = None,
) -> list[PlaceMatch]:
    """Ranked places for any query text; see `Gazetteer.search`."""
    limit = min(int(limit), MAX_LIMIT)
    tokens = words(query) if isinstance(query, str) else []
    if limit <= 0 or not tokens:
        return []
    typed = fold_as_typed(query).split()[: len(tokens)]
    parsed = _Query(tokens, typed if typed != tokens else [])
    if context is not None and context.empty:
        context = None
    found = _fts_candidates(conn, tokens, [country] if country else None)
    if context is not None and context.countries and country is None:
        found |= _fts_candidates(conn, tokens, sorted(context.countries))
    exact = _exact_candidates(conn, tokens)
    nearby = _nearby_candidates(conn, tokens, context)
    wanted = found.union(nearby, *exact.values())
    scored: list[tuple[float, str, Row]] = []
    if wanted:
        for row in rows_by_ids(conn, wanted):
            if country is not None and row[3] != country:
                continue
            best = _best_bonus(row, countries, parsed, exact, found=row[0] in found)
            if best is not None:
                scored.append((best[0], best[1], row))
    if not scored:
        similar = similar_places(conn, " ".join(tokens))
        for row in rows_by_ids(conn, set(similar)):
            if country is None or row[3] == country:
                mistakes = similar[int(row[0])]
                scored.append((rank.similar_bonus(mistakes), rank.MATCH_SIMILAR, row))
    return _ranked(scored, countries, context, limit)


def _ranked(
    scored: list[tuple[float, str, Row]],
    countries: CountryTable,
    context: SearchContext | None,
    limit: int,
) -> list[PlaceMatch]:
    """Add the context's part to each score, then the best `limit` places, best first."""
    rows = [row for _bonus, _kind, row in scored]
    pulls, distances = rank.proximity(
        [float(r[7]) for r in rows],
        [float(r[8]) for r in rows],
        context,
    )
    totals = [
        (
            float(row[9]) + bonus + pull + rank.country_bonus(str(row[3]), context),
            int(row[0]),
            kind,
            row,
            distance,
        )
        for (bonus, kind, row), pull, distance in zip(scored, pulls, distances, strict=True)
    ]
    totals.sort(key=lambda item: (-item[0], item[1]))
    return [
        match_from_row(row, countries, score=score, matched=kind, distance_km=distance)
        for score, _id, kind, row, distance in totals[:limit]
    ]


def _fts_candidates(
    conn: sqlite3.Connection, tokens: list[str], within: Sequence[str] | None
) -> set[int]:
    last = len(tokens) - 1
    # The first word must start a name; later ones may also name the region or country.
    terms = ["{name alt} : " + fts_term(tokens[0], prefix=last == 0)]
    terms += [fts_term(t, prefix=i == last) for i, t in enumerate(tokens) if i > 0]
    if within:
        terms.append("cc : (" + " OR ".join(fts_term(c.lower()) for c in within) + ")")
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


def _nearby_candidates(
    conn: sqlite3.Connection, tokens: list[str], context: SearchContext | None
) -> set[int]:
    """Places near the context's main points whose own name starts with the first word."""
    if context is None:
        return set()
    low = tokens[0]
    high = low[:-1] + chr(min(ord(low[-1]) + 1, 0x10FFFF))
    found: set[int] = set()
    radius = NEARBY_KM / 111.2  # degrees of latitude
    for point in context.points:
        if point.weight < ANCHOR_WEIGHT:
            continue
        south, north = max(point.lat - radius, -90.0), min(point.lat + radius, 90.0)
        half = min(180.0, radius / max(math.cos(math.radians(max(abs(south), abs(north)))), 0.01))
        for west, east in _lon_spans(point.lon - half, point.lon + half):
            cursor = conn.execute(
                "SELECT p.id FROM place_rtree r JOIN places p ON p.id = r.id "
                "WHERE r.max_lat >= ? AND r.min_lat <= ? AND r.max_lon >= ? AND r.min_lon <= ? "
                "AND p.name_key >= ? AND p.name_key < ? LIMIT ?",
                (south, north, west, east, low, high, NEARBY_CANDIDATES),
            )
            found.update(row[0] for row in cursor)
    return found


def _context_keys(countries: CountryTable, row: Row) -> list[str]:
    """The folded names of a place's country and region, which may follow its name."""
    code, region, region_code = str(row[3]), str(row[4]), str(row[10])
    keys = list(countries.get(code, ("", (code.lower(),)))[1])
    if region and not region.isdigit():
        keys.append(fold(region))
    if region_code.isalpha():
        keys.append(fold(region_code))
    return keys


def _best_bonus(
    row: Row,
    countries: CountryTable,
    query: _Query,
    exact: dict[int, set[int]],
    *,
    found: bool,
) -> tuple[float, str] | None:
    """How well a place's names match the query, trying trailing words as its region or country.

    The leading words are compared with the place's own name; whether they are
    exactly another of its names comes from the exact-name lookup. None means
    the place does not match: it has a name equal to the first words, but the
    words after them are not its region or country.
    """
    tokens = query.tokens
    place_id, primary = row[0], str(row[11])
    context: list[str] | None = None
    best: tuple[float, str] | None = None
    for size in range(len(tokens), 0, -1):
        if size < len(tokens):
            context = context if context is not None else _context_keys(countries, row)
            rest = " ".join(tokens[size:])
            if not any(key == rest or key.startswith(rest) for key in context):
                continue
        found_here = rank.name_bonus(
            primary, " ".join(tokens[:size]), other_exact=place_id in exact.get(size, ())
        )
        if found_here is None:
            continue
        bonus, kind = found_here
        if query.typed and fold_as_typed(str(row[2])).startswith(" ".join(query.typed[:size])):
            bonus += rank.SPELLED_AS_TYPED
        if best is None or bonus > best[0]:
            best = (bonus, kind)
    if best is None and found:
        # The full-text index matched every word, in other names or the country.
        return rank.OTHER_NAME_PREFIX, rank.MATCH_OTHER_NAMES
    return best


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
    row = rows_by_ids(conn, {place_id})[0]
    exact = haversine_km(lat, lon, row[7], row[8])
    return match_from_row(row, countries, distance_km=round(exact, 3))


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
