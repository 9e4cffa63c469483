# mypy: disable-error-code="misc"
"""Editing trips, sites and journal entries from the window, each change through the undo stack."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import JournalEntry, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.ui import commands as cmd

if TYPE_CHECKING:
    from cityplanner.ui.window import MainWindow


class WindowEditing:
    """Mixed into `MainWindow`; kept apart so that each file stays readable."""

    # -- trips ----------------------------------------------------------------
    def new_trip(self: MainWindow) -> None:
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

    def rename_trip(self: MainWindow) -> None:
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

    def delete_trip(self: MainWindow) -> None:
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

    # -- sites ----------------------------------------------------------------
    def add_site(self: MainWindow) -> None:
        row = self.current_stop_row()
        if row < 0 or self.doc.trip_id is None:
            self.show_error(self.tr("Select the stop where the site is first."))
            return
        stop = self.doc.stops.stop_at(row)
        self.add_site_at(stop, stop.place.lat, stop.place.lon, approximate=True)

    def add_site_at(
        self: MainWindow, stop: Stop, lat: float, lon: float, *, approximate: bool, near: str = ""
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

    def show_site(self: MainWindow, site_id: int) -> None:
        row = self.doc.sites.row_of(site_id)
        if row < 0:
            return
        site = self.doc.sites.item_at(row)
        stop_row = self.doc.stops.row_of(site.stop_id)
        if stop_row != self.current_stop_row():
            self.select_stop_row(stop_row)
        self.details.show_site(site)
        self.map_panel.select_site(site.id)

    def remove_site(self: MainWindow) -> None:
        site = self.details.site_editor.site
        if (
            self.details.currentWidget() is self.details.site_editor
            and site is not None
            and self.doc.trip_id
        ):
            self.push(cmd.RemoveSiteCommand(self.doc, self.doc.trip_id, site.id or 0))
            self._refresh_details()

    def _on_site_edited(self: MainWindow, old: Site, new: Site, key: str) -> None:
        if self.doc.trip_id is not None:
            self.push(cmd.EditSiteCommand(self.doc, self.doc.trip_id, old, new, merge_key=key))

    # -- journal --------------------------------------------------------------
    def new_entry(self: MainWindow) -> None:
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
