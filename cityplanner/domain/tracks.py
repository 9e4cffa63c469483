"""Tracks: the lines a traveller recorded (or planned), kept point for point.

A day's GPS log holds tens of thousands of points and a long one a million, so the
points live in numpy arrays rather than in one Python object each: a million points
take 28 MB here instead of the few hundred a list of objects would need. Everything a
person reads about a track (its length, duration, ascent) is computed once from them.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.sphere import EARTH_RADIUS_KM
from cityplanner.domain.validation import check_name

log = logging.getLogger(__name__)

Floats = npt.NDArray[np.float64]

#: Most points one file may bring in: more is refused, whole (a cut track would be a lie).
MAX_TRACK_POINTS = 1_000_000
#: Most points of one track drawn on the map; the store keeps every point.
DISPLAY_POINTS = 400
#: Rises and falls smaller than this, in metres, are taken for noise in the ascent.
#: A GPS receiver's altitude wanders by a few metres from one fix to the next; summed
#: over thousands of fixes, that jitter alone would add hundreds of metres of "climb".
ASCENT_NOISE_M = 5.0
KINDS = ("recorded", "planned")


@dataclass(frozen=True, slots=True, eq=False)
class TrackPoints:
    """The points of a track as parallel arrays, and where each of its segments starts.

    `ele` and `time` hold NaN where a point has no elevation or no time; `time` is in
    seconds since 1970 (UTC). `starts` holds the index of the first point of every
    segment after the first (a GPS that lost its fix, a pause): the length and the
    drawing never join the end of one segment to the start of the next.
    """

    lat: Floats
    lon: Floats
    ele: Floats
    time: Floats
    starts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        count = len(self.lat)
        if not (len(self.lon) == len(self.ele) == len(self.time) == count):
            raise ValidationError("A track's coordinates, elevations and times must match.")
        if any(not 0 < s < count for s in self.starts) or list(self.starts) != sorted(
            set(self.starts)
        ):
            raise ValidationError("A track's segments must start at points inside it, in order.")
        if count and not (np.all(np.abs(self.lat) <= 90.0) and np.all(np.abs(self.lon) <= 180.0)):
            # NaN fails both comparisons, so a missing coordinate is refused here too.
            raise ValidationError("A track point lies outside latitude ±90 or longitude ±180.")

    def __len__(self) -> int:
        return len(self.lat)

    @classmethod
    def from_lists(
        cls,
        lat: list[float],
        lon: list[float],
        ele: list[float] | None = None,
        time: list[float] | None = None,
        starts: tuple[int, ...] = (),
    ) -> TrackPoints:
        """Points from plain sequences (or `array.array`s); missing values as NaN."""
        count = len(lat)
        return cls(
            np.asarray(lat, dtype=np.float64),
            np.asarray(lon, dtype=np.float64),
            np.asarray(ele, dtype=np.float64) if ele is not None else np.full(count, np.nan),
            np.asarray(time, dtype=np.float64) if time is not None else np.full(count, np.nan),
            starts,
        )

    def segments(self) -> list[slice]:
        bounds = [0, *self.starts, len(self)]
        return [slice(a, b) for a, b in itertools.pairwise(bounds) if b > a]

    @property
    def has_times(self) -> bool:
        return bool(len(self)) and not bool(np.all(np.isnan(self.time)))

    @property
    def has_elevations(self) -> bool:
        return bool(len(self)) and not bool(np.all(np.isnan(self.ele)))


@dataclass(frozen=True, slots=True)
class Track:
    """A recorded or planned line of a trip, with the figures people read about it.

    The store lists tracks without their points (`points` is None) and reads them
    only when asked: a trip's list of tracks stays quick however long they are.
    """

    name: str
    kind: str = "recorded"
    point_count: int = 0
    km: float = 0.0
    ascent_m: float | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    trip_id: int | None = None
    stop_id: int | None = None
    day: date | None = None
    id: int | None = None
    uid: str = ""
    points: TrackPoints | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_name(self.name, "A track's name"))
        if self.kind not in KINDS:
            raise ValidationError(f"A track is 'recorded' or 'planned', not {self.kind!r}.")

    @property
    def duration(self) -> timedelta | None:
        """From the first time to the last; None for a track without times."""
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at

    def with_changes(self, **changes: object) -> Track:
        return replace(self, **changes)  # type: ignore[arg-type]


def make_track(name: str, points: TrackPoints, *, kind: str = "recorded") -> Track:
    """A track of `points` with its length, ascent and times worked out."""
    if not len(points):
        raise ValidationError(f"The track {name!r} has no points.")
    times = points.time[~np.isnan(points.time)]
    return Track(
        name=name,
        kind=kind,
        point_count=len(points),
        km=length_km(points),
        ascent_m=ascent_m(points.ele),
        started_at=_moment(float(times[0])) if len(times) else None,
        ended_at=_moment(float(times[-1])) if len(times) else None,
        points=points,
    )


def length_km(points: TrackPoints) -> float:
    """The length along the points, segment by segment (haversine: each step is short,
    where the sphere and the ellipsoid differ by far less than GPS noise)."""
    total = 0.0
    for part in points.segments():
        lat = np.radians(points.lat[part])
        lon = np.radians(points.lon[part])
        if len(lat) < 2:
            continue
        dlat, dlon = np.diff(lat), np.diff(lon)
        h = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
        total += float(np.sum(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))))
    return total


def ascent_m(ele: Floats, noise_m: float = ASCENT_NOISE_M) -> float | None:
    """The metres climbed, ignoring wobbles smaller than `noise_m`; None without elevations.

    The elevation is followed through a dead band `noise_m` wide: the followed level
    moves only once the elevation leaves the band around it, and only its rises count.
    A steady climb counts in full but for half the band; jitter inside it never counts.
    """
    known = ele[~np.isnan(ele)]
    if not len(known):
        return None
    half = noise_m / 2
    level = float(known[0])
    gain = 0.0
    for value in known.tolist():
        if value > level + half:
            gain += value - half - level
            level = value - half
        elif value < level - half:
            level = value + half
    return gain


def display_lines(points: TrackPoints, budget: int = DISPLAY_POINTS) -> list[Floats]:
    """The track's segments simplified for the map, each an (n, 2) array of lat, lon.

    Douglas–Peucker taken greedily: the point furthest from the line drawn so far is
    added first, until `budget` points are drawn. A fixed budget rather than a fixed
    tolerance bounds what the page receives, whatever the track's scale (a city walk
    and a cross-country drive both come out as a few hundred points).
    """
    segments = points.segments()
    total = max(len(points), 1)
    lines: list[Floats] = []
    for part in segments:
        lat, lon = points.lat[part], points.lon[part]
        share = max(2, round(budget * len(lat) / total))
        keep = _greedy_peucker(lat, lon, share)
        lines.append(np.column_stack((lat[keep], lon[keep])))
    return lines


def _greedy_peucker(lat: Floats, lon: Floats, budget: int) -> npt.NDArray[np.intp]:
    count = len(lat)
    if count <= budget:
        return np.arange(count)
    # Distances on a plane squeezed in longitude by the track's mean latitude: ample
    # for choosing which points show the shape.
    squeeze = math.cos(math.radians(float(np.mean(lat))))
    x, y = lon * squeeze, lat
    chosen = {0, count - 1}
    heap: list[tuple[float, int, int, int]] = []

    def push(first: int, last: int) -> None:
        if last - first < 2:
            return
        far, distance = _furthest(x, y, first, last)
        heapq.heappush(heap, (-distance, first, last, far))

    push(0, count - 1)
    while heap and len(chosen) < budget:
        negative, first, last, far = heapq.heappop(heap)
        if -negative <= 0.0:
            break
        chosen.add(far)
        push(first, far)
        push(far, last)
    return np.array(sorted(chosen), dtype=np.intp)


def _furthest(x: Floats, y: Floats, first: int, last: int) -> tuple[int, float]:
    """The point strictly between `first` and `last` furthest from the segment joining them."""
    px, py = x[first + 1 : last], y[first + 1 : last]
    ax, ay, bx, by = x[first], y[first], x[last], y[last]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:  # a loop: the segment is a point
        d2 = (px - ax) ** 2 + (py - ay) ** 2
    else:
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0)
        d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
    index = int(np.argmax(d2))
    return first + 1 + index, float(d2[index])


def duration_text(duration: timedelta | None) -> str:
    """ "3 h 05 min", "12 min", or "" when the duration is unknown."""
    if duration is None:
        return ""
    minutes = max(0, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


#: The moments a datetime can hold, in seconds since 1970, with a day to spare at each
#: end so that any time zone can still show them.
EARLIEST_SECONDS = datetime(1, 1, 2, tzinfo=UTC).timestamp()
LATEST_SECONDS = datetime(9999, 12, 30, tzinfo=UTC).timestamp()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(min(max(seconds, EARLIEST_SECONDS), LATEST_SECONDS), tz=UTC)


def epoch_seconds(moment: datetime) -> float:
    """Seconds since 1970 of an aware moment (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
