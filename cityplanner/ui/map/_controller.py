"""Keeps the map in step with the window: the shown trip, edits, and selection both ways."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Trip
from cityplanner.domain.photos import Photo
from cityplanner.domain.tracks import Track
from cityplanner.maps.payload import map_payload
from cityplanner.ui.map._first_picture import FirstPicture
from cityplanner.ui.map._view import MapView, view_page
from cityplanner.ui.shell import TaskRunner, TripDocument, wait_until

log = logging.getLogger(__name__)

#: Edits arriving faster than this are drawn together (typing, dragging, undo runs).
REFRESH_DELAY_MS = 250
#: How long `flush` waits for the worker before it builds the map's data itself.
FLUSH_WAIT_S = 20.0


class MapController(QObject):
    """Loads the shown trip, redraws after edits (keeping zoom and pan), syncs selection.

    The first page is loaded once the window has first been painted: the window's
    first picture never waits for the map, and the map is built at once then (no edit
    can be pending). Its data and its page are both built on a worker thread.

    The shown trip's photos follow the document's (`doc.photos`), redrawn in place when
    it reports them changed.
    """

    def __init__(
        self,
        view: MapView,
        doc: TripDocument,
        runner: TaskRunner,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.view, self._doc, self._runner = view, doc, runner
        self._loaded_trip: int | bool | None = False  # False: nothing loaded yet
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._photos: tuple[Photo, ...] = ()
        #: The map's optional layers as page data (map packs, the online layer; see MapPacks).
        self.layers: Callable[[], dict[str, Any]] = dict
        self.first_picture = FirstPicture(view)
        self.first_picture.sig_painted.connect(self._on_first_picture)
        # A trip shown and an edit both schedule one redraw: showing a trip also
        # reports a change, and the two must not build the page twice.
        doc.sig_trip_shown.connect(self._schedule)
        doc.sig_changed.connect(self._schedule)
        doc.sig_photos_changed.connect(self._on_photos_changed)
        self._on_photos_changed()

    def _on_photos_changed(self) -> None:
        # Read here, on the GUI thread: the page's data is built from plain values.
        self._photos = tuple(self._doc.photos)
        self._schedule()

    def schedule(self) -> None:
        """Draw the shown trip again soon (with other changes that arrive meanwhile)."""
        self._schedule()

    def _schedule(self) -> None:
        # Before the first picture, the first load (see _on_first_picture) will draw it all.
        if self.first_picture.painted or self._loaded_trip is not False:
            self._timer.start()

    def _on_first_picture(self) -> None:
        if self._loaded_trip is False and not self._runner.busy("map"):
            self.refresh()

    def _payload_job(self) -> Callable[[], tuple[dict[str, Any], str | None]]:
        """Building the page data takes a while on a big trip: it gets plain values only."""
        trip = self._doc.trip() or Trip(name=self.tr("No trip selected"))
        stops, sites, labels = self._doc.stops.stops, self._doc.sites.items, self.view.labels()
        photos, layers = self._photos, self.layers()
        tracks = self._tracks()

        def job() -> tuple[dict[str, Any], str | None]:
            payload = {
                **layers,
                **map_payload(trip, stops, sites, labels=labels, photos=photos, tracks=tracks),
            }
            try:
                return payload, view_page(payload)
            except Exception:
                # Built again on the GUI thread, where its error reaches the user as before.
                log.debug("The map page could not be built in the background", exc_info=True)
                return payload, None

        return job

    def _tracks(self) -> list[Track]:
        """The shown trip's tracks with their points, read here on the GUI thread (one
        query; the points come as arrays straight from their BLOBs), simplified later
        on the worker."""
        trip_id = self._doc.trip_id
        if trip_id is None:
            return []
        try:
            return self._doc.store.tracks.list(trip_id, with_points=True)
        except CityPlannerError as exc:
            log.warning("The tracks could not be read for the map: %s", exc)
            return []
        except sqlite3.ProgrammingError:
            # The window's file was closed (another one opened) before its map was drawn.
            return []

    def refresh(self) -> None:
        """Draw the shown trip, its data built in the background; the newest request wins."""
        self._timer.stop()
        trip_id = self._doc.trip_id
        self._runner.submit(
            "map",
            self._payload_job(),
            on_result=lambda built: self._draw(trip_id, *built),
            on_error=lambda error: log.error("The map data could not be built", exc_info=error),
        )

    def _draw(self, trip_id: int | None, payload: dict[str, Any], html: str | None) -> None:
        # The page may ask for the thumbnails of the photos it is given, and of no others.
        shown = {mark["sha"] for mark in payload.get("photos", [])}
        self.view.set_photo_files({p.sha256: p.path for p in self._photos if p.sha256 in shown})
        if self._loaded_trip is False or self._loaded_trip != trip_id:
            # Another trip: a new page, fitted to it.
            self._loaded_trip = trip_id
            self.view.show_html(html if html is not None else view_page(payload))
        else:
            # An edit: new data in place, keeping the user's zoom and pan.
            self.view.update_data(payload, html=html)

    def flush(self, timeout_s: float = FLUSH_WAIT_S) -> None:
        """Draw pending changes now (before a screenshot or an export).

        A pending change, or the first picture, is built on the worker as usual, and
        this waits for it: the data of a big trip is never built twice, once there and
        once here. Only a worker that does not answer in `timeout_s` (busy with other
        work) has it built here instead.
        """
        first = self._loaded_trip is False and not self._runner.busy("map")
        if first or self._timer.isActive():
            self.refresh()  # the newest request: an answer still being built is dropped
        if not wait_until(lambda: not self._runner.busy("map"), timeout_s):
            trip_id = self._doc.trip_id
            self._runner.forget("map")
            self._draw(trip_id, *self._payload_job()())

    def select_stop(self, stop_id: int | None) -> None:
        if stop_id is not None and self.view.is_ready:
            self.view.select_stop(stop_id)

    def select_site(self, site_id: int | None) -> None:
        if site_id is not None and self.view.is_ready:
            self.view.select_site(site_id)

    def select_photo(self, photo_id: int | None) -> None:
        if photo_id is not None and self.view.is_ready:
            self.view.select_photo(photo_id)
