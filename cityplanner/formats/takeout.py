"""Google Takeout's saved places ("Maps (your places)/Saved Places.json") as sites.

The file is GeoJSON, but its places say what they are in properties of their own, in
two shapes. Exports since about 2023:

    "properties": {"date": "…", "google_maps_url": "http://maps.google.com/?q=…",
                   "location": {"name": "…", "address": "…", "country_code": "FR"},
                   "Comment": "…"}

and older ones (since 2015):

    "properties": {"Title": "…", "Google Maps URL": "…", "Published": "…",
                   "Location": {"Business Name": "…", "Address": "…",
                                "Geo Coordinates": {"Latitude": "…", "Longitude": "…"}}}

A point at [0, 0] means Google gave no position: the one in the link is used when it
holds one (`?q=lat,lon`, `@lat,lon`, `!3dlat!4dlon`), and otherwise the place is listed
as not found, never put in the Gulf of Guinea.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import MAX_TEXT_LENGTH, plain_line, plain_text
from cityplanner.formats.document import ImportOptions, ParsedFile, PendingSite
from cityplanner.formats.fields import clean_name, make_site, make_stop
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)

KIND = "Google saved places"
_URL_KEYS = ("google_maps_url", "Google Maps URL")
#: What Takeout writes as the comment of a place it has no position for.
_NO_POSITION_COMMENT = "no location information is available"
_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
_URL_POSITIONS = (
    re.compile(
        rf"[?&](?:q|query|ll|center|destination)=\s*{_NUMBER}\s*(?:,|%2C)\s*{_NUMBER}", re.I
    ),
    re.compile(rf"!3d{_NUMBER}!4d{_NUMBER}"),
    re.compile(rf"@{_NUMBER},{_NUMBER}"),
)


def is_saved_places(features: list[Any]) -> bool:
    """Whether a FeatureCollection's features are Takeout's saved places."""
    for feature in features[:20]:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict) and any(key in properties for key in _URL_KEYS):
            return "kind" not in properties  # CityPlanner's own files name their kind
    return False


def read_saved_places(features: list[Any], label: str, options: ImportOptions) -> ParsedFile:
    """Each saved place becomes a site (or a stop, when points are asked for as stops)."""
    parsed = ParsedFile(label=label, kind=KIND, nearest_city=options.nearest_city)
    from_link = 0
    for index, feature in enumerate(features, start=1):
        try:
            from_link += _add_place(parsed, feature, index, options)
        except ValidationError as exc:
            raise ValidationError(
                f"{label}, saved place {index}: {exc} Nothing was imported."
            ) from None
    if from_link:
        parsed.notes.append(f"{counted(from_link, 'place')} placed by the position in their link.")
    return parsed


def _add_place(parsed: ParsedFile, feature: object, index: int, options: ImportOptions) -> bool:
    if not isinstance(feature, dict):
        raise ValidationError("it is not a GeoJSON Feature.")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise ValidationError("its properties are not an object.")
    location = _object(properties.get("location")) or _object(properties.get("Location"))
    url = _string(properties, *_URL_KEYS)
    address = _string(location, "address", "Address")
    name = clean_name(
        _string(location, "name", "Business Name") or _string(properties, "Title", "name"),
        address.split(",")[0] if address else f"Saved place {index}",
    )
    comment = _string(properties, "Comment", "comment")
    if comment.casefold().startswith(_NO_POSITION_COMMENT):
        comment = ""
    position, from_link = _position(feature, location), False
    if position is None:
        position, from_link = _url_position(url), True
    if position is None:
        parsed.not_found.append(f"{name} ({address})" if address else name)
        return False
    lat, lon = position
    fields = {
        "address": plain_text(address)[:MAX_TEXT_LENGTH],
        # Takeout's links are Google's: anything else (javascript:…) is not kept.
        "url": plain_line(url)[:2000] if re.match(r"https?://", url, re.I) else "",
        "description": plain_text(comment)[:MAX_TEXT_LENGTH],
        "country_code": _country(location),
    }
    if options.points_as == "stops":
        parsed.stops.append(make_stop(name, lat, lon, {**fields, "notes": fields["description"]}))
    else:
        site = make_site(name, lat, lon, fields, theme=options.default_theme)
        parsed.sites.append(PendingSite(site))
    return from_link


def _position(feature: dict[str, Any], location: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of the feature's point or of the old `Geo Coordinates`; None at [0, 0]."""
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        pair = geometry.get("coordinates")
        if isinstance(pair, list) and len(pair) >= 2:
            found = _pair(pair[1], pair[0])
            if found is not None:
                return found
    coordinates = _object(location.get("Geo Coordinates"))
    return _pair(coordinates.get("Latitude"), coordinates.get("Longitude"))


def _url_position(url: str) -> tuple[float, float] | None:
    for pattern in _URL_POSITIONS:
        found = pattern.search(url)
        if found is not None:
            return _pair(found.group(1), found.group(2))
    return None


def _pair(lat: object, lon: object) -> tuple[float, float] | None:
    """Two numbers (or numeric texts) in range, not both zero."""
    try:
        values = [float(v) for v in (lat, lon) if not isinstance(v, bool)]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if len(values) != 2 or values == [0.0, 0.0]:
        return None
    if not (-90 <= values[0] <= 90 and -180 <= values[1] <= 180):
        raise ValidationError(f"its position {values[0]:g}, {values[1]:g} is not on Earth.")
    return values[0], values[1]


def _country(location: dict[str, Any]) -> str:
    code = _string(location, "country_code", "Country Code").upper()
    return code if re.fullmatch(r"[A-Z]{2}", code) else ""


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _string(values: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
