"""GPX 1.1: stops and sites as waypoints, the itinerary as a route, tracks point for point."""

from __future__ import annotations

import functools
import logging
from typing import BinaryIO
from xml.etree.ElementTree import Element

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Stop
from cityplanner.domain.validation import check_latitude, check_longitude, plain_text
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import (
    CITYPLANNER_NS,
    GENERATOR,
    ExportOptions,
    ImportOptions,
    ParsedFile,
    PendingSite,
    TripDocument,
)
from cityplanner.formats.escape import coordinate, xml_text
from cityplanner.formats.fields import (
    KIND_SITE,
    KIND_STOP,
    FeaturePosition,
    clean_name,
    make_site,
    make_stop,
    site_fields,
    stop_fields,
    stop_reference,
)
from cityplanner.formats.gpx_tracks import ele_and_time, finish_tracks, route_line, track_xml
from cityplanner.formats.safety import MAX_DEPTH, check_feature_count, stream_xml, too_deep
from cityplanner.formats.tracks import PointBudget, TrackBuilder
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)

GPX_NS = "http://www.topografix.com/GPX/1/1"


# -- export ---------------------------------------------------------------------------


def write_gpx(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """Write the trip as GPX 1.1; CityPlanner's own details go in `<extensions>`."""
    parts: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gpx version="1.1" creator="{GENERATOR}" xmlns="{GPX_NS}" xmlns:cp="{CITYPLANNER_NS}">\n',
        f"<metadata><name>{xml_text(doc.trip.name)}</name>",
    ]
    if doc.trip.description:
        parts.append(f"<desc>{xml_text(doc.trip.description)}</desc>")
    parts.append("</metadata>\n")
    for stop in doc.stops:
        parts.append(
            _point(
                "wpt",
                stop.place.lat,
                stop.place.lon,
                stop.name,
                stop.notes,
                KIND_STOP,
                _extension(KIND_STOP, stop_fields(stop)),
                time=_arrival_time(stop),
            )
        )
    for site in doc.sites:
        lat, lon, approximate = doc.site_point(site)
        fields = site_fields(site, doc.position_of(site.stop_id), approximate=approximate)
        parts.append(
            _point(
                "wpt",
                lat,
                lon,
                site.name,
                site.description,
                f"{KIND_SITE}: {site.theme.label}",
                _extension(KIND_SITE, fields),
                url=site.url,
            )
        )
    if doc.stops:
        parts.append(f"<rte><name>{xml_text(doc.trip.name)}</name>\n")
        for stop in doc.stops:
            parts.append(
                _point(
                    "rtept",
                    stop.place.lat,
                    stop.place.lon,
                    stop.name,
                    stop.notes,
                    KIND_STOP,
                    _extension(KIND_STOP, stop_fields(stop)),
                    time=_arrival_time(stop),
                )
            )
        parts.append("</rte>\n")
    parts.extend(track_xml(track) for track in doc.tracks)
    parts.append("</gpx>\n")
    out.write("".join(parts).encode("utf-8"))


def _point(
    tag: str,
    lat: float,
    lon: float,
    name: str,
    desc: str,
    kind: str,
    ext: str,
    *,
    url: str = "",
    time: str = "",
) -> str:
    # GPX 1.1 fixes the order of a point's children: time, name, desc, link, type, extensions.
    inner = [f"<time>{time}</time>"] if time else []
    inner.append(f"<name>{xml_text(name)}</name>")
    if desc:
        inner.append(f"<desc>{xml_text(desc)}</desc>")
    if url.startswith(("http://", "https://")):
        inner.append(f'<link href="{xml_text(url)}"/>')
    if kind:
        inner.append(f"<type>{xml_text(kind)}</type>")
    inner.append(ext)
    return f'<{tag} lat="{coordinate(lat)}" lon="{coordinate(lon)}">{"".join(inner)}</{tag}>\n'


def _arrival_time(stop: Stop) -> str:
    """A stop's arrival as GPX's standard `<time>`: noon UTC of the arrival day.

    Noon keeps the same calendar day for readers that show times in any zone from
    UTC-12 to UTC+11, so tools without CityPlanner's extension still see the date.
    """
    return f"{stop.arrival.isoformat()}T12:00:00Z" if stop.arrival else ""


def _extension(kind: str, fields: dict[str, str]) -> str:
    attributes = "".join(f' {key}="{xml_text(value)}"' for key, value in fields.items())
    return f"<extensions><cp:{kind}{attributes}/></extensions>"


# -- import ---------------------------------------------------------------------------


def read_gpx(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Route points become stops in order (or each route a planned line); waypoints
    become sites when there is a route (or when they are CityPlanner sites), stops
    otherwise; each `<trk>` becomes a track, its `<trkseg>`s its segments.

    The file is read as a stream: a track point is read and dropped at once, so a
    track of a million points never becomes a tree of elements.
    """
    parsed = ParsedFile(label=label, kind="GPX")
    budget = PointBudget(label)
    waypoints: list[Element] = []
    routes: list[Element] = []
    depth = 0
    root: Element | None = None
    segment: Element | None = None
    builder: TrackBuilder | None = None
    tracks = 0
    where = FeaturePosition(label, "track")  # names the track of a bad point
    for event, element in stream_xml(data, label, "GPX"):
        if event == "start":
            depth += 1
            if depth > 3:
                if depth > MAX_DEPTH:
                    raise too_deep(label, "GPX", "elements")
                continue
            tag = _local(element.tag)
            if depth == 1:
                if tag != "gpx":
                    raise ValidationError(
                        f"{label} is not a GPX file (its root element is not <gpx>)."
                    )
                root = element
            elif depth == 2 and tag == "trk":
                tracks += 1
                where.index = tracks
                builder = TrackBuilder(budget)
            elif depth == 3 and builder is not None and tag == "trkseg":
                builder.new_segment()
                segment = element
            continue
        depth -= 1
        if depth > 3:
            continue
        tag = _local(element.tag)
        if depth == 3:
            if segment is not None and tag == "trkpt":
                assert builder is not None
                ele, time = ele_and_time(element)
                with where:
                    builder.add_texts(element.get("lat"), element.get("lon"), ele, time)
                del segment[:]  # the point is read: let it go
        elif depth == 2 and tag == "trkseg":
            segment = None
        elif depth == 1 and root is not None:
            if tag == "wpt":
                waypoints.append(element)
            elif tag == "rte":
                routes.append(element)
            elif tag == "trk" and builder is not None:
                name = clean_name(_child_text(element, "name"), f"Track {tracks}")
                planned = _child_text(element, "type").lower() == "planned"
                kind = "planned" if planned else "recorded"
                with where:
                    track = builder.build(name, kind=kind)
                if track is not None:
                    parsed.tracks.append(track)
                builder = None
            elif tag == "metadata":
                parsed.trip_name = clean_name(_child_text(element, "name"), "")
                parsed.trip_description = plain_text(_child_text(element, "desc"))
            del root[:]
            check_feature_count(len(waypoints) + len(routes), label)
    _read_routes(parsed, routes, label, options, budget)
    route_points = [p for route in routes for p in route if _local(p.tag) == "rtept"]
    if options.routes_as == "lines":
        route_points = []
    check_feature_count(len(waypoints) + len(route_points), label)
    has_route = bool(parsed.stops)
    on_route = {_point_key(p) for p in route_points}
    with FeaturePosition(label, "waypoint") as where:
        for index, point in enumerate(waypoints, start=1):
            where.index = index
            _add_waypoint(
                parsed, point, index, has_route=has_route, on_route=on_route, options=options
            )
    finish_tracks(parsed, tracks, has_waypoints=bool(waypoints), options=options)
    return parsed


def _read_routes(
    parsed: ParsedFile,
    routes: list[Element],
    label: str,
    options: ImportOptions,
    budget: PointBudget,
) -> None:
    """Each route's points as stops, route after route; or each route as a planned line."""
    with_points = [r for r in routes if any(_local(p.tag) == "rtept" for p in r)]
    if options.routes_as == "lines":
        with FeaturePosition(label, "route") as where:
            for number, route in enumerate(with_points, start=1):
                where.index = number
                name = clean_name(_child_text(route, "name"), f"Route {number}")
                track = route_line(route, name, budget)
                if track is not None:
                    parsed.tracks.append(track)
        if with_points:
            what = "a planned line" if len(with_points) == 1 else "planned lines"
            parsed.notes.append(f"{counted(len(with_points), 'route')} kept as {what}.")
        return
    with FeaturePosition(label, "route point") as where:
        index = 0
        for route in with_points:
            for point in route:
                if _local(point.tag) == "rtept":
                    index += 1
                    where.index = index
                    parsed.stops.append(_stop(point, index))
    if len(with_points) > 1:
        names = ", ".join(
            repr(clean_name(_child_text(r, "name"), f"Route {n}"))
            for n, r in enumerate(with_points, start=1)
        )
        parsed.notes.append(
            f"{counted(len(with_points), 'route')} ({names}): their points became stops, "
            "one route after another."
        )


def _add_waypoint(
    parsed: ParsedFile,
    point: Element,
    index: int,
    *,
    has_route: bool,
    on_route: set[tuple[str, str, str]],
    options: ImportOptions,
) -> None:
    kind, fields, texts = _read_point(point)
    if kind == KIND_STOP:
        # With a route, CityPlanner's stop waypoints are copies of its points. Known only
        # by `<type>stop</type>` (the extension dropped by another tool, or another
        # program's own "stop"), a waypoint is a copy only where a route point is.
        copy = has_route and (bool(fields) or _point_key(point) in on_route)
        if not copy:
            parsed.stops.append(_stop(point, index, fields, texts, noun="Waypoint"))
        return
    if kind == KIND_SITE:
        as_site = True
    elif options.points_as == "auto":
        as_site = has_route
    else:
        as_site = options.points_as == "sites"
    if not as_site:
        parsed.stops.append(_stop(point, index, fields, texts, noun="Waypoint"))
        return
    name = clean_name(texts.get("name"), f"Waypoint {index}")
    if "description" not in fields:
        fields["description"] = texts.get("desc") or texts.get("cmt", "")
    if "url" not in fields:
        fields["url"] = texts.get("link", "")
    site = make_site(name, point.get("lat"), point.get("lon"), fields, theme=options.default_theme)
    parsed.sites.append(PendingSite(site=site, stop_index=stop_reference(fields)))


def _stop(
    point: Element,
    index: int,
    fields: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
    *,
    noun: str = "Route point",
) -> Stop:
    if fields is None or texts is None:
        _kind, fields, texts = _read_point(point)
    if "notes" not in fields:
        fields["notes"] = texts.get("desc") or texts.get("cmt", "")
    if "arrival" not in fields:
        fields["arrival"] = texts.get("time", "")
    name = texts.get("name")
    name = clean_name(name, "") if name else f"{noun} {index}"
    return make_stop(name, point.get("lat"), point.get("lon"), fields)


def _read_point(point: Element) -> tuple[str, dict[str, str], dict[str, str]]:
    """One pass over a point's children: its texts, and CityPlanner's own fields if any."""
    texts: dict[str, str] = {}
    kind, fields = "", {}
    for child in point:
        tag = _local(child.tag)
        if tag == "extensions":
            for ext in child:
                if ext.tag == _STOP_TAG or ext.tag == _SITE_TAG:
                    kind, fields = _local(ext.tag), dict(ext.attrib)
        elif tag == "link":
            texts.setdefault("link", child.get("href", ""))
        elif child.text:
            texts.setdefault(tag, child.text.strip())
    if not kind:
        kind, fields = _kind_from_type(texts.get("type", ""))
    return kind, fields, texts


def _kind_from_type(text: str) -> tuple[str, dict[str, str]]:
    """What CityPlanner's own `<type>` says: `stop`, or `site: <theme>` (else nothing).

    This is what is left of a CityPlanner file once another tool drops its extension.
    """
    head, _colon, theme = text.partition(":")
    head = head.strip().lower()
    if head == KIND_STOP and not theme:
        return KIND_STOP, {}
    if head != KIND_SITE:
        return "", {}
    try:
        return KIND_SITE, {"theme": Theme.parse(theme).value} if theme.strip() else {}
    except ValidationError:  # a theme of another version, or another program's word
        return KIND_SITE, {}


def _point_key(point: Element) -> tuple[str, str, str]:
    return (point.get("lat", "").strip(), point.get("lon", "").strip(), _child_text(point, "name"))


_STOP_TAG = f"{{{CITYPLANNER_NS}}}{KIND_STOP}"
_SITE_TAG = f"{{{CITYPLANNER_NS}}}{KIND_SITE}"


def _latitude(text: str | None) -> float:
    return check_latitude(text or "")  # type: ignore[arg-type]


def _longitude(text: str | None) -> float:
    return check_longitude(text or "")  # type: ignore[arg-type]


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


@functools.lru_cache(maxsize=256)
def _local(tag: str) -> str:
    # Cached: a track of a million points asks for the same few names millions of times.
    return tag.rpartition("}")[2]
