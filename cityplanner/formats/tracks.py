"""Tracks read from files: built point by point in compact arrays, within one budget per file.

Readers hand each point to a `TrackBuilder` as they meet it and forget the XML or
JSON it came from, so a file of a million points costs its arrays (32 bytes a point)
rather than a tree of objects. `PointBudget` refuses a file beyond `MAX_TRACK_POINTS`
as soon as it is crossed, before the rest of the file is read.
"""

from __future__ import annotations

import logging
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.domain.schedule import plan_dates
from cityplanner.domain.sphere import haversine_km
from cityplanner.domain.tracks import (
    EARLIEST_SECONDS,
    LATEST_SECONDS,
    MAX_TRACK_POINTS,
    Track,
    TrackPoints,
    make_track,
)
from cityplanner.domain.validation import MAX_NUMBER_TEXT, check_latitude, check_longitude
from cityplanner.formats.wording import counted
from cityplanner.geo.timezones import zone

log = logging.getLogger(__name__)

#: A track whose end is closer than this to its start (a loop) gives a single stop.
_SAME_PLACE_KM = 0.5
_NAN = math.nan


@dataclass(frozen=True, slots=True)
class ParsedTrack:
    """A track of a file, with every point, not yet attached to a trip."""

    track: Track
    #: What it was in the file, for the preview: "track", "route", "line".
    source: str = "track"

    @property
    def points(self) -> TrackPoints:
        assert self.track.points is not None, "a parsed track holds its points"
        return self.track.points

    def describe(self) -> str:
        track = self.track
        when = ""
        if track.started_at and track.ended_at:
            first, last = track.started_at.date(), track.ended_at.date()
            when = f", {first}" if first == last else f", {first} to {last}"
        points = counted(track.point_count, "point")
        return f"{track.name!r}: {points}, {track.km:,.1f} km{when}"

    def stops(self) -> list[Stop]:
        """A stop where the track starts and, unless it is a loop, one where it ends."""
        points, track = self.points, self.track
        start = (float(points.lat[0]), float(points.lon[0]))
        end = (float(points.lat[-1]), float(points.lon[-1]))
        first_day = track.started_at.date() if track.started_at else None
        last_day = track.ended_at.date() if track.ended_at else None
        result = [Stop(place=Place(f"{track.name} (start)"[:200], *start), arrival=first_day)]
        if haversine_km(*start, *end) >= _SAME_PLACE_KM:
            result.append(Stop(place=Place(f"{track.name} (end)"[:200], *end), arrival=last_day))
        return result


class TooManyPoints(ValidationError):
    """A file holds more track points than one import takes: the whole file is refused."""

    #: Says so to `FeaturePosition`, which names the feature of other errors.
    whole_file = True


class PointBudget:
    """Counts the track points of one file and refuses it past `MAX_TRACK_POINTS`."""

    def __init__(self, label: str, limit: int = MAX_TRACK_POINTS) -> None:
        self.label, self.limit, self.used = label, limit, 0

    def take(self, count: int = 1) -> None:
        self.used += count
        if self.used > self.limit:
            self.used -= count
            raise TooManyPoints(
                f"{self.label} holds more than {self.limit:,} track points, the most one "
                "import takes; nothing was imported. Split the file (by day, for example) "
                "and import the parts one by one."
            )


class TrackBuilder:
    """Collects one track's points as they are read: coordinates, elevations, times."""

    def __init__(self, budget: PointBudget) -> None:
        self._budget = budget
        self.lat, self.lon = array("d"), array("d")
        self.ele, self.time = array("d"), array("d")
        self._starts: list[int] = []

    def __len__(self) -> int:
        return len(self.lat)

    def new_segment(self) -> None:
        """What comes next is a new segment (not joined to the points before it)."""
        if len(self.lat) and (not self._starts or self._starts[-1] != len(self.lat)):
            self._starts.append(len(self.lat))

    def add_texts(self, lat: str | None, lon: str | None, ele: str, time: str) -> None:
        """One point as XML gives it: texts, an empty one for a missing value.

        The common case (two short numbers in range) is taken first; anything else
        goes through `add`, which says what is wrong with it.
        """
        if lat is None or lon is None or len(lat) > MAX_NUMBER_TEXT or len(lon) > MAX_NUMBER_TEXT:
            self.add(lat, lon, ele, time)
            return
        try:
            y, x = float(lat), float(lon)
        except ValueError:
            self.add(lat, lon, ele, time)
            return
        if not (-90.0 <= y <= 90.0 and -180.0 <= x <= 180.0):
            self.add(lat, lon, ele, time)
            return
        self._budget.take()
        self.lat.append(y)
        self.lon.append(x)
        self.ele.append(_number(ele) if ele else _NAN)
        self.time.append(parse_time(time) if time else _NAN)

    def add(self, lat: object, lon: object, ele: object, time: object) -> None:
        self._budget.take()
        y, x = _coordinate(lat), _coordinate(lon)
        if not (-90.0 <= y <= 90.0 and -180.0 <= x <= 180.0):  # NaN fails too
            try:
                check_latitude(y)
                check_longitude(x)
            except ValidationError as exc:
                raise ValidationError(f"point {len(self.lat) + 1}: {exc}") from None
        self.lat.append(y)
        self.lon.append(x)
        self.ele.append(_number(ele))
        self.time.append(parse_time(time))  # a time is text; any other value is none

    def build(
        self, name: str, *, kind: str = "recorded", source: str = "track"
    ) -> ParsedTrack | None:
        """The track read so far; None when it has no point."""
        if not len(self.lat):
            return None
        starts = tuple(s for s in self._starts if 0 < s < len(self.lat))
        points = TrackPoints.from_lists(self.lat, self.lon, self.ele, self.time, starts)  # type: ignore[arg-type]
        return ParsedTrack(make_track(name, points, kind=kind), source)


def parse_time(value: object) -> float:
    """Seconds since 1970 of an ISO 8601 time (a time without zone is UTC); NaN when
    there is none or it cannot be read, as GDAL leaves such a time out."""
    if not isinstance(value, str) or not value:
        return _NAN
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _NAN
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        seconds = moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return _NAN
    # 9999-12-31T23:59-01:00 is already year 10000 in UTC: no date can hold it.
    return seconds if EARLIEST_SECONDS <= seconds <= LATEST_SECONDS else _NAN


def time_text(seconds: float) -> str:
    """A point's time as GPX and KML write it: UTC, to the second or finer."""
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def track_day(track: Track) -> date | None:
    return track.started_at.date() if track.started_at else None


def _coordinate(value: object) -> float:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value)
    text = value if isinstance(value, str) else ""
    if len(text) > MAX_NUMBER_TEXT:
        raise ValidationError(
            f"A coordinate is written with {len(text):,} characters; a number has at most "
            f"{MAX_NUMBER_TEXT}."
        )
    try:
        return float(text)
    except ValueError:
        shown = str(value)[:40]
        raise ValidationError(f"The coordinate {shown!r} is not a number.") from None


def _number(value: object) -> float:
    if value is None or value == "":
        return _NAN
    if isinstance(value, bool) or (isinstance(value, str) and len(value) > MAX_NUMBER_TEXT):
        return _NAN
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _NAN
    # An elevation beyond 100 km up or down is a mistake in the file, not a place.
    return number if math.isfinite(number) and abs(number) <= 100_000.0 else _NAN


#: An undated track joins the nearest stop within this distance (else no stop).
NEAREST_STOP_KM = 50.0


def attach_tracks(
    tracks: Sequence[ParsedTrack], start: date | None, stops: Sequence[Stop]
) -> list[Track]:
    """Each track given the stop and the day it belongs to.

    A dated track joins the stop whose stay holds the day it began, that day read in
    the stop's own time zone (a walk at 23:30 UTC in Tokyo is the next morning); on a
    day two stays share, the one it ends nearer to. A track no stay holds (undated, or
    dated in a trip without dates) joins the stop nearest to its start, middle or end,
    within `NEAREST_STOP_KM`; it keeps its own day, if it has one.
    """
    planned = plan_dates(start, stops)
    placed: list[Track] = []
    for parsed in tracks:
        track, points = parsed.track, parsed.points
        ends = [(float(points.lat[i]), float(points.lon[i])) for i in (0, len(points) // 2, -1)]
        stop_id, day = None, None
        if track.started_at is not None:
            candidates = []
            for stop, dates in zip(stops, planned, strict=True):
                local = _local_day(track.started_at, stop.place.timezone)
                if dates.arrival and dates.departure and dates.arrival <= local <= dates.departure:
                    km = haversine_km(*ends[-1], stop.place.lat, stop.place.lon)
                    candidates.append((km, stop, local))
            if candidates:
                _km, stop, day = min(candidates, key=lambda c: c[0])
                stop_id = stop.id
            else:
                day = track.started_at.date()
        if stop_id is None:
            # Undated, or dated outside every stay (an undated trip): the nearest stop.
            near = [
                (min(haversine_km(*end, s.place.lat, s.place.lon) for end in ends), s)
                for s in stops
            ]
            if near and (best := min(near, key=lambda n: n[0]))[0] <= NEAREST_STOP_KM:
                stop_id = best[1].id
                if track.started_at is not None:
                    day = _local_day(track.started_at, best[1].place.timezone)
        placed.append(track.with_changes(stop_id=stop_id, day=day))
    return placed


def _local_day(moment: datetime, zone_name: str) -> date:
    found = zone(zone_name) if zone_name else None
    return moment.astimezone(found).date() if found is not None else moment.date()
