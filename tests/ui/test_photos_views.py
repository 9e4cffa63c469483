"""Photos in the other views: the days, the journal, and the choice made in Preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.days._model import KIND_ROLE, PHOTOS, STOP_ROLE
from cityplanner.ui.journal import _feature as journal_feature
from cityplanner.ui.shell import Settings
from cityplanner.ui.shell._preferences import PreferencesDialog
from tests.ui.photo_helpers import PreviewSpy, open_window, preview_spy, trip_photos

__all__ = ["preview_spy"]


@pytest.fixture
def window_with_photos(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
):
    window = open_window(qtbot, demo_store, settings)
    trip_photos(tmp_path / "camera")
    window.photos.preview([tmp_path / "camera"])
    assert len(window.doc.photos) == 5
    return window


def test_a_day_with_photos_says_how_many(qtbot: QtBot, window_with_photos) -> None:
    window = window_with_photos
    window.days.act_show_days.trigger()
    window.days.later.now()
    model = window.days.model
    lines = {}
    for row in range(model.rowCount()):
        day = model.item(row)
        for child in range(day.rowCount()):
            item = day.child(child)
            if item.data(KIND_ROLE) == PHOTOS:
                lines[row + 1] = (item.text(), item.data(STOP_ROLE))
    toulouse = window.doc.stops.stop_at(0).id
    amsterdam = window.doc.stops.stop_at(4).id
    # Day 2 is 3 Oct (two photos in Toulouse), day 10 is 11 Oct (one in Amsterdam).
    assert lines == {2: ("2 photos", toulouse), 10: ("1 photo", amsterdam)}

    window.undo_stack.undo()
    window.days.later.now()
    assert not any(
        model.item(r).child(c).data(KIND_ROLE) == PHOTOS
        for r in range(model.rowCount())
        for c in range(model.item(r).rowCount())
    )


def test_a_photo_inserted_in_an_entry_is_markdown_at_the_cursor_and_shows_in_the_preview(
    qtbot: QtBot, window_with_photos, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_with_photos
    pane = window.journal.pane
    window.journal.act_show_journal.trigger()
    pane.select_entry(window.doc.journal.item_at(0).id)
    body = pane.body
    body.setPlainText("Before. After.")
    cursor = body.textCursor()
    cursor.setPosition(len("Before. "))
    body.setTextCursor(cursor)
    photo = next(p for p in window.doc.photos if p.file_name == "garonne.jpg")

    def choose(dialog: journal_feature.PhotoChooser) -> int:
        row = window.doc.photos.row_of(photo.id)
        dialog.view.setCurrentIndex(window.doc.photos.index(row))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(journal_feature.PhotoChooser, "exec", choose)
    pane.photo_button.click()
    markdown = f"![garonne.jpg](photo:{photo.sha256})"
    assert body.toPlainText() == f"Before. {markdown}After."
    assert body.textCursor().position() == len(f"Before. {markdown}")
    body.moveCursor(QTextCursor.MoveOperation.End)
    pane.flush()
    assert markdown in window.store.journal.get(pane.entry.id).body

    url = QUrl(f"photo:{photo.sha256}")
    qtbot.waitUntil(lambda: window.doc.thumbnails.image_for(photo) is not None, timeout=10000)
    image = pane.preview.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
    assert image is not None and not image.isNull()
    assert f'src="photo:{photo.sha256}"' in pane.preview.toHtml()


def test_insert_photo_without_photos_says_how_to_add_some(
    qtbot: QtBot, demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_store, settings)
    errors: list[str] = []
    monkeypatch.setattr(window.ctx, "show_error", errors.append)
    window.journal.pane.select_entry(window.doc.journal.item_at(0).id)
    window.journal.pane.photo_button.click()
    assert errors and "Add photos" in errors[0]


def test_preferences_choose_between_referring_and_copying(qtbot: QtBot, settings: Settings) -> None:
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.photos.currentData() is False and not settings.copy_photos()
    dialog.photos.setCurrentIndex(1)
    dialog.accept()
    assert settings.copy_photos()
    again = PreferencesDialog(settings)
    qtbot.addWidget(again)
    assert again.photos.currentData() is True
