"""Thumbnails of photos for the window: made in the background, kept in memory, cached on disk.

`icon_for(photo)` answers at once with the icon in memory, or None while a worker reads the
thumbnail from the disk cache or makes it (`cityplanner.formats.thumbnails`); `sig_ready`
then says it can be asked again. The photos asked for last are served first, so the ones on
screen come before the ones scrolled past. Workers get paths and return paths: the small
JPEG is read into an icon on the GUI thread, which takes about a millisecond.

The cache also learns, as it works, whether each photo's file is still where its record
says (`is_missing`); `check_files` asks for a whole trip at once.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from cityplanner.domain.photos import Photo, PhotoRefusedError
from cityplanner.ui.shell._workers import TaskRunner

log = logging.getLogger(__name__)

#: The longest side of the icons kept in memory, in logical pixels (a strip shows them at 96).
ICON_SIZE = 96
#: How many icons are kept in memory; older ones are read again from the disk cache.
MEMORY_ICONS = 1500
MISSING_COLOUR = "#c62828"


def _threads() -> int:
    """Thumbnails are made on their own pool (so that 200 of them never hold up other work),
    a thread a core up to four: Pillow lets go of the GIL while it decodes, so the window
    keeps its turn (the longest wait measured was 30 ms, two threads on two cores)."""
    return max(1, min(4, os.cpu_count() or 1))


def _make(source: str, sha256: str, folder: Path | None) -> tuple[bool, str | None, str]:
    """(whether the original is there, the thumbnail's path or None, why not). In a worker."""
    from cityplanner.formats.thumbnails import cached_thumbnail, make_thumbnail, thumbnail_dir

    target = folder or thumbnail_dir()
    exists = os.path.isfile(source)
    cached = cached_thumbnail(sha256, target)
    if cached is not None:
        return exists, str(cached), ""
    if not exists:
        return False, None, "gone"
    try:
        return True, str(make_thumbnail(Path(source), sha256, folder=target)), ""
    except PhotoRefusedError as exc:
        return os.path.isfile(source), None, str(exc)


def _present(paths: list[str]) -> dict[str, bool]:
    """Which of these files exist. In a worker."""
    return {path: os.path.isfile(path) for path in paths}


def _palette_colour() -> str:
    """A quiet grey between the palette's text and its background, in light and dark themes."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "#9e9e9e"
    text = app.palette().color(QPalette.ColorRole.WindowText)
    back = app.palette().color(QPalette.ColorRole.Window)
    mixed = QColor(
        (text.red() + 2 * back.red()) // 3,
        (text.green() + 2 * back.green()) // 3,
        (text.blue() + 2 * back.blue()) // 3,
    )
    return mixed.name()


@cache
def _glyph(name: str, colour: str) -> QIcon:
    result: QIcon = qta.icon(name, color=colour)
    return result


@cache
def _tile(name: str, colour: str) -> QIcon:
    """A glyph in the middle of a pale tile of a thumbnail's shape (4:3), so that it stands
    in a row of thumbnails without shouting."""
    width, height = 192, 144
    pixmap = QPixmap(width, height)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(128, 128, 128, 40))
    painter.drawRoundedRect(QRectF(2, 2, width - 4, height - 4), 10, 10)
    side = 64
    _glyph(name, colour).paint(painter, (width - side) // 2, (height - side) // 2, side, side)
    painter.end()
    return QIcon(pixmap)


def placeholder_icon() -> QIcon:
    """What a photo shows while its thumbnail is being made."""
    return _tile("fa5s.image", _palette_colour())


def photos_icon() -> QIcon:
    """Photos, as a line of the days view or a button shows them."""
    return _glyph("fa5s.images", _palette_colour())


def missing_icon() -> QIcon:
    """A photo whose file is not where its record says, and of which no thumbnail was kept."""
    return _tile("fa5s.unlink", MISSING_COLOUR)


def broken_icon() -> QIcon:
    """A photo whose file is there but cannot be shown (damaged since it was added)."""
    return _tile("fa5s.exclamation-triangle", MISSING_COLOUR)


def badged(pixmap: QPixmap) -> QPixmap:
    """A thumbnail with a red badge in its corner: its original is missing."""
    out = QPixmap(pixmap)
    side = max(12.0, min(out.width(), out.height()) * 0.32)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(out.width() - side - 2, 2, side, side)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor(MISSING_COLOUR))
    painter.drawEllipse(box)
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(max(8, round(side * 0.7)))
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return out


class ThumbnailCache(QObject):
    """The window's thumbnails, by content hash; asked for by the strip, the journal, the map."""

    sig_ready = Signal(str)
    """The thumbnail of the photo with this content hash is ready (or cannot be made)."""
    sig_files_checked = Signal()
    """`check_files` found out again which photos' files are missing."""

    def __init__(
        self,
        parent: Any = None,
        *,
        runner: TaskRunner | None = None,
        folder: Path | None = None,
        icon_size: int = ICON_SIZE,
    ) -> None:
        super().__init__(parent)
        self._own_runner = runner is None
        threads = _threads()
        self._runner = runner or TaskRunner(self, max_threads=threads)
        self._limit = threads * 2
        self._folder = folder
        self._icon_size = icon_size
        self._icons: OrderedDict[str, QPixmap] = OrderedDict()
        self._badged: dict[str, QIcon] = {}
        self._exists: dict[str, bool] = {}
        self._failed: dict[str, str] = {}
        self._wanted: dict[str, str] = {}
        """Content hash → path of the photos waiting for a worker, the newest last."""
        self._running: set[str] = set()
        self._closed = False

    # -- asking -----------------------------------------------------------------------
    def icon_for(self, photo: Photo) -> QIcon | None:
        """The photo's thumbnail now, a "missing" or "broken" icon, or None while it is made."""
        return self.icon_of(photo.sha256, photo.path)

    def icon_of(self, sha256: str, path: str) -> QIcon | None:
        """As `icon_for`, for a file not saved as a photo yet (the preview of adding them)."""
        pixmap = self._icons.get(sha256)
        if pixmap is not None:
            self._icons.move_to_end(sha256)
            if self._exists.get(path) is False:
                if sha256 not in self._badged:
                    self._badged[sha256] = QIcon(badged(pixmap))
                return self._badged[sha256]
            return QIcon(pixmap)
        if sha256 in self._failed:
            return missing_icon() if self._exists.get(path) is False else broken_icon()
        self._want(sha256, path)
        return None

    def image_for(self, photo: Photo) -> QImage | None:
        """The full thumbnail (320 px) from the disk cache, or None while it is made."""
        path = self.thumbnail_file(photo)
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    def thumbnail_file(self, photo: Photo) -> Path | None:
        """The thumbnail's file in the disk cache, or None while it is made."""
        from cityplanner.formats.thumbnails import cached_thumbnail

        found = cached_thumbnail(photo.sha256, self._folder)
        if found is None and photo.sha256 not in self._failed:
            self._want(photo.sha256, photo.path)
        return found

    def is_missing(self, photo: Photo) -> bool:
        """Whether the photo's file was found gone (False while that is not known)."""
        return self._exists.get(photo.path) is False

    def failure(self, photo: Photo) -> str:
        """Why no thumbnail could be made ("" if one was, or is being made)."""
        return self._failed.get(photo.sha256, "")

    def check_files(self, photos: Iterable[Photo]) -> None:
        """Find out in the background which of these photos' files are missing."""
        paths = sorted({p.path for p in photos})
        if self._closed or not paths:
            return
        self._runner.submit(
            "thumbnail-files",
            lambda: _present(paths),
            on_result=self._on_checked,
            on_error=lambda exc: log.warning("Cannot check the photos' files: %s", exc),
        )

    def forget_files(self) -> None:
        """Forget what is known of the files (they were looked for again): ask again."""
        self._exists.clear()
        self._failed.clear()
        self._badged.clear()

    def pending(self) -> int:
        """How many thumbnails are waiting or being made."""
        return len(self._wanted) + len(self._running)

    def shutdown(self) -> None:
        """Stop making thumbnails (the window closes): wait for the ones being made."""
        self._closed = True
        self._wanted.clear()
        if self._own_runner:
            self._runner.shutdown()

    # -- the workers ------------------------------------------------------------------
    def _want(self, sha256: str, path: str) -> None:
        if self._closed or sha256 in self._running:
            return
        self._wanted.pop(sha256, None)
        self._wanted[sha256] = path
        self._pump()

    def _pump(self) -> None:
        while self._wanted and len(self._running) < self._limit and not self._closed:
            sha256, path = self._wanted.popitem()
            self._start(sha256, path)

    def _start(self, sha256: str, path: str) -> None:
        self._running.add(sha256)
        folder = self._folder

        def made(result: tuple[bool, str | None, str]) -> None:
            self._on_made(sha256, path, result)

        def failed(exc: BaseException) -> None:
            self._on_failed(sha256, path, exc)

        self._runner.submit(
            f"thumbnail:{sha256}",
            lambda: _make(path, sha256, folder),
            on_result=made,
            on_error=failed,
        )

    def _on_made(self, sha256: str, path: str, result: tuple[bool, str | None, str]) -> None:
        self._running.discard(sha256)
        exists, thumbnail, why = result
        self._exists[path] = exists
        pixmap = self._load(thumbnail) if thumbnail else None
        if pixmap is None:
            self._failed[sha256] = why or "The thumbnail cannot be read."
        else:
            self._icons[sha256] = pixmap
            self._badged.pop(sha256, None)
            while len(self._icons) > MEMORY_ICONS:
                old, _ = self._icons.popitem(last=False)
                self._badged.pop(old, None)
        self.sig_ready.emit(sha256)
        self._pump()

    def _on_failed(self, sha256: str, path: str, exc: BaseException) -> None:
        log.warning("No thumbnail for %s: %s", path, exc)
        self._running.discard(sha256)
        self._failed[sha256] = str(exc)
        self.sig_ready.emit(sha256)
        self._pump()

    def _load(self, thumbnail: str) -> QPixmap | None:
        image = QImage(thumbnail)
        if image.isNull():
            return None
        app = QApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
        # Every icon is a 4:3 box with the photo in its middle, so that the names under a
        # row of landscape and portrait photos line up.
        width = round(self._icon_size * ratio)
        height = width * 3 // 4
        scaled = image.scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        box = QPixmap(width, height)
        box.fill(QColor(0, 0, 0, 0))
        painter = QPainter(box)
        painter.drawImage((width - scaled.width()) // 2, (height - scaled.height()) // 2, scaled)
        painter.end()
        return box

    def _on_checked(self, present: dict[str, bool]) -> None:
        self._exists.update(present)
        self.sig_files_checked.emit()
