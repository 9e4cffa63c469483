"""The map's data carries the trip's tracks, simplified, in the shape the page draws."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import numpy as np

from cityplanner.domain.models import Trip
from cityplanner.domain.tracks import DISPLAY_POINTS, TrackPoints, make_track
from cityplanner.maps.payload import map_payload
from cityplanner.store import Store


def long_track(count: int = 100_000) -> TrackPoints:
    t = np.linspace(0, 6 * np.pi, count)
    start = datetime(2024, 5, 1, 8, 0, tzinfo=UTC).timestamp()
    return TrackPoints(
        45 + 0.05 * np.sin(t),
        5 + 0.0001 * np.arange(count),
        300 + 50 * np.sin(t),
        start + np.linspace(0, 3 * 3600 + 300, count),
        (count // 2,),
    )


def test_tracks_in_the_payload() -> None:
    track = make_track("Lac <b>du</b> Bourget", long_track()).with_changes(
        id=7, stop_id=3, day=date(2024, 5, 1)
    )
    planned = make_track("Plan", TrackPoints.from_lists([45.0, 45.1], [5.0, 5.1]), kind="planned")
    payload = map_payload(Trip(name="T", id=1), [], [], tracks=[track, planned.with_changes(id=8)])
    first, second = payload["tracks"]
    assert {k: first[k] for k in first if k != "lines"} == {
        "id": 7,
        "name": "Lac <b>du</b> Bourget",  # raw text: the page writes it with textContent
        "kind": "recorded",
        "km": round(track.km, 1),
        "duration": "3 h 05 min",
        "ascent": round(track.ascent_m or 0),
        "day": "2024-05-01",
        "stop": 3,
    }
    assert len(first["lines"]) == 2  # the two segments, never joined
    drawn = sum(len(line) for line in first["lines"])
    assert DISPLAY_POINTS - 2 <= drawn <= DISPLAY_POINTS + 2
    lat, lon = first["lines"][0][0]
    assert (lat, lon) == (45.0, 5.0) and all(
        round(v, 5) == v for line in first["lines"] for p in line for v in p
    )
    assert second == {
        "id": 8, "name": "Plan", "kind": "planned", "km": round(planned.km, 1),
        "duration": "", "ascent": None, "day": "", "stop": None,
        "lines": [[[45.0, 5.0], [45.1, 5.1]]],
    }  # fmt: skip
    json.dumps(payload, allow_nan=False)  # no NaN reaches the page


def test_a_stored_trip_page_carries_its_tracks() -> None:
    from cityplanner.maps.export import trip_payload

    with Store.memory() as store:
        trip = store.trips.create("T", "")
        assert trip.id is not None
        store.tracks.add(make_track("Walk", long_track(5000)).with_changes(trip_id=trip.id))
        (drawn,) = trip_payload(store, trip.id)["tracks"]
        assert drawn["name"] == "Walk" and drawn["stop"] is None
        assert map_payload(trip, [], [])["tracks"] == []
