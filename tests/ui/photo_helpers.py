"""Photos in the window tests: the demo trip's photos made with EXIF, and the preview accepted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.photos import _preview
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.formats.photo_images import make_photo

# The demo trip: Toulouse 2–6 Oct 2017, Albi 6–7, Arles 7–9, Carcassonne 9–10, Amsterdam 10–13…
TOULOUSE = (43.60426, 1.44367)
ARLES = (43.67681, 4.63031)


def open_window(qtbot: QtBot, store: Store, settings: Settings) -> MainWindow:
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def trip_photos(folder: Path) -> dict[str, Path]:
    """Photos of the demo trip: two in Toulouse, one in Amsterdam, one in Arles, one undated."""
    return {
        "capitole": make_photo(folder / "capitole.jpg", taken="2017:10:03 11:00:00"),
        "garonne": make_photo(
            folder / "garonne.jpg", taken="2017:10:03 18:30:00", where=TOULOUSE, colour="red"
        ),
        "canal": make_photo(
            folder / "canal.jpg", taken="2017:10:11 15:00:00", offset="+02:00", colour="green"
        ),
        "arena": make_photo(folder / "arena.png", where=ARLES, colour="orange"),
        "undated": make_photo(folder / "undated.jpg", colour="purple"),
    }


class PreviewSpy:
    """Answers the preview as a person would: waits for it to be read, then OK or Cancel."""

    def __init__(self) -> None:
        self.dialogs: list[_preview.PreviewDialog] = []
        self.before_ok: Callable[[_preview.PreviewDialog], None] | None = None
        self.answer = QDialog.DialogCode.Accepted

    @property
    def last(self) -> _preview.PreviewDialog:
        return self.dialogs[-1]


@pytest.fixture
def preview_spy(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> PreviewSpy:
    spy = PreviewSpy()

    def run(dialog: _preview.PreviewDialog) -> int:
        spy.dialogs.append(dialog)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
        if spy.before_ok is not None:
            spy.before_ok(dialog)
        if spy.answer == QDialog.DialogCode.Accepted and dialog.ok_button.isEnabled():
            dialog.setResult(QDialog.DialogCode.Accepted.value)
            return QDialog.DialogCode.Accepted.value
        dialog.reject()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(_preview.PreviewDialog, "exec", run)
    return spy


def stop_names(window: MainWindow) -> dict[int | None, str]:
    return {s.id: s.place.name for s in window.doc.stops.stops}


def where(window: MainWindow) -> dict[str, str | None]:
    """Each stored photo's file name → the name of its stop (None when not placed)."""
    names = stop_names(window)
    trip_id = window.doc.trip_id or 0
    return {
        p.file_name: names.get(p.stop_id) if p.stop_id else None
        for p in window.store.photos.for_trip(trip_id)
    }
