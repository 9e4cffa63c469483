"""The data a map page draws, as plain JSON-ready values built from domain objects.

Sites travel as rows of an array rather than objects, which keeps ten thousand
of them small and quick to parse; `SITE_FIELDS` names the columns. Photos travel as
objects (see `photo_marks`): a page shows hundreds of them, not tens of thousands.
Tracks travel simplified (see `cityplanner.maps.track_payload`): the store keeps every point.
Legs' paths travel as flat lists of whole 1e-5 degrees (see `cityplanner.maps.greatcircle`).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from cityplanner.domain.models import Site, Stop, Trip
from cityplanner.domain.photos import Photo
from cityplanner.domain.schedule import plan_dates, site_date, trip_span
from cityplanner.domain.themes import theme_look
from cityplanner.domain.tracks import Track
from cityplanner.domain.vocabulary import Theme
from cityplanner.geo.distance import leg_kms
from cityplanner.maps.greatcircle import great_circle_paths
from cityplanner.maps.style import MODES, STATUS_ORDER, UNKNOWN_MODE
from cityplanner.maps.track_payload import track_lines

log = logging.getLogger(__name__)

SITE_FIELDS = (
    "id",
    "lat",
    "lon",
    "theme",
    "status",
    "name",
    "stop",
    "note",
    "url",
    "approximate",
    "day",
)
#: Colours of the days when the map is coloured by day (a qualitative palette, in turn).
DAY_COLOURS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#b2182b",
    "#525252",
)
#: Recorded and planned tracks: a magenta clear of the legs' and the themes' colours
#: (drawn on a white casing, so it reads over any of them).
TRACK_COLOUR = "#c51aff"
NOTE_CHARS = 160
#: A caption longer than this is cut on the map (the photo strip shows all of it).
CAPTION_CHARS = 280
_RUNS_OF_SPACE = re.compile(r"^\s|\s$|\s\s|[^\S ]")
#: Radius, in degrees of latitude, of the ring of approximate sites around a shared point.
RING_DEGREES = 0.006

#: Words the page shows; the window may pass translated ones.
DEFAULT_LABELS: dict[str, str] = {
    "stops": "Stops",
    "route": "Route",
    "sites": "Sites",
    "stop": "Stop",
    "legend": "Legend",
    "byDay": "Colours: the day of the trip (then in turn)",
    "countries": "Offline map",
    "capitals": "Place names (offline)",
    "osm": "OpenStreetMap (online)",
    "addSite": "Add site here",
    "nights": "nights",
    "night": "night",
    "unknownMode": "Not set",
    "website": "Web page",
    "approximate": "approximate position",
    "photos": "Photos",
    "photoAtSite": "shown at its site (no position of its own)",
    "photoAtStop": "shown at its stop (no position of its own)",
    "zoomToTrip": "Zoom to trip",
    "tracks": "Tracks",
    "recordedTrack": "Recorded track",
    "plannedTrack": "Planned track",
}

#: Words of the shared page's itinerary panel (the window's map has no panel).
PANEL_LABELS: dict[str, str] = {
    "itinerary": "Itinerary",
    "show": "Show the itinerary",
    "hide": "Hide the itinerary",
    "km": "km",
    "notOnMap": "not on the map",
    "noStops": "This trip has no stops yet.",
}


def map_payload(
    trip: Trip,
    stops: Sequence[Stop],
    sites: Sequence[Site],
    *,
    labels: Mapping[str, str] | None = None,
    photos: Sequence[Photo] = (),
    tracks: Sequence[Track] = (),
) -> dict[str, Any]:
    """Everything the page needs to draw the trip, in JSON-ready values.

    `tracks` are the trip's tracks with their points (`store.tracks.list(trip_id,
    with_points=True)`); see `track_payload.track_lines` for what the page receives.

    Like every text here, a photo's caption stays raw text: `json_for_script` makes it
    safe inside the page's JSON element, and the page's script writes it with
    `textContent` only.
    """
    stop_index = {stop.id: i for i, stop in enumerate(stops)}
    planned = plan_dates(trip.start, stops)
    span = trip_span(planned)
    first = span.start if span else None
    themes = list(Theme)
    theme_index = {theme: i for i, theme in enumerate(themes)}
    status_index = {status: i for i, status in enumerate(STATUS_ORDER)}
    rows: list[list[Any]] = []
    spread = spread_shared_positions(sites)
    drawn_at: dict[int, tuple[float, float]] = {}
    for site in sites:
        if site.lat is None or site.lon is None:
            continue
        lat, lon = spread.get(id(site), (site.lat, site.lon))
        if site.id is not None:
            drawn_at[site.id] = (lat, lon)
        rows.append(
            [
                site.id,
                round(lat, 6),
                round(lon, 6),
                theme_index[site.theme],
                status_index[site.status],
                site.name,
                stop_index.get(site.stop_id, -1),
                _note_start(site.description),
                site.url if _is_web_address(site.url) else "",
                1 if site.approximate else 0,
                _day_number(first, site_date(site, stops, planned, stop_index)),
            ]
        )
    return {
        "trip": {"id": trip.id, "name": trip.name},
        "labels": {**DEFAULT_LABELS, **(labels or {})},
        "themes": [_theme(t) for t in themes],
        "statuses": [{"key": s.value, "label": s.label} for s in STATUS_ORDER],
        "modes": [
            {
                "key": m.value,
                "label": m.label,
                "colour": st.colour,
                "dash": st.dash,
                "weight": st.weight,
            }
            for m, st in MODES.items()
        ],
        "unknownMode": {
            "colour": UNKNOWN_MODE.colour,
            "dash": UNKNOWN_MODE.dash,
            "weight": UNKNOWN_MODE.weight,
        },
        "stops": [_stop(i, stop, first) for i, stop in enumerate(stops)],
        "legs": _legs(stops, first),
        "dayCount": span.days if span else 0,
        # A track's day ("YYYY-MM-DD") is counted from here, as the stops' days are.
        "firstDay": first.isoformat() if first else "",
        "trackColour": TRACK_COLOUR,
        "dayColours": list(DAY_COLOURS),
        "siteFields": list(SITE_FIELDS),
        "sites": rows,
        "unplacedSites": len(sites) - len(rows),
        **photo_marks(photos, stops, drawn_at, stop_index),
        "tracks": track_lines(tracks),
    }


def panel_data(trip: Trip, stops: Sequence[Stop], sites: Sequence[Site]) -> dict[str, Any]:
    """What the shared page's itinerary panel lists beyond the map's own data.

    The panel reuses the payload's `stops` and site rows; this adds the trip's dates,
    the length of the leg that reaches each stop (geodesic, as the window shows it;
    about 80 µs a leg, so the window's own map, redrawn after every edit, goes without),
    each stop's sites in the itinerary's order by id, and the sites that have no
    position (which the rows leave out) as `[id, theme, status, name]`.
    """
    span = trip_span(plan_dates(trip.start, stops))
    themes = {theme: i for i, theme in enumerate(Theme)}
    statuses = {status: i for i, status in enumerate(STATUS_ORDER)}
    by_stop: dict[int | None, list[int | None]] = {stop.id: [] for stop in stops}
    unplaced: list[list[Any]] = []
    for site in sites:
        if site.stop_id not in by_stop:
            continue
        by_stop[site.stop_id].append(site.id)
        if site.lat is None or site.lon is None:
            unplaced.append([site.id, themes[site.theme], statuses[site.status], site.name])
    return {
        "dates": _span_text(span.start, span.end) if span else "",
        "nights": sum(stop.nights for stop in stops),
        "stops": [
            {"km": round(km, 1) if i else None, "sites": by_stop[stop.id]}
            for i, (stop, km) in enumerate(zip(stops, leg_kms(stops), strict=True))
        ],
        "unplaced": unplaced,
        "labels": dict(PANEL_LABELS),
    }


def photo_marks(
    photos: Sequence[Photo],
    stops: Sequence[Stop],
    site_positions: Mapping[int, tuple[float, float]],
    stop_index: Mapping[int | None, int],
) -> dict[str, Any]:
    """The photos that have a position, and how many have none.

    A photo without GPS is drawn where its site is drawn (`placed: "site"`), else at
    its stop (`"stop"`); `"own"` is its own position. `stop` is the index of its stop
    in the payload's stops (-1 for none), as for sites; `site` is its site's id.
    """
    places = {stop.id: (stop.place.lat, stop.place.lon) for stop in stops}
    marks: list[dict[str, Any]] = []
    for photo in photos:
        if photo.lat is not None and photo.lon is not None:
            where, placed = (photo.lat, photo.lon), "own"
        elif photo.site_id is not None and photo.site_id in site_positions:
            where, placed = site_positions[photo.site_id], "site"
        elif photo.stop_id is not None and photo.stop_id in places:
            where, placed = places[photo.stop_id], "stop"
        else:
            continue
        marks.append(
            {
                "id": photo.id,
                "sha": photo.sha256,
                "lat": round(where[0], 6),
                "lon": round(where[1], 6),
                "caption": _note_start(photo.caption, CAPTION_CHARS),
                "taken": _local_iso(photo.taken_at),
                "when": _moment(photo.taken_at),
                "stop": stop_index.get(photo.stop_id, -1),
                "site": photo.site_id if photo.site_id in site_positions else None,
                "placed": placed,
            }
        )
    return {"photos": marks, "unplacedPhotos": len(photos) - len(marks)}


def _local_iso(moment: datetime | None) -> str:
    """The wall-clock time where the photo was taken, in ISO 8601 without a zone."""
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") if moment else ""


def _moment(moment: datetime | None) -> str:
    return f"{_day(moment.date())}, {moment:%H:%M}" if moment else ""


def _theme(theme: Theme) -> dict[str, str]:
    look = theme_look(theme)
    # `glyph` names an outline in resources/web/theme-glyphs.js: the theme's icon.
    return {
        "key": theme.value,
        "label": theme.label,
        "group": look.group.value,
        # Named by the domain, like the theme itself.
        "groupLabel": look.group.label,
        "colour": look.colour,
        "glyph": look.icon,
    }


def spread_shared_positions(sites: Sequence[Site]) -> dict[int, tuple[float, float]]:
    """Drawn positions for approximate sites that share one point, keyed by `id(site)`.

    A site whose exact spot is unknown sits at its city's coordinates; when several
    do, they are drawn on a small ring around that point (a few hundred metres
    across) so that each can be seen and clicked once the map is zoomed in.
    """
    groups: dict[tuple[float, float], list[Site]] = {}
    for site in sites:
        if site.approximate and site.lat is not None and site.lon is not None:
            groups.setdefault((round(site.lat, 5), round(site.lon, 5)), []).append(site)
    placed: dict[int, tuple[float, float]] = {}
    for (lat, lon), group in groups.items():
        if len(group) < 2:
            continue
        radius = RING_DEGREES * max(1.0, len(group) / 8)
        squeeze = max(math.cos(math.radians(lat)), 0.05)
        for i, site in enumerate(group):
            angle = 2 * math.pi * i / len(group)
            spot_lat = max(-90.0, min(90.0, lat + radius * math.cos(angle)))
            spot_lon = lon + radius * math.sin(angle) / squeeze
            placed[id(site)] = (spot_lat, (spot_lon + 180.0) % 360.0 - 180.0)
    return placed


def _day_number(first: date | None, day: date | None) -> int:
    """Day 1 is the trip's first day; 0 means no day."""
    return (day - first).days + 1 if first is not None and day is not None else 0


def _stop(index: int, stop: Stop, first: date | None) -> dict[str, Any]:
    return {
        "id": stop.id,
        # The days of the stay, from arrival to departure (0 when undated).
        "days": [_day_number(first, stop.arrival), _day_number(first, stop.departure)],
        "number": index + 1,
        "name": stop.name,
        "lat": round(stop.place.lat, 6),
        "lon": round(stop.place.lon, 6),
        "country": stop.place.country_code,
        "dates": _dates(stop),
        "nights": stop.nights,
        "mode": stop.mode.value if stop.mode else None,
        "note": _note_start(stop.notes),
    }


def _legs(stops: Sequence[Stop], first: date | None) -> list[dict[str, Any]]:
    """The legs between stops, with their paths all computed at once (see `greatcircle`)."""
    places = [(stop.place.lat, stop.place.lon) for stop in stops]
    paths = great_circle_paths(places[:-1], places[1:])
    return [
        {
            "from": before.id,
            "to": here.id,
            "mode": here.mode.value if here.mode else None,
            "day": _day_number(first, here.arrival),
            "paths": leg_paths,
        }
        for (before, here), leg_paths in zip(itertools.pairwise(stops), paths, strict=True)
    ]


def _dates(stop: Stop) -> str:
    if stop.arrival is None:
        return ""
    return _span_text(stop.arrival, stop.departure)


def _span_text(first: date, last: date | None) -> str:
    if last is None or last == first:
        return _day(first)
    return f"{_day(first)} – {_day(last)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _note_start(text: str, limit: int = NOTE_CHARS) -> str:
    if len(text) <= limit and not _RUNS_OF_SPACE.search(text):
        return text
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _is_web_address(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("https://", "http://")) and " " not in lowered
