"""`cityplanner export TRIP cityplanner`, `cityplanner import FILE.cptrip` and `show --json`."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityplanner.store import Store
from tests.cli.runner import CliRunner


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(tmp_path / "home.db", capsys)  # a new file: the demo trip, trip 1


@pytest.fixture
def friend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    path = tmp_path / "friend.db"
    Store.open(path, seed_demo=False).close()
    return CliRunner(path, capsys)


def test_export_then_import_then_a_newer_copy_updates_the_trip(
    home: CliRunner, friend: CliRunner, tmp_path: Path
) -> None:
    sent = tmp_path / "tour.cptrip"
    assert "as CityPlanner trip file" in home.ok("export", "1", "cityplanner", "-o", str(sent))
    dry = friend.ok("import", str(sent), "--dry-run")
    assert "Adds a new trip: Smart city tour 2017" in dry and "Dry run" in dry
    assert friend.json("trips") == []
    assert "Imported trip 1: Smart city tour 2017" in friend.ok("import", str(sent))

    friend.ok("add-site", "1", "2", "Water lab", "--theme", "water")
    newer = tmp_path / "newer.cptrip"
    friend.ok("export", "1", "cityplanner", "-o", str(newer))
    dry = home.ok("import", str(newer), "--dry-run")
    assert "Updates trip 1" in dry and "+ site Water lab" in dry
    assert len(home.json("show", "1")["sites"]) == 11
    out = home.ok("import", str(newer))
    assert "Updated trip 1: Smart city tour 2017 (1 site added)" in out
    assert len(home.json("trips")) == 1
    sites = home.json("show", "1")["sites"]
    assert {"name": "Water lab", "stop": 2, "theme": "water", "status": "planned"}.items() <= next(
        s for s in sites if s["name"] == "Water lab"
    ).items()
    assert "already up to date" in home.ok("import", str(newer))


def test_conflicts_are_refused_with_their_list_unless_a_side_is_taken(
    home: CliRunner, friend: CliRunner, tmp_path: Path
) -> None:
    sent = tmp_path / "tour.cptrip"
    home.ok("export", "1", "cityplanner", "-o", str(sent))
    friend.ok("import", str(sent))
    friend.ok("move-stop", "1", "2", "3")
    home.ok("move-stop", "1", "2", "4")
    back = tmp_path / "back.cptrip"
    friend.ok("export", "1", "cityplanner", "-o", str(back))
    before = [s["name"] for s in home.json("show", "1")["stops"]]

    code, out, err = home("import", str(back))
    assert code == 1
    assert "1 conflict" in out and "Order of the stops" in out
    assert "Nothing was changed" in err and "--take mine" in err
    assert [s["name"] for s in home.json("show", "1")["stops"]] == before

    home.ok("import", str(back), "--take", "theirs")
    theirs = [s["name"] for s in friend.json("show", "1")["stops"]]
    assert [s["name"] for s in home.json("show", "1")["stops"]] == theirs


def test_trip_file_errors_are_one_line_and_place_options_are_refused(
    home: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.cptrip"
    bad.write_text("not a zip")
    code, _, err = home("import", str(bad))
    assert code != 0 and "is not a CityPlanner trip file" in err and "Traceback" not in err
    good = tmp_path / "good.cptrip"
    home.ok("export", "1", "cityplanner", "-o", str(good))
    code, _, err = home("import", str(good), "--trip", "1")
    assert code != 0 and "brings its own trip" in err
    code, _, err = home("import", str(tmp_path / "missing.gpx"), "--take", "mine")
    assert code != 0 and "--take applies to CityPlanner trip files" in err


def test_show_json_gives_the_description_sites_and_journal(home: CliRunner) -> None:
    shown = home.json("show", "1")
    assert shown["description"].startswith("An autumn 2017 study tour")
    first = shown["sites"][0]
    assert set(first) == {"name", "stop", "theme", "status", "lat", "lon"}
    assert first["stop"] == 1 and first["theme"] == "connected-city"
    assert shown["journal"] == [
        {"date": "2017-10-05", "title": "Four days inside Toulouse's smart-city programme"}
    ]


def test_a_second_export_never_sent_leaves_local_edits_alone(
    home: CliRunner, friend: CliRunner, tmp_path: Path
) -> None:
    p1, p2, q1 = (tmp_path / f"{n}.cptrip" for n in ("p1", "p2", "q1"))
    home.ok("export", "1", "cityplanner", "-o", str(p1))
    friend.ok("import", str(p1))
    home.ok("edit-stop", "1", "3", "--nights", "6")
    home.ok("export", "1", "cityplanner", "-o", str(p2))  # never sent
    friend.ok("edit-stop", "1", "2", "--name", "Albi (Tarn)")
    friend.ok("export", "1", "cityplanner", "-o", str(q1))
    dry = home.ok("import", str(q1), "--dry-run")
    assert "~ stop Albi (Tarn): name" in dry
    assert "Arles" not in dry and "conflict" not in dry
    home.ok("import", str(q1))
    stops = home.json("show", "1")["stops"]
    assert (stops[1]["name"], stops[2]["name"], stops[2]["nights"]) == ("Albi (Tarn)", "Arles", 6)


def test_stops_kept_against_their_removal_keep_their_costs(
    home: CliRunner, friend: CliRunner, tmp_path: Path
) -> None:
    sent, d1 = tmp_path / "sent.cptrip", tmp_path / "d1.cptrip"
    home.ok("export", "1", "cityplanner", "-o", str(sent))
    friend.ok("import", str(sent))
    friend.ok("remove-stop", "1", "4")  # Carcassonne
    friend.ok("remove-stop", "1", "4")  # Amsterdam
    friend.ok("export", "1", "cityplanner", "-o", str(d1))
    home.ok("edit-stop", "1", "4", "--name", "Carcassonne (Cité)")
    home.ok("add-site", "1", "5", "NEMO", "--theme", "museum")
    before = home.json("costs", "1")["costs"]
    out = home.ok("import", str(d1), "--take", "mine")
    assert "cost" not in out
    assert home.json("costs", "1")["costs"] == before
    costs = {c["note"]: c for c in before}
    assert costs["Hotel below the Cité, 1 night"]["stop"] == 4
    assert costs["Cassoulet dinner"]["stop"] == 4 and costs["Canal cruise"]["stop"] == 5
