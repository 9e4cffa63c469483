from __future__ import annotations

import random

import pytest

from cityplanner.geo.distance import geodesic_km
from cityplanner.maps.greatcircle import great_circle_path, great_circle_paths


def _all_points(segments):
    return [point for segment in segments for point in segment]


def test_a_short_leg_is_one_segment_from_start_to_end():
    segments = great_circle_path((43.60426, 1.44367), (52.37403, 4.88969))
    assert len(segments) == 1
    assert segments[0][0] == (43.60426, 1.44367)
    assert segments[0][-1] == (52.37403, 4.88969)
    assert len(segments[0]) > 2


def test_the_curve_bulges_towards_the_pole_like_a_great_circle():
    # Paris to New York: the great circle passes well north of both cities.
    points = _all_points(great_circle_path((48.8566, 2.3522), (40.7128, -74.006)))
    assert max(lat for lat, _ in points) > 51.0


def test_points_lie_on_the_shortest_path():
    start, end = (48.8566, 2.3522), (40.7128, -74.006)
    points = _all_points(great_circle_path(start, end))
    total = geodesic_km(start, end)
    for point in points:
        # On the path, the two parts add up to the whole (within the sphere/ellipsoid gap).
        assert geodesic_km(start, point) + geodesic_km(point, end) == pytest.approx(total, rel=3e-3)


def test_crossing_the_antimeridian_splits_into_two_segments_that_meet():
    segments = great_circle_path((35.6762, 139.6503), (37.7749, -122.4194))
    assert len(segments) == 2
    west, east = segments
    assert west[-1][1] == 180.0
    assert east[0][1] == -180.0
    assert west[-1][0] == east[0][0]
    for lat, lon in _all_points(segments):
        assert -180.0 <= lon <= 180.0
        assert -90.0 <= lat <= 90.0
    assert west[0] == (35.6762, 139.6503)
    assert east[-1] == (37.7749, -122.4194)


def test_crossing_westwards_splits_the_other_way():
    segments = great_circle_path((-17.7134, 178.065), (-13.8333, -171.7667))
    assert [seg[-1][1] for seg in segments[:-1]] == [180.0]
    segments = great_circle_path((-13.8333, -171.7667), (-17.7134, 178.065))
    assert [seg[-1][1] for seg in segments[:-1]] == [-180.0]


def test_a_point_on_the_antimeridian_does_not_make_a_stray_segment():
    segments = great_circle_path((10.0, 170.0), (10.0, 180.0))
    assert len(segments) == 1
    segments = great_circle_path((10.0, -180.0), (10.0, 170.0))
    assert len(segments) == 1


def test_the_same_point_gives_a_degenerate_segment():
    assert great_circle_path((1.0, 2.0), (1.0, 2.0)) == [[(1.0, 2.0), (1.0, 2.0)]]


def test_antipodes_still_get_a_path():
    segments = great_circle_path((0.0, 0.0), (0.0, 180.0))
    points = _all_points(segments)
    assert points[0] == (0.0, 0.0)
    assert abs(points[-1][1]) == 180.0
    assert len(points) > 10


def test_the_number_of_points_is_bounded():
    segments = great_circle_path((0.0, 0.0), (0.0, 179.0), step_km=1.0, max_points=50)
    assert len(_all_points(segments)) <= 52


def test_a_step_must_be_positive():
    with pytest.raises(ValueError):
        great_circle_path((0.0, 0.0), (1.0, 1.0), step_km=0)


def _points(flat):
    return [(flat[i] / 1e5, flat[i + 1] / 1e5) for i in range(0, len(flat), 2)]


def test_many_legs_at_once_are_the_legs_one_by_one():
    places = [
        (43.60426, 1.44367),
        (52.37403, 4.88969),
        (35.6762, 139.6503),
        (37.7749, -122.4194),
        (-17.7134, 178.065),
        (-13.8333, -171.7667),
        (10.0, 180.0),
        (10.0, 170.0),
        (0.0, 0.0),
        (0.0, 180.0),
        (0.0, 180.0),
    ]
    starts, ends = places[:-1], places[1:]
    together = great_circle_paths(starts, ends)
    assert len(together) == len(starts)
    for start, end, paths in zip(starts, ends, together, strict=True):
        assert [_points(flat) for flat in paths] == great_circle_path(start, end)


def test_paths_travel_as_flat_whole_hundred_thousandths_of_a_degree():
    (paths,) = great_circle_paths([(43.60426, 1.44367)], [(52.37403, 4.88969)])
    (flat,) = paths
    assert all(isinstance(value, int) for value in flat)
    assert flat[:2] == [4360426, 144367]
    assert flat[-2:] == [5237403, 488969]


def test_a_leg_shorter_than_a_step_is_drawn_straight_with_its_two_ends():
    # Toulouse to Albi, about 60 km: a great circle that short is its chord.
    assert great_circle_path((43.604, 1.444), (43.930, 2.148)) == [
        [(43.604, 1.444), (43.93, 2.148)]
    ]


def test_long_legs_computed_together_stay_on_their_great_circles():
    rng = random.Random(11)
    starts = [(rng.uniform(-60, 70), rng.uniform(-179, 179)) for _ in range(40)]
    ends = [(rng.uniform(-60, 70), rng.uniform(-179, 179)) for _ in range(40)]
    for start, end, paths in zip(starts, ends, great_circle_paths(starts, ends), strict=True):
        points = [point for flat in paths for point in _points(flat)]
        assert points[0] == pytest.approx(start, abs=1e-5)
        assert points[-1] == pytest.approx(end, abs=1e-5)
        total = geodesic_km(start, end)
        # One point every 150 km at most, each on the shortest path.
        assert len(points) >= total / 150
        for point in points[1:-1]:
            along = geodesic_km(start, point) + geodesic_km(point, end)
            assert along == pytest.approx(total, rel=3e-3, abs=0.5)


def test_legs_need_both_ends():
    with pytest.raises(ValueError):
        great_circle_paths([(0.0, 0.0)], [])
    assert great_circle_paths([], []) == []
