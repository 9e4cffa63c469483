"""Keeps the map in step with the window: the shown trip, edits, and selection both ways."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer

from cityplanner.domain.models import Trip
from cityplanner.maps.payload import map_payload
from cityplanner.ui.document import TripDocument
from cityplanner.ui.map_view import MapView

log = logging.getLogger(__name__)

#: Edits arriving faster than this are drawn together (typing, dragging, undo runs).
REFRESH_DELAY_MS = 250


class MapHost(Protocol):
    def select_stop(self, stop_id: int) -> None: ...
    def show_site(self, site_id: int) -> None: ...
    def add_site_here(self, lat: float, lon: float) -> None: ...


class MapController(QObject):
    """Loads the shown trip, redraws after edits (keeping zoom and pan), syncs selection."""

    def __init__(self, host: MapHost, view: MapView, doc: TripDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._host, self.view, self._doc = host, view, doc
        self._loaded_trip: int | bool | None = False  # False: nothing loaded yet
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        doc.sig_trip_shown.connect(self._on_trip_shown)
        doc.sig_changed.connect(self._timer.start)
        view.sig_stop_clicked.connect(host.select_stop)
        view.sig_site_clicked.connect(host.show_site)
        view.sig_add_site_requested.connect(host.add_site_here)

    def _payload(self) -> dict[str, Any]:
        trip = self._doc.trip() or Trip(name=self.tr("No trip selected"))
        return map_payload(
            trip, self._doc.stops.stops, self._doc.sites.items, labels=self.view.labels()
        )

    def _on_trip_shown(self, trip_id: int | None) -> None:
        self._timer.stop()
        self._loaded_trip = trip_id
        self.view.show_payload(self._payload())

    def refresh(self) -> None:
        """Redraw the current trip's data in place."""
        self._timer.stop()
        if self._loaded_trip is False or self._loaded_trip != self._doc.trip_id:
            self._on_trip_shown(self._doc.trip_id)
        else:
            self.view.update_data(self._payload())

    def flush(self) -> None:
        """Draw pending edits now (before a screenshot or an export)."""
        if self._timer.isActive():
            self.refresh()

    def select_stop(self, stop_id: int | None) -> None:
        if stop_id is not None and self.view.is_ready:
            self.view.select_stop(stop_id)

    def select_site(self, site_id: int | None) -> None:
        if site_id is not None and self.view.is_ready:
            self.view.select_site(site_id)
