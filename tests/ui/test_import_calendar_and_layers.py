"""The import preview of a calendar (places not found listed) and of a My Maps file (its
layers as trips or sites), imported and undone from the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.exchange import _dialogs as exchange_dialogs
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.formats.test_my_maps import EMPTY, HOTELS, MUSEUMS, ROUTE, my_maps_kmz

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nX-WR-CALNAME:Iceland\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Hotel Borg\r\n"
    "LOCATION:Hotel Borg\\, Pósthússtræti 11\\, 101 Reykjavík\\, Iceland\r\n"
    "DTSTART;VALUE=DATE:20250305\r\nDTEND;VALUE=DATE:20250308\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Lunch at the lagoon\r\nLOCATION:Bláa lónið\r\n"
    "DTSTART:20250306T120000\r\nDTEND:20250306T140000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:Flight home\r\nDTSTART:20250308T130000Z\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)

Step = Callable[[exchange_dialogs.ImportDialog], None]


def wait_for_plan(qtbot: QtBot, dialog: exchange_dialogs.ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=20000)
    qtbot.waitUntil(
        lambda: dialog.plan is not None or "Nothing was imported" in dialog.status.text(),
        timeout=20000,
    )


@pytest.fixture
def person(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[Step]:
    """What the person does in the preview before pressing Import (steps to fill in)."""
    steps: list[Step] = []

    def run(dialog: exchange_dialogs.ImportDialog) -> int:
        wait_for_plan(qtbot, dialog)
        for step in steps:
            step(dialog)
        ok = dialog.ok_button.isEnabled()
        return (QDialog.DialogCode.Accepted if ok else QDialog.DialogCode.Rejected).value

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "exec", run)
    return steps


def test_a_calendar_is_previewed_with_the_places_not_found_then_imported_and_undone(
    qtbot: QtBot,
    empty_store: Store,
    settings: Settings,
    gazetteer: Gazetteer,
    person: list[Step],
    tmp_path: Path,
) -> None:
    window = MainWindow(empty_store, settings, gazetteer=gazetteer)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.places.search.isEnabled, timeout=10000)
    seen: list[str] = []
    person.append(lambda dialog: seen.append(dialog.summary.toPlainText()))
    person.append(lambda dialog: seen.append(str(dialog.layers_box.isVisibleTo(dialog))))
    path = tmp_path / "iceland.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    window.exchange.import_file(path)
    summary = seen[0]
    assert "iceland.ics (iCalendar) into a new trip “iceland”" in summary
    assert "Not found, so not imported (1)" in summary
    assert "- Lunch at the lagoon (Bláa lónið)" in summary
    assert "1 event without a LOCATION or GEO left out" in summary
    assert seen[1] == "False"  # a calendar has no layers to choose for
    (trip,) = empty_store.trips.list()
    assert trip.id is not None
    (stop,) = empty_store.trips.stops(trip.id)
    assert stop.name == "Reykjavík" and stop.nights == 3 and str(stop.arrival) == "2025-03-05"
    window.act_undo.trigger()
    assert empty_store.trips.list() == []


def test_my_maps_layers_become_trips_in_one_undo_step(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    person: list[Step],
    tmp_path: Path,
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    before = [t.name for t in demo_store.trips.list()]
    states: list[tuple[bool, bool]] = []

    def choose_trips(dialog: exchange_dialogs.ImportDialog) -> None:
        assert dialog.layers_box.isVisibleTo(dialog)
        assert "4 layers: “Day 1”, “Hotels”, “Museums”, “Ideas”" in dialog.layer_names.text()
        dialog.into_current.setChecked(True)
        dialog.layers_as.setCurrentIndex(dialog.layers_as.findData("trips"))
        wait_for_plan(qtbot, dialog)
        qtbot.waitUntil(lambda: "into 3 trips" in dialog.summary.toPlainText(), timeout=20000)
        states.append((dialog.into_current.isEnabled(), dialog.new_trip.isChecked()))

    person.append(choose_trips)
    path = tmp_path / "Iceland 2025.kmz"
    path.write_bytes(my_maps_kmz(ROUTE, HOTELS, MUSEUMS, EMPTY))
    window.exchange.import_file(path)
    assert states == [(False, True)]  # layers as trips go into new trips only
    names = [t.name for t in demo_store.trips.list()]
    assert names == [*before, "Iceland 2025 – Day 1", "Iceland 2025 – Hotels",
                     "Iceland 2025 – Museums"]  # fmt: skip
    assert window.doc.trips.rowCount() == len(before) + 3
    window.act_undo.trigger()
    assert [t.name for t in demo_store.trips.list()] == before
    assert window.doc.trips.rowCount() == len(before)
    window.act_redo.trigger()
    assert len(demo_store.trips.list()) == len(before) + 3


def test_a_calendar_dropped_on_the_window_is_offered_for_import(tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QUrl

    from cityplanner.ui.exchange._feature import dropped_file

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "bookings.ics"))])
    assert dropped_file(mime) == tmp_path / "bookings.ics"
    assert ".ics" in exchange_dialogs.IMPORT_FILTER
