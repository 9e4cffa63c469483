"""Removing a stop lets its tracks go (they keep their trip); undo gives them back their stop."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cityplanner.domain.tracks import TrackPoints, make_track
from cityplanner.store import Store
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def test_undoing_a_stop_removal_gives_its_tracks_their_stop_again(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    trip_id = demo_store.trips.list()[0].id or 0
    stops = demo_store.trips.stops(trip_id)
    points = TrackPoints.from_lists([43.60, 43.61], [1.44, 1.45])
    on_stop = demo_store.tracks.add(
        make_track("Canal walk", points).with_changes(trip_id=trip_id, stop_id=stops[0].id)
    )
    elsewhere = demo_store.tracks.add(
        make_track("Arles loop", points).with_changes(trip_id=trip_id, stop_id=stops[2].id)
    )
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)

    def stop_of(track_id: int | None) -> int | None:
        return demo_store.tracks.get(track_id or 0).stop_id

    window.itinerary.select_stop_row(0)
    window.itinerary.remove_selected_stop()
    assert stop_of(on_stop.id) is None
    window.act_undo.trigger()
    assert demo_store.trips.stops(trip_id)[0].id == stops[0].id
    assert stop_of(on_stop.id) == stops[0].id
    assert stop_of(elsewhere.id) == stops[2].id  # a track of another stop is left alone
    window.act_redo.trigger()
    assert stop_of(on_stop.id) is None and stop_of(elsewhere.id) == stops[2].id
    window.act_undo.trigger()
    assert stop_of(on_stop.id) == stops[0].id
