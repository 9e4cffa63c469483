"""The main window: trips, itinerary, map and journal, details, totals."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityplanner import APP_NAME, __version__
from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.store import Store
from cityplanner.ui import commands as cmd
from cityplanner.ui.details import DetailsPane
from cityplanner.ui.dialogs import PlaceDialog, ShortcutsDialog
from cityplanner.ui.document import TripDocument
from cityplanner.ui.icons import icon, theme_icon
from cityplanner.ui.journal import JournalPane
from cityplanner.ui.map_panel import MapController
from cityplanner.ui.map_view import MapView
from cityplanner.ui.place_search import PlaceSearchField
from cityplanner.ui.places import PlaceFinder
from cityplanner.ui.settings import Settings
from cityplanner.ui.window_tools import WindowTools
from cityplanner.ui.workers import TaskRunner


class MainWindow(WindowTools, QMainWindow):
    """One window per open database, with one undo stack for it."""

    sig_open_requested = Signal(str)
    """The user chose another database file to open."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        geocoder: Geocoder | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings(QSettings())
        self.doc = TripDocument(store, self)
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        cmd.StoreCommand.on_failure = self._on_command_failed
        self._build_panes()
        self.places = PlaceFinder(self, gazetteer, geocoder, self.runner)
        self.map_panel = MapController(self, self.map_view, self.doc, self)
        self._build_actions()
        self._connect()
        title = str(store.path) if store.path else self.tr("in-memory database")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.resize(1400, 860)
        self._restore_state()

    # -- building -------------------------------------------------------------
    def _build_panes(self) -> None:
        doc = self.doc
        self.trips_view = QListView()
        self.trips_view.setModel(doc.trips)
        self.trips_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trips_view.setAccessibleName(self.tr("Trips"))
        trips_pane = QWidget()
        trips_layout = QVBoxLayout(trips_pane)
        trips_layout.setContentsMargins(0, 0, 0, 0)
        trips_layout.addWidget(QLabel(self.tr("<b>Trips</b>")))
        trips_layout.addWidget(self.trips_view, 1)
        self.new_trip_button = QPushButton(icon("new-trip"), self.tr("New trip…"))
        trips_layout.addWidget(self.new_trip_button)

        self.search_row = QHBoxLayout()
        self.search = PlaceSearchField()
        self.search.setAccessibleName(self.tr("Add a city"))
        self.search.setEnabled(False)
        self.search.setPlaceholderText(self.tr("City search is getting ready…"))
        self.find_online_button = QPushButton(icon("online"), self.tr("Address online…"))
        self.find_online_button.setToolTip(
            self.tr("Look up an address or landmark on OpenStreetMap")
        )
        self.add_by_coordinates_button = QPushButton(icon("add-stop"), self.tr("By coordinates…"))
        self.search_row.addWidget(self.search, 1)
        self.search_row.addWidget(self.find_online_button)
        self.search_row.addWidget(self.add_by_coordinates_button)

        self.table = QTableView()
        self.table.setModel(doc.stops)
        self.table.setAccessibleName(self.tr("Itinerary"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size columns from the visible rows only: a 2,000-stop trip stays fast to edit.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(doc.stops.COL_CITY, QHeaderView.ResizeMode.Stretch)
        itinerary = QWidget()
        itinerary_layout = QVBoxLayout(itinerary)
        itinerary_layout.setContentsMargins(0, 0, 0, 0)
        itinerary_layout.addLayout(self.search_row)
        itinerary_layout.addWidget(self.table, 1)

        self.journal_pane = JournalPane(doc)
        self.map_view = MapView()
        self.map_view.setAccessibleName(self.tr("Map"))
        self.centre_tabs = QTabWidget()
        self.centre_tabs.addTab(self.map_view, icon("map"), self.tr("Map"))
        self.centre_tabs.addTab(self.journal_pane, icon("journal"), self.tr("Journal"))
        self.details = DetailsPane()
        self.details.stop_editor.sites.setModel(self._stop_sites_model())

        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(itinerary)
        self.centre_split.addWidget(self.centre_tabs)
        self.centre_split.setSizes([260, 640])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(trips_pane)
        self.main_split.addWidget(self.centre_split)
        self.main_split.addWidget(self.details)
        self.main_split.setSizes([220, 830, 350])
        self.main_split.setStretchFactor(1, 1)
        self.setCentralWidget(self.main_split)
        self.totals_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.totals_label)

    def _stop_sites_model(self) -> Any:
        from cityplanner.ui.list_models import SitesModel

        self.stop_sites = SitesModel(self)
        self.stop_sites.set_decoration(lambda site: theme_icon(site.theme, site.status))
        self.doc.sites.set_decoration(lambda site: theme_icon(site.theme, site.status))
        return self.stop_sites

    def _action(
        self, text: str, slot: Any, *, shortcut: Any = None, icon_name: str = ""
    ) -> QAction:
        action = QAction(self.tr(text), self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
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
        file_menu.addActions([self.act_export_map, self.act_export_png])
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

    def _connect(self) -> None:
        doc = self.doc
        self.new_trip_button.clicked.connect(self.new_trip)
        self.add_by_coordinates_button.clicked.connect(self.add_stop_by_coordinates)
        self.find_online_button.clicked.connect(self.find_address_online)
        self.search.sig_place_chosen.connect(self.add_place)
        self.search.sig_not_found.connect(self._on_city_not_found)
        self.places.sig_index_ready.connect(self._on_index_ready)
        self.places.sig_place_found.connect(self.add_place)
        self.places.sig_error.connect(self.show_error)
        self.places.sig_busy.connect(self._on_busy)
        self.statusBar().addPermanentWidget(self.places.progress_bar)
        self.trips_view.selectionModel().currentChanged.connect(self._on_trip_selected)
        self.table.selectionModel().currentRowChanged.connect(self._on_stop_selected)
        doc.stops.sig_edit_requested.connect(
            lambda old, new: self.push(cmd.EditStopCommand(doc, old, new))
        )
        doc.stops.sig_edit_refused.connect(self.show_error)
        doc.stops.sig_move_requested.connect(self._on_move_requested)
        doc.stops.dataChanged.connect(self._refresh_details)
        doc.sig_changed.connect(self.update_totals)
        doc.sig_sites_changed.connect(self._refresh_stop_sites)
        doc.sig_trip_shown.connect(self._on_trip_shown)
        doc.trips.rowsInserted.connect(self._on_trip_inserted)
        editor = self.details.stop_editor
        editor.sig_stop_edited.connect(
            lambda old, new, key: self.push(cmd.EditStopCommand(doc, old, new, merge_key=key))
        )
        editor.sig_error.connect(self.show_error)
        editor.sig_add_site.connect(self.add_site)
        editor.sig_site_activated.connect(self.show_site)
        site_editor = self.details.site_editor
        site_editor.sig_site_edited.connect(self._on_site_edited)
        site_editor.sig_error.connect(self.show_error)
        site_editor.sig_back.connect(self._refresh_details)
        self.journal_pane.sig_new_entry.connect(self.new_entry)
        self.journal_pane.sig_delete_entry.connect(
            lambda entry_id: self.push(cmd.RemoveEntryCommand(doc, entry_id))
        )
        self.journal_pane.sig_entry_edited.connect(
            lambda old, new: self.push(cmd.EditEntryCommand(doc, old, new))
        )
        self.journal_pane.sig_error.connect(self.show_error)

    # -- commands -------------------------------------------------------------
    def push(self, command: cmd.StoreCommand) -> bool:
        """Run a change; if the store refuses it, say why and keep it out of the history."""
        try:
            command.first_run()
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return False
        self.undo_stack.push(command)
        return True

    def _on_command_failed(self, command: cmd.StoreCommand, exc: CityPlannerError) -> None:
        self.show_error(
            self.tr(
                "{error}\nThe window now shows what the file holds; the undo history was cleared."
            ).format(error=exc)
        )
        self.undo_stack.clear()
        self.doc.reload()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        QMessageBox.warning(self, APP_NAME, message)

    # -- trips ----------------------------------------------------------------
    def new_trip(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New trip"), self.tr("Name of the trip:"))
        if not ok:
            return
        try:
            command = cmd.AddTripCommand(self.doc, name)
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return
        if self.push(command):
            self.select_trip(command.trip.id)

    def rename_trip(self) -> None:
        trip = self.doc.trip()
        if trip is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename trip"), self.tr("New name:"), text=trip.name
        )
        if ok and name.strip() and name.strip() != trip.name:
            try:
                new = trip.__class__(name=name, description=trip.description, id=trip.id)
            except CityPlannerError as exc:
                self.show_error(str(exc))
                return
            self.push(cmd.EditTripCommand(self.doc, trip, new))

    def delete_trip(self) -> None:
        trip = self.doc.trip()
        if trip is None or trip.id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete trip"),
            self.tr("Delete “{name}” with its stops, sites and journal? You can undo this.").format(
                name=trip.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.push(cmd.DeleteTripCommand(self.doc, trip.id))

    def select_trip(self, trip_id: int | None) -> None:
        row = self.doc.trips.row_of(trip_id)
        if row >= 0:
            self.trips_view.selectionModel().setCurrentIndex(
                self.doc.trips.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _on_trip_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details.flush()
        self.journal_pane.flush()
        trip_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if trip_id != self.doc.trip_id:
            self.doc.show_trip(trip_id)

    def _on_trip_shown(self, trip_id: int | None) -> None:
        self.select_trip(trip_id)
        self.details.show_nothing()
        if self.doc.stops.rowCount():
            self.select_stop_row(0)

    def _on_trip_inserted(self, *_args: Any) -> None:
        if self.doc.trip_id is None and self.doc.trips.rowCount() == 1:
            self.select_trip(self.doc.trips.item_at(0).id)

    # -- stops ----------------------------------------------------------------
    def current_stop_row(self) -> int:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def select_stop_row(self, row: int) -> None:
        if 0 <= row < self.doc.stops.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.doc.stops.index(row, self.doc.stops.COL_CITY),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_stop_id(self) -> int | None:
        row = self.current_stop_row()
        return self.doc.stops.stop_at(row).id if 0 <= row < self.doc.stops.rowCount() else None

    def select_stop(self, stop_id: int) -> None:
        self.select_stop_row(self.doc.stops.row_of(stop_id))

    def add_place(self, place: Place) -> None:
        """Add `place` as a stop after the selected one (or at the end)."""
        if self.doc.trip_id is None:
            self.show_error(self.tr("Create or select a trip first."))
            return
        row = self.current_stop_row()
        target = row + 1 if row >= 0 else self.doc.stops.rowCount()
        mode = None
        if target > 0:
            mode = self.doc.stops.stop_at(target - 1).mode if target - 1 > 0 else None
        command = cmd.AddStopCommand(
            self.doc, self.doc.trip_id, Stop(place=place, mode=mode), target
        )
        if self.push(command):
            self.select_stop(command.stop.id or 0)

    def add_stop_by_coordinates(self) -> None:
        dialog = PlaceDialog(self)
        if dialog.exec() and dialog.place is not None:
            self.add_place(dialog.place)

    def remove_selected_stop(self) -> None:
        row = self.current_stop_row()
        if row >= 0:
            stop = self.doc.stops.stop_at(row)
            self.push(cmd.RemoveStopCommand(self.doc, stop.id or 0))
            self.select_stop_row(min(row, self.doc.stops.rowCount() - 1))

    def move_selected(self, delta: int) -> None:
        row = self.current_stop_row()
        target = row + delta
        if row >= 0 and 0 <= target < self.doc.stops.rowCount():
            stop = self.doc.stops.stop_at(row)
            self._on_move_requested(stop.id or 0, target)

    def _on_move_requested(self, stop_id: int, target: int) -> None:
        source = self.doc.stops.row_of(stop_id)
        if self.push(cmd.MoveStopCommand(self.doc, stop_id, source, target)):
            self.select_stop(stop_id)

    def _on_stop_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_details()
        if current.isValid():
            self.map_panel.select_stop(self.doc.stops.stop_at(current.row()).id)

    def _refresh_details(self, *_args: Any) -> None:
        row = self.current_stop_row()
        if row < 0 or row >= self.doc.stops.rowCount():
            if self.details.currentWidget() is self.details.stop_editor:
                self.details.show_nothing()
            self.stop_sites.set_items([])
            return
        stop = self.doc.stops.stop_at(row)
        if self.details.currentWidget() is not self.details.site_editor or not _args:
            self.details.show_stop(stop, row)
        self._refresh_stop_sites()

    def _refresh_stop_sites(self) -> None:
        row = self.current_stop_row()
        stop_id = self.doc.stops.stop_at(row).id if 0 <= row < self.doc.stops.rowCount() else None
        self.stop_sites.set_items([s for s in self.doc.sites.items if s.stop_id == stop_id])
        site = self.details.site_editor.site
        if self.details.currentWidget() is self.details.site_editor and site is not None:
            current = self.doc.sites.row_of(site.id)
            if current >= 0:
                self.details.show_site(self.doc.sites.item_at(current))
            else:
                self._refresh_details()

    # -- sites ----------------------------------------------------------------
    def add_site(self) -> None:
        row = self.current_stop_row()
        if row < 0 or self.doc.trip_id is None:
            self.show_error(self.tr("Select the stop where the site is first."))
            return
        stop = self.doc.stops.stop_at(row)
        self.add_site_at(stop, stop.place.lat, stop.place.lon, approximate=True)

    def add_site_at(
        self, stop: Stop, lat: float, lon: float, *, approximate: bool, near: str = ""
    ) -> None:
        where = near or stop.place.name
        name, ok = QInputDialog.getText(
            self,
            self.tr("Add site"),
            self.tr("Name of the site near {place} (added to stop {city}):").format(
                place=where, city=stop.place.name
            ),
        )
        if not ok:
            return
        themes = [t.label for t in Theme]
        label, ok = QInputDialog.getItem(
            self, self.tr("Add site"), self.tr("Theme:"), themes, 0, False
        )
        if not ok or self.doc.trip_id is None:
            return
        try:
            site = Site(
                stop_id=stop.id,
                name=name,
                theme=Theme.parse(label),
                lat=lat,
                lon=lon,
                approximate=approximate,
            )
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return
        command = cmd.AddSiteCommand(self.doc, self.doc.trip_id, site)
        if self.push(command):
            self.show_site(command.site.id or 0)

    def show_site(self, site_id: int) -> None:
        row = self.doc.sites.row_of(site_id)
        if row < 0:
            return
        site = self.doc.sites.item_at(row)
        stop_row = self.doc.stops.row_of(site.stop_id)
        if stop_row != self.current_stop_row():
            self.select_stop_row(stop_row)
        self.details.show_site(site)
        self.map_panel.select_site(site.id)

    def remove_site(self) -> None:
        site = self.details.site_editor.site
        if (
            self.details.currentWidget() is self.details.site_editor
            and site is not None
            and self.doc.trip_id
        ):
            self.push(cmd.RemoveSiteCommand(self.doc, self.doc.trip_id, site.id or 0))
            self._refresh_details()

    def _on_site_edited(self, old: Site, new: Site, key: str) -> None:
        if self.doc.trip_id is not None:
            self.push(cmd.EditSiteCommand(self.doc, self.doc.trip_id, old, new, merge_key=key))

    # -- journal --------------------------------------------------------------
    def new_entry(self) -> None:
        if self.doc.trip_id is None:
            self.show_error(self.tr("Create or select a trip first."))
            return
        row = self.current_stop_row()
        stop = self.doc.stops.stop_at(row) if row >= 0 else None
        day = (stop.arrival if stop and stop.arrival else None) or date.today()
        title = (
            self.tr("Notes from {city}").format(city=stop.place.name)
            if stop
            else self.tr("Trip notes")
        )
        entry = JournalEntry(
            trip_id=self.doc.trip_id, stop_id=stop.id if stop else None, day=day, title=title
        )
        command = cmd.AddEntryCommand(self.doc, entry)
        if self.push(command):
            self.centre_tabs.setCurrentWidget(self.journal_pane)
            self.journal_pane.select_entry(command.entry.id)
            self.journal_pane.title.setFocus()
            self.journal_pane.title.selectAll()

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        """Return once the map has drawn the shown trip (used by screenshots)."""
        from cityplanner.ui.map_export import wait_until_drawn

        self.map_panel.flush()
        if self.centre_tabs.currentWidget() is self.map_view:
            wait_until_drawn(self.map_view, timeout_s)

    # -- totals, help, files -------------------------------------------------
    def update_totals(self) -> None:
        self.totals_label.setText(self.totals_text())

    def show_shortcuts(self) -> None:
        ShortcutsDialog([*self.actions(), self.act_undo, self.act_redo], self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About CityPlanner"),
            self.tr(
                "<b>CityPlanner {version}</b><p>Plan multi-city trips, log smart-city visits and "
                "share itinerary maps — offline, in one file you own.</p><p>Database: {path}</p>"
            ).format(version=__version__, path=_html(str(self.store.path or "in memory"))),
        )

    def choose_database(self) -> None:
        start = str(self.store.path.parent) if self.store.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open itinerary database"),
            start,
            self.tr("CityPlanner databases (*.db *.sqlite);;All files (*)"),
        )
        if path:
            self.sig_open_requested.emit(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_databases():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.sig_open_requested.emit(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _restore_state(self) -> None:
        self.settings.restore_window(
            self,
            {
                "main": self.main_split,
                "centre": self.centre_split,
                "journal": self.journal_pane.splitter,
            },
        )
        if self.store.path is not None:
            self.settings.add_recent_database(str(self.store.path))
        trip_id = self.settings.last_trip(str(self.store.path))
        if self.doc.trips.row_of(trip_id) < 0 and self.doc.trips.rowCount():
            trip_id = self.doc.trips.item_at(0).id
        self.doc.show_trip(trip_id if self.doc.trips.row_of(trip_id) >= 0 else None)
        self.update_totals()
        self.places.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details.flush()
        self.journal_pane.flush()
        self.settings.save_window(
            self,
            {
                "main": self.main_split,
                "centre": self.centre_split,
                "journal": self.journal_pane.splitter,
            },
        )
        self.settings.set_last_trip(str(self.store.path), self.doc.trip_id)
        self.runner.shutdown()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def database_label(path: Path | None) -> str:
    return str(path) if path else "in memory"
