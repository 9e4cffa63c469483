"""What every feature is given: the open document, one undo stack, background tasks, messages."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from cityplanner import APP_NAME
from cityplanner.domain.errors import CityPlannerError
from cityplanner.store import Store
from cityplanner.ui.shell._commands import StoreCommand
from cityplanner.ui.shell._document import TripDocument
from cityplanner.ui.shell._settings import Settings
from cityplanner.ui.shell._workers import TaskRunner


class WindowContext(QObject):
    """The shared state of one window, handed to each feature instead of the window itself.

    Features change the store only through undo commands pushed here, run slow work
    on `runner`, and report through `show_error` / `show_message`; they never import
    the main window or each other's internals.
    """

    sig_view_requested = Signal(QWidget)
    """A feature asks for one of its views (the map, the journal…) to be brought to the front."""

    def __init__(self, store: Store, settings: Settings, window: QMainWindow) -> None:
        super().__init__(window)
        self.store = store
        self.settings = settings
        self.window = window
        """The parent of the features' dialogs, and the owner of the status bar."""
        self.doc = TripDocument(store, window)
        self.undo_stack = QUndoStack(window)
        self.runner = TaskRunner(window)
        self._flushes: list[Callable[[], None]] = []
        StoreCommand.on_failure = self._on_command_failed

    # -- edits in progress ------------------------------------------------------------
    def on_flush(self, flush: Callable[[], None]) -> None:
        """Register a feature's way of saving what is being typed (called in that order)."""
        self._flushes.append(flush)

    def flush_edits(self) -> None:
        """Save every edit still being typed: before another trip is shown, before closing."""
        for flush in self._flushes:
            flush()

    # -- changes ------------------------------------------------------------------
    def push(self, command: StoreCommand) -> bool:
        """Run a change; if the store refuses it, say why and keep it out of the history."""
        try:
            command.first_run()
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return False
        self.undo_stack.push(command)
        return True

    def _on_command_failed(self, _command: StoreCommand, exc: CityPlannerError) -> None:
        self.show_error(
            self.tr(
                "{error}\nThe window now shows what the file holds; the undo history was cleared."
            ).format(error=exc)
        )
        self.undo_stack.clear()
        self.doc.reload()

    # -- telling the user -------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Say what went wrong in the status bar and in a warning box, as plain text: the
        message often quotes a file's name or contents, which may look like HTML."""
        self.window.statusBar().showMessage(message, 8000)
        QMessageBox.warning(self.window, APP_NAME, plain_box_text(message))

    def show_message(self, message: str, timeout_ms: int = 0) -> None:
        self.window.statusBar().showMessage(message, timeout_ms)

    def clear_message(self) -> None:
        self.window.statusBar().clearMessage()

    def request_view(self, view: QWidget) -> None:
        """Bring `view` to the front of the window's centre tabs."""
        self.sig_view_requested.emit(view)

    @contextmanager
    def busy_cursor(self) -> Iterator[None]:
        """A wait cursor while a short blocking job (an export) runs on the GUI thread."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            yield
        finally:
            QApplication.restoreOverrideCursor()


def plain_box_text(message: str) -> str:
    """A message for a QMessageBox's automatic text format, shown exactly as written.

    The box shows a text that "might be rich text" (Qt.mightBeRichText: a tag near its
    start) as HTML, so a file named `<font size=7>…` would be drawn big. Such a text is
    given as HTML of its own escaped characters, spaces and line breaks kept; any other
    text is given as it is.
    """
    if not GuiQt.mightBeRichText(message):
        return message
    return f'<p style="white-space: pre-wrap">{html.escape(message, quote=False)}</p>'
