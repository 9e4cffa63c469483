"""The stats and optimize commands, run as a user would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_json(db: Path, *args: str) -> Any:
    result = run(db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A new file, which receives the demo trip (trip 1) when first opened."""
    path = tmp_path / "trips.db"
    assert run(path, "trips").returncode == 0
    return path


def test_stats_agree_with_show(db: Path) -> None:
    stats = run_json(db, "stats", "smart city tour 2017")
    shown = run_json(db, "show", "1")
    assert stats["km"] == pytest.approx(shown["totals"]["km"], abs=0.01)
    assert stats["nights"] == shown["totals"]["nights"] == 20
    assert stats["country_count"] == shown["totals"]["countries"] == 5
    assert stats["days"] == 21
    assert set(stats["by_mode"]) == {"train", "car", "plane"}
    assert len(stats["border_crossings"]) == 4
    assert stats["clock_shift_hours"] == 2
    assert "DESNZ" in stats["co2e_source"]


def test_stats_as_text(db: Path) -> None:
    result = run(db, "stats", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Smart city tour 2017" in out and "Days: 21" in out
    assert "FR → NL" in out and "Reykjavík" in out and "-2 h" in out
    assert "plane" in out and "kg CO2e" in out and "DESNZ" in out


def test_optimize_proposes_a_shorter_order_and_apply_saves_it(db: Path) -> None:
    before = run_json(db, "show", "1")
    proposal = run_json(db, "optimize", "1")
    assert proposal["changed"] and not proposal["applied"]
    assert proposal["proposed_km"] < proposal["current_km"]
    assert proposal["current_km"] == pytest.approx(before["totals"]["km"], abs=0.01)
    assert proposal["proposed"][0]["name"] == "Toulouse"
    assert run_json(db, "show", "1") == before  # nothing written without --apply

    text = run(db, "optimize", "1")
    assert "km shorter" in text.stdout and "optimize 1 --apply" in text.stdout

    applied = run(db, "optimize", "1", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "Saved the proposed order" in applied.stdout
    after = run_json(db, "show", "1")
    assert [s["id"] for s in after["stops"]] == [s["id"] for s in proposal["proposed"]]
    assert after["totals"]["km"] == pytest.approx(proposal["proposed_km"], abs=0.01)

    again = run(db, "optimize", "1")
    assert "already the shortest" in again.stdout


def test_optimize_round_trip_and_keep_end(db: Path) -> None:
    home = run_json(db, "optimize", "1", "--round-trip")
    assert home["round_trip"] and home["proposed_km"] < home["current_km"]
    kept = run_json(db, "optimize", "1", "--keep-end")
    assert kept["proposed"][-1]["name"] == "Yerevan"
    both = run(db, "optimize", "1", "--round-trip", "--keep-end")
    assert both.returncode == 1
    assert both.stderr.count("\n") == 1 and "round trip" in both.stderr


def test_commands_on_short_trips_and_unknown_trips(db: Path) -> None:
    assert run(db, "new-trip", "Empty").returncode == 0
    assert "No stops yet" in run(db, "stats", "Empty").stdout
    assert run_json(db, "stats", "Empty")["km"] == 0
    assert "fewer than three stops" in run(db, "optimize", "Empty").stdout
    assert run(db, "add-stop", "Empty", "Lyon", "--lat", "45.76", "--lon", "4.83").returncode == 0
    assert run(db, "add-stop", "Empty", "Lyon", "--lat", "45.76", "--lon", "4.83").returncode == 0
    applied = run_json(db, "optimize", "Empty", "--apply")
    assert not applied["changed"] and not applied["applied"]
    missing = run(db, "stats", "no such trip")
    assert missing.returncode == 1 and "No trip is called" in missing.stderr
