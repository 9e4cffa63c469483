"""Online geocoding of addresses and landmarks through OpenStreetMap's Nominatim.

Nominatim's usage policy allows one request a second from an application that
names itself, and asks that answers be cached: every answer (an empty one too)
is kept in an SQLite file, so the same question is never sent twice. Calls
block for up to a second or two: run them off the GUI thread, and never on
every keystroke (the offline gazetteer is there for that).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from cityplanner import APP_NAME, __version__
from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.models import Place
from cityplanner.geo.names import fold
from cityplanner.geo.paths import cache_dir

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "geocode-cache.sqlite"
USER_AGENT = f"{APP_NAME}/{__version__} (offline trip planner)"
DEFAULT_TIMEOUT_S = 10.0
MAX_QUERY_CHARS = 300
MAX_RESULTS = 20


class GeocodingError(CityPlannerError):
    """The online geocoder could not answer: no network, a timeout or a refusal."""


class GeocodingService(Protocol):
    """What this module needs from a geocoder: geopy's `Nominatim.geocode` signature."""

    def geocode(self, query: str, *, exactly_one: bool, limit: int, **kwargs: Any) -> Any: ...


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    """One place found online for an address or a landmark."""

    name: str
    address: str
    lat: float
    lon: float
    country_code: str = ""
    kind: str = ""
    osm_id: str = ""

    def to_place(self) -> Place:
        return Place(
            name=self.name or self.address.split(",")[0],
            lat=self.lat,
            lon=self.lon,
            country_code=self.country_code,
            source_id=f"osm:{self.osm_id}" if self.osm_id else "",
        )


class Geocoder:
    """Nominatim behind a one-request-a-second limiter and an answer cache.

    `service` replaces Nominatim (tests pass a fake; nothing here ever needs the
    network to be tested). Safe to share between threads.
    """

    def __init__(
        self,
        *,
        cache_path: Path | None = None,
        service: GeocodingService | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        min_delay_seconds: float = 1.0,
    ) -> None:
        self.cache_path = cache_path if cache_path is not None else cache_dir() / CACHE_FILE_NAME
        self._service = service
        self._timeout = timeout
        self._min_delay = min_delay_seconds
        self._limited: Callable[..., Any] | None = None
        self._lock = threading.Lock()

    def geocode(
        self, query: str, *, limit: int = 5, language: str | None = None
    ) -> list[GeocodeResult]:
        """Places matching an address or landmark, best first; [] when Nominatim knows none.

        Raises `GeocodingError` with a message for the user when the service
        cannot be reached, is too slow or refuses.
        """
        text = " ".join(str(query).split())
        if not text:
            raise ValidationError("Type an address or a place to look up.")
        if len(text) > MAX_QUERY_CHARS:
            raise ValidationError(
                f"That address is too long (at most {MAX_QUERY_CHARS} characters)."
            )
        limit = max(1, min(int(limit), MAX_RESULTS))
        key = json.dumps([fold(text), limit, language or ""], ensure_ascii=False)
        cached = self._cached(key)
        if cached is not None:
            return cached
        results = self._ask(text, limit, language)
        self._remember(key, results)
        return results

    # -- the service ---------------------------------------------------------------

    def _ask(self, text: str, limit: int, language: str | None) -> list[GeocodeResult]:
        from geopy import exc

        limited = self._limited_geocode()
        kwargs: dict[str, Any] = {"exactly_one": False, "limit": limit, "addressdetails": True}
        kwargs["timeout"] = self._timeout
        if language:
            kwargs["language"] = language
        try:
            answer = limited(text, **kwargs)
        except exc.GeocoderTimedOut:
            raise GeocodingError(
                f"OpenStreetMap's geocoder did not answer within {self._timeout:g} seconds; "
                "try again later. Cities can still be found offline with `cityplanner search`."
            ) from None
        except (exc.GeocoderRateLimited, exc.GeocoderQuotaExceeded):
            raise GeocodingError(
                "OpenStreetMap's geocoder refused: too many requests. Wait a minute and try again."
            ) from None
        except (exc.GeocoderInsufficientPrivileges, exc.GeocoderAuthenticationFailure):
            raise GeocodingError(
                "OpenStreetMap's geocoder refused the request (access denied). "
                "Cities can still be found offline with `cityplanner search`."
            ) from None
        except exc.GeocoderUnavailable:
            raise GeocodingError(
                "Cannot reach OpenStreetMap's geocoder: there seems to be no network. "
                "Cities can still be found offline with `cityplanner search`."
            ) from None
        except (exc.GeopyError, OSError) as error:
            raise GeocodingError(f"OpenStreetMap's geocoder failed: {error}.") from None
        return [_result(location) for location in (answer or [])]

    def _limited_geocode(self) -> Callable[..., Any]:
        with self._lock:
            if self._limited is None:
                from geopy.extra.rate_limiter import RateLimiter

                service = self._service
                if service is None:
                    from geopy.geocoders import Nominatim

                    service = Nominatim(user_agent=USER_AGENT, timeout=self._timeout)
                    self._service = service
                # Errors are not retried nor swallowed: the user gets a clear message at once.
                self._limited = RateLimiter(
                    service.geocode,
                    min_delay_seconds=self._min_delay,
                    max_retries=0,
                    swallow_exceptions=False,
                )
            return self._limited

    # -- the cache -----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.cache_path, timeout=5)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS answers "
            "(query TEXT PRIMARY KEY, results TEXT NOT NULL, fetched REAL NOT NULL)"
        )
        return conn

    def _cached(self, key: str) -> list[GeocodeResult] | None:
        try:
            conn = self._connect()
            try:
                row = conn.execute("SELECT results FROM answers WHERE query = ?", (key,)).fetchone()
            finally:
                conn.close()
            if row is None:
                return None
            return [GeocodeResult(**item) for item in json.loads(row[0])]
        except (OSError, sqlite3.DatabaseError, ValueError, TypeError) as error:
            log.warning("Geocoding cache %s unreadable: %s", self.cache_path, error)
            return None

    def _remember(self, key: str, results: list[GeocodeResult]) -> None:
        payload = json.dumps([asdict(r) for r in results], ensure_ascii=False)
        try:
            conn = self._connect()
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                        (key, payload, time.time()),
                    )
            finally:
                conn.close()
        except (OSError, sqlite3.DatabaseError) as error:
            log.warning("Cannot save to the geocoding cache %s: %s", self.cache_path, error)


def _result(location: Any) -> GeocodeResult:
    raw = getattr(location, "raw", None) or {}
    address = raw.get("address") or {}
    osm_type, osm_id = raw.get("osm_type", ""), raw.get("osm_id", "")
    return GeocodeResult(
        name=str(raw.get("name") or str(location.address).split(",")[0]),
        address=str(location.address),
        lat=float(location.latitude),
        lon=float(location.longitude),
        country_code=str(address.get("country_code", "")).upper()[:2],
        kind=str(raw.get("type") or raw.get("class") or ""),
        osm_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else "",
    )
