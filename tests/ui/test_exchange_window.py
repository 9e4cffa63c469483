"""Import with a preview, undo of an import, export from the window, files dropped on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import gpxpy
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.exchange import _dialogs as exchange_dialogs
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def accept_import(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> list[exchange_dialogs.ImportDialog]:
    """The person reads the preview, then presses Import (or finds it disabled)."""
    seen: list[exchange_dialogs.ImportDialog] = []

    def run(dialog: exchange_dialogs.ImportDialog) -> int:
        seen.append(dialog)
        qtbot.waitUntil(
            lambda: not dialog.progress.isVisible() and dialog.status.text() != "", timeout=20000
        )
        qtbot.waitUntil(
            lambda: dialog.plan is not None or "Nothing was imported" in dialog.status.text(),
            timeout=20000,
        )
        if dialog.ok_button.isEnabled():
            return QDialog.DialogCode.Accepted.value
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "exec", run)
    return seen


def test_import_into_a_new_trip_then_undo(
    qtbot: QtBot, demo_store: Store, settings: Settings, accept_import: list, tmp_path: Path
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    path = tmp_path / "wpt.gpx"
    shutil.copy(DATA / "wpt.gpx", path)
    window.exchange.import_file(path)
    dialog = accept_import[0]
    assert " stops" in dialog.summary.toPlainText()
    trips = demo_store.trips.list()
    assert len(trips) == 2 and window.doc.trip_id == trips[-1].id
    assert window.doc.stops.rowCount() > 0
    window.act_undo.trigger()
    assert len(demo_store.trips.list()) == 1


def test_import_into_the_current_trip_and_undo_removes_only_what_came_in(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    accept_import: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    trip_id = window.doc.trip_id or 0
    before = [s.id for s in demo_store.trips.stops(trip_id)]
    sites_before = len(demo_store.sites.for_trip(trip_id))
    original_init = exchange_dialogs.ImportDialog.__init__

    def into_current(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        self.into_current.setChecked(True)

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "__init__", into_current)
    window.exchange.import_file(DATA / "simpledata.kml")
    after = demo_store.trips.stops(trip_id)
    added = len(after) - len(before) + len(demo_store.sites.for_trip(trip_id)) - sites_before
    assert added > 0
    window.act_undo.trigger()
    assert [s.id for s in demo_store.trips.stops(trip_id)] == before
    assert len(demo_store.sites.for_trip(trip_id)) == sites_before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.kml", '<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaa">]><kml>&a;</kml>'),
        ("broken.gpx", "<gpx><wpt lat='1' lon='2'>"),
        ("empty.csv", ""),
    ],
)
def test_bad_files_are_explained_and_change_nothing(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    accept_import: list,
    tmp_path: Path,
    name: str,
    content: str,
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    window.exchange.import_file(path)
    dialog = accept_import[0]
    assert "Nothing was imported" in dialog.status.text()
    assert not dialog.ok_button.isEnabled()
    assert len(demo_store.trips.list()) == 1
    assert window.undo_stack.count() == 0


def test_a_file_dropped_on_the_window_is_imported(
    qtbot: QtBot, demo_store: Store, settings: Settings, accept_import: list
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "wpt.gpx"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(demo_store.trips.list()) == 2, timeout=20000)
    text = QMimeData()
    text.setUrls([QUrl.fromLocalFile("/etc/hostname")])
    refused = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(refused)
    assert not refused.isAccepted()


def test_export_from_the_window_is_read_back(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    target = tmp_path / "tour.gpx"

    def choose_gpx(dialog: exchange_dialogs.ExportDialog) -> int:
        dialog.format.setCurrentIndex(dialog.format.findData("gpx"))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(exchange_dialogs.ExportDialog, "exec", choose_gpx)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.exchange.act_export.trigger()
    gpx = gpxpy.parse(target.read_text(encoding="utf-8"))
    names = [p.name for p in gpx.routes[0].points]
    assert names[0] == "Toulouse" and names[-1] == "Yerevan"


def test_undoing_an_import_of_dated_stops_gives_the_trip_back_its_dates(
    qtbot: QtBot,
    empty_store: Store,
    settings: Settings,
    accept_import: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    from cityplanner.formats.registry import export_to_file
    from tests.store.conftest import make_stop

    # A dated trip, exported: its GeoJSON carries the arrivals.
    dated = empty_store.trips.create("Dated", start=date(2025, 6, 10)).id or 0
    empty_store.trips.add_stop(dated, make_stop("C", 47.0, 5.0).with_changes(nights=1))
    source = export_to_file(empty_store, dated, "geojson", tmp_path / "dated.geojson")
    # An undated trip to import it into.
    undated = empty_store.trips.create("Undated").id or 0
    for name, lat in (("A", 45.0), ("B", 46.0)):
        empty_store.trips.add_stop(undated, make_stop(name, lat, 5.0).with_changes(nights=2))
    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    window.select_trip(undated)
    original_init = exchange_dialogs.ImportDialog.__init__

    def into_current(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        self.into_current.setChecked(True)

    monkeypatch.setattr(exchange_dialogs.ImportDialog, "__init__", into_current)
    window.exchange.import_file(source)
    assert empty_store.trips.get(undated).start is not None  # the import's dates adopted
    window.act_undo.trigger()
    assert empty_store.trips.get(undated).start is None
    assert [s.arrival for s in empty_store.trips.stops(undated)] == [None, None]
    assert [s.arrival for s in window.doc.stops.stops] == [None, None]
