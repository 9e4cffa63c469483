"""The open database as the window sees it: the store plus the models of the shown trip."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from cityplanner.domain.costs import Cost
from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import JournalEntry, Site, Stop, Trip
from cityplanner.domain.photos import Photo
from cityplanner.store import Store
from cityplanner.ui.shell._models import JournalModel, PhotosModel, SitesModel, TripsModel
from cityplanner.ui.shell._stops_model import StopsModel
from cityplanner.ui.shell._thumbnails import ThumbnailCache

log = logging.getLogger(__name__)
T = TypeVar("T")


class TripDocument(QObject):
    """Holds the store and keeps the models of the current trip in step with it.

    Undo commands change the store first, then call the small methods here so
    that each view gets a precise signal rather than a reset.
    """

    sig_trip_shown = Signal(object)
    """Another trip (or none) is now shown: its id or None."""
    sig_changed = Signal()
    """Something in the shown trip changed: totals and the map must follow."""
    sig_sites_changed = Signal()
    """Sites of the shown trip were added, removed or edited."""
    sig_costs_changed = Signal()
    """Costs of the shown trip, its budget or its rates changed."""
    sig_photos_changed = Signal()
    """Photos of the shown trip were added, removed, placed elsewhere or captioned."""

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.trip_id: int | None = None
        self.costs: list[Cost] = []
        """The shown trip's costs, in the store's order (by day)."""
        self.rates: dict[str, Decimal] = {}
        """The shown trip's own rates: currency → value of one unit in its home currency."""
        self.trips = TripsModel(self)
        self.stops = StopsModel(self)
        self.sites = SitesModel(self)
        self.journal = JournalModel(self)
        self.thumbnails = ThumbnailCache(self)
        """The window's thumbnails, made in the background (shared by every view of photos)."""
        self.photos = PhotosModel(self.thumbnails, self)
        """The shown trip's photos, in the order taken."""
        self.problems: list[str] = []
        """What could not be read from a damaged file (the rest is shown)."""
        self.trips.set_items(self._read(store.trips.list, []))
        self.stops.sig_legs_changed.connect(self.sig_changed)

    # -- which trip is shown -----------------------------------------------
    def show_trip(self, trip_id: int | None) -> None:
        self.trip_id = trip_id
        if trip_id is None:
            self.stops.set_stops([])
            self.sites.set_items([])
            self.journal.set_items([])
            self.photos.set_items([])
            self.costs, self.rates = [], {}
        else:
            # Each part is read on its own: from a damaged file, show what can be read.
            store = self.store
            self.costs = self._read(lambda: store.costs.for_trip(trip_id), [])
            self.rates = self._read(lambda: store.costs.rates(trip_id), {})
            start = self._read(lambda: store.trips.get(trip_id).start, None)
            self.stops.set_stops(self._read(lambda: store.trips.stops(trip_id), []), start)
            self.sites.set_items(self._read(lambda: store.sites.for_trip(trip_id), []))
            self.journal.set_items(self._read(lambda: store.journal.for_trip(trip_id), []))
            self.photos.set_items(self._read(lambda: store.photos.for_trip(trip_id), []))
        self.sig_trip_shown.emit(trip_id)
        self.sig_sites_changed.emit()
        self.sig_costs_changed.emit()
        self.sig_photos_changed.emit()
        self.sig_changed.emit()

    def focus(self, trip_id: int | None) -> bool:
        """Show `trip_id` if it is not shown; True if it already was (precise updates apply)."""
        if trip_id == self.trip_id:
            return True
        self.show_trip(trip_id)
        return False

    def trip(self) -> Trip | None:
        row = self.trips.row_of(self.trip_id)
        return self.trips.item_at(row) if row >= 0 else None

    def _read(self, read: Callable[[], T], fallback: T) -> T:
        """`read()`, or `fallback` when the file cannot give it (the reason is kept)."""
        try:
            return read()
        except CityPlannerError as exc:
            log.warning("Could not read part of the file: %s", exc)
            if str(exc) not in self.problems:
                self.problems.append(str(exc))
            return fallback

    def reload(self) -> None:
        """Re-read everything (after a bulk change such as an import)."""
        self.trips.set_items(self._read(self.store.trips.list, []))
        if self.trips.row_of(self.trip_id) < 0:
            self.trip_id = None
        self.show_trip(self.trip_id)

    # -- precise updates used by commands ------------------------------------
    def stop_added(self, stop: Stop) -> None:
        if self.focus(stop.trip_id):
            self.stops.insert_stop(stop.position, stop)

    def stop_removed(self, stop: Stop, site_ids: set[int]) -> None:
        if self.focus(stop.trip_id):
            row = self.stops.row_of(stop.id)
            if row >= 0:
                self.stops.remove_stop(row)
            for site_id in site_ids:
                self.sites.remove_item(site_id)
            self._refresh_journal()
            self.sig_sites_changed.emit()
            self._refresh_photos()

    def stop_restored(self, stop: Stop) -> None:
        """A removed stop came back with its sites and journal links."""
        if self.focus(stop.trip_id):
            self.stops.insert_stop(stop.position, stop)
            self.sites.set_items(self.store.sites.for_trip(_trip(stop)))
            self._refresh_journal()
            self.sig_sites_changed.emit()
            self._refresh_photos()

    def stop_moved(self, trip_id: int, stop_id: int, target: int) -> None:
        if self.focus(trip_id):
            self.stops.move_stop(self.stops.row_of(stop_id), target)

    def stop_changed(self, stop: Stop) -> None:
        if self.focus(stop.trip_id):
            self.stops.replace_stop(stop)

    def stops_reordered(self, trip_id: int) -> None:
        if self.focus(trip_id):
            self.stops.set_stops(self.store.trips.stops(trip_id), self.stops.start)
            self.sites.set_items(self.store.sites.for_trip(trip_id))
            self.sig_sites_changed.emit()

    def site_added(self, trip_id: int, site: Site) -> None:
        if self.focus(trip_id):
            # Sites are listed in stop order; re-reading keeps that order exactly.
            self.sites.set_items(self.store.sites.for_trip(trip_id))
            self.sig_sites_changed.emit()
            self.sig_changed.emit()
            self._refresh_photos()

    def site_changed(self, trip_id: int, site: Site) -> None:
        if self.focus(trip_id):
            self.sites.replace_item(site)
            self.sig_sites_changed.emit()
            self.sig_changed.emit()

    def site_removed(self, trip_id: int, site_id: int) -> None:
        if self.focus(trip_id):
            self.sites.remove_item(site_id)
            self._refresh_journal()
            self.sig_sites_changed.emit()
            self.sig_changed.emit()
            self._refresh_photos()

    def entry_added(self, entry: JournalEntry) -> None:
        if self.focus(entry.trip_id):
            self.journal.insert_sorted(entry)

    def entry_changed(self, entry: JournalEntry) -> None:
        if self.focus(entry.trip_id):
            if self.journal.row_of(entry.id) >= 0:
                self.journal.remove_item(entry.id)
            self.journal.insert_sorted(entry)

    def entry_removed(self, entry: JournalEntry) -> None:
        if self.focus(entry.trip_id):
            self.journal.remove_item(entry.id)
            if any(p.journal_id == entry.id for p in self.photos):
                self._refresh_photos()

    def trip_added(self, trip: Trip) -> None:
        rows = [t.id or 0 for t in self.trips.items]
        row = sum(1 for r in rows if r < (trip.id or 0))
        self.trips.insert_item(row, trip)

    def trip_removed(self, trip_id: int) -> None:
        self.trips.remove_item(trip_id)
        if self.trip_id == trip_id:
            self.show_trip(None)

    # -- costs -------------------------------------------------------------------------
    def costs_changed(self, trip_id: int) -> None:
        """Costs, the budget or the rates of `trip_id` changed: read them again."""
        if self.focus(trip_id):
            self.costs = self.store.costs.for_trip(trip_id)
            self.rates = self.store.costs.rates(trip_id)
            self.trips.replace_item(self.store.trips.get(trip_id))
            self.sig_costs_changed.emit()

    def trip_dates_changed(self, trip: Trip) -> None:
        """The trip starts on another day: its stops follow, the selection stays."""
        self.trips.replace_item(trip)
        if self.focus(trip.id):
            self.stops.set_start(trip.start)
            self.sig_changed.emit()

    def trip_changed(self, trip: Trip) -> None:
        self.trips.replace_item(trip)
        if trip.id == self.trip_id:
            self.sig_trip_shown.emit(trip.id)

    # -- photos ------------------------------------------------------------------------
    def photos_added(self, trip_id: int) -> None:
        """Photos of `trip_id` were added or put back: read them again, in the order taken."""
        if self.focus(trip_id):
            self._refresh_photos()

    def photos_changed(self, trip_id: int, photos: Sequence[Photo]) -> None:
        """Photos were captioned, placed elsewhere or found again (their order is the same)."""
        if self.focus(trip_id):
            for photo in photos:
                self.photos.replace_item(photo)
            self.sig_photos_changed.emit()

    def photos_removed(self, trip_id: int, photo_ids: Collection[int]) -> None:
        if self.focus(trip_id):
            if len(photo_ids) > 20:  # one reset, rather than a signal for each row
                gone = set(photo_ids)
                self.photos.set_items([p for p in self.photos if p.id not in gone])
            else:
                for photo_id in photo_ids:
                    self.photos.remove_item(photo_id)
            self.sig_photos_changed.emit()

    def _refresh_photos(self) -> None:
        if self.trip_id is not None:
            trip_id = self.trip_id
            self.photos.set_items(self._read(lambda: self.store.photos.for_trip(trip_id), []))
            self.sig_photos_changed.emit()

    def _refresh_journal(self) -> None:
        if self.trip_id is not None:
            self.journal.set_items(self.store.journal.for_trip(self.trip_id))


def _trip(stop: Stop) -> int:
    assert stop.trip_id is not None
    return stop.trip_id
