"""The one set of field names every format uses for a stop's and a site's details.

Exporters turn domain objects into these string fields; importers turn them back,
validating on the way, so that an export read back gives the same trip.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.validation import (
    MAX_NAME_LENGTH,
    check_number_text,
    check_population,
    parse_date,
    plain_line,
)
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode

log = logging.getLogger(__name__)

KIND_STOP = "stop"
KIND_SITE = "site"
KIND_ROUTE = "route"

STOP_FIELDS = (
    "position", "arrival", "nights", "mode", "country_code", "admin1", "timezone",
    "population", "source_id", "approximate", "notes",
)  # fmt: skip
SITE_FIELDS = (
    "stop", "theme", "status", "approximate", "address", "url", "description", "tags",
)  # fmt: skip
TAG_SEPARATOR = "; "


def stop_fields(stop: Stop) -> dict[str, str]:
    """A stop's details (not its name or coordinates) as text fields; empty ones left out."""
    place = stop.place
    fields = {
        "position": str(stop.position + 1),
        "arrival": stop.arrival.isoformat() if stop.arrival else "",
        "nights": str(stop.nights),
        "mode": stop.mode.value if stop.mode else "",
        "country_code": place.country_code,
        "admin1": place.admin1,
        "timezone": place.timezone,
        "population": str(place.population) if place.population else "",
        "source_id": place.source_id,
        "approximate": "1" if place.approximate else "",
        "notes": stop.notes,
    }
    return {k: v for k, v in fields.items() if v}


def site_fields(site: Site, stop_position: int, *, approximate: bool) -> dict[str, str]:
    """A site's details as text fields; `stop` is its stop's 1-based position."""
    fields = {
        "stop": str(stop_position) if stop_position else "",
        "theme": site.theme.value,
        "status": site.status.value,
        "approximate": "1" if approximate else "",
        "address": site.address,
        "url": site.url,
        "description": site.description,
        "tags": TAG_SEPARATOR.join(site.tags),
    }
    return {k: v for k, v in fields.items() if v}


def clean_name(text: str | None, fallback: str) -> str:
    """A usable name from a file: invisible characters dropped, whitespace folded, cut to
    the longest name allowed."""
    flat = plain_line(text or "")
    if not flat:
        return fallback
    return flat[:MAX_NAME_LENGTH].rstrip()


def make_stop(name: str, lat: object, lon: object, fields: Mapping[str, str]) -> Stop:
    """A validated stop from a name, coordinates and optional text fields."""
    # Most points from other programs carry a name, a time and a note at most:
    # each optional field is only looked at when it is there (imports of 100,000 points).
    get = fields.get
    # `tz` and `inhabitants` are the CSV export's names for these (see csv_table.COLUMNS).
    country, admin1, zone = get("country_code"), get("admin1"), get("timezone") or get("tz")
    population = get("population") or get("inhabitants")
    source, approximate = get("source_id"), get("approximate")
    place = Place(
        name,
        lat,  # type: ignore[arg-type]
        lon,  # type: ignore[arg-type]
        country.strip() if country else "",
        plain_line(admin1) if admin1 else "",
        plain_line(zone) if zone else "",
        check_population(_whole(population, "Population")) if population else 0,
        plain_line(source) if source else "",
        _flag(approximate) if approximate else False,
    )
    mode, arrival, nights = get("mode"), get("arrival"), get("nights")
    return Stop(
        place,
        arrival=parse_date(_date_part(arrival)) if arrival else None,
        nights=_whole(nights, "Nights") if nights else 0,
        mode=TravelMode.parse(mode) if mode and mode.strip() else None,
        notes=get("notes") or "",
    )


def make_site(
    name: str,
    lat: object | None,
    lon: object | None,
    fields: Mapping[str, str],
    *,
    theme: Theme,
) -> Site:
    """A validated site; `theme` applies when the fields name none."""
    theme_text = fields.get("theme", "").strip()
    status_text = fields.get("status", "").strip()
    tags = [t for t in (p.strip() for p in fields.get("tags", "").split(";")) if t]
    return Site(
        name=name,
        theme=Theme.parse(theme_text) if theme_text else theme,
        status=SiteStatus.parse(status_text) if status_text else SiteStatus.PLANNED,
        lat=None if lat is None or lat == "" else lat,  # type: ignore[arg-type]
        lon=None if lon is None or lon == "" else lon,  # type: ignore[arg-type]
        approximate=_flag(fields.get("approximate", "")),
        address=fields.get("address", ""),
        url=fields.get("url", "").strip(),
        description=fields.get("description", ""),
        tags=tuple(tags),
    )


def stop_reference(fields: Mapping[str, str]) -> int | None:
    """The 0-based index of a site's stop in the file, when the file gives one."""
    text = check_number_text(fields.get("stop", ""), "The stop number")
    if not text:
        return None
    try:
        number = int(float(text))
    except (ValueError, OverflowError):  # not a number, NaN, or infinite
        raise ValidationError(f"The stop number {text!r} is not a whole number.") from None
    return number - 1 if number > 0 else None


class FeaturePosition:
    """Names the feature being read in any validation error raised inside `with`.

    Readers set `noun` and `index` as they go; nothing is formatted unless an
    error occurs, which keeps a 100,000-point import fast.
    """

    def __init__(self, label: str, noun: str) -> None:
        self.label = label
        self.noun = noun
        self.index = 0

    def __enter__(self) -> FeaturePosition:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, traceback: object) -> None:
        # An error about the whole file (too many points) needs no feature named.
        if isinstance(exc, ValidationError) and not getattr(exc, "whole_file", False):
            raise ValidationError(
                f"{self.label}, {self.noun} {self.index}: {exc} Nothing was imported."
            ) from None


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "y")


def _whole(text: str, what: str) -> int:
    cleaned = check_number_text(text, what)
    if not cleaned:
        return 0
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(f"{what} must be a whole number, not {text!r}.") from None
    if not value.is_integer() or value < 0:  # NaN and infinities are not whole either
        raise ValidationError(f"{what} must be a whole number, not {text!r}.")
    return int(value)


def _date_part(text: str) -> str:
    """The date of an ISO date or date-time (2017-10-02T09:00:00Z → 2017-10-02)."""
    cleaned = text.strip()
    return cleaned[:10] if len(cleaned) > 10 and cleaned[10] in "T " else cleaned
