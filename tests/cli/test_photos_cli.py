"""add-photos, photos, place-photo and relink-photos, run in this process against a file
made for each test; photos are made with EXIF dates and positions in tmp_path."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.store import Store
from tests.cli.runner import CliRunner
from tests.formats.photo_images import huge_png, make_photo

TRIP = "North Atlantic"
TOULOUSE = (43.6045, 1.4442)
REYKJAVIK = (64.1355, -21.8954)
AMSTERDAM = (52.374, 4.8897)
HARPA = (64.1504, -21.9325)  # the concert hall, a site of the Reykjavík stop


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Toulouse 2–6 October 2017, Reykjavík 6–9 (its zone from its coordinates), Amsterdam 9–12."""
    path = tmp_path / "trips.db"
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create(TRIP, start=date(2017, 10, 2))
        assert trip.id is not None
        stops = store.trips.add_stops(
            trip.id,
            [
                Stop(Place("Toulouse", *TOULOUSE, "FR", timezone="Europe/Paris"), nights=4),
                Stop(Place("Reykjavík", *REYKJAVIK, "IS"), nights=3, mode=TravelMode.PLANE),
                Stop(Place("Amsterdam", *AMSTERDAM, "NL", timezone="Europe/Amsterdam"), nights=3),
            ],
        )
        store.sites.add(
            Site(
                name="Harpa", theme=Theme.SHOWCASE, stop_id=stops[1].id, lat=HARPA[0], lon=HARPA[1]
            )
        )
    return CliRunner(path, capsys)


@pytest.fixture
def roll(tmp_path: Path) -> Path:
    """A camera roll: a night in Reykjavík, a morning after midnight, one without EXIF…"""
    folder = tmp_path / "roll"
    make_photo(folder / "night.jpg", taken="2017:10:08 23:30:00", offset="+00:00", where=REYKJAVIK)
    make_photo(folder / "harpa.jpg", taken="2017:10:07 21:00:00", where=(64.1502, -21.9320))
    make_photo(folder / "after midnight.jpg", taken="2017:10:09 00:20:00", offset="+00:00")
    make_photo(folder / "canal.png", taken="2017:10:10 15:00:00", where=(52.3702, 4.8952))
    make_photo(folder / "scan.jpg", colour="red")
    make_photo(folder / "trip" / "cassoulet.webp", taken="2017:10:03 20:00:00")
    return folder


def by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(row["original"]).name: row for row in rows}


def test_photos_land_on_the_right_stops_with_their_reasons(cli: CliRunner, roll: Path) -> None:
    out = cli.json("add-photos", TRIP, str(roll))
    assert out["added"] == 6 and out["skipped"] == {} and out["refused"] == []
    rows = by_name(out["photos"])
    assert set(rows["night.jpg"]) >= {
        "file", "sha256", "taken_at", "lat", "lon", "stop", "site", "placed_by", "reason", "missing",
    }  # fmt: skip
    where = {name: (row["stop"], row["site"], row["placed_by"]) for name, row in rows.items()}
    assert where == {
        "night.jpg": ("Reykjavík", None, "time"),
        "harpa.jpg": ("Reykjavík", "Harpa", "time"),
        "after midnight.jpg": ("Reykjavík", None, "time"),
        "canal.png": ("Amsterdam", None, "time"),
        "scan.jpg": (None, None, "none"),
        "cassoulet.webp": ("Toulouse", None, "time"),
    }
    night = rows["night.jpg"]
    assert (
        night["taken_at"] == "2017-10-08T23:30:00+00:00" and night["zone"] == "Atlantic/Reykjavik"
    )
    assert "during the stay in Reykjavík" in night["reason"]
    # No offset in the file: the clock is read in the zone of the position, Iceland's.
    assert rows["harpa.jpg"]["taken_at"] == "2017-10-07T21:00:00+00:00"
    assert "before noon it counts for Reykjavík" in rows["after midnight.jpg"]["reason"]
    assert rows["canal.png"]["taken_at"] == "2017-10-10T15:00:00+02:00"
    assert rows["scan.jpg"]["reason"] == "No date or position in the file: place it by hand."
    listed = by_name(cli.json("photos", TRIP)["photos"])
    assert {name: row["stop"] for name, row in listed.items()} == {
        name: stop for name, (stop, _, _) in where.items()
    }
    assert not any(row["missing"] for row in listed.values())


def test_a_dry_run_shows_where_each_photo_goes_and_writes_nothing(
    cli: CliRunner, roll: Path
) -> None:
    out = cli.ok("add-photos", TRIP, str(roll), "--dry-run")
    assert "Would add 6 photos to North Atlantic (trip 1):" in out
    assert "  night.jpg → Reykjavík · by time: Taken on 2017-10-08 at 23:30" in out
    assert "  harpa.jpg → Reykjavík, Harpa · by time:" in out
    assert "  scan.jpg → (not placed) · by none: No date or position" in out
    assert out.rstrip().endswith("Nothing was written (--dry-run).")
    as_json = cli.json("add-photos", TRIP, str(roll), "--dry-run")
    assert as_json["dry_run"] is True and as_json["added"] == 0 and len(as_json["photos"]) == 6
    assert cli.json("photos", TRIP)["photos"] == []
    assert "0 photos" in cli.ok("photos", TRIP)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_bad_files_are_refused_counted_and_the_batch_goes_on(
    cli: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    make_photo(folder / "good.jpg", taken="2017:10:03 12:00:00")
    make_photo(folder / "no date.jpg", taken="0000:00:00 00:00:00", where=AMSTERDAM)
    make_photo(folder / "off the globe.jpg", taken="2017:10:03 13:00:00", where=(10.0, 200.0))
    (folder / "fake.jpg").write_text("I am not a JPEG")
    huge_png(folder / "panorama.png", 20_000, 15_000)
    (folder / "readme.txt").write_text("hello")
    (folder / ".hidden.jpg").write_bytes(b"")
    out = cli.json("add-photos", TRIP, str(folder))
    assert out["added"] == 3
    assert out["skipped"] == {
        "hidden": 1,
        "not a photo file": 1,
        "not a valid image": 1,
        "too large": 1,
    }
    refused = {Path(r["file"]).name: r["reason"] for r in out["refused"]}
    assert set(refused) == {"fake.jpg", "panorama.png"}
    assert "300 megapixels" in refused["panorama.png"]
    rows = by_name(out["photos"])
    assert (
        rows["no date.jpg"]["stop"] == "Amsterdam"
        and rows["no date.jpg"]["placed_by"] == "position"
    )
    assert "Its camera wrote no date (0000:00:00 00:00:00)" in rows["no date.jpg"]["reason"]
    assert (
        rows["off the globe.jpg"]["lat"] is None and rows["off the globe.jpg"]["stop"] == "Toulouse"
    )
    text = cli.ok("add-photos", TRIP, str(folder))
    assert "Refused:" in text and "fake.jpg is not a JPEG, PNG, WebP" in text
    assert "Skipped 7 files: 3 already in the trip" in text
    assert "Added 0 photos." in text


def test_paths_that_do_not_exist_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    code, _, err = cli("add-photos", TRIP, str(tmp_path / "nowhere"))
    assert code == 1 and "cannot be found" in err


def test_copies_go_beside_the_database_and_a_moved_original_is_found_by_hash(
    cli: CliRunner, roll: Path, tmp_path: Path
) -> None:
    copied = cli.json("add-photos", TRIP, str(roll / "trip"), "--copy")
    (only,) = copied["photos"]
    assert only["copied"] is True and Path(only["file"]).parent == tmp_path / "trips.db.photos"
    cli.ok("add-photos", TRIP, str(roll / "night.jpg"), str(roll / "scan.jpg"))
    backup = tmp_path / "backup drive"
    backup.mkdir()
    shutil.move(roll / "night.jpg", backup / "2017-10-08 night.jpg")
    missing = by_name(cli.json("photos", TRIP)["photos"])
    assert missing["night.jpg"]["missing"] and not missing["cassoulet.webp"]["missing"]
    assert "[MISSING]" in cli.ok("photos", TRIP)
    report = cli.json("relink-photos", TRIP, str(backup))
    assert [Path(f["file"]).name for f in report["found"]] == ["2017-10-08 night.jpg"]
    assert report["missing"] == []
    assert not any(row["missing"] for row in cli.json("photos", TRIP)["photos"])
    assert "Found 0 photos again" in cli.ok("relink-photos", TRIP, str(backup))


def test_a_photo_without_date_or_position_is_placed_by_hand(cli: CliRunner, roll: Path) -> None:
    cli.ok("add-photos", TRIP, str(roll / "scan.jpg"))
    (photo,) = cli.json("photos", TRIP)["photos"]
    assert cli.ok("place-photo", TRIP, str(photo["id"]), "--stop", "2", "--site", "harpa") == (
        "scan.jpg → Reykjavík, Harpa\n"
    )
    (placed,) = cli.json("photos", TRIP)["photos"]
    assert (placed["stop"], placed["site"], placed["placed_by"]) == ("Reykjavík", "Harpa", "hand")
    assert cli.ok("place-photo", TRIP, str(photo["id"]), "--unplace") == "scan.jpg → (not placed)\n"
    code, _, err = cli("place-photo", TRIP, str(photo["id"]), "--stop", "9")
    assert code == 1 and "out of range" in err
