"""Redraw a derived view after changes, once, and only while it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class RefreshWhenShown(QObject):
    """`schedule()` after every change: `refresh` runs once the changes stop coming, if `view`
    is shown; a hidden view is redrawn when it is next shown. Edits of a big trip thus cost
    the views nobody is looking at nothing."""

    def __init__(self, view: QWidget, refresh: Callable[[], None], *, delay_ms: int) -> None:
        super().__init__(view)
        self._view, self._refresh = view, refresh
        self.stale = True
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._on_timeout)
        view.installEventFilter(self)

    def schedule(self, *_args: object) -> None:
        self.stale = True
        self._timer.start()

    def now(self) -> None:
        """Redraw at once (and forget a pending redraw)."""
        self._timer.stop()
        self.stale = False
        self._refresh()

    def _on_timeout(self) -> None:
        if self._view.isVisible():
            self.now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.Show and self.stale:
            self.now()
        return False
