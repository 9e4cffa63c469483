"""KML lines both ways: LineString and gx:Track placemarks read as tracks, tracks written.

A track with a time at every point is written as Google's `gx:Track` (its `<when>`s and
`<gx:coord>`s side by side), which Google Earth plays back and GDAL reads; any other is
a `LineString`. A track of several segments is a `gx:MultiTrack` or a `MultiGeometry`.
"""

from __future__ import annotations

import logging
import re
from xml.etree.ElementTree import Element

import numpy as np

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.tracks import Track, TrackPoints
from cityplanner.formats.escape import coordinate, xml_text
from cityplanner.formats.tracks import (
    ParsedTrack,
    PointBudget,
    TrackBuilder,
    parse_time,
    time_text,
)

log = logging.getLogger(__name__)

GX_NS = "http://www.google.com/kml/ext/2.2"
TRACKS_FOLDER = "Tracks"
#: The ExtendedData field that says whether a line was recorded or planned.
TRACK_FIELD = "track"
_COMMA_SPACES = re.compile(r"\s*,\s*")


def read_line(placemark: Element, name: str, kind: str, budget: PointBudget) -> ParsedTrack | None:
    """The placemark's lines as one track: each LineString or gx:Track (also inside a
    MultiGeometry or gx:MultiTrack) one of its segments; None when it has none."""
    builder = TrackBuilder(budget)
    for element in placemark.iter():
        tag = _local(element.tag)
        if tag == "LineString":
            builder.new_segment()
            text = _COMMA_SPACES.sub(",", _child_text(element, "coordinates"))
            for position in text.split():
                parts = [part for part in position.split(",") if part]
                if len(parts) < 2:
                    raise ValidationError(f"The line position {position[:40]!r} is not 'lon,lat'.")
                builder.add(parts[1], parts[0], parts[2] if len(parts) > 2 else None, None)
        elif tag == "Track":
            builder.new_segment()
            whens = [c.text or "" for c in element if _local(c.tag) == "when"]
            coords = [c.text or "" for c in element if _local(c.tag) == "coord"]
            for number, coord in enumerate(coords):
                parts = coord.split()
                if len(parts) < 2:
                    raise ValidationError(f"The track position {coord[:40]!r} is not 'lon lat'.")
                when = whens[number] if number < len(whens) else None
                builder.add(parts[1], parts[0], parts[2] if len(parts) > 2 else None, when)
    if len(builder) and all(t != t for t in builder.time):
        _times_from_span(placemark, builder)
    planned = kind.strip().lower() == "planned"
    return builder.build(name, kind="planned" if planned else "recorded", source="line")


def _times_from_span(placemark: Element, builder: TrackBuilder) -> None:
    """A line without times of its own begins and ends when its TimeSpan says (Google's
    location history writes its moves so); the points between stay without a time."""
    for child in placemark:
        if _local(child.tag) == "TimeSpan":
            begin = parse_time(_child_text(child, "begin"))
            end = parse_time(_child_text(child, "end"))
            if begin == begin and end == end and begin <= end:
                builder.time[-1] = end
                builder.time[0] = begin  # a single point: when the move began
            return


def tracks_folder(tracks: list[Track]) -> str:
    """The "Tracks" folder of an export, or nothing for a trip without tracks."""
    placemarks = [_placemark(t) for t in tracks if t.points is not None and len(t.points)]
    if not placemarks:
        return ""
    return f"<Folder>\n<name>{TRACKS_FOLDER}</name>\n{''.join(placemarks)}</Folder>\n"


def _placemark(track: Track) -> str:
    points = track.points
    assert points is not None
    timed = bool(np.all(~np.isnan(points.time)))
    parts = [_gx_track(points, part) if timed else _line_string(points, part)
             for part in points.segments()]  # fmt: skip
    if len(parts) == 1:
        geometry = parts[0]
    elif timed:
        geometry = f"<gx:MultiTrack>{''.join(parts)}</gx:MultiTrack>"
    else:
        geometry = f"<MultiGeometry>{''.join(parts)}</MultiGeometry>"
    return (
        f"<Placemark><name>{xml_text(track.name)}</name>"
        f'<ExtendedData><Data name="{TRACK_FIELD}"><value>{track.kind}</value></Data>'
        f"</ExtendedData>{geometry}</Placemark>\n"
    )


def _line_string(points: TrackPoints, part: slice) -> str:
    lats, lons = points.lat[part].tolist(), points.lon[part].tolist()
    eles = points.ele[part].tolist()
    text = " ".join(
        f"{coordinate(x)},{coordinate(y)}" + (f",{z:.2f}" if z == z else "")
        for y, x, z in zip(lats, lons, eles, strict=True)
    )
    return f"<LineString><tessellate>1</tessellate><coordinates>{text}</coordinates></LineString>"


def _gx_track(points: TrackPoints, part: slice) -> str:
    lats, lons = points.lat[part].tolist(), points.lon[part].tolist()
    eles, times = points.ele[part].tolist(), points.time[part].tolist()
    whens = "".join(f"<when>{time_text(t)}</when>" for t in times)
    coords = "".join(
        f"<gx:coord>{coordinate(x)} {coordinate(y)}"
        + (f" {z:.2f}" if z == z else "")
        + "</gx:coord>"
        for y, x, z in zip(lats, lons, eles, strict=True)
    )
    return f"<gx:Track>{whens}{coords}</gx:Track>"


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
