"""File → Open trip file…: the update preview, a conflict chosen by hand, one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from cityplanner.formats.registry import export_to_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import apply_trip_file, preview_trip_file
from cityplanner.store import Store
from cityplanner.ui.exchange import _trip_file
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.formats.trip_file_helpers import dump

Answer = Callable[[_trip_file.TripFileDialog], int]


@pytest.fixture
def answer(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[Answer]:
    """The person waits for the preview, then does what the test's answer says."""
    answers: list[Answer] = []

    def run(dialog: _trip_file.TripFileDialog) -> int:
        qtbot.waitUntil(
            lambda: dialog.preview is not None or "Nothing was imported" in dialog.heading.text(),
            timeout=20000,
        )
        return answers.pop(0)(dialog)

    monkeypatch.setattr(_trip_file.TripFileDialog, "exec", run)
    return answers


def _edited_copy(home: Store, tmp_path: Path) -> tuple[int, Path]:
    """Home's trip sent to a friend, who renames Albi and rewrites Arles's notes; home
    rewrites Arles's notes too. Returns the home trip and the friend's file."""
    (trip,) = home.trips.list()
    assert trip.id is not None
    sent = export_to_file(home, trip.id, "cityplanner", tmp_path / "sent.cptrip")
    (tmp_path / "friend").mkdir()
    with Store.open(tmp_path / "friend" / "friend.db", seed_demo=False) as friend:
        done = apply_trip_file(friend, preview_trip_file(friend, read_trip_file(sent)))
        stops = friend.trips.stops(done.trip_id)
        friend.trips.update_stop(
            stops[1].with_changes(place=replace(stops[1].place, name="Albi (Tarn)"))
        )
        friend.trips.update_stop(stops[2].with_changes(notes="Theirs"))
        back = export_to_file(friend, done.trip_id, "cityplanner", tmp_path / "back.cptrip")
    arles = home.trips.stops(trip.id)[2]
    home.trips.update_stop(arles.with_changes(notes="Mine"))
    return trip.id, back


def test_an_update_with_a_conflict_chosen_by_hand_is_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings, answer: list[Answer], tmp_path: Path
) -> None:
    trip_id, back = _edited_copy(demo_store, tmp_path)
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    before = dump(demo_store)

    def take_theirs(dialog: _trip_file.TripFileDialog) -> int:
        assert dialog.ok_button.text().replace("&", "") == "Update"
        assert dialog.conflicts.rowCount() == 1
        assert "Mine" in dialog.conflicts.item(0, 1).text()
        assert "Theirs" in dialog.conflicts.item(0, 2).text()
        names = [dialog.changes.item(r, 1).text() for r in range(dialog.changes.rowCount())]
        assert names == ["Albi (Tarn)"]
        choice = dialog.conflicts.cellWidget(0, 3)
        assert isinstance(choice, QComboBox)
        choice.setCurrentIndex(1)  # Theirs (the file)
        names = [dialog.changes.item(r, 1).text() for r in range(dialog.changes.rowCount())]
        assert sorted(names) == ["Albi (Tarn)", "Arles"]
        return QDialog.DialogCode.Accepted.value

    answer.append(take_theirs)
    window.exchange.open_trip_file(back)
    stops = demo_store.trips.stops(trip_id)
    assert (stops[1].name, stops[2].notes) == ("Albi (Tarn)", "Theirs")
    assert len(demo_store.trips.list()) == 1
    assert window.doc.stops.rowCount() == 8
    assert window.undo_stack.count() == 1
    window.act_undo.trigger()
    assert dump(demo_store) == before
    window.act_redo.trigger()
    assert demo_store.trips.stops(trip_id)[2].notes == "Theirs"


def test_a_new_trip_from_a_file_dropped_through_import_places(
    qtbot: QtBot, demo_store: Store, empty_store: Store, settings: Settings,
    answer: list[Answer], tmp_path: Path,
) -> None:  # fmt: skip
    (trip,) = demo_store.trips.list()
    sent = export_to_file(demo_store, trip.id or 0, "cityplanner", tmp_path / "sent.cptrip")
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    answer.append(lambda dialog: QDialog.DialogCode.Accepted.value)
    window.exchange.import_file(sent)  # Import places… hands a trip file to its own dialog
    (added,) = empty_store.trips.list()
    assert added.uid == trip.uid and window.doc.trip_id == added.id
    window.act_undo.trigger()
    assert empty_store.trips.list() == []


def test_a_bad_trip_file_says_why_and_changes_nothing(
    qtbot: QtBot, demo_store: Store, settings: Settings, answer: list[Answer], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.cptrip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    before = dump(demo_store)

    def look(dialog: _trip_file.TripFileDialog) -> int:
        assert "Nothing was imported" in dialog.heading.text()
        assert not dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Rejected.value

    answer.append(look)
    window.exchange.open_trip_file(bad)
    assert dump(demo_store) == before
    assert window.undo_stack.count() == 0


def test_an_update_brings_tracks_in_and_out_with_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings, answer: list[Answer], tmp_path: Path
) -> None:
    from cityplanner.domain.tracks import TrackPoints, make_track

    (trip,) = demo_store.trips.list()
    trip_id = trip.id or 0
    points = TrackPoints.from_lists([43.60, 43.61, 43.62], [1.44, 1.45, 1.46])
    demo_store.tracks.add(make_track("Old loop", points).with_changes(trip_id=trip_id))
    sent = export_to_file(demo_store, trip_id, "cityplanner", tmp_path / "sent.cptrip")
    (tmp_path / "friend").mkdir()
    with Store.open(tmp_path / "friend" / "friend.db", seed_demo=False) as friend:
        done = apply_trip_file(friend, preview_trip_file(friend, read_trip_file(sent)))
        (old,) = friend.tracks.list(done.trip_id)
        friend.tracks.remove(old.id or 0)
        stop = friend.trips.stops(done.trip_id)[0]
        friend.tracks.add(
            make_track("Canal walk", points).with_changes(trip_id=done.trip_id, stop_id=stop.id)
        )
        back = export_to_file(friend, done.trip_id, "cityplanner", tmp_path / "back.cptrip")
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    before = dump(demo_store)

    def update(dialog: _trip_file.TripFileDialog) -> int:
        rows = {
            (dialog.changes.item(r, 0).text(), dialog.changes.item(r, 1).text(),
             dialog.changes.item(r, 2).text())
            for r in range(dialog.changes.rowCount())
        }  # fmt: skip
        assert rows == {("Track", "Canal walk", "added"), ("Track", "Old loop", "removed")}
        assert dialog.conflicts.rowCount() == 0
        return QDialog.DialogCode.Accepted.value

    answer.append(update)
    window.exchange.open_trip_file(back)
    (walk,) = demo_store.tracks.list(trip_id)
    assert (walk.name, walk.stop_id) == ("Canal walk", demo_store.trips.stops(trip_id)[0].id)
    assert [window.tracks.model.track_at(0).name] == ["Canal walk"]
    window.act_undo.trigger()
    assert dump(demo_store) == before
    assert [t.name for t in demo_store.tracks.list(trip_id)] == ["Old loop"]
