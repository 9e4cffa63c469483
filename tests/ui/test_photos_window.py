"""Photos in the window: added after a preview, dropped on it, one undo step per change."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.formats.thumbnails import cached_thumbnail
from cityplanner.store import Store
from cityplanner.ui.photos import _feature, _places
from cityplanner.ui.photos._preview_model import PreviewModel
from cityplanner.ui.shell import Settings, _thumbnails
from tests.formats.photo_images import make_photo
from tests.ui.conftest import answer_text_dialogs
from tests.ui.photo_helpers import PreviewSpy, open_window, preview_spy, trip_photos, where

__all__ = ["preview_spy"]


def test_photos_added_through_the_preview_land_on_their_stops_in_one_undo_step(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_store, settings)
    trip_photos(tmp_path / "camera")
    window.photos.preview([tmp_path / "camera"])
    dialog = preview_spy.last
    assert "5 photos to add" in dialog.status.text()
    assert "1 without a place" in dialog.status.text()
    model = dialog.model
    assert model is not None
    names = [model.data(model.index(r, PreviewModel.COL_PHOTO)) for r in range(model.rowCount())]
    undated = names.index("undated.jpg")
    assert model.is_unplaced(undated)
    assert model.data(model.index(undated, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(names.index("capitole.jpg"), 1)) == "3 Oct 2017 11:00"

    assert where(window) == {
        "capitole.jpg": "Toulouse",
        "garonne.jpg": "Toulouse",
        "canal.jpg": "Amsterdam",
        "arena.png": "Arles",
        "undated.jpg": None,
    }
    assert len(window.doc.photos) == 5
    added = {p.id for p in demo_store.photos.for_trip(window.doc.trip_id or 0)}
    assert window.undo_stack.undoText() == "Add 5 photos"

    window.act_undo.trigger()
    assert demo_store.photos.for_trip(window.doc.trip_id or 0) == []
    assert len(window.doc.photos) == 0
    window.act_redo.trigger()
    assert {p.id for p in demo_store.photos.for_trip(window.doc.trip_id or 0)} == added
    assert where(window)["canal.jpg"] == "Amsterdam"


def test_a_photo_without_a_place_is_placed_by_hand_in_the_preview(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_store, settings)
    make_photo(tmp_path / "undated.jpg")
    make_photo(tmp_path / "capitole.jpg", taken="2017:10:03 11:00:00", colour="red")

    def choose_albi(dialog: object) -> None:
        assert preview_spy.last.model is not None
        model = preview_spy.last.model
        row = next(r for r in range(model.rowCount()) if model.is_unplaced(r))
        combo = preview_spy.last.table.indexWidget(model.index(row, PreviewModel.COL_WHERE))
        assert isinstance(combo, QComboBox)  # the unplaced row offers the stops at once
        combo.setCurrentIndex(combo.findText("2. Albi"))
        combo.activated.emit(combo.currentIndex())
        assert not model.is_unplaced(row)
        assert "1 by hand" in preview_spy.last.status.text()
        # A placed row can be re-assigned too: the capitole photo goes to Arles.
        other = 1 - row
        model.setData(model.index(other, PreviewModel.COL_WHERE), (stop_id("Arles"), None))

    def stop_id(name: str) -> int | None:
        return next(s.id for s in window.doc.stops.stops if s.place.name == name)

    preview_spy.before_ok = choose_albi
    window.photos.preview([tmp_path / "undated.jpg", tmp_path / "capitole.jpg"])
    assert where(window) == {"undated.jpg": "Albi", "capitole.jpg": "Arles"}
    photos = demo_store.photos.for_trip(window.doc.trip_id or 0)
    assert {p.placed_by for p in photos} == {PlacedBy.HAND}


def test_a_refused_file_is_listed_and_the_others_are_added(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_store, settings)
    folder = tmp_path / "camera"
    make_photo(folder / "good.jpg", taken="2017:10:03 11:00:00")
    (folder / "broken.jpg").write_bytes(b"this is no JPEG")
    (folder / "notes.txt").write_text("not a photo")
    window.photos.preview([folder])
    left_out = preview_spy.last.left_out
    assert left_out.isVisibleTo(preview_spy.last)
    assert "broken.jpg" in left_out.toPlainText()
    assert "1 not a photo file" in left_out.toPlainText()
    assert "1 not a valid image" in left_out.toPlainText()
    assert where(window) == {"good.jpg": "Toulouse"}


def test_cancel_adds_nothing(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_store, settings)
    trip_photos(tmp_path)
    preview_spy.answer = QDialog.DialogCode.Rejected
    window.photos.preview([tmp_path])
    assert where(window) == {} and not window.undo_stack.canUndo()


def test_image_files_dropped_on_the_window_open_the_preview(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_store, settings)
    photos = trip_photos(tmp_path / "camera")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photos["capitole"])), QUrl.fromLocalFile(str(tmp_path))])
    enter = QDragEnterEvent(
        QPointF(10, 10).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: bool(preview_spy.dialogs), timeout=5000)
    # The file and the folder holding it are one photo; the others of the folder are added too.
    assert len(where(window)) == 5

    text = QMimeData()
    text.setText("just words")
    refused = QDragEnterEvent(
        QPointF(10, 10).toPoint(),
        Qt.DropAction.CopyAction,
        text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(refused)
    assert not refused.isAccepted()


def test_the_strip_shows_the_selected_stop_and_thumbnails_come_without_blocking(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    _add(demo_store, trip.id, tmp_path)
    gate = threading.Event()
    real_make = _thumbnails._make

    def slow_make(*args: object) -> object:
        gate.wait(10)
        return real_make(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_thumbnails, "_make", slow_make)
    window = open_window(qtbot, demo_store, settings)
    strip = window.photos.strip
    assert strip.filter.rowCount() == 2  # Toulouse's two photos, the first stop selected
    assert "Photos (2)" in strip.title.text()
    photo = strip.filter.photo(strip.filter.index(0, 0))
    strip.view.grab()  # the first paint, while no thumbnail exists yet
    assert cached_thumbnail(photo.sha256) is None
    assert window.doc.thumbnails.icon_for(photo) is None
    assert window.doc.thumbnails.pending() > 0
    gate.set()
    qtbot.waitUntil(lambda: window.doc.thumbnails.icon_for(photo) is not None, timeout=10000)
    assert cached_thumbnail(photo.sha256) is not None

    window.itinerary.select_stop_row(4)  # Amsterdam
    assert strip.filter.rowCount() == 1 and strip.scope.currentText() == "Amsterdam"
    strip.scope.setCurrentIndex(strip.scope.findData("unplaced"))
    assert [strip.filter.photo(strip.filter.index(0, 0)).file_name] == ["undated.jpg"]
    strip.scope.setCurrentIndex(strip.scope.findData("trip"))
    assert strip.filter.rowCount() == 5


def test_caption_and_removal_are_one_undo_step_each_and_the_file_stays(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    _add(demo_store, trip.id, tmp_path)
    window = open_window(qtbot, demo_store, settings)
    strip, photos = window.photos.strip, window.photos
    strip.view.setCurrentIndex(strip.filter.index(0, 0))
    photo = strip.current_photo()
    assert photo is not None and photo.id is not None
    refusals = answer_text_dialogs(monkeypatch, ["x" * 201, " Place du Capitole "])
    photos.act_caption.trigger()
    assert refusals and "too long" in refusals[0]  # refused, the dialog stayed open
    assert demo_store.photos.get(photo.id).caption == "Place du Capitole"
    assert strip.filter.data(strip.view.currentIndex()) == "Place du Capitole"
    window.act_undo.trigger()
    assert demo_store.photos.get(photo.id).caption == ""

    strip.view.setFocus()
    strip.view.setCurrentIndex(strip.filter.index(0, 0))
    photos.act_remove.trigger()
    assert strip.filter.rowCount() == 1
    assert photo.id not in {p.id for p in demo_store.photos.for_trip(trip.id)}
    assert Path(photo.path).is_file()  # only the record went
    window.act_undo.trigger()
    assert demo_store.photos.get(photo.id).path == photo.path
    assert strip.filter.rowCount() == 2


def test_photos_moved_to_another_stop_in_one_step(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    _add(demo_store, trip.id, tmp_path)
    window = open_window(qtbot, demo_store, settings)
    strip = window.photos.strip
    strip.view.selectAll()

    def choose(dialog: _places.MoveDialog) -> int:
        dialog.combo.setCurrentIndex(dialog.combo.findText("3. Arles"))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(_places.MoveDialog, "exec", choose)
    window.photos.act_move.trigger()
    assert where(window)["capitole.jpg"] == "Arles" and where(window)["garonne.jpg"] == "Arles"
    assert strip.filter.rowCount() == 0  # they left Toulouse
    window.act_undo.trigger()
    assert where(window)["capitole.jpg"] == "Toulouse"
    assert strip.filter.rowCount() == 2


def test_removing_a_stop_then_undoing_keeps_its_photos_placed(
    qtbot: QtBot, demo_store: Store, settings: Settings, tmp_path: Path
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    _add(demo_store, trip.id, tmp_path)
    window = open_window(qtbot, demo_store, settings)
    before = {p.id: p for p in demo_store.photos.for_trip(trip.id)}
    window.itinerary.select_stop_row(0)
    window.itinerary.remove_selected_stop()
    assert where(window)["garonne.jpg"] is None
    window.act_undo.trigger()
    assert {p.id: p for p in demo_store.photos.for_trip(trip.id)} == before
    assert len(window.doc.photos) == 5

    from cityplanner.ui.itinerary._commands import DeleteTripCommand

    window.ctx.push(DeleteTripCommand(window.doc, trip.id))
    assert demo_store.photos.for_trip(trip.id) == []
    window.act_undo.trigger()
    assert {p.id: p for p in demo_store.photos.for_trip(trip.id)} == before


def test_a_moved_original_is_flagged_then_found_again_by_its_content(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    photo = _add(demo_store, trip.id, tmp_path)["garonne.jpg"]
    moved = tmp_path / "elsewhere" / "deep"
    moved.mkdir(parents=True)
    shutil.move(photo.path, moved / "renamed.jpg")
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: reports.append(args[2]))
    window = open_window(qtbot, demo_store, settings)
    strip = window.photos.strip
    qtbot.waitUntil(lambda: strip.missing_button.isVisibleTo(strip), timeout=10000)
    assert strip.missing_button.text() == "1 missing…"
    row = next(
        r
        for r in range(strip.filter.rowCount())
        if strip.filter.photo(strip.filter.index(r, 0)).id == photo.id
    )
    tip = strip.filter.data(strip.filter.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "no longer at" in tip

    window.photos.relinking.search(tmp_path / "elsewhere")
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)
    assert "Found 1 photo again" in reports[0]
    assert demo_store.photos.get(photo.id or 0).path == str(moved / "renamed.jpg")
    qtbot.waitUntil(lambda: not strip.missing_button.isVisibleTo(strip), timeout=10000)
    window.act_undo.trigger()
    assert demo_store.photos.get(photo.id or 0).path == photo.path


def test_copies_are_made_beside_the_database_when_preferences_say_so(
    qtbot: QtBot, demo_store: Store, settings: Settings, preview_spy: PreviewSpy, tmp_path: Path
) -> None:
    settings.set_copy_photos(True)
    window = open_window(qtbot, demo_store, settings)
    make_photo(tmp_path / "camera" / "capitole.jpg", taken="2017:10:03 11:00:00")
    window.photos.preview([tmp_path / "camera"])
    assert "copied into" in preview_spy.last.note.text()
    (photo,) = demo_store.photos.for_trip(window.doc.trip_id or 0)
    folder = demo_store.photos.copies_folder
    assert photo.copied and folder is not None and Path(photo.path).parent == folder
    assert photo.file_name == "capitole.jpg"


def test_opening_a_photo_asks_the_system_viewer(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    _add(demo_store, trip.id, tmp_path)
    opened: list[QUrl] = []
    monkeypatch.setattr(_feature.QDesktopServices, "openUrl", lambda url: opened.append(url))
    window = open_window(qtbot, demo_store, settings)
    strip = window.photos.strip
    strip.view.setCurrentIndex(strip.filter.index(0, 0))
    strip.view.activated.emit(strip.view.currentIndex())
    window.photos.act_open_folder.trigger()
    photo = strip.current_photo()
    assert photo is not None
    assert [u.toLocalFile() for u in opened] == [photo.path, str(Path(photo.path).parent)]


def _add(store: Store, trip_id: int, folder: Path) -> dict[str, Photo]:
    """The demo trip's photos, added as the preview would place them."""
    from cityplanner.formats.photo_import import preview_photos, trip_view

    trip_photos(folder / "camera")
    view = trip_view(
        store.trips.get(trip_id).start, store.trips.stops(trip_id), store.sites.for_trip(trip_id)
    )
    preview = preview_photos([folder / "camera"], view)
    added = store.photos.add_many(trip_id, preview.photos(trip_id))
    return {p.file_name: p for p in added}


def test_removing_a_site_or_an_entry_then_undoing_puts_their_photos_back(
    qtbot: QtBot, demo_store: Store, settings: Settings, tmp_path: Path
) -> None:
    trip = demo_store.trips.list()[0]
    assert trip.id is not None
    added = _add(demo_store, trip.id, tmp_path)
    photo = next(iter(added.values()))
    site = demo_store.sites.for_trip(trip.id)[0]
    entry = demo_store.journal.for_trip(trip.id)[0]
    demo_store.photos.place(photo.id or 0, site_id=site.id)
    other = list(added.values())[1]
    demo_store.photos.place(other.id or 0, journal_id=entry.id)
    window = open_window(qtbot, demo_store, settings)
    before = {p.id: p for p in demo_store.photos.for_trip(trip.id)}

    from cityplanner.ui.itinerary._commands import RemoveSiteCommand
    from cityplanner.ui.journal._commands import RemoveEntryCommand

    window.ctx.push(RemoveSiteCommand(window.doc, trip.id, site.id or 0))
    assert demo_store.photos.get(photo.id or 0).site_id is None
    window.act_undo.trigger()
    assert demo_store.photos.get(photo.id or 0).site_id == site.id
    window.ctx.push(RemoveEntryCommand(window.doc, entry.id or 0))
    assert demo_store.photos.get(other.id or 0).journal_id is None
    window.act_undo.trigger()
    assert {p.id: p for p in demo_store.photos.for_trip(trip.id)} == before
    assert window.doc.photos.by_sha(other.sha256) is not None
