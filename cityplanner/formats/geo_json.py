"""GeoJSON (RFC 7946): a FeatureCollection of stops, sites and the route; points on import."""

from __future__ import annotations

import json
import logging
import math
from typing import Any, BinaryIO

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.tracks import Track
from cityplanner.domain.validation import MAX_NUMBER_TEXT, plain_text
from cityplanner.formats.document import (
    GENERATOR,
    ExportOptions,
    ImportOptions,
    ParsedFile,
    PendingSite,
    TripDocument,
)
from cityplanner.formats.fields import (
    KIND_ROUTE,
    KIND_SITE,
    KIND_STOP,
    FeaturePosition,
    clean_name,
    make_site,
    make_stop,
    stop_reference,
)
from cityplanner.formats.safety import check_feature_count, check_json_depth, too_deep
from cityplanner.formats.takeout import is_saved_places, read_saved_places
from cityplanner.formats.tracks import PointBudget, TrackBuilder, time_text
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)


# -- export ---------------------------------------------------------------------------


def write_geojson(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    features: list[dict[str, Any]] = []
    for stop in doc.stops:
        place = stop.place
        features.append(
            _feature(
                _point(place.lon, place.lat),
                kind=KIND_STOP,
                name=stop.name,
                position=stop.position + 1,
                arrival=stop.arrival.isoformat() if stop.arrival else None,
                departure=stop.departure.isoformat() if stop.departure else None,
                nights=stop.nights,
                mode=stop.mode.value if stop.mode else None,
                country_code=place.country_code,
                admin1=place.admin1,
                timezone=place.timezone,
                population=place.population,
                source_id=place.source_id,
                approximate=place.approximate,
                notes=stop.notes,
            )
        )
    if len(doc.stops) > 1:
        line = {
            "type": "LineString",
            "coordinates": [[s.place.lon, s.place.lat] for s in doc.stops],
        }
        features.append(_feature(line, kind=KIND_ROUTE, name=doc.trip.name))
    for site in doc.sites:
        has_point = site.lat is not None and site.lon is not None
        features.append(
            _feature(
                _point(site.lon, site.lat) if has_point else None,  # type: ignore[arg-type]
                kind=KIND_SITE,
                name=site.name,
                stop=doc.position_of(site.stop_id),
                theme=site.theme.value,
                theme_label=site.theme.label,
                status=site.status.value,
                approximate=site.approximate,
                address=site.address,
                url=site.url,
                description=site.description,
                tags=list(site.tags),
            )
        )
    features.extend(_track_feature(track) for track in doc.tracks if track.points is not None)
    head = _clean(
        {
            "type": "FeatureCollection",
            "name": doc.trip.name,
            "description": doc.trip.description,
            "generator": GENERATOR,
        }
    )
    # One feature per line: readable and diffable, and written by json's fast C encoder
    # (which `indent=` would switch off).
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    out.write(f'{opening}, "features": [\n{lines}\n]}}\n'.encode())


def _track_feature(track: Track) -> dict[str, Any]:
    """A track as a LineString (a MultiLineString for several segments); its points'
    times, when it has them, in `coordTimes` as togeojson writes them."""
    points = track.points
    assert points is not None
    lines: list[list[list[float]]] = []
    times: list[list[str | None]] = []
    for part in points.segments():
        lats, lons = points.lat[part].tolist(), points.lon[part].tolist()
        eles, stamps = points.ele[part].tolist(), points.time[part].tolist()
        lines.append(
            [
                [x, y, round(z, 2)] if z == z else [x, y]
                for y, x, z in zip(lats, lons, eles, strict=True)
            ]
        )
        times.append([time_text(t) if t == t else None for t in stamps])
    geometry: dict[str, Any] = (
        {"type": "LineString", "coordinates": lines[0]}
        if len(lines) == 1
        else {"type": "MultiLineString", "coordinates": lines}
    )
    properties: dict[str, Any] = {
        "name": track.name,
        "kind": track.kind,
        "km": round(track.km, 3),
        "ascent_m": round(track.ascent_m) if track.ascent_m is not None else None,
        "started_at": time_text(track.started_at.timestamp()) if track.started_at else None,
        "ended_at": time_text(track.ended_at.timestamp()) if track.ended_at else None,
    }
    if points.has_times:
        properties["coordTimes"] = times[0] if len(times) == 1 else times
    return {"type": "Feature", "geometry": geometry, "properties": _clean(properties)}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": _clean(properties)}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with invisible characters dropped from its texts, in place.

    json.dumps escapes C0 controls but writes C1 controls and bidirectional overrides
    as they are. A printable text holds none of them, and is most texts: checked first.
    """
    for key, value in values.items():
        if isinstance(value, str):
            if not value.isprintable():
                values[key] = plain_text(value)
        elif isinstance(value, list):
            values[key] = [plain_text(v) if isinstance(v, str) else v for v in value]
    return values


# -- import ---------------------------------------------------------------------------


def read_geojson(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Point features become stops, or sites when their properties say so."""
    if b"\x00" in data[:4096]:
        raise ValidationError(
            f"{label} is not valid GeoJSON: GeoJSON must be UTF-8, and this looks like UTF-16."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{label} is not valid GeoJSON: GeoJSON must be UTF-8, but byte {exc.start} is not."
        ) from None
    try:
        root = json.loads(
            text, parse_constant=_refuse_constant, parse_int=_whole, parse_float=_decimal
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{label} is not valid GeoJSON: broken JSON at line {exc.lineno}, column {exc.colno}."
        ) from None
    except ValueError as exc:
        raise ValidationError(f"{label} is not valid GeoJSON: {exc}.") from None
    except RecursionError:  # nested far beyond MAX_DEPTH: the decoder itself gave up
        raise too_deep(label, "GeoJSON", "arrays and objects") from None
    check_json_depth(root, label, "GeoJSON")
    features = _features(root, label)
    check_feature_count(len(features), label, "features")
    if is_saved_places(features):  # Google Takeout's, with properties of its own
        return read_saved_places(features, label, options)
    parsed = ParsedFile(label=label, kind="GeoJSON")
    if isinstance(root, dict) and isinstance(root.get("name"), str):
        parsed.trip_name = clean_name(root["name"], "")
    if isinstance(root, dict) and isinstance(root.get("description"), str):
        parsed.trip_description = plain_text(root["description"]).strip()
    left_out = 0
    budget = PointBudget(label)
    with FeaturePosition(label, "feature") as where:
        for index, feature in enumerate(features, start=1):
            where.index = index
            left_out += not (
                _add_line(parsed, feature, index, budget)
                or _add_feature(parsed, feature, index, options)
            )
    if left_out:
        what = counted(
            left_out,
            "feature that is neither a point nor a line",
            "features that are neither points nor lines",
        )
        parsed.notes.append(f"{what} left out.")
    return parsed


def _features(root: object, label: str) -> list[Any]:
    if isinstance(root, dict) and root.get("type") == "FeatureCollection":
        features = root.get("features")
        if not isinstance(features, list):
            raise ValidationError(f"{label} is not valid GeoJSON: 'features' is not a list.")
        return features
    if isinstance(root, dict) and root.get("type") == "Feature":
        return [root]
    raise ValidationError(
        f"{label} is not a GeoJSON FeatureCollection or Feature, so it holds no places to import."
    )


def _add_feature(parsed: ParsedFile, feature: object, index: int, options: ImportOptions) -> bool:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValidationError("it is not a GeoJSON Feature.")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValidationError("its properties are not an object.")
    fields = {str(k): _text(v) for k, v in properties.items()}
    kind = fields.pop("kind", "").lower()
    if kind == KIND_ROUTE:
        return True
    geometry = feature.get("geometry")
    points = _positions(geometry)
    if not points and not (kind == KIND_SITE and geometry is None):
        return False
    name = clean_name(fields.pop("name", "") or fields.get("title", ""), f"Feature {index}")
    # A MultiPoint holds several places: each is imported, numbered after the first.
    names = [name] + [f"{name} ({n})" for n in range(2, len(points) + 1)]
    pairs: list[tuple[object, object]] = [*points] or [(None, None)]
    if kind in (KIND_STOP, KIND_SITE):
        as_site = kind == KIND_SITE
    elif options.points_as == "auto":
        as_site = False
    else:
        as_site = options.points_as == "sites"
    if as_site:
        fields.setdefault("description", fields.get("notes", ""))
        stop_index = stop_reference(fields)
        parsed.sites.extend(
            PendingSite(make_site(n, lat, lon, fields, theme=options.default_theme), stop_index)
            for n, (lon, lat) in zip(names, pairs, strict=True)
        )
    else:
        fields.setdefault("notes", fields.get("description", ""))
        parsed.stops.extend(
            make_stop(n, lat, lon, fields) for n, (lon, lat) in zip(names, pairs, strict=True)
        )
    return True


def _add_line(parsed: ParsedFile, feature: object, index: int, budget: PointBudget) -> bool:
    """A LineString or MultiLineString feature as a track (each line a segment)."""
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        return False
    geometry = feature["geometry"]
    kind = geometry.get("type")
    if kind not in ("LineString", "MultiLineString"):
        return False
    properties = feature.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    if str(properties.get("kind", "")).lower() == KIND_ROUTE:
        return True  # CityPlanner's own route: the stops say it already
    coordinates = geometry.get("coordinates")
    lines = [coordinates] if kind == "LineString" else coordinates
    if not isinstance(lines, list) or not all(isinstance(line, list) for line in lines):
        raise ValidationError(f"its {kind} has no list of positions.")
    times = properties.get("coordTimes")
    line_times = [times] if kind == "LineString" else times
    builder = TrackBuilder(budget)
    for number, line in enumerate(lines):
        builder.new_segment()
        stamps = (
            line_times[number]
            if isinstance(line_times, list) and number < len(line_times)
            else None
        )
        if not isinstance(stamps, list) or len(stamps) != len(line):
            stamps = None
        for at, position in enumerate(line):
            lon, lat = _pair(position, kind)
            ele = position[2] if len(position) > 2 else None
            builder.add(lat, lon, ele, stamps[at] if stamps else None)
    name = clean_name(
        _text(properties.get("name")) or _text(properties.get("title")), f"Line {index}"
    )
    planned = str(properties.get("kind", "")).lower() == "planned"
    track = builder.build(name, kind="planned" if planned else "recorded", source="line")
    if track is not None:
        parsed.tracks.append(track)
    return True


def _positions(geometry: object) -> list[tuple[object, object]]:
    """The (longitude, latitude) of a Point, of each point of a MultiPoint, and of the
    points of a GeometryCollection; none for lines and areas."""
    if not isinstance(geometry, dict):
        return []
    kind = geometry.get("type")
    if kind == "Point":
        return [_pair(geometry.get("coordinates"), "Point")]
    if kind == "MultiPoint":
        coordinates = geometry.get("coordinates")
        if not isinstance(coordinates, list):
            raise ValidationError("its MultiPoint has no list of positions.")
        return [_pair(position, "MultiPoint") for position in coordinates]
    if kind == "GeometryCollection" and isinstance(geometry.get("geometries"), list):
        # check_json_depth bounds how deep collections can nest inside each other.
        return [p for part in geometry["geometries"] for p in _positions(part)]
    return []


def _pair(coordinates: object, kind: str) -> tuple[object, object]:
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise ValidationError(f"its {kind} has no [longitude, latitude] pair.")
    lon, lat = coordinates[0], coordinates[1]
    for value in (lon, lat):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"the coordinate {value!r} is not a number.")
    return lon, lat


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _whole(text: str) -> int:
    return int(_short(text))


def _decimal(text: str) -> float:
    return float(_short(text))


def _short(text: str) -> str:
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError(
            f"a number is written with {len(text):,} characters (at most {MAX_NUMBER_TEXT})"
        )
    return text
