"""City search in the window: the trip decides between namesakes, a search that finds no
city says so and offers the online lookup, and the first-start index shows its progress
in the status bar with no dialog over the map."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
)
from pytestqt.qtbot import QtBot

from cityplanner.domain.models import Stop
from cityplanner.geo.gazetteer import Gazetteer, GazetteerUnavailableError, ProgressCallback
from cityplanner.store import Store
from cityplanner.ui.places import PlacesFeature
from cityplanner.ui.shell import Settings, WindowContext
from cityplanner.ui.window import MainWindow
from tests.geo.conftest import sample_source
from tests.geo.test_gazetteer_ranking import ranking_source
from tests.ui.conftest import type_city


@pytest.fixture(scope="module")
def ranked_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real records of the issue's places (Vík í Mýrdal, Viikki, the Viks of Norway…)."""
    path = tmp_path_factory.mktemp("ranked-gazetteer") / "gazetteer.sqlite"
    with Gazetteer.open(path, source=ranking_source()) as built:
        built.rebuild()
    return path


@pytest.fixture
def ranked(ranked_index: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(ranked_index, source=ranking_source()) as opened:
        yield opened


def plan(store: Store, gazetteer: Gazetteer, name: str, *cities: str) -> int:
    """A trip through these cities, made in the file before the window opens."""
    trip = store.trips.create(name)
    assert trip.id is not None
    for city in cities:
        store.trips.add_stop(trip.id, Stop(place=gazetteer.search(city, limit=1)[0].to_place()))
    return trip.id


def open_window(
    qtbot: QtBot, store: Store, settings: Settings, gazetteer: Gazetteer, trip_id: int | None
) -> MainWindow:
    window = MainWindow(store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    if trip_id is not None:
        window.select_trip(trip_id)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=5000)
    return window


def names(window: MainWindow) -> list[str]:
    return [s.place.name for s in window.doc.stops.stops]


def test_vik_and_enter_in_an_iceland_trip_adds_vik_i_myrdal(
    qtbot: QtBot, empty_store: Store, settings: Settings, ranked: Gazetteer
) -> None:
    trip = plan(empty_store, ranked, "Iceland loop", "Reykjavík", "Akureyri", "Höfn")
    window = open_window(qtbot, empty_store, settings, ranked, trip)
    field = window.places.search
    qtbot.keyClicks(field, "vik")
    qtbot.waitUntil(lambda: bool(field.matches), timeout=3000)
    assert field.matches[0].label == "Vík í Mýrdal, South, Iceland"
    assert [m.name for m in field.matches].index("Viikki") > 0
    field.clear()
    type_city(qtbot, window, "vik")
    # The new stop goes after the selected one, the first.
    assert names(window) == ["Reykjavík", "Vík í Mýrdal", "Akureyri", "Höfn"]
    added = empty_store.trips.stops(trip)[1].place
    assert (added.country_code, added.admin1) == ("IS", "South")  # a region name, not "42"


def test_vik_in_a_norway_trip_adds_a_norwegian_vik(
    qtbot: QtBot, empty_store: Store, settings: Settings, ranked: Gazetteer
) -> None:
    trip = plan(empty_store, ranked, "Fjords", "Oslo", "Bergen")
    window = open_window(qtbot, empty_store, settings, ranked, trip)
    type_city(qtbot, window, "vik")
    added = empty_store.trips.stops(trip)[1].place
    assert (added.name, added.country_code, added.admin1) == ("Vik", "NO", "Vestland")


def test_the_selected_stop_decides_between_namesakes(
    qtbot: QtBot, empty_store: Store, settings: Settings, ranked: Gazetteer
) -> None:
    trip = plan(empty_store, ranked, "Coast to coast", "Chicago", "Boston")
    host = QMainWindow()
    qtbot.addWidget(host)
    ctx = WindowContext(empty_store, settings, host)
    ctx.doc.show_trip(trip)
    selected: list[Stop | None] = [ctx.doc.stops.stop_at(0)]
    feature = PlacesFeature(ctx, ranked, None, current_stop=lambda: selected[0])
    feature.start()
    qtbot.waitUntil(feature.search.isEnabled, timeout=5000)

    def first_springfield() -> str:
        return ranked.search("Springfield", context=feature.search_context())[0].region

    assert first_springfield() == "Illinois"  # after Chicago
    selected[0] = ctx.doc.stops.stop_at(1)
    assert first_springfield() == "Massachusetts"  # after Boston
    selected[0] = None
    assert first_springfield() == "Massachusetts"  # no selection: the end, after Boston
    ctx.doc.show_trip(None)
    assert feature.search_context() is None


def test_no_city_found_says_so_next_to_the_field_and_offers_address_online(
    qtbot: QtBot,
    empty_store: Store,
    settings: Settings,
    ranked: Gazetteer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = plan(empty_store, ranked, "Iceland loop", "Reykjavík")
    window = open_window(qtbot, empty_store, settings, ranked, trip)
    field, hint = window.places.search, window.places.hint
    assert not hint.isVisible()
    qtbot.keyClicks(field, "Blue Lagoon")
    qtbot.waitUntil(hint.isVisible, timeout=3000)
    assert "No city called “Blue Lagoon”" in hint.text()
    assert "Address online…" in hint.text()
    asked: list[str] = []

    def get_text(*_args: object, text: str = "", **_kwargs: object) -> tuple[str, bool]:
        asked.append(text)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    hint.linkActivated.emit("online")
    assert asked == ["Blue Lagoon"]  # the lookup online starts from what was typed
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "No city called “Blue Lagoon”" in window.statusBar().currentMessage()
    assert names(window) == ["Reykjavík"]
    field.selectAll()
    qtbot.keyClicks(field, "Akur")
    qtbot.waitUntil(lambda: not hint.isVisible(), timeout=3000)


def test_a_typing_mistake_lists_similar_names(
    qtbot: QtBot, empty_store: Store, settings: Settings, ranked: Gazetteer
) -> None:
    trip = plan(empty_store, ranked, "Iceland loop", "Akureyri")
    window = open_window(qtbot, empty_store, settings, ranked, trip)
    field, hint = window.places.search, window.places.hint
    qtbot.keyClicks(field, "Reykjavk")
    qtbot.waitUntil(hint.isVisible, timeout=3000)
    assert "similar names" in hint.text()
    assert field.matches[0].name == "Reykjavík" and field.matches[0].similar
    field.clear()
    type_city(qtbot, window, "Reykjavk")
    assert names(window) == ["Akureyri", "Reykjavík"]
    assert not hint.isVisible()


def test_regions_are_shown_by_name(
    qtbot: QtBot, empty_store: Store, settings: Settings, ranked: Gazetteer
) -> None:
    trip = plan(empty_store, ranked, "Occitanie")
    window = open_window(qtbot, empty_store, settings, ranked, trip)
    field = window.places.search
    qtbot.keyClicks(field, "tou")
    qtbot.waitUntil(lambda: bool(field.matches), timeout=3000)
    assert field.matches[0].label == "Toulouse, Occitanie, France"
    assert all(not m.region.isdigit() for m in field.matches)


class SlowGazetteer(Gazetteer):
    """A gazetteer whose first build stops part-way until the test lets it go on."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, source=sample_source())
        self.go_on = threading.Event()

    def ensure_index(self, progress: ProgressCallback | None = None) -> bool:
        report: Callable[[float, str], None] = progress or (lambda _f, _s: None)
        report(0.4, "Reading the cities")
        self.go_on.wait(20)
        return super().ensure_index(progress)


def test_the_first_start_index_shows_its_progress_in_the_status_bar(
    qtbot: QtBot, empty_store: Store, settings: Settings, tmp_path: Path
) -> None:
    slow = SlowGazetteer(tmp_path / "new-index.sqlite")
    window = MainWindow(empty_store, settings, gazetteer=slow)
    qtbot.addWidget(window)
    window.show()
    try:
        bar = window.places.finder.progress_bar
        qtbot.waitUntil(lambda: bar.value() >= 400, timeout=5000)
        assert bar.isVisibleTo(window)
        assert bar in window.statusBar().findChildren(QProgressBar)
        assert "Preparing city search" in window.statusBar().currentMessage()
        field = window.places.search
        assert not field.isEnabled()
        assert "being prepared" in field.placeholderText()
        # Nothing covers the map: no progress dialog, no other top-level window.
        assert not window.findChildren(QProgressDialog)
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    finally:
        slow.go_on.set()
    qtbot.waitUntil(window.places.search.isEnabled, timeout=30000)
    assert window.statusBar().currentMessage() == "City search is ready"
    assert not bar.isVisibleTo(window)
    assert "Add a city" in window.places.search.placeholderText()
    assert slow.index_is_current()
    slow.close()


class BrokenGazetteer(Gazetteer):
    """A gazetteer whose index cannot be built (a full disk, a read-only cache)."""

    def ensure_index(self, progress: ProgressCallback | None = None) -> bool:
        if progress is not None:
            progress(0.1, "Reading the cities")
        raise GazetteerUnavailableError("Cannot write the city index: no space left on device.")


def test_an_index_that_cannot_be_built_leaves_search_off_and_says_why(
    qtbot: QtBot,
    empty_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    broken = BrokenGazetteer(tmp_path / "index.sqlite", source=sample_source())
    window = MainWindow(empty_store, settings, gazetteer=broken)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "no space left" in errors[0]
    field = window.places.search
    assert not field.isEnabled() and "off until the next start" in field.placeholderText()
    assert not window.places.finder.progress_bar.isVisibleTo(window)


def test_a_real_first_build_ends_with_city_search_ready(
    qtbot: QtBot, empty_store: Store, settings: Settings, tmp_path: Path
) -> None:
    fresh = Gazetteer.open(tmp_path / "new-index.sqlite", source=sample_source())
    window = MainWindow(empty_store, settings, gazetteer=fresh)
    qtbot.addWidget(window)
    assert not window.places.search.isEnabled()
    # The progress is in the status bar; no dialog covers the map.
    assert window.places.finder.progress_bar in window.statusBar().findChildren(QProgressBar)
    assert not window.findChildren(QProgressDialog)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=30000)
    assert fresh.index_is_current()
    assert window.statusBar().currentMessage() == "City search is ready"
    fresh.close()
