"""A track's figures: length, ascent, duration, and its drawing on the map."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.tracks import (
    Track,
    TrackPoints,
    ascent_m,
    display_lines,
    duration_text,
    length_km,
    make_track,
)


def line(count: int, *, starts: tuple[int, ...] = ()) -> TrackPoints:
    lat = np.linspace(48.0, 48.0, count)
    lon = np.linspace(2.0, 3.0, count)
    return TrackPoints.from_lists(list(lat), list(lon), starts=starts)


def test_length_of_one_degree_of_longitude_at_48_north() -> None:
    # 111.2 km × cos(48°) = 74.4 km along the parallel (the great circle is a hair shorter).
    assert length_km(line(1000)) == pytest.approx(74.4, abs=0.2)


def test_segments_are_not_joined() -> None:
    lat = [48.0, 48.0, 49.0, 49.0]
    lon = [2.0, 2.01, 2.0, 2.01]
    joined = length_km(TrackPoints.from_lists(lat, lon))
    apart = length_km(TrackPoints.from_lists(lat, lon, starts=(2,)))
    assert joined > 100 > apart
    assert apart == pytest.approx(0.744 + 0.729, abs=0.01)


def test_ascent_ignores_gps_jitter_but_counts_a_climb() -> None:
    rng = np.random.default_rng(7)
    flat = 200 + rng.uniform(-2.0, 2.0, 5000)
    assert ascent_m(flat) == 0.0
    climb = np.concatenate([np.linspace(100, 400, 3000), np.linspace(400, 100, 3000)])
    gained = ascent_m(climb + rng.uniform(-1.0, 1.0, len(climb)))
    assert gained is not None and 290 <= gained <= 302
    assert ascent_m(np.full(10, np.nan)) is None


def test_make_track_times_and_duration() -> None:
    times = [1_700_000_000.0 + 60 * i for i in range(186)]
    points = TrackPoints.from_lists(
        [45.0 + i * 1e-4 for i in range(186)], [5.0] * 186, time=[np.nan, *times[1:]]
    )
    track = make_track("Walk", points)
    assert track.point_count == 186
    assert track.duration == timedelta(minutes=184)
    assert duration_text(track.duration) == "3 h 04 min"
    assert duration_text(timedelta(minutes=12)) == "12 min"
    assert duration_text(None) == ""
    assert track.ascent_m is None


def test_bad_points_are_refused() -> None:
    with pytest.raises(ValidationError, match="outside latitude"):
        TrackPoints.from_lists([91.0], [0.0])
    with pytest.raises(ValidationError, match="outside latitude"):
        TrackPoints.from_lists([float("nan")], [0.0])
    with pytest.raises(ValidationError, match="segments"):
        TrackPoints.from_lists([1.0, 2.0], [0.0, 0.0], starts=(5,))
    with pytest.raises(ValidationError, match="no points"):
        make_track("Empty", TrackPoints.from_lists([], []))
    with pytest.raises(ValidationError, match="recorded"):
        Track(name="x", kind="flown")


def test_display_lines_keep_the_shape_within_budget() -> None:
    count = 50_000
    t = np.linspace(0, 2 * np.pi, count)
    points = TrackPoints.from_lists(list(45 + 0.1 * np.sin(t)), list(5 + 0.1 * np.cos(t)))
    (drawn,) = display_lines(points, budget=300)
    assert len(drawn) == 300
    # Ends kept, every drawn point is a point of the track, and the circle stays round.
    assert tuple(drawn[0]) == (points.lat[0], points.lon[0])
    assert tuple(drawn[-1]) == (points.lat[-1], points.lon[-1])
    radius = np.hypot(drawn[:, 0] - 45, drawn[:, 1] - 5)
    assert radius.min() == pytest.approx(0.1, abs=1e-6)


def test_display_lines_per_segment() -> None:
    lines = display_lines(line(10, starts=(4,)), budget=400)
    assert [len(part) for part in lines] == [4, 6]
