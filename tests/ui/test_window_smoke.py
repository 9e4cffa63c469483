from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.window import MainWindow


def test_window_shows_the_demo_trip_and_its_totals(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "w.db")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.trips.count() == 1
    assert window.stops.rowCount() == 8
    assert window.stops.item(7, 0).text() == "Yerevan"
    assert "8,638 km" in window.statusBar().currentMessage()
    assert "w.db" in window.windowTitle()
    store.close()
