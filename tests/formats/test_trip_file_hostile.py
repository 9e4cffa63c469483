"""Trip files from elsewhere: refused with one clear message, and the database unchanged."""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import apply_trip_file, preview_trip_file
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from tests.formats.trip_file_helpers import dump, export, trip_json, write_archive


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "home.db", seed_demo=False) as opened:
        load_demo(opened)
        yield opened


@pytest.fixture
def good(store: Store, tmp_path: Path) -> dict[str, Any]:
    """The demo's trip.json, as exported."""
    (trip,) = store.trips.list()
    return trip_json(export(store, trip.id or 0, tmp_path / "good.cptrip"))


def _import(store: Store, path: Path) -> None:
    apply_trip_file(store, preview_trip_file(store, read_trip_file(path)))


def _refused(store: Store, path: Path, match: str) -> None:
    before = dump(store)
    with pytest.raises(ValidationError, match=match):
        _import(store, path)
    assert dump(store) == before


def _file(tmp_path: Path, document: dict[str, Any], **extra: bytes | str) -> Path:
    return write_archive(tmp_path / "in.cptrip", {"trip.json": json.dumps(document), **extra})


def _edited(good: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(good)
    document["trip"]["uid"] = "another-trip"  # a new trip: nothing of it is in the database
    edit(document)
    return document


def test_a_file_of_a_newer_version_names_the_version_and_what_to_do(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    def newer(d: dict[str, Any]) -> None:
        d.update(version=3, generator="CityPlanner 2.4.0")

    _refused(
        store,
        _file(tmp_path, _edited(good, newer)),
        r"written by CityPlanner 2\.4\.0 in trip file version 3; this CityPlanner \(0\.1\.0\) "
        r"reads version 1 only\. Update to CityPlanner 2\.4\.0 or later to import it\.",
    )


@pytest.mark.parametrize(
    "name", ["../evil.txt", "photos/../../evil", "/etc/passwd", "C:/Windows/evil", "a\\..\\b"]
)
def test_entries_pointing_outside_the_archive_are_refused(
    store: Store, good: dict[str, Any], tmp_path: Path, name: str
) -> None:
    path = _file(tmp_path, _edited(good, lambda d: None))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo(name), b"x")
    _refused(store, path, "points outside the archive")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    document = json.dumps(_edited(good, lambda d: None))
    padded = document[:-1] + ', "padding": "' + " " * (40 * 1024 * 1024) + '"}'
    _refused(store, write_archive(tmp_path / "bomb.cptrip", {"trip.json": padded}), "zip bomb")


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        ({"readme.txt": "hello"}, "holds no trip.json"),
        ({"trip.json": "{not json"}, "trip.json is not valid JSON"),
        ({"trip.json": b"\xff\xfe\x00"}, "not UTF-8"),
        ({"trip.json": '{"format": "something-else", "version": 1}'}, "not a CityPlanner trip"),
        ({"trip.json": "[" * 70 + "]" * 70}, "deep"),
    ],
)
def test_a_missing_or_unreadable_trip_json_is_refused(
    store: Store, tmp_path: Path, entries: dict[str, Any], match: str
) -> None:
    _refused(store, write_archive(tmp_path / "bad.cptrip", entries), match)


def test_a_file_that_is_no_zip_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plain.cptrip"
    path.write_text("just text")
    _refused(store, path, "is not a zip archive")


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """An edit of trip.json: `path` like "stops.0.lat" or "trip.name"."""

    def edit(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = d
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return edit


_DELETE = object()


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (_set("stops", {"not": "a list"}), "'stops' must be a list"),
        (_set("stops.0.lat", "north"), r"Stop 1 \(Toulouse\): 'lat' must be a number"),
        (_set("stops.0.lat", 123.0), r"Stop 1 \(Toulouse\): .*[Ll]atitude"),
        (_set("stops.0.nights", True), "'nights' must be a whole number"),
        (_set("stops.0.uid", _DELETE), "'uid' must be an identifier"),
        (_set("sites.0.theme", "casino"), "Unknown theme 'casino'"),
        (_set("sites.0.status", "maybe"), "Unknown .*'maybe'"),
        (
            _set("sites.0.stop", "no-such-stop"),
            "names a stop .no-such-stop. that the file does not hold",
        ),
        (_set("journal.0.day", "2017-13-45"), "not a valid date"),
        (_set("journal.0.day", "99999-01-01"), "not a valid date"),
        (_set("trip.start", "0000-01-01"), "not a valid date"),
        (_set("costs.0.amount", "lots"), "Cost 1"),
        (_set("costs.0.currency", "EURO"), "Cost 1"),
        (_set("trip.travellers", 0), "1 to 1,000 travellers"),
        (_set("trip.name", "   "), "cannot be empty"),
        (_set("trip", None), "the trip must be a JSON object"),
        (_set("version", "1"), "no valid format version"),
        (_set("tracks", "none"), "'tracks' must be a list"),
        (_set("export_id", 42), "'export_id' must be an identifier"),
        (_set("export_id", "<b>x</b>"), "'export_id' must be an identifier"),
        (_set("based_on", "e-1"), "'based_on' must be a list of at most 100 identifiers"),
        (_set("based_on", ["e-1", "a\nb"]), "'based_on' must be a list of at most 100"),
        (_set("based_on", [f"e-{n}" for n in range(101)]), "'based_on' must be a list"),
    ],
)
def test_wrong_types_and_values_are_refused_naming_the_object(
    store: Store,
    good: dict[str, Any],
    tmp_path: Path,
    edit: Callable[[dict[str, Any]], None],
    match: str,
) -> None:
    _refused(store, _file(tmp_path, _edited(good, edit)), match)


def test_two_objects_with_one_uid_are_refused(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    def twin(d: dict[str, Any]) -> None:
        d["sites"][1]["uid"] = d["sites"][0]["uid"]

    _refused(store, _file(tmp_path, _edited(good, twin)), "has the same uid")


def test_dates_past_the_calendar_are_refused(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    def late(d: dict[str, Any]) -> None:
        d["trip"]["start"] = "9999-12-20"
        d["stops"][0]["nights"] = 30

    _refused(store, _file(tmp_path, _edited(good, late)), "past the year 9999")


def test_names_with_markup_and_control_characters_are_cleaned_not_run(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    def hostile(d: dict[str, Any]) -> None:
        d["trip"]["name"] = "Tour\x00 <script>alert(1)</script>\u202e"
        d["stops"][0]["name"] = "Tou\x07louse\n<b>bold</b>"
        d["sites"][0]["tags"] = ["Ta\x1bg", "TAG"]

    _import(store, _file(tmp_path, _edited(good, hostile)))
    trip = next(t for t in store.trips.list() if t.uid == "another-trip")
    assert trip.name == "Tour <script>alert(1)</script>"
    stop = store.trips.stops(trip.id or 0)[0]
    assert stop.name == "Toulouse <b>bold</b>"
    site = store.sites.for_stop(stop.id or 0)[0]
    assert site.tags == ("tag",)


def test_a_photo_whose_bytes_do_not_match_its_hash_comes_without_them(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    sha = "ab" * 32

    def with_photo(d: dict[str, Any]) -> None:
        d["photos"] = [
            {
                "uid": "p-1",
                "sha256": sha,
                "original": "../../secret/x.jpg",
                "file": f"photos/{sha}",
                "stop": d["stops"][0]["uid"],
            }
        ]

    path = _file(tmp_path, _edited(good, with_photo), **{f"photos/{sha}": b"not the photo"})
    trip_file = read_trip_file(path)
    assert any("do not match their content hash" in note for note in trip_file.notes)
    preview = preview_trip_file(store, trip_file)
    done = apply_trip_file(store, preview)
    (photo,) = store.photos.for_trip(done.trip_id)
    assert photo.sha256 == sha and Path(photo.path).name == "x.jpg"
    assert store.photos.missing(done.trip_id) == [photo]
    folder = store.photos.copies_folder
    assert folder is None or not any(folder.glob(f"{sha}*"))


def test_a_photo_file_entry_not_named_by_its_own_hash_is_refused(
    store: Store, good: dict[str, Any], tmp_path: Path
) -> None:
    sha = "cd" * 32

    def with_photo(d: dict[str, Any]) -> None:
        d["photos"] = [{"uid": "p-1", "sha256": sha, "original": "x.jpg", "file": "photos/other"}]

    _refused(store, _file(tmp_path, _edited(good, with_photo)), "'file' must be photos/")
