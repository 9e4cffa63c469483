"""The main window: trips, itinerary, map and journal, details, totals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
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
from cityplanner.domain.models import Place, Stop
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
from cityplanner.ui.window_editing import WindowEditing
from cityplanner.ui.window_menus import WindowMenus
from cityplanner.ui.window_tools import WindowTools
from cityplanner.ui.workers import TaskRunner


class MainWindow(WindowEditing, WindowMenus, WindowTools, QMainWindow):
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
        self.map_panel = MapController(self, self.map_view, self.doc, self.runner, self)
        self._build_actions()
        self._connect()
        title = str(store.path) if store.path else self.tr("in-memory database")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.resize(1400, 860)
        self.setAcceptDrops(True)
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
        self.places.cancel()
        self.runner.shutdown()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def database_label(path: Path | None) -> str:
    return str(path) if path else "in memory"
