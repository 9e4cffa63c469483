"""One place for unexpected errors in the window: log the traceback, tell the user once."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from cityplanner import APP_NAME
from cityplanner.logs import log_file

log = logging.getLogger(__name__)


class CrashReporter(QObject):
    """Installed as `sys.excepthook` and `threading.excepthook`; shows at most one dialog at a time."""

    sig_report = Signal(str)
    """An unexpected error to show: its one-line summary."""

    _instance: CrashReporter | None = None

    def __init__(self) -> None:
        super().__init__()
        self._showing = False
        # Queued: a worker thread's error is shown by the GUI thread.
        self.sig_report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def install(cls) -> CrashReporter:
        if cls._instance is None:
            cls._instance = cls()
            sys.excepthook = cls._instance.handle
            threading.excepthook = lambda hook: cls._instance.handle(  # type: ignore[union-attr]
                hook.exc_type, hook.exc_value or hook.exc_type(), hook.exc_traceback
            )
        return cls._instance

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.critical("Unexpected error", exc_info=(kind, error, tb))
        self.sig_report.emit(f"{kind.__name__}: {error}")

    def _show(self, summary: str) -> None:
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            QMessageBox.critical(
                None,
                APP_NAME,
                self.tr(
                    "Something went wrong inside CityPlanner: {summary}\n\n"
                    "Your saved data is safe: every change is written when you make it. "
                    "The details are in {log}."
                ).format(summary=summary, log=log_file()),
            )
        finally:
            self._showing = False
