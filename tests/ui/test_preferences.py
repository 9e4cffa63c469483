"""Edit → Preferences…: language, distance unit, default travel mode, kept between runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.domain.models import Place
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.store import Store
from cityplanner.ui.shell import Settings
from cityplanner.ui.shell._preferences import PreferencesDialog
from cityplanner.ui.window import MainWindow


def test_preferences_are_stored_and_shown_again(qtbot: QtBot, settings: Settings) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "" and dialog.unit.currentData() == "km"
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert dialog.language_changed  # says the language shows from the next start
    dialog.unit.setCurrentIndex(dialog.unit.findData("mi"))
    dialog.mode.setCurrentIndex(dialog.mode.findData(TravelMode.TRAIN.value))
    dialog.accept()
    assert (settings.language(), settings.distance_unit(), settings.default_mode()) == (
        "fr",
        "mi",
        "train",
    )
    again = PreferencesDialog(settings)
    qtbot.addWidget(again)
    assert again.language.currentData() == "fr" and again.unit.currentData() == "mi"
    assert again.mode.currentData() == "train"


def test_cancel_changes_nothing(qtbot: QtBot, settings: Settings) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData("mi"))
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected and settings.distance_unit() == "km"


def test_a_stored_unit_that_is_not_known_reads_as_km(tmp_path: Path) -> None:
    raw = QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat)
    raw.setValue("preferences/distance-unit", "<furlongs>")
    assert Settings(raw).distance_unit() == "km"


def test_new_stops_are_reached_by_the_default_mode(
    qtbot: QtBot, empty_store: Store, settings: Settings
) -> None:
    settings.set_default_mode(TravelMode.TRAIN.value)
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    trip = empty_store.trips.create("Rail tour")
    window.doc.show_trip(trip.id)
    for name, lat, lon in (("Toulouse", 43.6, 1.44), ("Albi", 43.93, 2.15)):
        window.itinerary.add_place(Place(name=name, country_code="FR", lat=lat, lon=lon))
    first, second = empty_store.trips.stops(trip.id or 0)
    assert first.mode is None and second.mode is TravelMode.TRAIN


def test_miles_show_in_the_itinerary_status_bar_and_days(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    stops = window.doc.stops
    assert stops.headerData(stops.COL_LEG, Qt.Orientation.Horizontal) == "Leg (km)"
    assert stops.index(4, stops.COL_LEG).data() == "1,036"  # Carcassonne → Amsterdam
    assert "8,638 km" in window.itinerary.totals_label.text()

    def choose_miles(dialog: PreferencesDialog) -> int:
        dialog.unit.setCurrentIndex(dialog.unit.findData("mi"))
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(PreferencesDialog, "exec", choose_miles)
    window.app.act_preferences.trigger()
    assert stops.headerData(stops.COL_LEG, Qt.Orientation.Horizontal) == "Leg (mi)"
    assert stops.index(4, stops.COL_LEG).data() == "644"
    assert "5,368 mi" in window.itinerary.totals_label.text()
    window.days.rebuild()
    travel = window.days.model.item(4).child(0).text()  # day 5: Toulouse → Albi
    assert travel.startswith("Toulouse → Albi by train, 42 mi")
    # The next window starts in miles too; a stored km brings kilometres back.
    settings.set_distance_unit("km")
    again = MainWindow(demo_store, settings)
    qtbot.addWidget(again)
    assert "8,638 km" in again.itinerary.totals_label.text()
