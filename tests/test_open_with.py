"""`cityplanner FILE`, as the desktop's "Open with" runs it: a database opens, a file imports.

No Qt here: the window's launcher is replaced by a stand-in that records what it was
asked to open (tests/ui/test_open_file.py drives the real window).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from cityplanner import app, cli
from cityplanner.cli.desktop import parse_command_line

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    """What the window would have been started with (nothing if it was not started)."""
    seen: list[argparse.Namespace] = []

    def run_gui(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    launch = types.ModuleType("cityplanner.ui.launch")
    launch.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cityplanner.ui.launch", launch)
    return seen


def exit_status(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exited:
        app.main(argv)
    code = exited.value.code
    return code if isinstance(code, int) else 1


@pytest.fixture
def gpx(tmp_path: Path) -> Path:
    return Path(shutil.copy(DATA / "wpt.gpx", tmp_path / "walk.gpx"))


@pytest.mark.parametrize("name", ["trip.db", "trip.sqlite", "Trip.SQLITE3"])
def test_a_database_file_opens_in_the_window_as_with_db(
    tmp_path: Path, name: str, launched: list[argparse.Namespace]
) -> None:
    database = tmp_path / name
    database.write_bytes(b"")
    args = parse_command_line([str(database)])
    assert args.command is None and args.db == str(database) and args.import_file is None
    assert exit_status([str(database)]) == 0
    assert launched[0].db == str(database) and launched[0].import_file is None


def test_a_relative_path_is_made_absolute(
    tmp_path: Path, gpx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_command_line(["walk.gpx"]).import_file == str(gpx)


@pytest.mark.parametrize("suffix", [".gpx", ".kml", ".kmz", ".geojson", ".json", ".csv"])
def test_a_file_to_import_opens_the_default_database_then_imports_it(
    tmp_path: Path, suffix: str, launched: list[argparse.Namespace]
) -> None:
    path = tmp_path / f"places{suffix}"
    path.write_bytes(b"")
    assert exit_status([str(path)]) == 0
    (args,) = launched
    assert args.command is None and args.db is None and args.import_file == str(path)


def test_a_file_to_import_goes_into_the_database_named_with_db(tmp_path: Path, gpx: Path) -> None:
    db = str(tmp_path / "mine.db")
    for argv in (["--db", db, str(gpx)], [str(gpx), "--db", db], [f"--db={db}", str(gpx)]):
        args = parse_command_line(argv)
        assert (args.db, args.import_file) == (db, str(gpx)), argv


def test_a_missing_file_exits_1_with_one_line_and_no_window(
    tmp_path: Path, launched: list[argparse.Namespace], capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("gone.gpx", "gone.db", "gone"):
        missing = tmp_path / name
        assert exit_status([str(missing)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "No such file" in err and str(missing) in err
    assert launched == []


def test_an_unknown_kind_of_file_or_a_folder_exits_1_with_one_line(
    tmp_path: Path, launched: list[argparse.Namespace], capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4")
    assert exit_status([str(letter)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cityplanner: letter.pdf is not a file CityPlanner opens")
    assert err.count("\n") == 1
    assert exit_status([str(tmp_path)]) == 1
    assert "folder" in capsys.readouterr().err
    assert launched == []


def test_a_file_and_a_command_or_two_databases_are_refused(
    tmp_path: Path,
    gpx: Path,
    launched: list[argparse.Namespace],
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "trip.db"
    database.write_bytes(b"")
    assert exit_status([str(gpx), "trips"]) == 1
    assert "not both" in capsys.readouterr().err
    assert exit_status(["--db", str(tmp_path / "other.db"), str(database)]) == 1
    assert "once" in capsys.readouterr().err
    assert launched == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["trips"],
        ["show", "1", "--json"],
        ["--db", "x.db", "trips", "--json"],
        ["export", "1", "gpx", "-o", "out.gpx"],
        ["import", "places.gpx"],
        ["screenshot", "-o", "window.png", "--size", "800x600"],
        ["install-desktop", "--uninstall"],
    ],
)
def test_every_command_parses_as_before(argv: list[str]) -> None:
    expected = vars(cli.parse(argv))
    got = vars(parse_command_line(argv))
    assert got.pop("import_file") is None
    assert got == expected


def test_a_command_wins_over_a_file_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trips").write_text("")
    assert parse_command_line(["trips"]).command == "trips"


def test_a_mistyped_command_is_still_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_command_line(["tirps"])
    assert exited.value.code == 2
    assert "invalid choice: 'tirps'" in capsys.readouterr().err


def test_the_installed_command_refuses_a_missing_file_before_qt_starts(tmp_path: Path) -> None:
    # A Qt platform that does not exist: had the window been started, Qt would abort.
    env = {**os.environ, "QT_QPA_PLATFORM": "no-such-platform"}
    result = subprocess.run(
        [sys.executable, "-m", "cityplanner", str(tmp_path / "gone.kml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == f"cityplanner: No such file: {tmp_path / 'gone.kml'}\n"
