# mypy: disable-error-code="misc"
"""The window's tools beyond editing: finding places, the map, route optimisation, map export."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.distance import geodesic_km
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.travel import co2e_kg
from cityplanner.maps.export import write_trip_html
from cityplanner.ui import commands as cmd
from cityplanner.ui.optimise import OptimiseDialog

if TYPE_CHECKING:
    from cityplanner.ui.window import MainWindow

log = logging.getLogger(__name__)


class WindowTools:
    """Mixed into `MainWindow`; kept apart so that each file stays readable."""

    # -- cities and addresses ------------------------------------------------------
    def focus_search(self: MainWindow) -> None:
        if not self.search.isEnabled():
            self.statusBar().showMessage(self.tr("City search is not ready yet."), 4000)
            return
        self.search.setFocus()
        self.search.selectAll()

    def _on_index_ready(self: MainWindow, gazetteer: Gazetteer | None) -> None:
        self.search.set_gazetteer(gazetteer)
        self.search.setEnabled(gazetteer is not None)
        self.search.setPlaceholderText(
            self.tr("Add a city: type its name in any language (Ctrl+L)")
        )

    def _on_city_not_found(self: MainWindow, text: str) -> None:
        self.statusBar().showMessage(
            self.tr(
                "No city called “{text}” is known offline. Try “Address online…” or add it by coordinates."
            ).format(text=text),
            8000,
        )

    def find_address_online(self: MainWindow) -> None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Find an address online"),
            self.tr("Address or landmark (looked up on OpenStreetMap):"),
            text=self.search.text(),
        )
        if ok and text.strip():
            self.places.find_online(text)

    def _on_busy(self: MainWindow, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.find_online_button.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.statusBar().showMessage(self.tr("Looking up the address online…"))
        else:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()

    # -- the map -------------------------------------------------------------------
    def add_site_here(self: MainWindow, lat: float, lon: float) -> None:
        """A site at a point clicked on the map, attached to the trip's nearest stop."""
        stops = self.doc.stops.stops
        if not stops:
            self.show_error(self.tr("Add a stop to this trip before adding sites."))
            return
        nearest = min(stops, key=lambda s: geodesic_km((s.place.lat, s.place.lon), (lat, lon)))
        city = self.places.nearest(lat, lon)
        where = city.label if city is not None else nearest.place.name
        self.add_site_at(nearest, lat, lon, approximate=False, near=where)

    def is_ready(self: MainWindow) -> bool:
        return self.map_view.is_ready

    # -- route ---------------------------------------------------------------------
    def optimise_route(self: MainWindow) -> None:
        stops = self.doc.stops.stops
        if self.doc.trip_id is None or len(stops) < 3:
            self.show_error(self.tr("A route needs at least three stops to be reordered."))
            return
        dialog = OptimiseDialog(stops, self.runner, self)
        if dialog.exec() and dialog.proposal is not None and dialog.proposal.changed:
            proposal = dialog.proposal
            text = self.tr("Optimise route ({before} → {after} km)").format(
                before=f"{proposal.before_km:,.0f}", after=f"{proposal.after_km:,.0f}"
            )
            self.push(cmd.ReorderStopsCommand(self.doc, self.doc.trip_id, proposal.stop_ids, text))

    def totals_text(self: MainWindow) -> str:
        # From the legs the table already holds: a one-stop edit must not recompute the trip.
        stops = self.doc.stops.stops
        if not stops:
            return self.tr("No stops yet")
        legs = self.doc.stops.legs()
        co2 = sum(
            co2e_kg(km, s.mode) for s, km in zip(stops, legs, strict=True) if s.mode is not None
        )
        countries = {s.place.country_code for s in stops if s.place.country_code}
        return self.tr(
            "{km} km · {nights} nights · {countries} countries · {co2} kg CO2e · {stops} stops"
        ).format(
            km=f"{sum(legs):,.0f}",
            nights=sum(s.nights for s in stops),
            countries=len(countries),
            co2=f"{co2:,.0f}",
            stops=len(stops),
        )

    # -- exports -------------------------------------------------------------------
    def _export_target(self: MainWindow, title: str, suffix: str, pattern: str) -> Path | None:
        trip = self.doc.trip()
        if trip is None:
            self.show_error(self.tr("Select a trip first."))
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in trip.name).strip() or "trip"
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / f"{safe}{suffix}"), pattern
        )
        return Path(path) if path else None

    def export_map_html(self: MainWindow) -> None:
        target = self._export_target(
            self.tr("Export map as a web page"), ".html", self.tr("Web page (*.html)")
        )
        if target is None or self.doc.trip_id is None:
            return
        try:
            write_trip_html(self.store, self.doc.trip_id, target)
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage(self.tr("Saved the map to {path}").format(path=target), 6000)

    def export_map_png(self: MainWindow) -> None:
        target = self._export_target(
            self.tr("Export map as an image"), ".png", self.tr("PNG image (*.png)")
        )
        if target is None or self.doc.trip_id is None:
            return
        from cityplanner.maps.export import trip_payload
        from cityplanner.ui.map_export import render_png

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            render_png(trip_payload(self.store, self.doc.trip_id), target, size=(1600, 1000))
        except CityPlannerError as exc:
            self.show_error(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            self.tr("Saved the map image to {path}").format(path=target), 6000
        )
