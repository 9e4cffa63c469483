"""The command line builds the city index on first use, showing its progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityplanner import cli
from cityplanner.geo.gazetteer import Gazetteer
from tests.geo.conftest import sample_source


@pytest.fixture
def small_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Gazetteer:
    gazetteer = Gazetteer.open(tmp_path / "index" / "gazetteer.sqlite", source=sample_source())
    monkeypatch.setattr("cityplanner.cli.gazetteer.default_gazetteer", lambda: gazetteer)
    return gazetteer


def test_first_search_builds_the_index_with_progress(
    small_world: Gazetteer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", str(tmp_path / "t.db"), "search", "tou"]) == 0
    out, err = capsys.readouterr()
    assert "Toulouse" in out.splitlines()[2]
    assert "Building the offline city index" in err
    assert "Reading the cities" in err and "Ready" in err
    assert cli.main(["--db", str(tmp_path / "t.db"), "search", "tou"]) == 0
    assert "Building" not in capsys.readouterr().err


def test_add_stop_lists_close_matches(
    small_world: Gazetteer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "t.db")
    assert cli.main(["--db", db, "new-trip", "States"]) == 0
    assert cli.main(["--db", db, "add-stop", "States", "Springfield"]) == 1
    err = capsys.readouterr().err
    assert "nothing was added" in err
    assert err.count("Springfield, ") == 3
    assert cli.main(["--db", db, "add-stop", "States", "Springfield", "--country", "US"]) == 1
    assert cli.main(["--db", db, "add-stop", "States", "Springfield, Missouri"]) == 0
    assert "Added Springfield" in capsys.readouterr().out
