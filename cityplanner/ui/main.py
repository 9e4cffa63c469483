"""Run the main window, and swap it when the user opens another database.

The command line may name a file to import: `cityplanner trip.gpx`, as the desktop's
"Open with" runs it, shows the window first, then the import's preview.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

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
        if store.damage and store.path is not None:
            if store.newest_good_backup is not None:
                QTimer.singleShot(0, window, lambda: self.offer_restore(store))
            else:
                QTimer.singleShot(0, window, lambda: self.offer_salvage(store))
        return True

    def offer_salvage(self, store: Store) -> bool:
        """A damaged file with no good backup: save what can be read as a new file, and open it."""
        from cityplanner.store.salvage import salvage

        path, parent = store.path, self.window if isinstance(self.window, QWidget) else None
        if path is None or store is not self.store:
            return False
        answer = QMessageBox.question(
            parent,
            APP_NAME,
            f"{store.damage}\n\nThere is no good backup of it. Save what can still be read "
            "as a new file and open that?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            "Save what can be read as",
            str(path.with_name(f"{path.stem}-saved{path.suffix}")),
            "CityPlanner databases (*.db *.sqlite)",
        )
        if not chosen:
            return False
        try:
            report = salvage(path, Path(chosen))
        except CityPlannerError as exc:
            QMessageBox.warning(parent, APP_NAME, str(exc))
            return False
        QMessageBox.information(parent, APP_NAME, report.summary())
        return self.open(Path(chosen))

    def offer_restore(self, store: Store) -> bool:
        """A damaged file was opened read-only: offer its newest good backup (one click)."""
        from cityplanner.store.backups import restore

        backup, path = store.newest_good_backup, store.path
        if backup is None or path is None or store is not self.store:
            return False
        answer = QMessageBox.question(
            self.window if isinstance(self.window, QWidget) else None,
            APP_NAME,
            f"{store.damage}\n\nThe newest good backup is {backup.name}. Restore it? "
            "The damaged file is kept beside the backups.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        store.close()  # the damaged file is restored through the file, not its read-only link
        self.store = None
        try:
            restore(backup, path)
        except CityPlannerError as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
            return False
        return self.open(path)

    def open_command_line(self, args: argparse.Namespace) -> bool:
        """Open the database the command line names, then import the file it names, if any."""
        if not self.open(Path(args.db) if args.db else None):
            return False
        import_file = getattr(args, "import_file", None)
        if import_file:
            self.import_when_shown(Path(import_file))
        return True

    def import_when_shown(self, path: Path) -> None:
        """Import a file into the open window, with its preview, once the window is up."""
        from cityplanner.ui.window import MainWindow

        window = self.window
        if isinstance(window, MainWindow):
            # Queued: the preview is modal; opened before the event loop runs, it would
            # stand over a window not drawn yet and hold up the start.
            QTimer.singleShot(0, window, lambda: window.exchange.import_file(path))


def run_window(args: argparse.Namespace) -> int:
    app = create_application()
    manager = WindowManager(Settings(QSettings()))
    if not manager.open_command_line(args):
        return 1
    status = app.exec()
    if manager.store is not None:
        manager.store.close()
    return status
