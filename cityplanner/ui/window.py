"""The main window: it composes the features, lays them out and builds the menus.

Each feature (a folder beside this module) builds its own widgets and actions from the
`WindowContext` it is given; what one feature does in reply to another is wired here.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityplanner import APP_NAME
from cityplanner.domain.units import DistanceUnit
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.store import Store
from cityplanner.ui.backups import BackupsFeature
from cityplanner.ui.budget import BudgetFeature
from cityplanner.ui.days import DaysFeature
from cityplanner.ui.exchange import ExchangeFeature
from cityplanner.ui.itinerary import ItineraryFeature
from cityplanner.ui.journal import JournalFeature
from cityplanner.ui.map import MapFeature
from cityplanner.ui.photos import PhotosFeature
from cityplanner.ui.places import PlacesFeature
from cityplanner.ui.shell import AppActions, Settings, WindowContext, icon, set_distance_unit
from cityplanner.ui.stats import StatsFeature
from cityplanner.ui.tracks import TracksFeature


class MainWindow(QMainWindow):
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
        defer_start: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings(QSettings())
        self.ctx = ctx = WindowContext(store, self.settings, self)
        self.doc, self.undo_stack = ctx.doc, ctx.undo_stack
        set_distance_unit(DistanceUnit.parse(self.settings.distance_unit()))
        self.app = AppActions(ctx)
        self.act_undo, self.act_redo = self.app.act_undo, self.app.act_redo
        self.app.sig_open_requested.connect(self.sig_open_requested)
        self.app.sig_units_changed.connect(self._on_units_changed)
        self.itinerary = ItineraryFeature(ctx)
        self.places = PlacesFeature(
            ctx, gazetteer, geocoder, current_stop=self.itinerary.current_stop
        )
        self.map = MapFeature(ctx)
        self.journal = JournalFeature(ctx, current_stop=self.itinerary.current_stop)
        self.exchange = ExchangeFeature(ctx, gazetteer=self.places.gazetteer_if_ready)
        self.days = DaysFeature(ctx)
        self.budget = BudgetFeature(ctx)
        self.stats = StatsFeature(ctx)
        self.tracks = TracksFeature(ctx)
        self.backups = BackupsFeature(ctx)
        self.photos = PhotosFeature(ctx)
        self._lay_out()
        self._wire()
        self._build_menus()
        self.app.route_undo_keys()
        title = str(store.path) if store.path else self.tr("in-memory database")
        if store.read_only:
            title += self.tr(" (read-only)")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.resize(1400, 860)
        self.setAcceptDrops(True)
        self._restore_state()
        if not defer_start:
            self.start_deferred()

    def start_deferred(self) -> None:
        """What the first picture does without: the city index check, the reference rates.

        Run at the end of `__init__`, or by the launcher once the map is painted."""
        self.places.start()
        self.budget.start()

    def _lay_out(self) -> None:
        itinerary = QWidget()
        itinerary_layout = QVBoxLayout(itinerary)
        itinerary_layout.setContentsMargins(0, 0, 0, 0)
        itinerary_layout.addWidget(self.places.bar)
        itinerary_layout.addWidget(self.itinerary.table, 1)
        self.centre_tabs = QTabWidget()
        self.centre_tabs.addTab(self.map.view, icon("map"), self.tr("Map"))
        self.centre_tabs.addTab(self.journal.pane, icon("journal"), self.tr("Journal"))
        self.centre_tabs.addTab(self.days.pane, icon("days"), self.tr("Days"))
        self.centre_tabs.addTab(self.budget.pane, icon("budget"), self.tr("Budget"))
        self.centre_tabs.addTab(self.stats.pane, icon("stats"), self.tr("Statistics"))
        self.centre_tabs.addTab(self.tracks.pane, icon("mode-walk"), self.tr("Tracks"))
        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(itinerary)
        self.centre_split.addWidget(self.centre_tabs)
        self.centre_split.setSizes([260, 640])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.itinerary.trips_pane)
        self.main_split.addWidget(self.centre_split)
        self.details_split = QSplitter(Qt.Orientation.Vertical)
        self.details_split.addWidget(self.itinerary.details)
        self.details_split.addWidget(self.photos.strip)
        self.details_split.setStretchFactor(0, 1)
        self.main_split.addWidget(self.details_split)
        self.main_split.setSizes([160, 890, 350])
        self.main_split.setStretchFactor(1, 1)
        self._fitted = False
        self.setCentralWidget(self.main_split)
        lookup_busy, index_progress = self.places.status_widgets()
        self.statusBar().addPermanentWidget(lookup_busy)
        self.statusBar().addPermanentWidget(self.itinerary.totals_label)
        self.statusBar().addPermanentWidget(index_progress)

    def _wire(self) -> None:
        """What one feature does when another reports something."""
        itinerary, places, map_ = self.itinerary, self.places, self.map
        self.ctx.sig_view_requested.connect(self.centre_tabs.setCurrentWidget)
        places.sig_place_chosen.connect(itinerary.add_place)
        itinerary.sig_stop_selected.connect(map_.select_stop)
        itinerary.sig_site_shown.connect(map_.select_site)
        itinerary.sig_stop_selected.connect(self.photos.show_stop)
        itinerary.sig_site_shown.connect(self.photos.show_site)
        map_.sig_photo_clicked.connect(self.photos.select_photo)
        map_.sig_stop_clicked.connect(itinerary.select_stop)
        map_.sig_site_clicked.connect(itinerary.sites.show_site)
        map_.sig_add_site_requested.connect(
            lambda lat, lon: itinerary.sites.add_site_here(
                lat, lon, near=places.nearest_label(lat, lon)
            )
        )
        map_.sig_marker_moved.connect(itinerary.markers.move)
        map_.sig_edit_requested.connect(itinerary.markers.edit)
        map_.sig_remove_requested.connect(itinerary.markers.remove)
        self.exchange.sig_trip_imported.connect(itinerary.select_trip)
        self.days.sig_stop_selected.connect(itinerary.select_stop)
        self.days.sig_site_selected.connect(itinerary.sites.show_site)
        self.days.sig_day_selected.connect(map_.show_day)

    def _build_menus(self) -> None:
        app = self.app
        it, places, map_, journal, exchange = (
            self.itinerary,
            self.places,
            self.map,
            self.journal,
            self.exchange,
        )
        for action in [
            *it.actions(),
            *places.actions(),
            *map_.actions(),
            *journal.actions(),
            *exchange.actions(),
            *self.days.actions(),
            *self.budget.actions(),
            *self.stats.actions(),
            *self.tracks.actions(),
            *self.backups.actions(),
            *self.photos.actions(),
            *app.actions(),
        ]:
            self.addAction(action)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([it.act_new_trip, it.act_rename_trip, it.act_delete_trip])
        file_menu.addSeparator()
        file_menu.addAction(app.act_open)
        file_menu.addMenu(app.recent_menu)
        file_menu.addAction(self.backups.act_backups)
        file_menu.addSeparator()
        file_menu.addActions(
            [
                exchange.act_import,
                exchange.act_open_trip_file,
                exchange.act_export,
                map_.act_export_map,
                map_.act_export_png,
            ]
        )
        file_menu.addSeparator()
        file_menu.addActions(self.photos.actions())
        file_menu.addSeparator()
        file_menu.addAction(exchange.act_print)
        file_menu.addSeparator()
        file_menu.addAction(app.act_quit)
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addActions([app.act_undo, app.act_redo])
        edit_menu.addSeparator()
        edit_menu.addAction(app.act_preferences)
        trip_menu = menu.addMenu(self.tr("&Trip"))
        trip_menu.addActions([places.act_find_city, places.act_find_online, places.act_add_coords])
        trip_menu.addActions([it.act_up, it.act_down, it.act_delete, it.act_optimise])
        trip_menu.addSeparator()
        trip_menu.addActions([it.act_set_start, it.act_pin, it.act_unpin, self.days.act_plan_visit])
        trip_menu.addSeparator()
        budget = self.budget
        trip_menu.addActions([budget.act_add_cost, budget.act_set_budget, budget.act_set_rate])
        trip_menu.addSeparator()
        trip_menu.addActions([it.act_add_site, it.act_remove_site, journal.act_new_entry])
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addActions(
            [
                it.act_focus_trips,
                it.act_focus_table,
                journal.act_show_journal,
                map_.act_show_map,
                self.days.act_show_days,
                self.budget.act_show_budget,
                self.stats.act_show_stats,
                self.tracks.act_show_tracks,
            ]
        )
        view_menu.addSeparator()
        view_menu.addActions([map_.act_colour_by_day, map_.act_only_day])
        view_menu.addSeparator()
        view_menu.addActions([map_.act_stop_labels, map_.act_zoom_trip, map_.act_zoom_stop])
        map_.fill_map_menu(menu.addMenu(self.tr("&Map")))
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addActions([app.act_shortcuts, app.act_about])

    # -- the window's own commands ------------------------------------------------------
    def select_trip(self, trip_id: int | None) -> None:
        self.itinerary.select_trip(trip_id)

    def is_ready(self) -> bool:
        return self.map.is_ready

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        """Return once the map has drawn the shown trip (used by screenshots)."""
        if self.centre_tabs.currentWidget() is self.map.view:
            self.map.wait_until_drawn(timeout_s)
        else:
            self.map.controller.flush()

    # -- state between runs, closing, drops ---------------------------------------------
    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "main": self.main_split,
            "centre": self.centre_split,
            "journal": self.journal.pane.splitter,
            "details": self.details_split,
        }

    def _restore_state(self) -> None:
        # A layout the person made is kept; otherwise the panes fit the first size shown.
        self._fitted = self.settings.restore_window(self, self._splitters())
        if self.store.path is not None:
            self.settings.add_recent_database(str(self.store.path))
        trips = self.doc.trips
        trip_id = self.settings.last_trip(str(self.store.path))
        if trips.row_of(trip_id) < 0 and trips.rowCount():
            trip_id = trips.item_at(0).id
        self.doc.show_trip(trip_id if trips.row_of(trip_id) >= 0 else None)
        self.itinerary.update_totals()
        if self.store.read_only:
            # Said at the start, and kept in the status bar while the file is open.
            reason = self.store.damage or self.store.read_only_reason or ""
            self.statusBar().showMessage(reason, 30000)
            badge = QLabel(
                self.tr("Damaged: read-only") if self.store.damage else self.tr("Read-only")
            )
            badge.setStyleSheet("color: #b71c1c; font-weight: bold")
            badge.setToolTip(reason)
            self.statusBar().insertPermanentWidget(0, badge)

    def _on_units_changed(self) -> None:
        """Draw every distance again in the unit chosen in Preferences."""
        stops = self.doc.stops
        stops.headerDataChanged.emit(Qt.Orientation.Horizontal, stops.COL_LEG, stops.COL_LEG)
        if stops.rowCount():
            last = stops.rowCount() - 1
            stops.dataChanged.emit(stops.index(0, stops.COL_LEG), stops.index(last, stops.COL_LEG))
        self.doc.sig_changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_panes()

    def fit_panes(self) -> None:
        """Share the width and height out for this window's size: the trips list narrow, the
        details pane as wide as its fields need, the itinerary a third of the height."""
        width, height = self.main_split.width(), self.centre_split.height()
        trips = round(min(200, max(130, width * 0.12)))
        details = round(min(400, max(270, width * 0.26)))
        self.main_split.setSizes([trips, max(300, width - trips - details), details])
        table = round(min(420, max(200, height * 0.36)))
        self.centre_split.setSizes([table, max(240, height - table)])
        strip = self.photos.strip.preferred_height(self.details_split.height())
        self.details_split.setSizes([max(200, self.details_split.height() - strip), strip])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.flush_edits()
        self.settings.save_window(self, self._splitters())
        self.settings.set_last_trip(str(self.store.path), self.doc.trip_id)
        self.places.cancel()
        self.photos.shutdown()
        self.ctx.runner.shutdown()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.exchange.accepts(event.mimeData()) or self.photos.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.photos.drop(event.mimeData()) or self.exchange.drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()
