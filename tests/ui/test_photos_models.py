"""The item models of photos, checked by pytest-qt's model tester, and the strip's keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.photos._preview_model import PreviewModel
from cityplanner.ui.photos._strip import TRIP, UNPLACED, StripFilter
from cityplanner.ui.shell import Settings
from tests.ui.conftest import answer_text_dialogs
from tests.ui.photo_helpers import PreviewSpy, open_window, preview_spy, trip_photos

__all__ = ["preview_spy"]


@pytest.fixture
def window(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
):
    opened = open_window(qtbot, demo_store, settings)
    trip_photos(tmp_path / "camera")
    opened.photos.preview([tmp_path / "camera"])
    return opened


def test_the_photos_model_and_the_strip_filter_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester, window
) -> None:
    qtmodeltester.check(window.doc.photos)
    strip_filter = StripFilter(window.doc)
    for scope in (TRIP, UNPLACED):
        strip_filter.show(scope)
        qtmodeltester.check(strip_filter)
    # A thumbnail arriving changes only its photo's row.
    qtbot.waitUntil(lambda: not window.doc.thumbnails.pending(), timeout=10000)
    assert len(window.doc.photos) == 5 and next(iter(window.doc.photos)).id is not None


def test_the_preview_model_passes_the_model_tester(
    qtmodeltester, window, preview_spy: PreviewSpy
) -> None:
    preview = preview_spy.last.preview
    assert preview is not None
    from cityplanner.ui.photos._places import Names

    model = PreviewModel(preview.candidates, Names(window.doc), window.doc.thumbnails)
    qtmodeltester.check(model)
    assert model.columnCount() == 4 and model.rowCount() == 5


def test_delete_and_f2_work_in_the_strip(
    qtbot: QtBot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    strip = window.photos.strip
    window.activateWindow()
    strip.view.setFocus()
    strip.view.setCurrentIndex(strip.filter.index(0, 0))
    qtbot.waitUntil(strip.view.hasFocus, timeout=3000)
    answer_text_dialogs(monkeypatch, ["Pont Neuf"])
    qtbot.keyClick(strip.view, Qt.Key.Key_F2)
    assert strip.filter.data(strip.view.currentIndex()) == "Pont Neuf"
    before = strip.filter.rowCount()
    qtbot.keyClick(strip.view, Qt.Key.Key_Delete)
    assert strip.filter.rowCount() == before - 1
    assert window.undo_stack.undoText().startswith("Remove 1 photo")
