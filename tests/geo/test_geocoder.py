"""Online geocoding, tested with a fake service: the network is never used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from geopy import exc

from cityplanner import __version__
from cityplanner.domain.errors import ValidationError
from cityplanner.geo import geocoder as geocoder_module
from cityplanner.geo.geocoder import Geocoder, GeocodeResult, GeocodingError


@dataclass
class FakeLocation:
    address: str
    latitude: float
    longitude: float
    raw: dict[str, Any]


@dataclass
class FakeNominatim:
    """Answers like geopy's Nominatim, counting the questions it was asked."""

    error: Exception | None = None
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def geocode(self, query: str, **kwargs: Any) -> list[FakeLocation] | None:
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        if "nowhere" in query.lower():
            return None
        return [
            FakeLocation(
                "Capitole, Place du Capitole, Toulouse, Occitanie, France",
                43.6044,
                1.4442,
                {
                    "name": "Capitole",
                    "type": "townhall",
                    "osm_type": "way",
                    "osm_id": 123,
                    "address": {"country_code": "fr"},
                },
            )
        ]


def make(tmp_path: Path, service: FakeNominatim) -> Geocoder:
    return Geocoder(cache_path=tmp_path / "answers.sqlite", service=service, min_delay_seconds=0)


def test_finds_a_landmark(tmp_path: Path) -> None:
    service = FakeNominatim()
    results = make(tmp_path, service).geocode("Capitole, Toulouse")
    assert results == [
        GeocodeResult(
            name="Capitole",
            address="Capitole, Place du Capitole, Toulouse, Occitanie, France",
            lat=43.6044,
            lon=1.4442,
            country_code="FR",
            kind="townhall",
            osm_id="way/123",
        )
    ]
    query, kwargs = service.calls[0]
    assert query == "Capitole, Toulouse"
    assert kwargs["exactly_one"] is False and kwargs["addressdetails"] is True
    place = results[0].to_place()
    assert (place.name, place.country_code, place.source_id) == ("Capitole", "FR", "osm:way/123")


def test_a_question_is_never_sent_twice(tmp_path: Path) -> None:
    service = FakeNominatim()
    first = make(tmp_path, service).geocode("Capitole, Toulouse")
    again = make(tmp_path, service).geocode("  capitole,   TOULOUSE ")
    assert again == first
    assert len(service.calls) == 1


def test_no_answer_is_cached_too(tmp_path: Path) -> None:
    service = FakeNominatim()
    geocoder = make(tmp_path, service)
    assert geocoder.geocode("Nowhere street") == []
    assert geocoder.geocode("Nowhere street") == []
    assert len(service.calls) == 1


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (exc.GeocoderUnavailable("down"), "no network"),
        (exc.GeocoderTimedOut("slow"), "did not answer within"),
        (exc.GeocoderRateLimited("slow down"), "too many requests"),
        (exc.GeocoderQuotaExceeded("quota"), "too many requests"),
        (exc.GeocoderInsufficientPrivileges("403"), "refused"),
        (exc.GeocoderServiceError("500"), "failed"),
        (ConnectionResetError("reset"), "failed"),
    ],
)
def test_failures_give_a_clear_message(tmp_path: Path, error: Exception, message: str) -> None:
    service = FakeNominatim(error=error)
    geocoder = make(tmp_path, service)
    with pytest.raises(GeocodingError, match=message):
        geocoder.geocode("Capitole, Toulouse")
    # A failure is not cached: the next try asks again.
    with pytest.raises(GeocodingError):
        geocoder.geocode("Capitole, Toulouse")
    assert len(service.calls) == 2


@pytest.mark.parametrize("query", ["", "   ", "x" * 301])
def test_bad_queries_are_refused_before_asking(tmp_path: Path, query: str) -> None:
    service = FakeNominatim()
    with pytest.raises(ValidationError):
        make(tmp_path, service).geocode(query)
    assert service.calls == []


def test_nominatim_is_rate_limited_and_named(tmp_path: Path) -> None:
    geocoder = Geocoder(cache_path=tmp_path / "answers.sqlite")
    limited = geocoder._limited_geocode()
    assert limited.min_delay_seconds == 1.0  # type: ignore[attr-defined]
    service = geocoder._service
    assert type(service).__name__ == "Nominatim"
    headers = service.headers  # type: ignore[union-attr]
    assert headers["User-Agent"] == geocoder_module.USER_AGENT
    assert f"CityPlanner/{__version__}" in headers["User-Agent"]


def test_cache_lives_in_the_cache_dir(_private_cache_dir: Path) -> None:
    assert Geocoder().cache_path.parent == _private_cache_dir


def test_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "answers.sqlite"
    cache.write_bytes(b"garbage" * 1000)
    service = FakeNominatim()
    results = Geocoder(cache_path=cache, service=service, min_delay_seconds=0).geocode("Capitole")
    assert results and len(service.calls) == 1
