"""Undo commands: each changes the store first, then tells the document what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import JournalEntry, Site, Stop, Trip
from cityplanner.store.database import writing
from cityplanner.ui.document import TripDocument


class StoreCommand(QUndoCommand):
    """An undoable change of the store.

    The window runs `first_run()` before pushing, so that a refused change
    (bad value, read-only file) is reported and never enters the history; the
    stack's own first `redo()` is then skipped. A failure while undoing or
    redoing later is handed to `on_failure`, which resynchronises the window.
    """

    on_failure: Callable[[StoreCommand, CityPlannerError], None] | None = None

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._already_done = False

    def first_run(self) -> None:
        self._do()
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._guard(self._do)

    def undo(self) -> None:
        self._guard(self._undo)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except CityPlannerError as exc:
            if StoreCommand.on_failure is None:
                raise
            StoreCommand.on_failure(self, exc)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def _id(value: int | None) -> int:
    assert value is not None, "saved objects have ids"
    return value


# -- trips --------------------------------------------------------------------
class AddTripCommand(StoreCommand):
    def __init__(self, doc: TripDocument, name: str, description: str = "") -> None:
        super().__init__(f"New trip “{name}”")
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
        self._doc.store.trips.delete(_id(self._trip.id))
        self._doc.trip_removed(_id(self._trip.id))


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
        self.setText(f"Delete trip “{self._trip.name}”")

    def _do(self) -> None:
        self._doc.store.trips.delete(_id(self._trip.id))
        self._doc.trip_removed(_id(self._trip.id))

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
        self._doc.trip_added(self._trip)
        self._doc.show_trip(self._trip.id)


class EditTripCommand(StoreCommand):
    def __init__(self, doc: TripDocument, old: Trip, new: Trip) -> None:
        super().__init__(f"Rename trip to “{new.name}”" if old.name != new.name else "Edit trip")
        self._doc, self._old, self._new = doc, old, new

    def _do(self) -> None:
        self._doc.trip_changed(self._doc.store.trips.update(self._new))

    def _undo(self) -> None:
        self._doc.trip_changed(self._doc.store.trips.update(self._old))


# -- stops --------------------------------------------------------------------
class AddStopCommand(StoreCommand):
    def __init__(self, doc: TripDocument, trip_id: int, stop: Stop, row: int) -> None:
        super().__init__(f"Add stop {stop.place.name}")
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
        removed = self._doc.store.trips.remove_stop(_id(self._stop.id))
        self._doc.stop_removed(removed, set())


class RemoveStopCommand(StoreCommand):
    """Removes a stop and its sites; undo restores them and their journal links."""

    def __init__(self, doc: TripDocument, stop_id: int) -> None:
        super().__init__("")
        store = doc.store
        self._doc = doc
        self._stop = store.trips.stop(stop_id)
        self._sites = store.sites.for_stop(stop_id)
        site_ids = {s.id for s in self._sites}
        self._linked = [
            e
            for e in store.journal.for_trip(_id(self._stop.trip_id))
            if e.stop_id == stop_id or e.site_id in site_ids
        ]
        self.setText(f"Remove stop {self._stop.place.name}")

    def _do(self) -> None:
        self._doc.store.trips.remove_stop(_id(self._stop.id))
        self._doc.stop_removed(self._stop, {_id(s.id) for s in self._sites})

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the stop"):
            store.trips.restore_stop(self._stop)
            if self._sites:
                store.sites.add_many(self._sites)
            for entry in self._linked:
                store.journal.update(entry)
        self._doc.stop_restored(self._stop)


class MoveStopCommand(StoreCommand):
    def __init__(self, doc: TripDocument, stop_id: int, source: int, target: int) -> None:
        stop = doc.store.trips.stop(stop_id)
        super().__init__(f"Move {stop.place.name} to position {target + 1}")
        self._doc, self._id, self._trip_id = doc, stop_id, _id(stop.trip_id)
        self._from, self._to = source, target

    def _do(self) -> None:
        self._doc.store.trips.move_stop(self._id, self._to)
        self._doc.stop_moved(self._trip_id, self._id, self._to)

    def _undo(self) -> None:
        self._doc.store.trips.move_stop(self._id, self._from)
        self._doc.stop_moved(self._trip_id, self._id, self._from)


class EditStopCommand(StoreCommand):
    """Changes a stop's fields; successive edits of the same text field merge into one step."""

    MERGE_ID = 1001

    def __init__(self, doc: TripDocument, old: Stop, new: Stop, *, merge_key: str = "") -> None:
        super().__init__(f"Edit {new.place.name}")
        self._doc, self._old, self._new, self._merge_key = doc, old, new, merge_key

    def id(self) -> int:
        return self.MERGE_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditStopCommand) or not self._merge_key:
            return False
        if other._merge_key != self._merge_key or other._old.id != self._old.id:
            return False
        self._new = other._new
        return True

    def _do(self) -> None:
        self._doc.stop_changed(self._doc.store.trips.update_stop(self._new))

    def _undo(self) -> None:
        self._doc.stop_changed(self._doc.store.trips.update_stop(self._old))


class ReorderStopsCommand(StoreCommand):
    """Gives a trip's stops a new order in one step (route optimisation)."""

    def __init__(self, doc: TripDocument, trip_id: int, new_ids: list[int], text: str) -> None:
        super().__init__(text)
        self._doc, self._trip_id = doc, trip_id
        self._old = [_id(s.id) for s in doc.store.trips.stops(trip_id)]
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
        super().__init__(f"Add site {site.name}")
        self._doc, self._trip_id, self._site = doc, trip_id, site

    @property
    def site(self) -> Site:
        return self._site

    def _do(self) -> None:
        self._site = self._doc.store.sites.add(self._site)
        self._doc.site_added(self._trip_id, self._site)

    def _undo(self) -> None:
        self._doc.store.sites.remove(_id(self._site.id))
        self._doc.site_removed(self._trip_id, _id(self._site.id))


class EditSiteCommand(StoreCommand):
    MERGE_ID = 1002

    def __init__(
        self, doc: TripDocument, trip_id: int, old: Site, new: Site, *, merge_key: str = ""
    ) -> None:
        super().__init__(f"Edit site {new.name}")
        self._doc, self._trip_id, self._old, self._new = doc, trip_id, old, new
        self._merge_key = merge_key

    def id(self) -> int:
        return self.MERGE_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditSiteCommand) or not self._merge_key:
            return False
        if other._merge_key != self._merge_key or other._old.id != self._old.id:
            return False
        self._new = other._new
        return True

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
        self.setText(f"Remove site {self._site.name}")

    def _do(self) -> None:
        self._doc.store.sites.remove(_id(self._site.id))
        self._doc.site_removed(self._trip_id, _id(self._site.id))

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the site"):
            store.sites.add(self._site)
            for entry in self._linked:
                store.journal.update(entry)
        self._doc.site_added(self._trip_id, self._site)
        self._doc.journal.set_items(store.journal.for_trip(self._trip_id))


# -- journal ------------------------------------------------------------------
class AddEntryCommand(StoreCommand):
    def __init__(self, doc: TripDocument, entry: JournalEntry) -> None:
        super().__init__(f"Write “{entry.title}”")
        self._doc, self._entry = doc, entry

    @property
    def entry(self) -> JournalEntry:
        return self._entry

    def _do(self) -> None:
        self._entry = self._doc.store.journal.add(self._entry)
        self._doc.entry_added(self._entry)

    def _undo(self) -> None:
        self._doc.entry_removed(self._doc.store.journal.remove(_id(self._entry.id)))


class EditEntryCommand(StoreCommand):
    MERGE_ID = 1003

    def __init__(self, doc: TripDocument, old: JournalEntry, new: JournalEntry) -> None:
        super().__init__(f"Edit “{new.title}”")
        self._doc, self._old, self._new = doc, old, new

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditEntryCommand) or other._old.id != self._old.id:
            return False
        self._new = other._new
        return True

    def _do(self) -> None:
        self._doc.entry_changed(self._doc.store.journal.update(self._new))

    def _undo(self) -> None:
        self._doc.entry_changed(self._doc.store.journal.update(self._old))


class RemoveEntryCommand(StoreCommand):
    def __init__(self, doc: TripDocument, entry_id: int) -> None:
        super().__init__("")
        self._doc = doc
        self._entry = doc.store.journal.get(entry_id)
        self.setText(f"Delete “{self._entry.title}”")

    def _do(self) -> None:
        self._doc.entry_removed(self._doc.store.journal.remove(_id(self._entry.id)))

    def _undo(self) -> None:
        self._doc.entry_added(self._doc.store.journal.add(self._entry))
