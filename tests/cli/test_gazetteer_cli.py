"""`search`, `nearest`, `geocode` and `add-stop CITY` on the command line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cityplanner import cli
from cityplanner.geo import geocoder as geocoder_module
from cityplanner.geo.geocoder import GeocodingError
from cityplanner.geo.names import fold
from cityplanner.geo.paths import CACHE_DIR_ENV_VAR

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def run(cache: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CACHE_DIR_ENV_VAR: str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "trips.db"


def stops(cache: Path, db: Path, trip: str) -> list[dict[str, Any]]:
    shown = run(cache, db, "show", trip, "--json")
    assert shown.returncode == 0, shown.stderr
    result: list[dict[str, Any]] = json.loads(shown.stdout)["stops"]
    return result


def test_search_prints_a_table(cache_with_full_index: Path, db: Path) -> None:
    done = run(cache_with_full_index, db, "search", "carc", "--limit", "3")
    assert done.returncode == 0, done.stderr
    assert "Carcassonne" in done.stdout
    assert "Europe/Paris" in done.stdout
    assert "Building" not in done.stderr


def test_search_json_with_country(cache_with_full_index: Path, db: Path) -> None:
    done = run(cache_with_full_index, db, "search", "Arles", "--country", "FR", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results[0]["name"] == "Arles"
    assert {r["country_code"] for r in results} == {"FR"}
    assert {"lat", "lon", "population", "timezone", "admin1"} <= set(results[0])


def test_search_any_text(cache_with_full_index: Path, db: Path) -> None:
    done = run(cache_with_full_index, db, "search", '" NEAR OR -:^*')
    assert done.returncode == 0, done.stderr
    assert "No place matches" in done.stdout


def test_search_unknown_country(cache_with_full_index: Path, db: Path) -> None:
    done = run(cache_with_full_index, db, "search", "Paris", "--country", "Atlantis")
    assert done.returncode == 1
    assert "not a country" in done.stderr


def test_nearest(cache_with_full_index: Path, db: Path) -> None:
    done = run(cache_with_full_index, db, "nearest", "43.61", "1.45", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Toulouse"


def test_add_stop_resolves_the_city_offline(cache_with_full_index: Path, db: Path) -> None:
    assert run(cache_with_full_index, db, "new-trip", "Occitanie").returncode == 0
    done = run(cache_with_full_index, db, "add-stop", "Occitanie", "carcassonne", "--nights", "2")
    assert done.returncode == 0, done.stderr
    assert "Added Carcassonne" in done.stdout
    [stop] = stops(cache_with_full_index, db, "Occitanie")
    assert stop["name"] == "Carcassonne" and stop["country_code"] == "FR"
    assert abs(stop["lat"] - 43.2165) < 0.01 and abs(stop["lon"] - 2.3486) < 0.01


def test_add_stop_with_close_matches_lists_them_and_adds_nothing(
    cache_with_full_index: Path, db: Path
) -> None:
    assert run(cache_with_full_index, db, "new-trip", "USA").returncode == 0
    done = run(cache_with_full_index, db, "add-stop", "USA", "Springfield")
    assert done.returncode == 1
    assert "nothing was added" in done.stderr
    assert "Illinois" in done.stderr and "Missouri" in done.stderr
    assert stops(cache_with_full_index, db, "USA") == []
    done = run(cache_with_full_index, db, "add-stop", "USA", "Springfield IL")
    assert done.returncode == 0, done.stderr
    assert len(stops(cache_with_full_index, db, "USA")) == 1


def test_add_stop_coordinates_still_win(cache_with_full_index: Path, db: Path) -> None:
    assert run(cache_with_full_index, db, "new-trip", "T").returncode == 0
    done = run(
        cache_with_full_index, db, "add-stop", "T", "Springfield", "--lat", "1", "--lon", "2"
    )
    assert done.returncode == 0, done.stderr
    [stop] = stops(cache_with_full_index, db, "T")
    assert (stop["lat"], stop["lon"]) == (1.0, 2.0)
    done = run(cache_with_full_index, db, "add-stop", "T", "Arles", "--lat", "1")
    assert done.returncode == 1 and "both --lat and --lon" in done.stderr


def test_add_stop_unknown_city(cache_with_full_index: Path, db: Path) -> None:
    assert run(cache_with_full_index, db, "new-trip", "T").returncode == 0
    done = run(cache_with_full_index, db, "add-stop", "T", "Qwxzqq")
    assert done.returncode == 1
    assert "--lat and --lon" in done.stderr
    assert stops(cache_with_full_index, db, "T") == []


def test_geocode_answers_from_its_cache(cache_with_full_index: Path, db: Path) -> None:
    # A cached answer: the command must not need the network for it.
    cache_file = cache_with_full_index / geocoder_module.CACHE_FILE_NAME
    conn = sqlite3.connect(cache_file)
    conn.execute("CREATE TABLE answers (query TEXT PRIMARY KEY, results TEXT, fetched REAL)")
    answer = [
        {"name": "Capitole", "address": "Capitole, Toulouse, France", "lat": 43.6044,
         "lon": 1.4442, "country_code": "FR", "kind": "townhall", "osm_id": "way/1"}
    ]  # fmt: skip
    key = json.dumps([fold("Capitole, Toulouse"), 5, ""], ensure_ascii=False)
    conn.execute("INSERT INTO answers VALUES (?, ?, 0)", (key, json.dumps(answer)))
    conn.commit()
    conn.close()
    done = run(cache_with_full_index, db, "geocode", "Capitole, Toulouse", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["name"] == "Capitole"


class OfflineGeocoder:
    def geocode(self, query: str, *, limit: int = 5) -> list[Any]:
        raise GeocodingError("Cannot reach OpenStreetMap's geocoder: there seems to be no network.")


def test_geocode_offline_falls_back_to_the_gazetteer(
    cache_with_full_index: Path,
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("cityplanner.cli.gazetteer.Geocoder", OfflineGeocoder)
    status = cli.main(["--db", str(db), "geocode", "Capitole, Toulouse", "--json"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "no network" in err
    assert json.loads(out)[0]["name"] == "Toulouse"
    status = cli.main(["--db", str(db), "geocode", "Qwxzqq Qwxzqq"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "no network" in err


def test_issue_13_on_the_whole_data_set(cache_with_full_index: Path, db: Path) -> None:
    cache = cache_with_full_index
    assert run(cache, db, "new-trip", "Iceland loop").returncode == 0
    for city in ("Reykjavík", "Akureyri"):
        assert run(cache, db, "add-stop", "Iceland loop", city).returncode == 0
    done = run(cache, db, "add-stop", "Iceland loop", "Vík")
    assert done.returncode == 0, done.stderr
    assert "Added Vík í Mýrdal" in done.stdout
    assert run(cache, db, "new-trip", "USA").returncode == 0
    refused = run(cache, db, "add-stop", "USA", "Springfield", "--country", "US")
    assert refused.returncode == 1
    assert "Illinois" in refused.stderr and "--near LAT,LON" in refused.stderr
    done = run(
        cache, db, "add-stop", "USA", "Springfield", "--country", "US", "--near", "41.9,-87.6"
    )
    assert done.returncode == 0, done.stderr
    [stop] = stops(cache, db, "USA")
    assert abs(stop["lon"] + 89.64) < 0.01  # Springfield, Illinois
    found = json.loads(run(cache, db, "search", "tou", "--json", "--limit", "1").stdout)
    assert (found[0]["name"], found[0]["admin1"]) == ("Toulouse", "Occitanie")
