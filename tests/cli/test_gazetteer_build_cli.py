"""The command line builds the city index on first use, showing its progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityplanner import cli
from cityplanner.geo.gazetteer import Gazetteer
from tests.cli.runner import CliRunner
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
    assert len([line for line in err.splitlines() if line.startswith("  Springfield, ")]) == 3
    # All three are in the United States: --country cannot tell them apart, so it is not offered.
    assert cli.main(["--db", db, "add-stop", "States", "Springfield", "--country", "US"]) == 1
    err = capsys.readouterr().err
    assert "Illinois" in err and "Missouri" in err and "Massachusetts" in err
    assert "--country" not in err and "--near LAT,LON" in err
    assert cli.main(["--db", db, "add-stop", "States", "Springfield, Missouri"]) == 0
    assert "Added Springfield" in capsys.readouterr().out


# -- the trip as context (issue 13), over real records of the places involved ---------------


@pytest.fixture
def ranked_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Gazetteer:
    from tests.geo.test_gazetteer_ranking import ranking_source

    gazetteer = Gazetteer.open(tmp_path / "ranked" / "gazetteer.sqlite", source=ranking_source())
    gazetteer.ensure_index()
    monkeypatch.setattr("cityplanner.cli.gazetteer.default_gazetteer", lambda: gazetteer)
    return gazetteer


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(tmp_path / "trips.db", capsys)


def stop_names(run: CliRunner, trip: str) -> list[str]:
    return [s["name"] for s in run.json("show", trip)["stops"]]


def test_vik_in_the_iceland_loop_is_vik_i_myrdal(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "Iceland loop")
    run.ok("add-stop", "Iceland loop", "Reykjavík")
    run.ok("add-stop", "Iceland loop", "Akureyri")
    assert "Added Vík í Mýrdal" in run.ok("add-stop", "Iceland loop", "Vík")
    assert "Added Vík í Mýrdal" in run.ok("add-stop", "Iceland loop", "vik")
    assert stop_names(run, "Iceland loop") == [
        "Reykjavík",
        "Akureyri",
        "Vík í Mýrdal",
        "Vík í Mýrdal",
    ]


def test_vik_in_a_norway_trip_is_norwegian(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "Fjords")
    run.ok("add-stop", "Fjords", "Bergen")
    run.ok("add-stop", "Fjords", "vik")
    [_bergen, vik] = run.json("show", "Fjords")["stops"]
    assert (vik["name"], vik["country_code"]) == ("Vik", "NO")


def test_a_close_call_lists_the_candidates_and_adds_nothing(
    ranked_world: Gazetteer, run: CliRunner
) -> None:
    run.ok("new-trip", "Anywhere")
    code, _out, err = run("add-stop", "Anywhere", "Vík")
    assert code == 1
    assert "nothing was added" in err
    assert "Viikki, Uusimaa, Finland" in err and "Vík í Mýrdal, South, Iceland" in err
    assert "--country CC" in err and "--near LAT,LON" in err and "a more exact name" in err
    assert stop_names(run, "Anywhere") == []


def test_near_biases_and_country_narrows(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "T")
    code, _out, err = run("add-stop", "T", "Paris", "--country", "US")
    assert code == 1
    assert "France" not in err  # --country really narrows
    assert "Paris, Texas, United States" in err and "Paris, Kentucky, United States" in err
    assert "They are all in one country" in err
    assert "Added Paris" in run.ok("add-stop", "T", "Paris", "--country", "US", "--near", "33,-96")
    assert "Added Springfield" in run.ok("add-stop", "T", "Springfield", "--near", "42.36,-71.06")
    stops = run.json("show", "T")["stops"]
    assert [(s["name"], s["country_code"]) for s in stops] == [
        ("Paris", "US"),
        ("Springfield", "US"),
    ]
    assert abs(stops[0]["lat"] - 33.66) < 0.01  # Texas
    assert abs(stops[1]["lon"] + 72.59) < 0.01  # Massachusetts


@pytest.mark.parametrize("near", ["91,0", "0,181", "abc", "1,2,3", "nan,1", ""])
def test_a_bad_near_point_is_refused_clearly(
    ranked_world: Gazetteer, run: CliRunner, near: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run.ok("new-trip", "T")
    with pytest.raises(SystemExit) as exited:
        cli.main(["--db", str(run.db), "add-stop", "T", "Paris", "--near", near])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --near" in err
    reasons = ("out of range", "is not a point", "must be numbers", "finite number")
    assert any(reason in err for reason in reasons)
    assert stop_names(run, "T") == []


def test_the_trip_decides_springfield(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "Midwest")
    run.ok("add-stop", "Midwest", "Chicago")
    assert "Added Springfield" in run.ok("add-stop", "Midwest", "Springfield", "--country", "US")
    assert run.json("show", "Midwest")["stops"][1]["lon"] == pytest.approx(-89.64, abs=0.01)
    # The new stop goes where --at puts it: after Boston it is Massachusetts.
    run.ok("add-stop", "Midwest", "Boston")
    run.ok("add-stop", "Midwest", "Springfield", "--at", "4")
    assert run.json("show", "Midwest")["stops"][3]["lon"] == pytest.approx(-72.59, abs=0.01)


def test_a_typing_mistake_is_suggested_not_added(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "T")
    code, _out, err = run("add-stop", "T", "Reykjavk")
    assert code == 1
    assert "No city is called 'Reykjavk'" in err and "Did you mean" in err
    assert "Reykjavík, Capital Region, Iceland" in err
    assert stop_names(run, "T") == []
    out = run.ok("search", "Reykjavk")
    assert "close to it" in out and "Reykjavík" in out


def test_no_result_suggests_the_online_lookup(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "T")
    code, _out, err = run("add-stop", "T", "Blue Lagoon")
    assert code == 1
    assert 'cityplanner geocode "Blue Lagoon"' in err and "--lat and --lon" in err
    out = run.ok("search", "Blue Lagoon")
    assert "No place matches 'Blue Lagoon'" in out and 'cityplanner geocode "Blue Lagoon"' in out


def test_search_with_the_trip_as_context(ranked_world: Gazetteer, run: CliRunner) -> None:
    run.ok("new-trip", "Iceland loop")
    run.ok("add-stop", "Iceland loop", "Höfn")
    results = run.json("search", "vik", "--trip", "Iceland loop")
    assert results[0]["name"] == "Vík í Mýrdal"
    assert (results[0]["admin1"], results[0]["admin1_code"]) == ("South", "42")
    assert {"name", "admin1", "country_code", "lat", "lon", "matched", "score"} <= set(results[0])
    assert results[0]["distance_km"] < 300
    assert run.json("search", "vik")[0]["name"] == "Viikki"
    near = run.json("search", "Springfield", "--near", "42.36,-71.06")
    assert near[0]["admin1"] == "Massachusetts"
    table = run.ok("search", "vik", "--trip", "Iceland loop", "--limit", "3")
    assert "km away" in table.splitlines()[0]
    assert "South" in table.splitlines()[2]  # the region by name, not "42"
