# mypy: disable-error-code="misc"
"""The window's actions, their shortcuts and its menus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from cityplanner.ui.icons import icon

if TYPE_CHECKING:
    from cityplanner.ui.window import MainWindow


class WindowMenus:
    """Mixed into `MainWindow`; kept apart so that each file stays readable."""

    def _action(
        self: MainWindow, text: str, slot: Any, *, shortcut: Any = None, icon_name: str = ""
    ) -> QAction:
        action = QAction(self.tr(text), self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self: MainWindow) -> None:
        a = self._action
        self.act_new_trip = a(
            "&New trip…", self.new_trip, shortcut=QKeySequence.StandardKey.New, icon_name="new-trip"
        )
        self.act_rename_trip = a("&Rename trip…", self.rename_trip, shortcut="Ctrl+R")
        self.act_delete_trip = a("&Delete trip", self.delete_trip, icon_name="delete")
        self.act_open = a(
            "&Open database…",
            self.choose_database,
            shortcut=QKeySequence.StandardKey.Open,
            icon_name="open",
        )
        self.act_quit = a(
            "&Quit", self.close, shortcut=QKeySequence.StandardKey.Quit, icon_name="quit"
        )
        self.act_undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_redo.setIcon(icon("redo"))
        self.act_delete = a(
            "Delete selected &stop",
            self.remove_selected_stop,
            shortcut="Ctrl+Del",
            icon_name="delete",
        )
        self.act_add_coords = a(
            "Add stop by &coordinates…",
            self.add_stop_by_coordinates,
            shortcut="Ctrl+Shift+N",
            icon_name="add-stop",
        )
        self.act_up = a(
            "Move stop &up", lambda: self.move_selected(-1), shortcut="Ctrl+Up", icon_name="up"
        )
        self.act_down = a(
            "Move stop do&wn",
            lambda: self.move_selected(+1),
            shortcut="Ctrl+Down",
            icon_name="down",
        )
        self.act_add_site = a(
            "Add &site to stop…", self.add_site, shortcut="Ctrl+Shift+S", icon_name="add-site"
        )
        self.act_remove_site = a("Remove site", self.remove_site)
        self.act_find_city = a(
            "&Find a city to add…", self.focus_search, shortcut="Ctrl+L", icon_name="search"
        )
        self.act_find_online = a(
            "Find &address online…",
            self.find_address_online,
            shortcut="Ctrl+Shift+L",
            icon_name="online",
        )
        self.act_optimise = a(
            "&Optimise route…", self.optimise_route, shortcut="Ctrl+Shift+O", icon_name="optimise"
        )
        self.act_import = a(
            "&Import places…", lambda: self.import_file(), shortcut="Ctrl+I", icon_name="import"
        )
        self.act_export = a(
            "E&xport trip…", self.export_trip, shortcut="Ctrl+Shift+E", icon_name="export"
        )
        self.act_export_map = a(
            "Export &map as web page…", self.export_map_html, shortcut="Ctrl+E", icon_name="export"
        )
        self.act_export_png = a("Export map as &image…", self.export_map_png, icon_name="export")
        self.act_show_map = a(
            "&Map", lambda: self.centre_tabs.setCurrentWidget(self.map_view), shortcut="Ctrl+3"
        )
        self.act_new_entry = a(
            "New &journal entry", self.new_entry, shortcut="Ctrl+J", icon_name="journal"
        )
        self.act_show_journal = a(
            "&Journal",
            lambda: self.centre_tabs.setCurrentWidget(self.journal_pane),
            shortcut="Ctrl+2",
        )
        self.act_focus_trips = a("&Trips list", self.trips_view.setFocus, shortcut="Ctrl+0")
        self.act_focus_table = a("&Itinerary", self.table.setFocus, shortcut="Ctrl+1")
        self.act_shortcuts = a(
            "&Keyboard shortcuts", self.show_shortcuts, shortcut="F1", icon_name="keyboard"
        )
        self.act_about = a("&About CityPlanner", self.show_about, icon_name="about")

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([self.act_new_trip, self.act_rename_trip, self.act_delete_trip])
        file_menu.addSeparator()
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.act_import, self.act_export, self.act_export_map, self.act_export_png]
        )
        self.file_menu = file_menu
        self._quit_separator = file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.act_undo, self.act_redo])
        trip_menu = menu.addMenu(self.tr("&Trip"))
        self.trip_menu = trip_menu
        trip_menu.addActions([self.act_find_city, self.act_find_online, self.act_add_coords])
        trip_menu.addActions([self.act_up, self.act_down, self.act_delete, self.act_optimise])
        trip_menu.addSeparator()
        trip_menu.addActions([self.act_add_site, self.act_remove_site, self.act_new_entry])
        view_menu = menu.addMenu(self.tr("&View"))
        self.view_menu = view_menu
        view_menu.addActions(
            [self.act_focus_trips, self.act_focus_table, self.act_show_journal, self.act_show_map]
        )
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addActions([self.act_shortcuts, self.act_about])
