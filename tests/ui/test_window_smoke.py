from __future__ import annotations

from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def test_window_shows_the_demo_trip_and_its_totals(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.doc.trips.rowCount() == 1
    assert window.doc.stops.rowCount() == 8
    assert window.doc.stops.stop_at(7).place.name == "Yerevan"
    assert "8,638 km" in window.itinerary.totals_label.text()
    assert "demo.db" in window.windowTitle()
