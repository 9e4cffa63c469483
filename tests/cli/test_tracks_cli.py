"""The tracks commands, and tracks in `show --json` and `import --routes`, as run by a person."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "trips.db"
    done = run(path, "import", str(DATA / "multitrackgpx.gpx"), "--new", "Black Forest")
    assert done.returncode == 0, done.stderr
    assert "Imported 0 stops, 0 sites and 3 tracks into trip 2: Black Forest" in done.stdout
    assert "recorded" not in done.stdout and "1 track: " not in done.stdout
    assert "  3 tracks: 5,235 points, 81.5 km" in done.stdout
    return path


def test_tracks_listed_as_text_and_json(db: Path) -> None:
    text = run(db, "tracks", "Black Forest")
    assert text.returncode == 0, text.stderr
    assert "Tag 1" in text.stdout and "1,966" in text.stdout
    listed = json.loads(run(db, "tracks", "2", "--json").stdout)["tracks"]
    assert [(t["name"], t["points"], t["kind"]) for t in listed] == [
        ("Tag 1", 1966, "recorded"), ("Tag 2", 1685, "recorded"), ("Tag 3", 1584, "recorded")
    ]  # fmt: skip
    assert listed[0]["started_at"] == "2008-07-12T09:58:23+00:00"
    assert listed[0]["km"] == pytest.approx(29.9, abs=0.05)
    shown = json.loads(run(db, "show", "2", "--json").stdout)
    assert [{k: t[k] for k in ("name", "points", "km")} for t in shown["tracks"]] == [
        {k: t[k] for k in ("name", "points", "km")} for t in listed
    ]
    assert set(shown["tracks"][0]) >= {"kind", "day", "ascent_m", "started_at", "ended_at"}
    assert json.loads(run(db, "show", "1", "--json").stdout)["tracks"] == []


def test_remove_track_and_a_wrong_number(db: Path) -> None:
    first = json.loads(run(db, "tracks", "2", "--json").stdout)["tracks"][0]["id"]
    gone = run(db, "remove-track", "2", str(first))
    assert gone.returncode == 0 and "Removed track" in gone.stdout and "Tag 1" in gone.stdout
    assert len(json.loads(run(db, "tracks", "2", "--json").stdout)["tracks"]) == 2
    wrong = run(db, "remove-track", "2", str(first))
    assert wrong.returncode == 1 and "has no track number" in wrong.stderr


def test_import_routes_as_lines(tmp_path: Path) -> None:
    db = tmp_path / "trips.db"
    lines = run(db, "import", str(DATA / "gdal.gpx"), "--routes", "lines", "--new", "Lines")
    assert lines.returncode == 0, lines.stderr
    assert "1 planned line: 3 points" in lines.stdout
    listed = json.loads(run(db, "tracks", "Lines", "--json").stdout)["tracks"]
    assert sorted(t["kind"] for t in listed) == ["planned", "recorded"]
    bad = run(db, "import", str(DATA / "gdal.gpx"), "--routes", "both")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_show_json_gives_description_sites_journal_and_tracks_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = CliRunner(tmp_path / "demo.db", capsys)  # a new database holds the demo trip
    cli.ok("import", str(DATA / "run.gpx"), "--trip", "1")
    cli.ok("add-site", "1", "2", "Pont Neuf <b>at night</b>", "--theme", "sight",
           "--status", "idea", "--lat", "43.6", "--lon", "1.44")  # fmt: skip
    shown = cli.json("show", "1")
    assert {"id", "name", "description", "stops", "totals", "sites", "journal", "tracks"} <= set(
        shown
    )
    assert shown["description"].startswith("An autumn 2017 study tour of smart-city")
    assert len(shown["sites"]) == 12
    assert all(
        set(site) == {"name", "stop", "theme", "status", "lat", "lon"} for site in shown["sites"]
    )
    first = shown["sites"][0]
    assert (first["stop"], first["theme"], first["status"]) == (1, "connected-city", "visited")
    assert first["lat"] == pytest.approx(43.60426)
    added = next(s for s in shown["sites"] if s["name"] == "Pont Neuf <b>at night</b>")
    assert (added["stop"], added["theme"], added["status"], added["lat"], added["lon"]) == (
        2, "sight", "idea", 43.6, 1.44
    )  # fmt: skip
    assert shown["journal"] == [
        {"date": "2017-10-05", "title": "Four days inside Toulouse's smart-city programme"}
    ]
    (track,) = shown["tracks"]
    assert (track["name"], track["points"]) == ("Untitled", 206)
    assert track["km"] == pytest.approx(3.1, abs=0.05)
