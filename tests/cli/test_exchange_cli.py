"""The export and import commands, run as a person runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMATS = [
    "gpx",
    "kml",
    "kmz",
    "geojson",
    "csv",
    "costs-csv",
    "ics",
    "md",
    "html-travelogue",
    "pdf",
]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "trips.db"
    assert run(path, "trips").returncode == 0  # a new file receives the demo trip
    return path


def test_export_every_format_then_import_it_back(db: Path, tmp_path: Path) -> None:
    for key in FORMATS:
        out = tmp_path / f"tour.{key}"
        result = run(db, "export", "Smart city", key, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 500, key
    assert (tmp_path / "tour.pdf").read_bytes().startswith(b"%PDF")

    dry = run(db, "import", str(tmp_path / "tour.gpx"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "8 stops, 11 sites" in dry.stdout
    assert "already in the database" in dry.stdout
    assert "nothing was changed" in dry.stdout
    assert run(db, "trips").stdout.count("\n") == 3  # still one trip

    done = run(db, "import", str(tmp_path / "tour.geojson"), "--new", "Copy")
    assert done.returncode == 0, done.stderr
    assert "Imported 8 stops and 11 sites into trip 2: Copy" in done.stdout
    assert "Copy" in run(db, "trips").stdout


def test_import_into_an_existing_trip(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text("name,lat,lon\nLyon,45.76,4.83\n", encoding="utf-8")
    result = run(db, "import", str(path), "--trip", "1")
    assert result.returncode == 0, result.stderr
    assert "Lyon" in run(db, "show", "1").stdout


def test_hostile_file_fails_cleanly(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "xxe.kml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    "<kml><Placemark><name>&x;</name></Placemark></kml>")  # fmt: skip
    before = run(db, "trips").stdout
    result = run(db, "import", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("cityplanner: xxe.kml was refused")
    assert "Traceback" not in result.stderr
    assert run(db, "trips").stdout == before


def test_export_errors_are_one_line(db: Path, tmp_path: Path) -> None:
    bad = run(db, "export", "1", "docx", "-o", str(tmp_path / "x"))
    assert bad.returncode == 2 and "unknown format" in bad.stderr
    missing = run(db, "export", "1", "gpx", "-o", str(tmp_path / "nowhere" / "x.gpx"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert run(db, "new-trip", "Empty").returncode == 0
    empty = run(db, "export", "Empty", "ics", "-o", str(tmp_path / "e.ics"))
    assert empty.returncode == 1 and "no stop with an arrival date" in empty.stderr
    assert not (tmp_path / "e.ics").exists()
    assert list(tmp_path.glob(".e.ics*")) == []


def test_import_choices_and_travelogue_map(db: Path, tmp_path: Path) -> None:
    kml = tmp_path / "mymap.kml"
    kml.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>My map</name>'
        "<Folder><name>Trams</name><Placemark><name>T1 depot</name>"
        "<Point><coordinates>1.45,43.61</coordinates></Point></Placemark></Folder>"
        "</Document></kml>",
        encoding="utf-8",
    )
    chosen = run(db, "import", str(kml), "--trip", "1", "--folder-theme", "Trams=mobility")
    assert chosen.returncode == 0, chosen.stderr
    assert "0 stops, 1 site" in chosen.stdout and "1 Mobility" in chosen.stdout

    again = run(db, "import", str(kml), "--trip", "1", "--folder-theme", "Trams=mobility",
                "--skip-duplicates")  # fmt: skip
    assert again.returncode == 1 and "already in the database" in again.stderr

    bad = run(db, "import", str(kml), "--folder-theme", "Trams")
    assert bad.returncode == 1 and "FOLDER=THEME" in bad.stderr

    picture = tmp_path / "map.png"
    picture.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2214bc80000000049454e44ae426082"
        )
    )
    page = tmp_path / "tour.html"
    done = run(db, "export", "1", "html-travelogue", "-o", str(page), "--map-image", str(picture))
    assert done.returncode == 0, done.stderr
    assert "data:image/png;base64," in page.read_text(encoding="utf-8")


def test_a_format_that_needs_qt_is_handed_to_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from cityplanner import cli
    from cityplanner.formats import registry

    png = registry.ExportFormat(
        "png", "Map picture (PNG)", ".png", "image/png", gui_command="export-png"
    )
    monkeypatch.setitem(registry.EXPORT_FORMATS, "png", png)
    assert cli.parse(["export", "1", "png", "-o", "x.png"]).gui_command == "export-png"
    assert getattr(cli.parse(["export", "1", "gpx", "-o", "x.gpx"]), "gui_command", None) is None


def test_import_a_list_of_city_names(cache_with_full_index: Path, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "wishlist.csv"
    path.write_text("name,country\nCarcassonne,FR\nYerevan,AM\n", encoding="utf-8")
    done = run(db, "import", str(path), "--new", "Wish list")
    assert done.returncode == 0, done.stderr
    assert "2 places without coordinates found by name" in done.stdout
    shown = run(db, "show", "Wish list")
    assert "Carcassonne" in shown.stdout and "Yerevan" in shown.stdout
