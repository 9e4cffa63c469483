"""The command line, run as a user would run it: real processes, real files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(
    *args: str, db: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cityplanner"]
    if db is not None:
        command += ["--db", str(db)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        command + list(args), cwd=REPO, capture_output=True, text=True, env=full_env, timeout=120
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "trip.db"
    assert run("trips", db=path).returncode == 0
    return path


def test_show_json_lists_the_demo_trip_with_totals(tmp_path: Path) -> None:
    result = run("show", "smart city tour 2017", "--json", db=tmp_path / "trip.db")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stops"][0]["name"] == "Toulouse"
    assert len(data["stops"]) == 8
    assert data["totals"]["countries"] == 5
    assert abs(data["totals"]["km"] - 8638) / 8638 < 0.01
    assert {"name", "country_code", "lat", "lon", "leg_km"} <= set(data["stops"][1])
    assert data["stops"][0]["leg_km"] == 0


def test_show_text_has_legs_cumulative_and_totals(demo_db: Path) -> None:
    result = run("show", "1", db=demo_db)
    assert result.returncode == 0
    assert "Yerevan" in result.stdout and "8,638" in result.stdout
    assert "Total: 8,638 km, 20 nights, 5 countries" in result.stdout


def test_trips_lists_id_name_count_km_and_dates(demo_db: Path) -> None:
    rows = json.loads(run("trips", "--json", db=demo_db).stdout)
    assert rows[0]["name"] == "Smart city tour 2017"
    assert (rows[0]["stops"], rows[0]["first_date"], rows[0]["last_date"]) == (
        8,
        "2017-10-02",
        "2017-10-22",
    )
    assert round(rows[0]["km"]) == 8638


def test_plan_a_trip_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "plan.db"
    assert run("new-trip", "Iceland loop", db=db).returncode == 0
    assert (
        run(
            "add-stop",
            "iceland loop",
            "Reykjavík",
            "--lat",
            "64.13548",
            "--lon",
            "-21.89541",
            "--country",
            "IS",
            "--arrive",
            "2018-06-01",
            "--nights",
            "2",
            db=db,
        ).returncode
        == 0
    )
    assert (
        run(
            "add-stop",
            "Iceland loop",
            "Akureyri",
            "--lat",
            "65.68",
            "--lon",
            "-18.09",
            "--country",
            "is",
            "--mode",
            "bus",
            db=db,
        ).returncode
        == 0
    )
    assert (
        run(
            "add-stop",
            "Iceland loop",
            "Vík",
            "--lat",
            "63.42",
            "--lon",
            "-19.01",
            "--at",
            "1",
            db=db,
        ).returncode
        == 0
    )
    assert run("move-stop", "Iceland loop", "1", "3", db=db).returncode == 0
    added = run(
        "add-site",
        "Iceland loop",
        "1",
        "Geothermal plant",
        "--theme",
        "energy",
        "--status",
        "visited",
        db=db,
    )
    assert added.returncode == 0, added.stderr
    data = json.loads(run("show", "Iceland loop", "--json", db=db).stdout)
    assert [s["name"] for s in data["stops"]] == ["Reykjavík", "Akureyri", "Vík"]
    assert data["stops"][1]["mode"] == "bus"
    assert run("remove-stop", "Iceland loop", "2", db=db).returncode == 0
    data = json.loads(run("show", "Iceland loop", "--json", db=db).stdout)
    assert [s["name"] for s in data["stops"]] == ["Reykjavík", "Vík"]


def test_demo_command_adds_another_copy_to_an_existing_file(demo_db: Path) -> None:
    result = run("demo", db=demo_db)
    assert result.returncode == 0
    assert len(json.loads(run("trips", "--json", db=demo_db).stdout)) == 2
    ambiguous = run("show", "smart city tour 2017", db=demo_db)
    assert ambiguous.returncode == 1
    assert "matches 2 trips" in ambiguous.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "Atlantis"], "No trip is called 'Atlantis'"),
        (["add-stop", "1", "X", "--lat", "95", "--lon", "0"], "Latitude 95.0 is out of range"),
        (["add-stop", "1", "X", "--lat", "0", "--lon", "200"], "Longitude 200.0 is out of range"),
        (
            ["add-stop", "1", "X", "--lat", "0", "--lon", "0", "--nights", "-1"],
            "cannot be negative",
        ),
        (
            ["add-stop", "1", "X", "--lat", "0", "--lon", "0", "--arrive", "2017-13-40"],
            "not a valid date",
        ),
        (
            ["add-stop", "1", "X", "--lat", "0", "--lon", "0", "--mode", "rocket"],
            "Unknown travel mode",
        ),
        (["add-stop", "1", "X", "--lat", "0", "--lon", "0", "--at", "99"], "out of range"),
        (["add-site", "1", "1", "Spa", "--theme", "nightlife"], "Unknown theme"),
        (["add-site", "1", "42", "Spa", "--theme", "water"], "out of range"),
        (["move-stop", "1", "1", "9"], "out of range"),
        (["remove-stop", "1", "0"], "out of range"),
    ],
)
def test_bad_input_gives_one_line_exit_1_and_leaves_the_file_unchanged(
    demo_db: Path, args: list[str], message: str
) -> None:
    before = digest(demo_db)
    result = run(*args, db=demo_db)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert digest(demo_db) == before


def _newer_schema_db(path: Path) -> None:
    import sqlite3

    assert run("trips", db=path).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        # A 0-byte file is replaced by a new database (tests/cli/test_readonly_cli.py).
        ("text", "not an SQLite file"),
        ("newer", "newer version of CityPlanner"),
    ],
)
def test_db_that_cannot_be_used_is_refused_byte_for_byte(
    tmp_path: Path, kind: str, message: str
) -> None:
    path = tmp_path / "x.db"
    if kind == "text":
        path.write_text("Toulouse\nAlbi\n")
    else:
        _newer_schema_db(path)
    before = digest(path)
    result = run("trips", db=path)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert digest(path) == before


def test_db_in_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("trips", db=blocker / "trip.db")
    assert result.returncode == 1
    assert "is not a folder" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_db_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("trips", db=folder / "trip.db")
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1
    assert "cannot be written" in result.stderr


def test_environment_variable_chooses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    result = run("trips", "--json", env={"CITYPLANNER_DB": str(path)})
    assert result.returncode == 0 and path.exists()


def test_usage_errors_exit_2_and_version_prints(tmp_path: Path) -> None:
    assert run("show", db=tmp_path / "u.db").returncode == 2
    assert run("no-such-command").returncode == 2
    assert run("add-stop", "1", "X", "--lat", "north", db=tmp_path / "u.db").returncode == 2
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("cityplanner ")


def test_db_is_accepted_after_the_command_and_wins_over_one_before(tmp_path: Path) -> None:
    after = run("trips", "--db", str(tmp_path / "after.db"))
    assert after.returncode == 0, after.stderr
    assert "Smart city tour 2017" in after.stdout
    assert (tmp_path / "after.db").exists()

    both = run("trips", "--db", str(tmp_path / "after.db"), db=tmp_path / "before.db")
    assert both.returncode == 0, both.stderr
    assert not (tmp_path / "before.db").exists()  # the one nearest the command is used


def test_unit_mi_writes_miles_in_text_and_keeps_km_in_json(demo_db: Path, tmp_path: Path) -> None:
    text = run("show", "1", "--unit", "mi", db=demo_db)
    assert text.returncode == 0, text.stderr
    assert "Total: 5,368 mi" in text.stdout and "leg mi" in text.stdout
    assert run("--unit", "mi", "trips", db=demo_db).stdout.split("\n")[0].split()[3] == "mi"
    as_json = json.loads(run("show", "1", "--json", "--unit", "mi", db=demo_db).stdout)
    assert round(as_json["totals"]["km"]) == 8638  # the field says km, and holds km
    book = tmp_path / "trip.md"
    assert run("export", "1", "md", "-o", str(book), "--unit", "mi", db=demo_db).returncode == 0
    assert "5,368 mi" in book.read_text(encoding="utf-8")
    bad = run("trips", "--unit", "furlong", db=demo_db)
    assert bad.returncode == 2 and "km or mi" in bad.stderr
