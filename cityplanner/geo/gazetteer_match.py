"""A place found in the gazetteer, as searches and reverse lookups return it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from cityplanner.domain.models import Place
from cityplanner.geo import gazetteer_rank as rank

#: Country code → (English name, folded names and codes that mean it).
CountryTable = dict[str, tuple[str, tuple[str, ...]]]
#: One row of `places`, columns as in `COLUMNS` (as sqlite3 gives them: untyped).
Row = tuple[Any, ...]

COLUMNS = """id, geonameid, name, country_code, admin1, timezone, population, lat, lon,
           prominence, admin1_code, name_key"""
# Ids are passed as one JSON array parameter: no SQL is ever built from values.
_PLACES_BY_IDS = f"SELECT {COLUMNS} FROM places WHERE id IN (SELECT value FROM json_each(?))"


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A gazetteer place found by a search or a reverse lookup.

    `distance_km` is the distance to the point looked up (`nearest`), or to the
    nearest point of the search's context (the trip), when it has one.
    """

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
    admin1_code: str = ""

    @property
    def exact(self) -> bool:
        """Whether one of the place's names is the query itself (not just its start)."""
        return self.matched in (rank.MATCH_NAME, rank.MATCH_OTHER_NAME)

    @property
    def similar(self) -> bool:
        """Whether the place was found by a name a few typing mistakes from the query."""
        return self.matched == rank.MATCH_SIMILAR

    @property
    def region(self) -> str:
        """The admin-1 region's name ("Occitanie"); empty where the data names none."""
        return "" if self.admin1.isdigit() else self.admin1

    @property
    def source_id(self) -> str:
        return f"geonames:{self.geonameid}"

    @property
    def label(self) -> str:
        """The name with its region and country, enough to tell two namesakes apart."""
        parts = [self.name]
        if self.region and self.region != self.name:
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


def rows_by_ids(conn: sqlite3.Connection, ids: set[int]) -> list[Row]:
    if not ids:
        return []
    return conn.execute(_PLACES_BY_IDS, (json.dumps(sorted(ids)),)).fetchall()


def match_from_row(
    row: Row,
    countries: CountryTable,
    *,
    score: float = 0.0,
    matched: str = "",
    distance_km: float | None = None,
) -> PlaceMatch:
    code = str(row[3])
    return PlaceMatch(
        geonameid=int(row[1]),
        name=str(row[2]),
        country_code=code,
        country=countries.get(code, (code, ()))[0],
        admin1=str(row[4]),
        timezone=str(row[5]),
        population=int(row[6]),
        lat=float(row[7]),
        lon=float(row[8]),
        score=round(score, 3),
        matched=matched,
        distance_km=distance_km,
        admin1_code=str(row[10]),
    )
