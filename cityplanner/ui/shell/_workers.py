"""Background work: plain values in, plain values out, results delivered on the GUI thread."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

#: How often a wait (see `wait_until`) looks at the clock while no event arrives.
WAKE_MS = 25


class _Signals(QObject):
    finished = Signal(int, object, object)
    """(request id, result, error)."""
    progress = Signal(int, object)
    """(request id, the arguments the task passed to its progress callback)."""


class _Task(QRunnable):
    def __init__(
        self, request: int, fn: Callable[..., Any], signals: _Signals, *, with_progress: bool
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._request, self._fn, self._signals = request, fn, signals
        self._with_progress = with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(lambda *args: self._signals.progress.emit(self._request, args))
            else:
                result = self._fn()
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            log.debug("Background task %s failed", self._request, exc_info=True)
            self._signals.finished.emit(self._request, None, exc)
        else:
            self._signals.finished.emit(self._request, result, None)


class TaskRunner(QObject):
    """Runs callables on a thread pool; only the newest request of each kind is answered.

    Workers must not touch widgets or the window's database connection: they
    receive plain values and return plain values.
    """

    def __init__(self, parent: Any = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[
            int,
            tuple[
                str,
                Callable[[Any], None],
                Callable[[BaseException], None],
                Callable[[int, int], None] | None,
            ],
        ] = {}
        self._signals = _Signals()
        self._signals.finished.connect(self._on_finished)
        self._signals.progress.connect(self._on_progress)

    def submit(
        self,
        kind: str,
        fn: Callable[..., Any],
        *,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[..., None] | None = None,
    ) -> int:
        """Start `fn` (given a progress callback if `on_progress` is set); return its id."""
        request = next(self._ids)
        self._latest[kind] = request
        self._callbacks[request] = (kind, on_result, on_error, on_progress)
        self._pool.start(_Task(request, fn, self._signals, with_progress=on_progress is not None))
        return request

    def forget(self, kind: str) -> None:
        """Drop the answer of any running request of this kind (it is no longer wanted)."""
        self._latest[kind] = 0

    def busy(self, kind: str | None = None) -> bool:
        if kind is None:
            return bool(self._callbacks)
        return any(k == kind for k, *_ in self._callbacks.values())

    def shutdown(self) -> None:
        """Forget pending answers and wait for running tasks to end."""
        self._pool.clear()
        self._pool.waitForDone()
        self._callbacks.clear()

    @Slot(int, object)
    def _on_progress(self, request: int, args: tuple[Any, ...]) -> None:
        entry = self._callbacks.get(request)
        if entry is not None and entry[3] is not None and self._latest.get(entry[0]) == request:
            entry[3](*args)

    @Slot(int, object, object)
    def _on_finished(self, request: int, result: Any, error: Any) -> None:
        entry = self._callbacks.pop(request, None)
        if entry is None:
            return
        kind, on_result, on_error, _ = entry
        if self._latest.get(kind) != request:
            log.debug("Dropping a stale %s answer (request %s)", kind, request)
            return
        if error is not None:
            on_error(error)
        else:
            on_result(result)


def wait_until(done: Callable[[], bool], timeout_s: float) -> bool:
    """Handle the GUI thread's events until `done()` is true or `timeout_s` has passed;
    whether it is done.

    The thread sleeps while no event arrives (a timer wakes it to look at the clock). A
    loop of `processEvents` that returns at once keeps a core busy: on a two-core machine
    that is the core the map's page needs to draw, and waiting for the page so made it
    draw a 2,000-stop trip a quarter of a second later.
    """
    deadline = time.monotonic() + timeout_s
    wake = QTimer()
    wake.start(WAKE_MS)
    flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    try:
        while not done() and time.monotonic() < deadline:
            QCoreApplication.processEvents(flags)
    finally:
        wake.stop()
    return done()
