"""Recorded tracks in the trip file: carried point for point, updated by uid, refused when
their points are damaged or hostile."""

from __future__ import annotations

import copy
import json
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.tracks import TrackPoints, make_track
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import (
    apply_trip_file,
    preview_trip_file,
    undo_trip_file,
)
from cityplanner.formats.trip_file_merge import Side
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from cityplanner.store.sync_records import points_sha256, track_file
from cityplanner.store.tracks import pack_points
from tests.formats.helpers import DATA, import_file
from tests.formats.trip_file_helpers import dump, export, import_into, write_archive


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Store]:
    """The demo trip with the run of run.gpx, its only track."""
    with Store.open(tmp_path / "home.db", seed_demo=False) as store:
        load_demo(store)
        import_file(store, DATA / "run.gpx", trip_id=_trip(store))
        yield store


@pytest.fixture
def friend(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "friend").mkdir()
    with Store.open(tmp_path / "friend" / "friend.db", seed_demo=False) as store:
        yield store


def _trip(store: Store) -> int:
    (trip,) = store.trips.list()
    assert trip.id is not None
    return trip.id


def _walk(store: Store, trip_id: int, name: str = "Canal walk") -> None:
    points = TrackPoints.from_lists(
        [43.60, 43.61, 43.62], [1.44, 1.45, 1.46], [140.0, 150.0, 145.0], [1e9, 1e9 + 60, 1e9 + 120]
    )
    store.tracks.add(make_track(name, points).with_changes(trip_id=trip_id))


def _names(store: Store, trip_id: int) -> list[str]:
    return sorted(t.name for t in store.tracks.list(trip_id))


# -- updates --------------------------------------------------------------------------


def test_an_update_adds_and_removes_tracks_by_uid_and_undo_puts_them_back(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    copy_id = import_into(friend, export(home, trip_id, tmp_path / "shared.cptrip")).trip_id
    (run,) = friend.tracks.list(copy_id)
    friend.tracks.remove(run.id or 0)
    _walk(friend, copy_id)
    back = export(friend, copy_id, tmp_path / "back.cptrip")

    before = dump(home)
    preview = preview_trip_file(home, read_trip_file(back))
    assert dump(home) == before
    assert not preview.conflicts
    summary = {(c.kind, c.action, c.label) for c in preview.changes}
    assert summary == {("tracks", "added", "Canal walk"), ("tracks", "removed", "Untitled")}
    assert preview.counts() == "1 track added, 1 track removed"
    done = apply_trip_file(home, preview)
    (walk,) = home.tracks.list(trip_id, with_points=True)
    assert walk.name == "Canal walk" and walk.points is not None
    assert walk.points.lat.tolist() == [43.60, 43.61, 43.62]
    assert walk.uid == friend.tracks.list(copy_id)[0].uid
    # The same file again changes nothing; undo puts back the run, row for row.
    assert preview_trip_file(home, read_trip_file(back)).changes == []
    undo_trip_file(home, done)
    assert dump(home) == before


def test_a_track_differing_on_both_sides_is_one_conflict_settled_whole(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    copy_id = import_into(friend, export(home, trip_id, tmp_path / "shared.cptrip")).trip_id
    arles = friend.trips.stops(copy_id)[2]
    friend.db.execute(
        "UPDATE tracks SET name = 'Their run', kind = 'planned', stop_id = ?", [arles.id]
    )
    home.db.execute("UPDATE tracks SET name = 'My run'")
    back = export(friend, copy_id, tmp_path / "back.cptrip")

    preview = preview_trip_file(home, read_trip_file(back))
    (conflict,) = preview.conflicts
    assert (conflict.kind, conflict.label, conflict.fields) == (
        "tracks",
        "My run",
        ("kind", "name", "stop"),
    )
    # The stop is named as a person knows it, not by its uid.
    assert conflict.mine == "kind: recorded; name: My run; stop: (none)"
    assert conflict.theirs == f"kind: planned; name: Their run; stop: {arles.name}"
    apply_trip_file(home, preview)
    assert [(t.name, t.kind) for t in home.tracks.list(trip_id)] == [("My run", "recorded")]
    theirs = apply_trip_file(home, preview.resolved({conflict.key: Side.THEIRS}))
    assert [(t.name, t.kind) for t in home.tracks.list(trip_id)] == [("Their run", "planned")]
    undo_trip_file(home, theirs)
    assert _names(home, trip_id) == ["My run"]


def test_a_track_changed_on_one_side_only_takes_that_side(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    copy_id = import_into(friend, export(home, trip_id, tmp_path / "shared.cptrip")).trip_id
    stop = friend.trips.stops(copy_id)[2]
    friend.db.execute("UPDATE tracks SET stop_id = ?", [stop.id])
    preview = preview_trip_file(
        home, read_trip_file(export(friend, copy_id, tmp_path / "b.cptrip"))
    )
    assert preview.conflicts == []
    assert [(c.kind, c.action, c.fields) for c in preview.changes] == [
        ("tracks", "changed", ("stop",))
    ]
    apply_trip_file(home, preview)
    (track,) = home.tracks.list(trip_id)
    assert track.stop_id == home.trips.stops(trip_id)[2].id


# -- files from elsewhere -------------------------------------------------------------


@pytest.fixture
def good(home: Store, tmp_path: Path) -> tuple[dict[str, Any], bytes]:
    """The exported trip.json (under another trip's uid) and its one track's points."""
    path = export(home, _trip(home), tmp_path / "good.cptrip")
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("trip.json"))
        (track,) = document["tracks"]
        blob = archive.read(track["file"])
    document["trip"]["uid"] = "another-trip"
    return document, blob


def _with_points(
    tmp_path: Path, good: tuple[dict[str, Any], bytes], blob: bytes, **fields: Any
) -> Path:
    """The good file with these points, named by their own hash (so that only they are wrong)."""
    document = copy.deepcopy(good[0])
    sha = points_sha256(blob)
    document["tracks"][0].update(sha256=sha, file=track_file(sha), **fields)
    entries = {"trip.json": json.dumps(document), track_file(sha): blob}
    return write_archive(tmp_path / "in.cptrip", entries)  # type: ignore[arg-type]


def _refused(store: Store, path: Path, match: str) -> None:
    before = dump(store)
    with pytest.raises(ValidationError, match=match):
        apply_trip_file(store, preview_trip_file(store, read_trip_file(path)))
    assert dump(store) == before


def test_the_good_file_is_read_with_its_points(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    trip_file = read_trip_file(_with_points(tmp_path, good, good[1]))
    assert list(trip_file.track_points.values()) == [good[1]]


def test_a_points_member_named_outside_the_archive_is_refused(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    document = copy.deepcopy(good[0])
    document["tracks"][0]["file"] = "tracks/../../evil.bin"
    path = write_archive(
        tmp_path / "in.cptrip",
        {"trip.json": json.dumps(document), "tracks/../../evil.bin": good[1]},
    )
    _refused(home, path, "points outside the archive")
    path = write_archive(tmp_path / "in.cptrip", {"trip.json": json.dumps(document)})
    _refused(home, path, r"'file' must be tracks/[0-9a-f]{64}\.bin")


def test_truncated_or_missing_points_are_refused(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    _refused(home, _with_points(tmp_path, good, good[1][:-100]), "damaged points.*wrong length")
    _refused(home, _with_points(tmp_path, good, good[1][:10]), "damaged points.*too short")
    document = good[0]
    path = write_archive(tmp_path / "in.cptrip", {"trip.json": json.dumps(document)})
    _refused(home, path, "has no points: the file lacks its member tracks/")
    changed = good[1][:-8] + struct.pack("<d", 1.5)
    path = write_archive(
        tmp_path / "in.cptrip",
        {"trip.json": json.dumps(document), document["tracks"][0]["file"]: changed},
    )
    _refused(home, path, "do not match their hash")


def test_points_of_another_count_than_declared_are_refused(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    _refused(home, _with_points(tmp_path, good, good[1], point_count=205), "declares 205 points")
    _refused(home, _with_points(tmp_path, good, good[1], point_count=20), "declares 20 points")


def test_two_million_points_are_refused_before_they_are_read(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    header = struct.pack("<4sBBxxII", b"CPTK", 1, 0, 2_000_000, 0)
    path = _with_points(tmp_path, good, header, point_count=2_000_000)
    _refused(home, path, "'point_count' must be a number of points from 1 to 1,000,000")
    # A header claiming two million behind a record of 206: its size gives it away.
    _refused(home, _with_points(tmp_path, good, header + good[1][16:]), "wrong length")


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("lat", float("nan"), "outside latitude"),
        ("lon", float("inf"), "outside latitude"),
        ("lat", 91.0, "outside latitude"),
        ("ele", float("inf"), "beyond any real value"),
        ("time", float("-inf"), "beyond any real value"),
        ("time", 1e300, "beyond any real value"),
    ],
)
def test_points_that_are_no_numbers_or_off_the_earth_are_refused(
    home: Store,
    good: tuple[dict[str, Any], bytes],
    tmp_path: Path,
    column: str,
    value: float,
    match: str,
) -> None:
    points = TrackPoints.from_lists([43.6, 43.7], [1.4, 1.5], [100.0, 110.0], [1e9, 1e9 + 1])
    blob = bytearray(pack_points(points))
    offset = {"lat": 16, "lon": 32, "ele": 48, "time": 56}[column]
    if column == "ele":
        blob[offset : offset + 4] = np.array([value], dtype="<f4").tobytes()
    else:
        blob[offset : offset + 8] = struct.pack("<d", value)
    path = _with_points(tmp_path, good, bytes(blob), point_count=2)
    _refused(home, path, match)


def test_bad_track_records_are_refused_naming_the_track(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    cases = [
        ({"km": float("nan")}, "'km' must be a number"),
        ({"km": -1}, "cannot be negative"),
        ({"kind": "walk"}, "'recorded' or 'planned'"),
        ({"started_at": "soon"}, "'started_at' must be a date and time"),
        ({"stop": "nowhere"}, r"names a stop \(nowhere\) that the file does not hold"),
        ({"sha256": "../x"}, "'sha256' must be the SHA-256"),
    ]
    for fields, match in cases:
        document = copy.deepcopy(good[0])
        document["tracks"][0].update(fields)
        sha = good[0]["tracks"][0]["sha256"]
        path = write_archive(
            tmp_path / "in.cptrip", {"trip.json": json.dumps(document), track_file(sha): good[1]}
        )
        _refused(home, path, "Track 1 .*" + match)


def test_a_name_full_of_markup_and_control_characters_is_cleaned(
    home: Store, friend: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    path = _with_points(tmp_path, good, good[1], name="<b>Run</b>\x1b[31m\u202e")
    done = import_into(friend, path)
    (track,) = friend.tracks.list(done.trip_id)
    assert track.name == "<b>Run</b>[31m"


def test_a_track_recorded_again_on_both_sides_shows_its_points_not_a_hash(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    copy_id = import_into(friend, export(home, trip_id, tmp_path / "shared.cptrip")).trip_id
    (mine,) = home.tracks.list(trip_id)
    (theirs,) = friend.tracks.list(copy_id)
    for store, track, count in ((home, mine, 2), (friend, theirs, 3)):
        removed, _points = store.tracks.remove(track.id or 0)
        points = TrackPoints.from_lists([43.6 + i / 100 for i in range(count)], [1.4] * count)
        store.tracks.add(make_track(removed.name, points).with_changes(
            trip_id=removed.trip_id, uid=removed.uid))  # fmt: skip
    preview = preview_trip_file(
        home, read_trip_file(export(friend, copy_id, tmp_path / "b.cptrip"))
    )
    (conflict,) = preview.conflicts
    assert "points" in conflict.fields and "sha256" not in conflict.fields
    assert "points: 2 points (" in conflict.mine and "points: 3 points (" in conflict.theirs
    apply_trip_file(home, preview.resolved({}, default=Side.THEIRS))
    (track,) = home.tracks.list(trip_id)
    assert (track.uid, track.point_count) == (mine.uid, 3)


def test_more_track_points_than_a_file_may_hold_are_refused_before_any_is_read(
    home: Store, good: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    document = copy.deepcopy(good[0])
    (track,) = document["tracks"]
    document["tracks"] = [
        {**track, "uid": f"t-{n}", "point_count": 1_000_000} for n in range(6)
    ]  # declared, never carried: the sum alone refuses the file
    path = write_archive(tmp_path / "in.cptrip", {"trip.json": json.dumps(document)})
    _refused(home, path, r"too many track points to import \(6,000,000; at most 5,000,000\)")


def test_a_track_that_stood_still_packs_tight_and_is_no_zip_bomb(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    count = 100_000
    still = TrackPoints.from_lists([43.6] * count, [1.44] * count)
    home.tracks.add(make_track("Waiting at the station", still).with_changes(trip_id=trip_id))
    path = export(home, trip_id, tmp_path / "still.cptrip")
    with zipfile.ZipFile(path) as archive:
        (info,) = [i for i in archive.infolist() if i.filename.startswith("tracks/")
                   and i.file_size == 16 + 16 * count]  # fmt: skip
        assert info.file_size / info.compress_size > 200  # beyond the bomb ratio of documents
    done = import_into(friend, path)
    counts = sorted(t.point_count for t in friend.tracks.list(done.trip_id))
    assert counts == [206, count]
