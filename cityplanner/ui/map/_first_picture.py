"""Knowing when a window has first been painted, so that work which can wait comes after it."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class FirstPicture(QObject):
    """Reports once that the window holding `widget` has been painted on screen.

    A window's first exposure paints all of it and flushes it to the screen before the
    next event is handled, so `sig_painted` is emitted from a zero timer queued then.
    The native window can be made anew after it was shown (on X11 with OpenGL, when a
    web view joins the window): the new one is watched in its turn.
    """

    sig_painted = Signal()
    """The window has been painted once (emitted once)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._watched: list[QObject] = []
        self._queued = False
        self.painted = False
        self._watch()

    def _watch(self) -> None:
        top = self._widget.window()
        handle = top.windowHandle()
        for item in (self._widget, top, handle):
            if item is not None and item not in self._watched:
                item.installEventFilter(self)
                self._watched.append(item)
        if handle is not None and handle.isExposed() and top.isVisible():
            self._queue()  # on screen already

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Expose and isinstance(watched, QWindow):
            if watched.isExposed():
                self._queue()
        elif kind in (QEvent.Type.Show, QEvent.Type.ParentChange, QEvent.Type.WinIdChange):
            self._watch()
        return False

    def _queue(self) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self, self._on_painted)

    def _on_painted(self) -> None:
        for item in self._watched:
            with contextlib.suppress(RuntimeError):  # a native window made anew: gone already
                item.removeEventFilter(self)
        self._watched.clear()
        self.painted = True
        log.debug("The window of %s was painted", self._widget)
        self.sig_painted.emit()
