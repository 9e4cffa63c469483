"""What a person waits for at start, and in which order: the window first, then its map,
then what the first picture does without (the city index check, the reference rates),
which still runs, with its errors shown as before. Timings are in benchmarks/startup.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.maps.folium_page import folium_page
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import map_payload
from cityplanner.store import Store
from cityplanner.ui import main as launcher
from cityplanner.ui.main import StartupTrace, WindowManager
from cityplanner.ui.map import FirstPicture
from cityplanner.ui.map._controller import MapController
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "trip.db"
    Store.open(path).close()  # with the demo trip
    return path


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happened, in order: the deferred start is noted as it begins."""
    events: list[str] = []
    original = MainWindow.start_deferred

    def start_deferred(window: MainWindow) -> None:
        events.append("deferred start")
        original(window)

    monkeypatch.setattr(MainWindow, "start_deferred", start_deferred)
    return events


def open_window(qtbot: QtBot, manager: WindowManager, path: Path) -> MainWindow:
    assert manager.open(path)
    window = manager.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def test_the_window_is_painted_first_then_its_map_then_the_deferred_start_runs(
    qtbot: QtBot, settings: Settings, trip_file: Path, gazetteer: Gazetteer, started: list[str]
) -> None:
    manager = WindowManager(settings, gazetteer=lambda: gazetteer, geocoder=lambda: None)
    window = open_window(qtbot, manager, trip_file)
    FirstPicture(window).sig_painted.connect(lambda: started.append("painted"))
    window.map.view.sig_drawn.connect(lambda: started.append("map drawn"))
    # Shown, and nothing deferred has run: city search is getting ready, no rates are read.
    assert window.isVisible() and started == []
    assert not window.places.search.isEnabled()
    assert not window.ctx.runner.busy("reference-rates")
    assert window.map.view.url().isEmpty()  # the map waits for the window's first picture
    qtbot.waitUntil(lambda: "deferred start" in started, timeout=30_000)
    assert started == ["painted", "map drawn", "deferred start"]
    # What was deferred has run: the city index was checked, the rates are read.
    assert window.places.search.isEnabled()
    qtbot.waitUntil(lambda: window.budget._rates_loaded, timeout=10_000)
    assert "Total" in window.budget.totals.text()
    window.close()
    assert manager.store is not None
    manager.store.close()


class _UnreadableIndex(Gazetteer):
    def index_is_current(self) -> bool:
        raise CityPlannerError("The offline city index cannot be read.")


def test_the_deferred_start_runs_even_when_the_map_never_draws_and_its_errors_are_shown(
    qtbot: QtBot,
    settings: Settings,
    trip_file: Path,
    tmp_path: Path,
    started: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(launcher, "DEFERRED_START_LATEST_MS", 300)
    monkeypatch.setattr(MapController, "_on_first_picture", lambda self: None)  # no map
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    broken = _UnreadableIndex(tmp_path / "index.sqlite")
    manager = WindowManager(settings, gazetteer=lambda: broken, geocoder=lambda: None)
    window = open_window(qtbot, manager, trip_file)
    assert warnings == []
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert started == ["deferred start"]
    assert warnings == ["The offline city index cannot be read."]
    assert not window.map.view.is_drawn
    window.close()
    assert manager.store is not None
    manager.store.close()


def test_a_file_named_at_start_is_imported_after_the_deferred_start(
    qtbot: QtBot, settings: Settings, trip_file: Path, gazetteer: Gazetteer, started: list[str]
) -> None:
    manager = WindowManager(settings, gazetteer=lambda: gazetteer, geocoder=lambda: None)
    window = open_window(qtbot, manager, trip_file)
    imported: list[Path] = []

    def import_file(path: Path) -> None:
        started.append("import")
        imported.append(path)
        # By now the city index is ready for the import's places.
        assert window.places.gazetteer_if_ready() is gazetteer

    window.exchange.import_file = import_file  # type: ignore[method-assign]
    manager.import_when_shown(Path("walk.gpx"))
    assert imported == []
    qtbot.waitUntil(lambda: bool(imported), timeout=30_000)
    assert started == ["deferred start", "import"] and imported == [Path("walk.gpx")]
    window.close()
    assert manager.store is not None
    manager.store.close()


def test_a_window_made_directly_starts_everything_at_once(
    qtbot: QtBot, demo_store: Store, settings: Settings, gazetteer: Gazetteer
) -> None:
    window = MainWindow(demo_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    assert window.places.search.isEnabled()
    assert window.ctx.runner.busy("reference-rates") or window.budget._rates_loaded
    assert "Total" in window.budget.totals.text()


def test_the_map_loads_once_the_window_is_painted(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    qtbot.wait(400)  # longer than edits are gathered for: still no page, nobody sees it
    assert window.map.view.url().isEmpty() and not window.ctx.runner.busy("map")
    window.show()
    qtbot.waitUntil(lambda: window.map.view.is_drawn, timeout=30_000)


def test_the_startup_trace_notes_each_moment_once(tmp_path: Path) -> None:
    path = tmp_path / "trace.log"
    trace = StartupTrace(path)
    trace.note("window-shown")
    trace.note("window-shown")
    trace.note("map-painted")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["event"] for line in lines] == ["window-shown", "map-painted"]
    assert lines[0]["monotonic"] <= lines[1]["monotonic"]
    assert all(line["process_s"] is None or line["process_s"] > 0 for line in lines)


def private_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITYPLANNER_", "XDG_"))}
    for name in ("config", "data", "cache", "logs", "backups"):
        (tmp_path / name).mkdir()
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        CITYPLANNER_CACHE_DIR=str(tmp_path / "cache"),
        CITYPLANNER_LOG_DIR=str(tmp_path / "logs"),
        CITYPLANNER_BACKUP_DIR=str(tmp_path / "backups"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.mark.slow
def test_the_launched_app_writes_its_start_moments_and_quits_when_asked(
    tmp_path: Path, trip_file: Path
) -> None:
    trace = tmp_path / "startup.log"
    env = private_environment(tmp_path)
    env.update(CITYPLANNER_STARTUP_LOG=str(trace), CITYPLANNER_QUIT_AFTER_START="1")
    result = subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(trip_file)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    moments = {}
    for line in trace.read_text().splitlines():
        item = json.loads(line)
        moments[item["event"]] = item["monotonic"]
    assert set(moments) == {"window-shown", "map-drawn", "map-painted", "deferred-done"}
    assert moments["window-shown"] < moments["map-drawn"] <= moments["map-painted"]
    assert moments["map-drawn"] < moments["deferred-done"]


def test_starting_the_window_does_not_import_folium() -> None:
    code = (
        "import sys\n"
        "from cityplanner.ui.launch import prepare_qt_environment\n"
        "prepare_qt_environment()\n"
        "import cityplanner.app, cityplanner.ui.main, cityplanner.ui.window\n"
        "from cityplanner.maps.page import build_page\n"
        "from cityplanner.maps.payload import map_payload\n"
        "from cityplanner.domain.models import Trip\n"
        "build_page(map_payload(Trip(name='T'), [], []))\n"
        "print(sorted(m for m in ('folium', 'branca', 'jinja2') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_window_page_is_the_page_folium_lays_out(demo_store: Store) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    payload = map_payload(trip, demo_store.trips.stops(trip.id), demo_store.sites.for_trip(trip.id))
    for bridge in (None, "qwebchannel.js"):
        ours = build_page(payload, assets=AssetMode.LINKED, bridge_script=bridge)
        theirs = folium_page(payload, assets=AssetMode.LINKED, bridge_script=bridge)
        assert _layout(ours) == _layout(theirs)


def _layout(page: str) -> str:
    """The page with folium's random map name and all white space taken out."""
    return re.sub(r"\s+", "", re.sub(r"map_[0-9a-f]{32}", "map_", page))
