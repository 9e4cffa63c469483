"""Run the main window, and swap it when the user opens another database.

The command line may name a file to import: `cityplanner trip.gpx`, as the desktop's
"Open with" runs it, shows the window first, then the import's preview.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cityplanner import APP_NAME, __version__
from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.resources import resource_path
from cityplanner.store import Store
from cityplanner.ui.map import FirstPicture
from cityplanner.ui.shell import Settings, chosen_language, install_translators

if TYPE_CHECKING:
    from cityplanner.ui.window import MainWindow

log = logging.getLogger(__name__)

#: A file to which the start's moments are appended, one JSON object a line (benchmarks/startup.py).
STARTUP_LOG_ENV_VAR = "CITYPLANNER_STARTUP_LOG"
#: `1`: quit by itself once the map is painted and the deferred start-up work is done.
QUIT_AFTER_START_ENV_VAR = "CITYPLANNER_QUIT_AFTER_START"
#: What the map page logs once a frame has been painted after it drew the trip.
FRAME_MESSAGE = "cityplanner-startup-frame"
#: The longest the deferred start waits for the map, from the moment the window is shown.
DEFERRED_START_LATEST_MS = 3000
#: How long after the map is drawn the deferred start runs: time for the frame to be painted.
MAP_SETTLE_MS = 100


def process_age_s() -> float | None:
    """Seconds since the operating system started this process (Linux), else None."""
    try:
        fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
        started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started_s
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class StartupTrace(QObject):
    """Writes when the window is first painted and when the map is painted, for benchmarks.

    Opt-in through `$CITYPLANNER_STARTUP_LOG`; each line holds the event, the seconds since
    the process started and `time.monotonic()`, which another process can compare with its own.
    """

    def __init__(self, path: Path, *, quit_after_start: bool = False) -> None:
        super().__init__()
        self._path, self._quit = path, quit_after_start
        self._seen: set[str] = set()
        self._window: MainWindow | None = None

    @classmethod
    def from_environment(cls) -> StartupTrace | None:
        target = os.environ.get(STARTUP_LOG_ENV_VAR, "").strip()
        if not target:
            return None
        return cls(Path(target), quit_after_start=os.environ.get(QUIT_AFTER_START_ENV_VAR) == "1")

    def note(self, event: str) -> None:
        """Append one moment (only its first time)."""
        if event in self._seen:
            return
        self._seen.add(event)
        line = {"event": event, "process_s": process_age_s(), "monotonic": time.monotonic()}
        try:
            with self._path.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(line) + "\n")
        except OSError as exc:
            log.warning("Cannot write the start-up trace to %s: %s", self._path, exc)
        if self._quit and {"map-painted", "deferred-done"} <= self._seen:
            # As a person quits: the window closes, waiting for its background work.
            window = self._window
            QTimer.singleShot(0, window.close if window is not None else QApplication.quit)

    def watch(self, window: MainWindow, start: DeferredStart) -> None:
        """Note the window's first picture, its map's, and the end of the deferred start."""
        self._window = window
        self._first = FirstPicture(window)
        self._first.sig_painted.connect(lambda: self.note("window-shown"))
        window.map.view.sig_drawn.connect(self._on_map_drawn)
        window.map.view.map_page.sig_console_message.connect(self._on_console_message)
        start.after_start(lambda: self.note("deferred-done"))

    def _on_map_drawn(self) -> None:
        self.note("map-drawn")
        if self._window is None:
            return
        # Two animation frames later, the frame with the trip on it has been painted.
        self._window.map.view.page().runJavaScript(
            "requestAnimationFrame(function () { requestAnimationFrame(function () {"
            " console.debug(" + json.dumps(FRAME_MESSAGE) + "); }); });"
        )

    def _on_console_message(self, _level: int, message: str) -> None:
        if message == FRAME_MESSAGE:
            self.note("map-painted")


class DeferredStart(QObject):
    """Runs what a window's first picture does without, once that picture is on screen.

    The window is drawn first; then its map loads (see `MapController`); once the map is
    painted (`MAP_SETTLE_MS` after it is drawn), or has failed to load, or at the latest
    `DEFERRED_START_LATEST_MS` after the window was shown, the window's deferred start
    runs (the city index check, the reference rates), then what was queued behind it, in
    order. Errors in it reach the user as they would have at once.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.started = False
        """Whether the deferred start has run."""
        self._after: list[Callable[[], object]] = []
        self.first_picture = FirstPicture(window)
        self._latest = QTimer(self, singleShot=True, interval=DEFERRED_START_LATEST_MS)
        self._latest.timeout.connect(self.run)
        self._latest.start()
        # Once the map is drawn, its frame is let through to the screen first.
        window.map.view.sig_drawn.connect(
            lambda: None if self.started else self._latest.start(MAP_SETTLE_MS)
        )
        window.map.view.loadFinished.connect(lambda ok: None if ok else self.run())

    def after_first_picture(self, job: Callable[[], object]) -> None:
        """Run `job` once the window has been painted (at once if it has)."""
        if self.first_picture.painted:
            QTimer.singleShot(0, self, job)
        else:
            self.first_picture.sig_painted.connect(job, Qt.ConnectionType.SingleShotConnection)

    def after_start(self, job: Callable[[], object]) -> None:
        """Run `job` after the deferred start (at once if it has run)."""
        if self.started:
            QTimer.singleShot(0, self, job)
        else:
            self._after.append(job)

    def run(self) -> None:
        """Run the deferred start now, if it has not run yet."""
        if self.started:
            return
        self.started = True
        self._latest.stop()
        if not self.window.isVisible():
            log.debug("Closed before its deferred start: %s", self.window.windowTitle())
            self._after.clear()
            return
        jobs, self._after = self._after, []
        try:
            self.window.start_deferred()
        finally:  # what was queued behind it runs even if an unexpected error stopped it
            for job in jobs:
                job()


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
    # The window's language: the one chosen in Preferences, else the system's (issue 13).
    install_translators(app, chosen_language(Settings(QSettings())))
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
        self.deferred: DeferredStart | None = None
        """The open window's deferred start."""

    def open(self, path: Path | None) -> bool:
        from cityplanner.ui.window import MainWindow

        try:
            store = Store.open(path)
        except CityPlannerError as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
            return False
        old_window, old_store = self.window, self.store
        window = MainWindow(
            store,
            self.settings,
            gazetteer=self._gazetteer(),
            geocoder=self._geocoder(),
            defer_start=True,
        )
        window.sig_open_requested.connect(lambda p: self.open(Path(p)))
        self.window, self.store = window, store
        self.deferred = deferred = DeferredStart(window)
        window.show()
        if isinstance(old_window, MainWindow):
            old_window.close()
            old_window.deleteLater()
        if old_store is not None:
            old_store.close()
        if store.damage and store.path is not None:
            # Asked over the window once it is drawn, not over a window still coming up.
            if store.newest_good_backup is not None:
                deferred.after_first_picture(lambda: self.offer_restore(store))
            else:
                deferred.after_first_picture(lambda: self.offer_salvage(store))
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
            QCoreApplication.translate(
                "WindowManager",
                "{damage}\n\nThere is no good backup of it. Save what can still be read as a "
                "new file and open that?",
            ).format(damage=store.damage),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("WindowManager", "Save what can be read as"),
            str(path.with_name(f"{path.stem}-saved{path.suffix}")),
            QCoreApplication.translate("WindowManager", "CityPlanner databases (*.db *.sqlite)"),
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
            QCoreApplication.translate(
                "WindowManager",
                "{damage}\n\nThe newest good backup is {backup}. Restore it? The damaged file "
                "is kept beside the backups.",
            ).format(damage=store.damage, backup=backup.name),
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

        window, deferred = self.window, self.deferred
        if isinstance(window, MainWindow) and deferred is not None:
            # Queued: the preview is modal; opened before the event loop runs, it would
            # stand over a window not drawn yet and hold up the start. After the deferred
            # start, it finds the city index ready if it is.
            deferred.after_start(lambda: window.exchange.import_file(path))


def run_window(args: argparse.Namespace) -> int:
    app = create_application()
    manager = WindowManager(Settings(QSettings()))
    trace = StartupTrace.from_environment()
    if not manager.open_command_line(args):
        return 1
    if trace is not None and manager.deferred is not None:
        trace.watch(manager.deferred.window, manager.deferred)
    status = app.exec()
    if manager.store is not None:
        manager.store.close()
    return status
