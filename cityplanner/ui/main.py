"""Run the main window, and swap it when the user opens another database."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cityplanner import APP_NAME, __version__
from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.resources import resource_path
from cityplanner.store import Store
from cityplanner.ui.shell import Settings

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("cityplanner")
    app.setWindowIcon(QIcon(str(resource_path("icons", "cityplanner.svg"))))
    return app


class WindowManager:
    """Owns the open store and its window; opening another file replaces both."""

    def __init__(
        self,
        settings: Settings,
        *,
        gazetteer: Callable[[], Gazetteer | None] = Gazetteer.open,
        geocoder: Callable[[], Geocoder | None] = Geocoder,
    ) -> None:
        self.settings = settings
        self._gazetteer, self._geocoder = gazetteer, geocoder
        self.window: object | None = None
        self.store: Store | None = None

    def open(self, path: Path | None) -> bool:
        from cityplanner.ui.window import MainWindow

        try:
            store = Store.open(path)
        except CityPlannerError as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
            return False
        old_window, old_store = self.window, self.store
        window = MainWindow(
            store, self.settings, gazetteer=self._gazetteer(), geocoder=self._geocoder()
        )
        window.sig_open_requested.connect(lambda p: self.open(Path(p)))
        self.window, self.store = window, store
        window.show()
        if isinstance(old_window, MainWindow):
            old_window.close()
            old_window.deleteLater()
        if old_store is not None:
            old_store.close()
        return True


def run_window(args: argparse.Namespace) -> int:
    app = create_application()
    manager = WindowManager(Settings(QSettings()))
    if not manager.open(Path(args.db) if args.db else None):
        return 1
    status = app.exec()
    if manager.store is not None:
        manager.store.close()
    return status
