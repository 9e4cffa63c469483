"""Undo commands of the itinerary: trips, their stops and the sites at each stop."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication

from cityplanner.domain.models import Site, Stop, Trip
from cityplanner.domain.photos import Photo
from cityplanner.store.database import writing
from cityplanner.ui.shell import EditCommand, StoreCommand, TripDocument, saved_id, short_day


# -- trips --------------------------------------------------------------------
class AddTripCommand(StoreCommand):
    def __init__(self, doc: TripDocument, name: str, description: str = "") -> None:
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "New trip “{name}”").format(name=name)
        )
        self._doc = doc
        self._trip = Trip(name=name, description=description)  # validates before pushing

    @property
    def trip(self) -> Trip:
        return self._trip

    def _do(self) -> None:
        store = self._doc.store
        if self._trip.id is None:
            self._trip = store.trips.create(self._trip.name, self._trip.description)
        else:
            store.trips.restore(self._trip)
        self._doc.trip_added(self._trip)

    def _undo(self) -> None:
        self._doc.store.trips.delete(saved_id(self._trip.id))
        self._doc.trip_removed(saved_id(self._trip.id))


class DeleteTripCommand(StoreCommand):
    """Deletes a trip with everything in it; undo puts it all back under the same ids."""

    def __init__(self, doc: TripDocument, trip_id: int) -> None:
        super().__init__("")
        store = doc.store
        self._doc = doc
        self._trip = store.trips.get(trip_id)
        self._stops = store.trips.stops(trip_id)
        self._sites = store.sites.for_trip(trip_id)
        self._entries = store.journal.for_trip(trip_id)
        self._costs = store.costs.for_trip(trip_id)
        self._rates = store.costs.rates(trip_id)
        self._photos = store.photos.for_trip(trip_id)
        # Tracks go with their trip (ON DELETE CASCADE): kept here, every point.
        self._tracks = store.tracks.list(trip_id, with_points=True)
        self.setText(
            QCoreApplication.translate("ItineraryCommands", "Delete trip “{name}”").format(
                name=self._trip.name
            )
        )

    def _do(self) -> None:
        self._doc.store.trips.delete(saved_id(self._trip.id))
        self._doc.trip_removed(saved_id(self._trip.id))

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the trip"):
            store.trips.restore(self._trip)
            for stop in self._stops:
                store.trips.restore_stop(stop)
            if self._sites:
                store.sites.add_many(self._sites)
            for entry in self._entries:
                store.journal.add(entry)
            for cost in self._costs:
                store.costs.add(cost)
            for currency, rate in self._rates.items():
                store.costs.set_rate(saved_id(self._trip.id), currency, rate)
            store.photos.restore(self._photos)
            if self._tracks:
                store.tracks.add_many(self._tracks)
        self._doc.trip_added(self._trip)
        self._doc.show_trip(self._trip.id)


class EditTripCommand(StoreCommand):
    def __init__(self, doc: TripDocument, old: Trip, new: Trip) -> None:
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "Rename trip to “{name}”").format(
                name=new.name
            )
            if old.name != new.name
            else QCoreApplication.translate("ItineraryCommands", "Edit trip")
        )
        self._doc, self._old, self._new = doc, old, new

    def _do(self) -> None:
        self._doc.trip_changed(self._doc.store.trips.update(self._new))

    def _undo(self) -> None:
        self._doc.trip_changed(self._doc.store.trips.update(self._old))


class SetStartCommand(StoreCommand):
    """The trip starts on another day; every unpinned stop follows in the same step."""

    def __init__(self, doc: TripDocument, trip: Trip, start: date | None) -> None:
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "Start “{trip}” on {day}").format(
                trip=trip.name, day=short_day(start, year=True)
            )
            if start
            else QCoreApplication.translate("ItineraryCommands", "Clear the start date")
        )
        self._doc, self._id, self._old, self._new = doc, saved_id(trip.id), trip.start, start

    def _do(self) -> None:
        self._doc.trip_dates_changed(self._doc.store.trips.set_start(self._id, self._new))

    def _undo(self) -> None:
        self._doc.trip_dates_changed(self._doc.store.trips.set_start(self._id, self._old))


# -- stops --------------------------------------------------------------------
class AddStopCommand(StoreCommand):
    def __init__(self, doc: TripDocument, trip_id: int, stop: Stop, row: int) -> None:
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "Add stop {city}").format(
                city=stop.place.name
            )
        )
        self._doc, self._trip_id, self._stop, self._row = doc, trip_id, stop, row

    @property
    def stop(self) -> Stop:
        return self._stop

    def _do(self) -> None:
        trips = self._doc.store.trips
        if self._stop.id is None:
            self._stop = trips.add_stop(self._trip_id, self._stop, at=self._row)
        else:
            trips.restore_stop(self._stop)
        self._doc.stop_added(self._stop)

    def _undo(self) -> None:
        removed = self._doc.store.trips.remove_stop(saved_id(self._stop.id))
        self._doc.stop_removed(removed, set())


class RemoveStopCommand(StoreCommand):
    """Removes a stop and its sites; undo restores them, their journal links, and the photos
    and tracks that were on the stop."""

    def __init__(self, doc: TripDocument, stop_id: int) -> None:
        super().__init__("")
        store = doc.store
        self._doc = doc
        self._stop = store.trips.stop(stop_id)
        self._sites = store.sites.for_stop(stop_id)
        site_ids = {s.id for s in self._sites}
        self._linked = [
            e
            for e in store.journal.for_trip(saved_id(self._stop.trip_id))
            if e.stop_id == stop_id or e.site_id in site_ids
        ]
        # Costs spent there become the whole trip's; undo gives them back their place.
        self._costs = [
            c
            for c in store.costs.for_trip(saved_id(self._stop.trip_id))
            if stop_id in (c.stop_id, c.leg_stop_id) or c.site_id in site_ids
        ]
        self._photos: list[Photo] = []
        self._track_ids: list[int] = []
        self.setText(
            QCoreApplication.translate("ItineraryCommands", "Remove stop {city}").format(
                city=self._stop.place.name
            )
        )

    def _do(self) -> None:
        # Removing the stop unplaces its photos (a trigger); undo places them again.
        store, stop_id = self._doc.store, saved_id(self._stop.id)
        self._photos = store.photos.for_stop(stop_id)
        # Its tracks lose their stop too (ON DELETE SET NULL); undo gives it back to them.
        self._track_ids = [
            saved_id(t.id)
            for t in store.tracks.list(saved_id(self._stop.trip_id))
            if t.stop_id == stop_id
        ]
        store.trips.remove_stop(stop_id)
        self._doc.stop_removed(self._stop, {saved_id(s.id) for s in self._sites})
        if self._costs:
            self._doc.costs_changed(saved_id(self._stop.trip_id))

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the stop"):
            store.trips.restore_stop(self._stop)
            if self._sites:
                store.sites.add_many(self._sites)
            for entry in self._linked:
                store.journal.update(entry)
            for cost in self._costs:
                store.costs.update(cost)
            store.photos.restore(self._photos)
            store.tracks.attach(self._track_ids, self._stop.id)
        self._doc.stop_restored(self._stop)
        if self._costs:
            self._doc.costs_changed(saved_id(self._stop.trip_id))


class MoveStopCommand(StoreCommand):
    def __init__(self, doc: TripDocument, stop_id: int, source: int, target: int) -> None:
        stop = doc.store.trips.stop(stop_id)
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "Move {city} to position {n}").format(
                city=stop.place.name, n=target + 1
            )
        )
        self._doc, self._id, self._trip_id = doc, stop_id, saved_id(stop.trip_id)
        self._from, self._to = source, target

    def _do(self) -> None:
        self._doc.store.trips.move_stop(self._id, self._to)
        self._doc.stop_moved(self._trip_id, self._id, self._to)

    def _undo(self) -> None:
        self._doc.store.trips.move_stop(self._id, self._from)
        self._doc.stop_moved(self._trip_id, self._id, self._from)


class EditStopCommand(EditCommand):
    """Changes a stop's fields; successive edits of the same text field merge into one step."""

    MERGE_ID = 1001

    def __init__(self, doc: TripDocument, old: Stop, new: Stop, *, merge_key: str = "") -> None:
        text = QCoreApplication.translate("ItineraryCommands", "Edit {city}").format(
            city=new.place.name
        )
        super().__init__(text, old, new, merge_key)
        self._doc = doc

    def _do(self) -> None:
        self._doc.stop_changed(self._doc.store.trips.update_stop(self._new))

    def _undo(self) -> None:
        self._doc.stop_changed(self._doc.store.trips.update_stop(self._old))


def move_stop_on_map(doc: TripDocument, stop: Stop, lat: float, lon: float) -> EditStopCommand:
    """A stop's marker dropped at (lat, lon): its place is there now, exactly.

    One undo step. The store measures the legs to and from it again, as it does for
    any change of a stop's position (`TripRepository.update_stop`).
    """
    place = replace(stop.place, lat=lat, lon=lon, approximate=False)
    command = EditStopCommand(doc, stop, stop.with_changes(place=place))
    command.setText(
        QCoreApplication.translate("ItineraryCommands", "Move {city} on the map").format(
            city=stop.place.name
        )
    )
    return command


class ReorderStopsCommand(StoreCommand):
    """Gives a trip's stops a new order in one step (route optimisation)."""

    def __init__(self, doc: TripDocument, trip_id: int, new_ids: list[int], text: str) -> None:
        super().__init__(text)
        self._doc, self._trip_id = doc, trip_id
        self._old = [saved_id(s.id) for s in doc.store.trips.stops(trip_id)]
        self._new = list(new_ids)

    def _do(self) -> None:
        self._doc.store.trips.reorder(self._trip_id, self._new)
        self._doc.stops_reordered(self._trip_id)

    def _undo(self) -> None:
        self._doc.store.trips.reorder(self._trip_id, self._old)
        self._doc.stops_reordered(self._trip_id)


# -- sites --------------------------------------------------------------------
class AddSiteCommand(StoreCommand):
    def __init__(self, doc: TripDocument, trip_id: int, site: Site) -> None:
        super().__init__(
            QCoreApplication.translate("ItineraryCommands", "Add site {name}").format(
                name=site.name
            )
        )
        self._doc, self._trip_id, self._site = doc, trip_id, site

    @property
    def site(self) -> Site:
        return self._site

    def _do(self) -> None:
        self._site = self._doc.store.sites.add(self._site)
        self._doc.site_added(self._trip_id, self._site)

    def _undo(self) -> None:
        self._doc.store.sites.remove(saved_id(self._site.id))
        self._doc.site_removed(self._trip_id, saved_id(self._site.id))


class EditSiteCommand(EditCommand):
    MERGE_ID = 1002

    def __init__(
        self, doc: TripDocument, trip_id: int, old: Site, new: Site, *, merge_key: str = ""
    ) -> None:
        text = QCoreApplication.translate("ItineraryCommands", "Edit site {name}").format(
            name=new.name
        )
        super().__init__(text, old, new, merge_key)
        self._doc, self._trip_id = doc, trip_id

    def _do(self) -> None:
        self._doc.site_changed(self._trip_id, self._doc.store.sites.update(self._new))

    def _undo(self) -> None:
        self._doc.site_changed(self._trip_id, self._doc.store.sites.update(self._old))


class RemoveSiteCommand(StoreCommand):
    def __init__(self, doc: TripDocument, trip_id: int, site_id: int) -> None:
        super().__init__("")
        store = doc.store
        self._doc, self._trip_id = doc, trip_id
        self._site = store.sites.get(site_id)
        self._linked = [e for e in store.journal.for_trip(trip_id) if e.site_id == site_id]
        self._costs = [c for c in store.costs.for_trip(trip_id) if c.site_id == site_id]
        self._photos: list[Photo] = []
        self._track_ids: list[int] = []
        self.setText(
            QCoreApplication.translate("ItineraryCommands", "Remove site {name}").format(
                name=self._site.name
            )
        )

    def _do(self) -> None:
        store, site_id = self._doc.store, saved_id(self._site.id)
        # Removing the site moves its photos to its stop (a trigger); undo puts them back.
        self._photos = [p for p in store.photos.for_trip(self._trip_id) if p.site_id == site_id]
        store.sites.remove(site_id)
        self._doc.site_removed(self._trip_id, site_id)
        if self._costs:
            self._doc.costs_changed(self._trip_id)
        if self._photos:
            self._doc.photos_added(self._trip_id)

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the site"):
            store.sites.add(self._site)
            for entry in self._linked:
                store.journal.update(entry)
            for cost in self._costs:
                store.costs.update(cost)
            store.photos.restore(self._photos)
        self._doc.site_added(self._trip_id, self._site)
        if self._photos:
            self._doc.photos_added(self._trip_id)
        if self._costs:
            self._doc.costs_changed(self._trip_id)
        self._doc.journal.set_items(store.journal.for_trip(self._trip_id))


def move_site_on_map(
    doc: TripDocument, trip_id: int, site: Site, lat: float, lon: float
) -> EditSiteCommand:
    """A site's marker dropped at (lat, lon): the person put it there, so it is no longer
    an approximate position. One undo step."""
    command = EditSiteCommand(
        doc, trip_id, site, site.with_changes(lat=lat, lon=lon, approximate=False)
    )
    command.setText(
        QCoreApplication.translate("ItineraryCommands", "Move site {name} on the map").format(
            name=site.name
        )
    )
    return command
