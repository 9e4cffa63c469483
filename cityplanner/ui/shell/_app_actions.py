"""The window's own actions, which belong to no feature: databases, undo, help, quit."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from cityplanner import __version__
from cityplanner.domain.units import DistanceUnit
from cityplanner.ui.shell._actions import make_action
from cityplanner.ui.shell._context import WindowContext
from cityplanner.ui.shell._counts import distance_unit, set_distance_unit
from cityplanner.ui.shell._files import ask_open_path
from cityplanner.ui.shell._icons import icon
from cityplanner.ui.shell._preferences import PreferencesDialog
from cityplanner.ui.shell._shortcuts import SHORTCUT_NAME, ShortcutsDialog
from cityplanner.ui.shell._undo_keys import UndoKeyRouter, redo_shortcuts


class AppActions(QObject):
    """Open and recent databases, undo and redo, the shortcut list, about, quit."""

    sig_open_requested = Signal(str)
    """The user chose another database file to open."""
    sig_units_changed = Signal()
    """Distances are now written in another unit: what shows them must be drawn again."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        w = ctx.window
        self.act_open = make_action(
            w,
            self.tr("&Open database…"),
            self.choose_database,
            shortcut=QKeySequence.StandardKey.Open,
            icon_name="open",
        )
        self.act_quit = make_action(
            w, self.tr("&Quit"), w.close, shortcut=QKeySequence.StandardKey.Quit, icon_name="quit"
        )
        self.act_undo = ctx.undo_stack.createUndoAction(w, self.tr("&Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = ctx.undo_stack.createRedoAction(w, self.tr("&Redo"))
        self.act_redo.setShortcuts(redo_shortcuts())
        self.act_redo.setIcon(icon("redo"))
        # The menu shows "Undo Add stop"; the shortcut list names the action itself.
        self.act_undo.setProperty(SHORTCUT_NAME, self.tr("Undo the last change"))
        self.act_redo.setProperty(SHORTCUT_NAME, self.tr("Redo the change undone"))
        self._undo_keys = UndoKeyRouter(self)
        self.act_preferences = make_action(
            w,
            self.tr("&Preferences…"),
            self.show_preferences,
            shortcut="Ctrl+,",
            icon_name="preferences",
        )
        self.act_shortcuts = make_action(
            w,
            self.tr("&Keyboard shortcuts"),
            self.show_shortcuts,
            shortcut="F1",
            icon_name="keyboard",
        )
        self.act_about = make_action(
            w, self.tr("&About CityPlanner"), self.show_about, icon_name="about"
        )
        self.recent_menu = QMenu(self.tr("Open &recent"), w)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def route_undo_keys(self) -> None:
        """Once the window is built: Ctrl+Z in a field whose typing is saved undoes the trip."""
        self._undo_keys.watch(self._ctx.window)

    def actions(self) -> list[QAction]:
        """The actions with a shortcut of their own (undo and redo have the stack's)."""
        return [
            self.act_open,
            self.act_quit,
            self.act_preferences,
            self.act_shortcuts,
            self.act_about,
        ]

    def show_shortcuts(self) -> None:
        window = self._ctx.window
        ShortcutsDialog([*window.actions(), self.act_undo, self.act_redo], window).exec()

    def show_preferences(self) -> None:
        settings = self._ctx.settings
        if PreferencesDialog(settings, self._ctx.window).exec():
            unit = DistanceUnit.parse(settings.distance_unit())
            if unit is not distance_unit():
                set_distance_unit(unit)
                self.sig_units_changed.emit()

    def show_about(self) -> None:
        path = self._ctx.store.path
        QMessageBox.about(
            self._ctx.window,
            self.tr("About CityPlanner"),
            self.tr(
                "<b>CityPlanner {version}</b><p>Plan multi-city trips, log smart-city visits and "
                "share itinerary maps — offline, in one file you own.</p><p>Database: {path}</p>"
            ).format(version=__version__, path=html.escape(str(path or self.tr("in memory")))),
        )

    def choose_database(self) -> None:
        chosen = ask_open_path(
            self._ctx,
            "database",
            self.tr("Open itinerary database"),
            self.tr("CityPlanner databases (*.db *.sqlite);;All files (*)"),
        )
        if chosen is not None:
            self.sig_open_requested.emit(str(chosen))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._ctx.settings.recent_databases():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.sig_open_requested.emit(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))
