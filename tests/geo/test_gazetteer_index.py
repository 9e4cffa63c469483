"""Building, versioning and replacing the gazetteer index file."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer import Gazetteer, GazetteerUnavailableError, default_index_path
from cityplanner.geo.gazetteer_build import CitySource


def test_default_index_is_in_the_cache_dir_from_the_environment(_private_cache_dir: Path) -> None:
    assert default_index_path() == _private_cache_dir / "gazetteer.sqlite"


def test_ensure_index_builds_once_and_reports_progress(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    steps: list[tuple[float, str]] = []
    gazetteer = Gazetteer.open(tmp_path / "g.sqlite", source=sample_source())
    assert not gazetteer.index_is_current()
    assert gazetteer.ensure_index(progress=lambda f, s: steps.append((f, s))) is True
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(stage for _, stage in steps)
    assert gazetteer.ensure_index() is False
    assert gazetteer.search("tou")[0].name == "Toulouse"
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_new_data_version_triggers_a_rebuild(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    path = tmp_path / "g.sqlite"
    Gazetteer.open(path, source=sample_source("sample 1")).ensure_index()
    newer = Gazetteer.open(path, source=sample_source("sample 2"))
    assert not newer.index_is_current()
    assert newer.ensure_index() is True
    assert newer.index_is_current()


def test_another_index_format_is_rebuilt_not_read(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    path = tmp_path / "g.sqlite"
    Gazetteer.open(path, source=sample_source()).ensure_index()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    gazetteer = Gazetteer.open(path, source=sample_source())
    assert not gazetteer.index_is_current()
    with pytest.raises(GazetteerUnavailableError, match="rebuilt"):
        gazetteer.search("tou")
    assert gazetteer.ensure_index() is True
    assert gazetteer.search("tou")[0].name == "Toulouse"


def test_damaged_index_file_is_rebuilt(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    gazetteer = Gazetteer.open(path, source=sample_source())
    assert not gazetteer.index_is_current()
    assert gazetteer.ensure_index() is True
    assert gazetteer.search("carc")[0].name == "Carcassonne"


def test_cancelled_build_keeps_the_previous_index(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    path = tmp_path / "g.sqlite"
    Gazetteer.open(path, source=sample_source("sample 1")).ensure_index()
    before = path.read_bytes()

    def cancel(fraction: float, stage: str) -> None:
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Gazetteer.open(path, source=sample_source("sample 2")).ensure_index(progress=cancel)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_open_gazetteer_sees_a_rebuilt_index(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    path = tmp_path / "g.sqlite"
    gazetteer = Gazetteer.open(path, source=sample_source())
    gazetteer.ensure_index()
    assert gazetteer.search("Paris")[0].name == "Paris"
    gazetteer.rebuild()
    assert gazetteer.search("Paris")[0].name == "Paris"
    gazetteer.close()


def test_leftovers_of_a_killed_build_are_removed(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    dead = tmp_path / "g.sqlite.building-999999999"
    dead.write_bytes(b"half an index")
    Gazetteer.open(tmp_path / "g.sqlite", source=sample_source()).ensure_index()
    assert not dead.exists()


def test_unwritable_cache_folder_is_a_clear_error(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    gazetteer = Gazetteer.open(blocker / "g.sqlite", source=sample_source())
    with pytest.raises(GazetteerUnavailableError, match="Cannot write"):
        gazetteer.ensure_index()


@pytest.mark.parametrize(
    "content", ["", "[1, 2]", '{"1": {"geonameid": 1, "name": "A"', '{"1": {"name": "x"}}']
)
def test_damaged_city_data_is_a_clear_error(tmp_path: Path, content: str) -> None:
    data = tmp_path / "cities.json"
    data.write_text(content, encoding="utf-8")
    source = CitySource(data, {}, "broken")
    with pytest.raises(CityPlannerError):
        Gazetteer.open(tmp_path / "g.sqlite", source=source).ensure_index()
    assert not (tmp_path / "g.sqlite").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cities.json"]


def test_a_bad_record_is_skipped(tmp_path: Path) -> None:
    data = tmp_path / "cities.json"
    data.write_text(
        '{"1": {"geonameid": 1, "name": "Goodtown", "latitude": 1, "longitude": 2,'
        ' "countrycode": "FR", "population": 900, "timezone": "Europe/Paris",'
        ' "admin1code": "76", "alternatenames": []},'
        ' "2": {"geonameid": 2, "name": "Nowhere", "latitude": "north"}}',
        encoding="utf-8",
    )
    gazetteer = Gazetteer.open(tmp_path / "g.sqlite", source=CitySource(data, {}, "one"))
    gazetteer.ensure_index()
    assert gazetteer.place_count() == 1
    assert gazetteer.search("good")[0].name == "Goodtown"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_cache_folder_is_a_clear_error(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:  # pragma: no cover
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(GazetteerUnavailableError):
        Gazetteer.open(folder / "g.sqlite", source=sample_source()).ensure_index()


def test_searching_threads_carry_on_through_a_rebuild(
    tmp_path: Path, sample_source: Callable[..., CitySource]
) -> None:
    import threading

    gazetteer = Gazetteer.open(tmp_path / "g.sqlite", source=sample_source())
    gazetteer.ensure_index()
    stop = threading.Event()
    seen: list[str] = []
    errors: list[BaseException] = []

    def type_ahead() -> None:
        try:
            while not stop.is_set():
                seen.append(gazetteer.search("tou")[0].name)
                assert gazetteer.nearest(43.61, 1.45) is not None
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=type_ahead) for _ in range(2)]
    for worker in workers:
        worker.start()
    for _ in range(3):
        gazetteer.rebuild()
    stop.set()
    for worker in workers:
        worker.join()
    gazetteer.close()
    assert not errors
    assert seen and set(seen) == {"Toulouse"}
