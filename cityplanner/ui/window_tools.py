# mypy: disable-error-code="misc"
"""The window's tools beyond editing: finding places, the map, route optimisation, map export."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from cityplanner.domain.errors import CityPlannerError
from cityplanner.formats.registry import EXPORT_FORMATS, IMPORT_SUFFIXES, export_to_file
from cityplanner.geo.distance import geodesic_km
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.stats import trip_stats
from cityplanner.maps.export import trip_payload, write_trip_html
from cityplanner.ui import commands as cmd
from cityplanner.ui.exchange_dialogs import IMPORT_FILTER, ExportDialog, ImportDialog
from cityplanner.ui.map_export import render_png
from cityplanner.ui.optimise import OptimiseDialog
from cityplanner.ui.travelogue_export import export_travelogue

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
        # The table already holds the legs: a one-stop edit must not measure the trip again.
        stops = self.doc.stops.stops
        if not stops:
            return self.tr("No stops yet")
        stats = trip_stats(stops, kms=self.doc.stops.legs())
        return self.tr(
            "{km} km · {nights} nights · {countries} countries · {co2} kg CO2e · {stops} stops"
        ).format(
            km=f"{stats.km:,.0f}",
            nights=stats.nights,
            countries=stats.country_count,
            co2=f"{stats.co2e_kg:,.0f}",
            stops=stats.stops,
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

    # -- exchange ------------------------------------------------------------------
    def import_file(self: MainWindow, path: Path | None = None) -> None:
        """Import places from a file (chosen here, or dropped on the window) after a preview."""
        if path is None:
            start = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DownloadLocation
            )
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import places"), start, self.tr(IMPORT_FILTER)
            )
            if not chosen:
                return
            path = Path(chosen)
        dialog = ImportDialog(
            path, self.store, self.doc.trip(), self.runner, self.places.gazetteer_if_ready(), self
        )
        if dialog.exec() and dialog.plan is not None:
            command = cmd.ImportCommand(
                self.doc, dialog.plan, skip_duplicates=dialog.skip_duplicates.isChecked()
            )
            if self.push(command) and command.result is not None:
                result = command.result
                self.select_trip(result.trip.id)
                self.statusBar().showMessage(
                    self.tr("Imported {stops} stops and {sites} sites from {name}.").format(
                        stops=result.stops, sites=result.sites, name=path.name
                    ),
                    8000,
                )

    def export_trip(self: MainWindow) -> None:
        """Export the shown trip in any format: exchange files, travelogues, the map."""
        trip = self.doc.trip()
        if trip is None or trip.id is None:
            self.show_error(self.tr("Select a trip first."))
            return
        dialog = ExportDialog([(f.key, f.label) for f in EXPORT_FORMATS.values()], self)
        if not dialog.exec():
            return
        fmt = EXPORT_FORMATS[dialog.key]
        target = self._export_target(
            self.tr("Export {format}").format(format=fmt.label),
            fmt.extension,
            f"{fmt.label} (*{fmt.extension})",
        )
        if target is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if fmt.key == "png":
                render_png(trip_payload(self.store, trip.id), target, size=(1600, 1000))
            elif fmt.gui_command == "export-travelogue":
                export_travelogue(
                    self.store, trip.id, fmt.key, target, map_image=None, size=(1600, 1000)
                )
            else:
                export_to_file(self.store, trip.id, fmt.key, target)
        except CityPlannerError as exc:
            QApplication.restoreOverrideCursor()
            self.show_error(str(exc))
            return
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            self.tr("Exported {trip} to {path}").format(trip=trip.name, path=target), 8000
        )

    def dragEnterEvent(self: MainWindow, event: QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self: MainWindow, event: QDropEvent) -> None:
        path = _dropped_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Leave the drop handler first, so that the dragging application is released.
        QTimer.singleShot(0, lambda: self.import_file(path))


def _dropped_file(mime: QMimeData) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMPORT_SUFFIXES:
                return path
    return None
