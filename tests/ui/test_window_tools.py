"""Adding stops through city search and online lookup, the map in sync, route optimisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.exc import GeocoderUnavailable
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
)
from pytestqt.qtbot import QtBot

from cityplanner.domain import Theme
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.store import Store
from cityplanner.ui.itinerary import AddSiteDialog
from cityplanner.ui.itinerary import _optimise as optimise
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.geo.conftest import sample_source
from tests.geo.test_geocoder import FakeNominatim
from tests.ui.conftest import type_city


def names(window: MainWindow) -> list[str]:
    return [s.place.name for s in window.doc.stops.stops]


def test_cities_typed_in_any_script_become_stops(
    qtbot: QtBot, empty_store: Store, settings: Settings, gazetteer: Gazetteer
) -> None:
    trip = empty_store.trips.create("Caucasus")
    window = MainWindow(empty_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.places.search.isEnabled, timeout=5000)
    assert window.doc.trip_id == trip.id
    for text in ("Երևան", "reykjavik", "carc"):
        type_city(qtbot, window, text)
    assert names(window) == ["Yerevan", "Reykjavík", "Carcassonne"]
    stops = empty_store.trips.stops(trip.id or 0)
    assert [s.place.country_code for s in stops] == ["AM", "IS", "FR"]
    assert stops[0].place.source_id.startswith("geonames:")
    window.act_undo.trigger()
    assert names(window) == ["Yerevan", "Reykjavík"]


def test_unknown_city_says_what_to_do(
    qtbot: QtBot, demo_store: Store, settings: Settings, gazetteer: Gazetteer
) -> None:
    window = MainWindow(demo_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=5000)
    window.places.search.setText("Atlantis")
    window.places.search.setFocus()
    qtbot.keyClick(window.places.search, Qt.Key.Key_Return)
    assert "No city called “Atlantis”" in window.statusBar().currentMessage()
    assert len(names(window)) == 8


def test_the_city_index_is_built_in_the_background_with_progress(
    qtbot: QtBot, empty_store: Store, settings: Settings, tmp_path: Path
) -> None:
    fresh = Gazetteer.open(tmp_path / "new-index.sqlite", source=sample_source())
    window = MainWindow(empty_store, settings, gazetteer=fresh)
    qtbot.addWidget(window)
    assert not window.places.search.isEnabled()
    # Progress in the status bar, no dialog over the map; the GUI keeps running meanwhile.
    assert window.places.finder.progress_bar in window.statusBar().findChildren(QProgressBar)
    assert not window.findChildren(QProgressDialog)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=30000)
    assert fresh.index_is_current()
    assert window.statusBar().currentMessage() == "City search is ready"
    fresh.close()


def test_address_found_online_is_added_after_the_user_picks_it(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = FakeNominatim()
    geocoder = Geocoder(
        cache_path=tmp_path / "answers.sqlite", service=service, min_delay_seconds=0
    )
    window = MainWindow(demo_store, settings, geocoder=geocoder)
    qtbot.addWidget(window)
    window.itinerary.select_stop_row(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Capitole, Toulouse", True))
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True)
    )
    window.places.act_find_online.trigger()
    assert window.places.busy.isVisibleTo(window)
    qtbot.waitUntil(lambda: len(names(window)) == 9, timeout=5000)
    assert names(window)[1] == "Capitole"
    assert not window.places.busy.isVisibleTo(window)


def test_no_network_gives_a_clear_message_and_changes_nothing(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = FakeNominatim(error=GeocoderUnavailable("no route to host"))
    geocoder = Geocoder(
        cache_path=tmp_path / "answers.sqlite", service=service, min_delay_seconds=0
    )
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Capitole, Toulouse", True))
    window = MainWindow(demo_store, settings, geocoder=geocoder)
    qtbot.addWidget(window)
    window.places.act_find_online.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "network" in errors[0].lower() or "reach" in errors[0].lower()
    assert len(names(window)) == 8


def test_optimise_route_applies_as_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    before = names(window)
    seen: dict[str, str] = {}

    def run_dialog(dialog: optimise.OptimiseDialog) -> int:
        qtbot.waitUntil(lambda: dialog.proposal is not None, timeout=10000)
        seen["summary"] = dialog.summary.text()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(optimise.OptimiseDialog, "exec", run_dialog)
    window.itinerary.act_optimise.trigger()
    after = names(window)
    assert after != before and after[0] == "Toulouse" and sorted(after) == sorted(before)
    assert "shorter" in seen["summary"]
    stored = [s.place.name for s in demo_store.trips.stops(window.doc.trip_id or 0)]
    assert stored == after
    assert float(window.itinerary.totals_label.text().split(" km")[0].replace(",", "")) < 8638
    window.act_undo.trigger()
    assert names(window) == before
    assert "8,638 km" in window.itinerary.totals_label.text()


def test_clicking_a_stop_on_the_map_selects_it_and_map_adds_sites(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    moscow = window.doc.stops.stop_at(6)
    window.map.view.sig_stop_clicked.emit(moscow.id)
    assert window.itinerary.current_stop_row() == 6
    assert window.itinerary.details.stop_editor.heading.text() == "7. Moscow"
    site = window.doc.sites.item_at(2)
    window.map.view.sig_site_clicked.emit(site.id)
    assert window.itinerary.details.site_editor.site == site
    window.map.view.sig_add_site_requested.emit(55.7539, 37.6208)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddSiteDialog)
    qtbot.keyClicks(dialog.name, "Red Square")
    dialog.theme.set_theme(Theme.SHOWCASE)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    added = [
        s for s in demo_store.sites.for_trip(window.doc.trip_id or 0) if s.name == "Red Square"
    ]
    assert len(added) == 1 and added[0].stop_id == moscow.id and not added[0].approximate
