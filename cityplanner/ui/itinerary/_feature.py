"""The itinerary: trips, the stops of the shown trip, their details and sites, route order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from cityplanner.domain.models import Place, Stop
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.ui.itinerary._commands import (
    AddStopCommand,
    EditStopCommand,
    MoveStopCommand,
    RemoveStopCommand,
    ReorderStopsCommand,
    SetStartCommand,
)
from cityplanner.ui.itinerary._dates import StartDateDialog
from cityplanner.ui.itinerary._details import DetailsPane
from cityplanner.ui.itinerary._markers import MarkerEditing
from cityplanner.ui.itinerary._optimise import OptimiseDialog
from cityplanner.ui.itinerary._sites import SiteEditing
from cityplanner.ui.itinerary._table import stops_table, totals_text
from cityplanner.ui.itinerary._trips import TripsPane
from cityplanner.ui.shell import (
    DateDelegate,
    ModeDelegate,
    NightsDelegate,
    WindowContext,
    distance,
    make_action,
)


class ItineraryFeature(QObject):
    """Builds the trips pane, the itinerary table, the details pane and their actions."""

    sig_stop_selected = Signal(object)
    """Another stop is current in the table: its id."""
    sig_site_shown = Signal(int)
    """A site is shown in the details pane: its id."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        doc = ctx.doc
        self.trips_pane = TripsPane(ctx)
        self.table = stops_table(doc.stops)
        for column, delegate in (
            (doc.stops.COL_ARRIVAL, DateDelegate(self.table, allow_empty=True)),
            (doc.stops.COL_NIGHTS, NightsDelegate(self.table)),
            (doc.stops.COL_MODE, ModeDelegate(self.table)),
        ):
            self.table.setItemDelegateForColumn(column, delegate)
        self.details = DetailsPane()
        self.totals_label = QLabel()
        self.sites = SiteEditing(
            ctx,
            self.details,
            current_stop=self.current_stop,
            select_stop=lambda stop_id: self.select_stop_row(doc.stops.row_of(stop_id)),
            refresh_details=lambda: self._refresh_details(),
        )
        self._build_actions()
        #: What the map's markers ask for: move, edit or remove a stop or site.
        self.markers = MarkerEditing(
            ctx,
            self.details,
            self.sites,
            select_stop=self.select_stop,
            select_stop_row=self.select_stop_row,
            refresh_details=lambda: self._refresh_details(),
        )
        ctx.on_flush(self.details.flush)

        self.trips_pane.sig_trip_chosen.connect(self._on_trip_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._on_stop_selected)
        self.sites.sig_site_shown.connect(self.sig_site_shown)
        doc.stops.sig_edit_requested.connect(self._on_edit_requested)
        doc.stops.sig_edit_refused.connect(ctx.show_error)
        doc.stops.sig_start_requested.connect(self.set_start)
        doc.stops.sig_move_requested.connect(self._on_move_requested)
        doc.stops.dataChanged.connect(self._refresh_details)
        doc.sig_changed.connect(self.update_totals)
        doc.sig_sites_changed.connect(self.sites.refresh_stop_sites)
        doc.sig_trip_shown.connect(self._on_trip_shown)
        editor = self.details.stop_editor
        editor.sig_stop_edited.connect(
            lambda old, new, key: ctx.push(EditStopCommand(doc, old, new, merge_key=key))
        )
        editor.sig_error.connect(ctx.show_error)
        editor.sig_cell_edited.connect(self._on_cell_edited)
        # Back from a site to its stop: what follows the selected stop shows the stop again.
        self.details.site_editor.sig_back.connect(self._on_back_to_stop)

    def _build_actions(self) -> None:
        w = self._ctx.window
        self.act_new_trip = make_action(
            w,
            self.tr("&New trip…"),
            self.trips_pane.new_trip,
            shortcut=QKeySequence.StandardKey.New,
            icon_name="new-trip",
        )
        self.act_rename_trip = make_action(
            w, self.tr("&Rename trip…"), self.trips_pane.rename_trip, shortcut="Ctrl+R"
        )
        self.act_delete_trip = make_action(
            w, self.tr("&Delete trip"), self.trips_pane.delete_trip, icon_name="delete"
        )
        self.act_up = make_action(
            w,
            self.tr("Move stop &up"),
            lambda: self.move_selected(-1),
            shortcut="Ctrl+Up",
            icon_name="up",
        )
        self.act_down = make_action(
            w,
            self.tr("Move stop do&wn"),
            lambda: self.move_selected(+1),
            shortcut="Ctrl+Down",
            icon_name="down",
        )
        self.act_delete = make_action(
            w,
            self.tr("Delete selected &stop"),
            self.remove_selected_stop,
            shortcut="Ctrl+Del",
            icon_name="delete",
        )
        self.act_optimise = make_action(
            w,
            self.tr("&Optimise route…"),
            self.optimise_route,
            shortcut="Ctrl+Shift+O",
            icon_name="optimise",
        )
        self.act_set_start = make_action(
            w,
            self.tr("Set &start date…"),
            self.choose_start,
            shortcut="Ctrl+Shift+D",
            icon_name="calendar",
        )
        self.act_pin = make_action(
            w,
            self.tr("&Pin arrival"),
            lambda: self.pin_selected(True),
            shortcut="Ctrl+Shift+P",
            icon_name="pin",
        )
        self.act_unpin = make_action(
            w,
            self.tr("&Let arrival follow"),
            lambda: self.pin_selected(False),
            shortcut="Ctrl+Alt+P",
        )
        self.act_add_site = make_action(
            w,
            self.tr("Add &site to stop…"),
            self.sites.add_site,
            shortcut="Ctrl+Shift+S",
            icon_name="add-site",
        )
        self.act_remove_site = make_action(w, self.tr("Remove site"), self.sites.remove_site)
        self.act_focus_trips = make_action(
            w, self.tr("&Trips list"), self.trips_pane.view.setFocus, shortcut="Ctrl+0"
        )
        self.act_focus_table = make_action(
            w, self.tr("&Itinerary"), self.table.setFocus, shortcut="Ctrl+1"
        )

    def actions(self) -> list[QAction]:
        """Every action of the itinerary, for the window's shortcuts."""
        return [
            self.act_new_trip,
            self.act_rename_trip,
            self.act_delete_trip,
            self.act_delete,
            self.act_up,
            self.act_down,
            self.act_add_site,
            self.act_remove_site,
            self.act_optimise,
            self.act_set_start,
            self.act_pin,
            self.act_unpin,
            self.act_focus_trips,
            self.act_focus_table,
        ]

    # -- trips ------------------------------------------------------------------------
    def select_trip(self, trip_id: int | None) -> None:
        self.trips_pane.select_trip(trip_id)

    def _on_trip_chosen(self, trip_id: int | None) -> None:
        self._ctx.flush_edits()
        if trip_id != self._ctx.doc.trip_id:
            self._ctx.doc.show_trip(trip_id)

    def _on_trip_shown(self, trip_id: int | None) -> None:
        self.select_trip(trip_id)
        self.details.show_nothing()
        if self._ctx.doc.stops.rowCount():
            self.select_stop_row(0)

    # -- stops ------------------------------------------------------------------------
    def current_stop_row(self) -> int:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def current_stop(self) -> Stop | None:
        row, stops = self.current_stop_row(), self._ctx.doc.stops
        return stops.stop_at(row) if 0 <= row < stops.rowCount() else None

    def select_stop_row(self, row: int) -> None:
        stops = self._ctx.doc.stops
        if 0 <= row < stops.rowCount():
            self.table.selectionModel().setCurrentIndex(
                stops.index(row, stops.COL_CITY),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def select_stop(self, stop_id: int) -> None:
        self.select_stop_row(self._ctx.doc.stops.row_of(stop_id))

    def add_place(self, place: Place) -> None:
        """Add `place` as a stop after the selected one (or at the end)."""
        ctx, stops = self._ctx, self._ctx.doc.stops
        if ctx.doc.trip_id is None:
            ctx.show_error(self.tr("Create or select a trip first."))
            return
        row = self.current_stop_row()
        target = row + 1 if row >= 0 else stops.rowCount()
        mode = None
        if target > 0:
            # Reached as the stop before was, else by the mode chosen in Preferences.
            mode = stops.stop_at(target - 1).mode if target - 1 > 0 else None
            default = ctx.settings.default_mode()
            if mode is None and default in {m.value for m in TravelMode}:
                mode = TravelMode(default)
        command = AddStopCommand(ctx.doc, ctx.doc.trip_id, Stop(place=place, mode=mode), target)
        if ctx.push(command):
            self.select_stop(command.stop.id or 0)

    def remove_selected_stop(self) -> None:
        row = self.current_stop_row()
        if row >= 0:
            stops = self._ctx.doc.stops
            self._ctx.push(RemoveStopCommand(self._ctx.doc, stops.stop_at(row).id or 0))
            self.select_stop_row(min(row, stops.rowCount() - 1))

    def move_selected(self, delta: int) -> None:
        row = self.current_stop_row()
        target = row + delta
        stops = self._ctx.doc.stops
        if row >= 0 and 0 <= target < stops.rowCount():
            self._on_move_requested(stops.stop_at(row).id or 0, target)

    def _on_move_requested(self, stop_id: int, target: int) -> None:
        source = self._ctx.doc.stops.row_of(stop_id)
        if self._ctx.push(MoveStopCommand(self._ctx.doc, stop_id, source, target)):
            self.select_stop(stop_id)

    def optimise_route(self) -> None:
        ctx = self._ctx
        stops = ctx.doc.stops.stops
        if ctx.doc.trip_id is None or len(stops) < 3:
            ctx.show_error(self.tr("A route needs at least three stops to be reordered."))
            return
        dialog = OptimiseDialog(stops, ctx.runner, ctx.window, start=ctx.doc.stops.start)
        if dialog.exec() and dialog.proposal is not None and dialog.proposal.changed:
            proposal = dialog.proposal
            text = self.tr("Optimise route ({before} → {after})").format(
                before=distance(proposal.before_km), after=distance(proposal.after_km)
            )
            ctx.push(ReorderStopsCommand(ctx.doc, ctx.doc.trip_id, proposal.stop_ids, text))

    # -- dates --------------------------------------------------------------------
    def choose_start(self) -> None:
        trip = self._ctx.doc.trip()
        if trip is None:
            self._ctx.show_error(self.tr("Select a trip first."))
            return
        dialog = StartDateDialog(trip.name, trip.start, self._ctx.window)
        if dialog.exec():
            self.set_start(dialog.start)

    def set_start(self, start: date) -> None:
        """The trip starts on `start`; its unpinned stops follow, in one undo step."""
        trip = self._ctx.doc.trip()
        if trip is not None and start != trip.start:
            self._ctx.push(SetStartCommand(self._ctx.doc, trip, start))

    def pin_selected(self, pinned: bool) -> None:
        """Pin the selected stop's arrival where it is, or let it follow the stop before."""
        stop = self.current_stop()
        if stop is None:
            self._ctx.show_error(self.tr("Select a stop first."))
            return
        if stop.pinned == pinned:
            return
        if pinned and stop.arrival is None:
            self._ctx.show_error(
                self.tr(
                    "This trip has no dates yet: set its start date first (Trip → Set start date…)."
                )
            )
            return
        self._ctx.push(EditStopCommand(self._ctx.doc, stop, stop.with_changes(pinned=pinned)))

    def _on_edit_requested(self, old: Stop, new: Stop) -> None:
        # Stepping nights up and down is one change to undo, as typing a name is.
        key = "nights" if replace(old, nights=new.nights) == new else ""
        self._ctx.push(EditStopCommand(self._ctx.doc, old, new, merge_key=key))

    def _on_back_to_stop(self) -> None:
        stop = self.current_stop()
        if stop is not None:
            self.sig_stop_selected.emit(stop.id)

    def _on_cell_edited(self, stop: Stop, column: int, value: object) -> None:
        """The details pane changed an arrival, nights or a mode: the table's rule applies."""
        stops = self._ctx.doc.stops
        row = stops.row_of(stop.id)
        if row >= 0:
            stops.setData(stops.index(row, column), value)
        self._refresh_details()

    def _on_stop_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_details()
        if current.isValid():
            self.sig_stop_selected.emit(self._ctx.doc.stops.stop_at(current.row()).id)

    def _refresh_details(self, *args: object) -> None:
        """Show the current stop; an edit in the table (`args`) leaves an open site alone."""
        row = self.current_stop_row()
        first, last = (*args, None, None)[:2]
        # Rows re-dated after an edit elsewhere: nothing to show unless they hold this one.
        if (
            isinstance(first, QModelIndex)
            and isinstance(last, QModelIndex)
            and not first.row() <= row <= last.row()
        ):
            return
        stop = self.current_stop()
        if stop is None:
            if self.details.currentWidget() is self.details.stop_editor:
                self.details.show_nothing()
            self.sites.stop_sites.set_items([])
            return
        if self.details.currentWidget() is not self.details.site_editor or not args:
            planned = self._ctx.doc.stops.planned()
            arrival = planned[row].arrival if row < len(planned) else None
            self.details.show_stop(stop, row, arrival)
        self.sites.refresh_stop_sites()

    def update_totals(self) -> None:
        self.totals_label.setText(totals_text(self._ctx.doc.stops))
