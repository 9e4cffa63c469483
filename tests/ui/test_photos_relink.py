"""Finding moved photos runs on a worker: what the person does meanwhile is kept."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.domain.photos import Photo
from cityplanner.store import Store
from cityplanner.store import photos as photos_module
from cityplanner.ui.photos._commands import CaptionPhotoCommand, RemovePhotosCommand
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.ui.photo_helpers import open_window
from tests.ui.test_photos_window import _add


class Search:
    """A folder search held inside its walk until the test lets it go on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered, self.gate = threading.Event(), threading.Event()
        walk = photos_module._walk

        def held(folder: Path) -> Iterator[Path]:
            self.entered.set()
            self.gate.wait(10)
            yield from walk(folder)

        monkeypatch.setattr(photos_module, "_walk", held)


def moved_photo(store: Store, tmp_path: Path) -> tuple[int, Photo, Path]:
    trip = store.trips.list()[0]
    assert trip.id is not None
    photo = _add(store, trip.id, tmp_path)["garonne.jpg"]
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.move(photo.path, folder / "renamed.jpg")
    return trip.id, photo, folder


def finish(qtbot: QtBot, window: MainWindow, search: Search) -> None:
    search.gate.set()
    qtbot.waitUntil(lambda: window.photos.relinking.last_report is not None, timeout=10000)


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(str(a[2])))
    return warnings


def test_a_caption_typed_during_the_search_is_kept(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: list[str],
) -> None:
    _trip, photo, folder = moved_photo(demo_store, tmp_path)
    search = Search(monkeypatch)
    window = open_window(qtbot, demo_store, settings)
    window.photos.relinking.search(folder)
    assert search.entered.wait(10)
    current = demo_store.photos.get(photo.id or 0)
    assert window.ctx.push(CaptionPhotoCommand(window.doc, current, "Sunset on the Garonne"))
    finish(qtbot, window, search)
    after = demo_store.photos.get(photo.id or 0)
    assert after.caption == "Sunset on the Garonne"
    assert Path(after.path) == folder / "renamed.jpg"
    window.undo_stack.undo()  # the relink: the caption stays, the path goes back
    assert demo_store.photos.get(photo.id or 0).caption == "Sunset on the Garonne"
    assert Path(demo_store.photos.get(photo.id or 0).path) == Path(photo.path)


def test_a_photo_removed_during_the_search_stays_removed(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: list[str],
) -> None:
    trip_id, photo, folder = moved_photo(demo_store, tmp_path)
    search = Search(monkeypatch)
    window = open_window(qtbot, demo_store, settings)
    window.photos.relinking.search(folder)
    assert search.entered.wait(10)
    assert window.ctx.push(RemovePhotosCommand(window.doc, trip_id, [photo.id or 0]))
    finish(qtbot, window, search)
    assert photo.id not in {p.id for p in demo_store.photos.for_trip(trip_id)}
    assert not quiet


def test_a_stop_removed_during_the_search_gives_no_error(
    qtbot: QtBot,
    demo_store: Store,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet: list[str],
) -> None:
    _trip, photo, folder = moved_photo(demo_store, tmp_path)
    search = Search(monkeypatch)
    window = open_window(qtbot, demo_store, settings)
    window.photos.relinking.search(folder)
    assert search.entered.wait(10)
    window.itinerary.select_stop_row(0)
    window.itinerary.remove_selected_stop()
    finish(qtbot, window, search)
    assert not quiet
    after = demo_store.photos.get(photo.id or 0)
    assert after.stop_id is None and Path(after.path) == folder / "renamed.jpg"
