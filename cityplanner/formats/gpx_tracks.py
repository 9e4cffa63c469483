"""GPX tracks point for point: `<trk>` written with elevations and times, route lines read.

The streaming reader of `<trk>` itself lives in gpx.py, where it shares the one pass
over the file; this module holds what it and the writer need of a single track.
"""

from __future__ import annotations

import functools
import logging
from xml.etree.ElementTree import Element

from cityplanner.domain.tracks import Track
from cityplanner.formats.document import ImportOptions, ParsedFile
from cityplanner.formats.escape import coordinate, xml_text
from cityplanner.formats.tracks import ParsedTrack, PointBudget, TrackBuilder, time_text
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)


def track_xml(track: Track) -> str:
    """A track as `<trk>`: one `<trkseg>` per segment, each point with its elevation and
    time when it has them; `<type>` says whether it was recorded or planned."""
    points = track.points
    if points is None:
        return ""
    head = f"<trk><name>{xml_text(track.name)}</name><type>{track.kind}</type>\n"
    lats, lons = points.lat.tolist(), points.lon.tolist()
    eles, times = points.ele.tolist(), points.time.tolist()
    segments = []
    for part in points.segments():
        rows = []
        for i in range(part.start, part.stop):
            inner = ""
            if eles[i] == eles[i]:  # not NaN
                inner += f"<ele>{eles[i]:.2f}</ele>"
            if times[i] == times[i]:
                inner += f"<time>{time_text(times[i])}</time>"
            rows.append(
                f'<trkpt lat="{coordinate(lats[i])}" lon="{coordinate(lons[i])}">{inner}</trkpt>'
            )
        segments.append("<trkseg>\n" + "\n".join(rows) + "\n</trkseg>\n")
    return head + "".join(segments) + "</trk>\n"


def route_line(route: Element, name: str, budget: PointBudget) -> ParsedTrack | None:
    """A `<rte>` kept as a planned line (`ImportOptions.routes_as == "lines"`)."""
    builder = TrackBuilder(budget)
    for point in route:
        if _local(point.tag) == "rtept":
            ele, time = ele_and_time(point)
            builder.add_texts(point.get("lat"), point.get("lon"), ele, time)
    return builder.build(name, kind="planned", source="route")


def finish_tracks(
    parsed: ParsedFile, read: int, *, has_waypoints: bool, options: ImportOptions
) -> None:
    """Say how many of the `read` `<trk>`s had no point; make stops of the tracks' ends
    when the file has nothing else and points are asked for as stops (as older versions
    always did)."""
    empty = read - sum(1 for t in parsed.tracks if t.source == "track")
    if empty:
        parsed.notes.append(f"{counted(empty, 'track')} without points left out.")
    if not has_waypoints and not parsed.stops and options.points_as == "stops":
        for track in parsed.tracks:
            parsed.stops.extend(track.stops())


def ele_and_time(point: Element) -> tuple[str, str]:
    """A point's `<ele>` and `<time>` texts, in one pass over its children."""
    ele = time = ""
    for child in point:
        tag = _local(child.tag)
        if tag == "ele":
            ele = (child.text or "").strip()
        elif tag == "time":
            time = (child.text or "").strip()
    return ele, time


@functools.lru_cache(maxsize=256)
def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
