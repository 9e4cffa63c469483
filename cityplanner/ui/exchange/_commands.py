"""The undo command of an import."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cityplanner.formats.importing import ImportPreview, ImportResult, apply
from cityplanner.store.database import writing
from cityplanner.ui.shell import StoreCommand, TripDocument, saved_id


class ImportCommand(StoreCommand):
    """Adds what an import preview planned, in one transaction; undo removes exactly that."""

    def __init__(self, doc: TripDocument, plan: ImportPreview, *, skip_duplicates: bool) -> None:
        super().__init__(
            QCoreApplication.translate("ExchangeCommands", "Import {file}").format(
                file=plan.parsed.label
            )
        )
        self._doc, self._plan, self._skip = doc, plan, skip_duplicates
        self.result: ImportResult | None = None
        existing = plan.trip.id if plan.trip is not None else None
        # Dated stops can give an undated trip its start; undo must take it away again.
        self._start_before = doc.store.trips.get(existing).start if existing else None

    def _do(self) -> None:
        self.result = apply(self._doc.store, self._plan, skip_duplicates=self._skip)
        for created in self.result.created_trips:  # a file's layers can make several
            self._doc.trip_added(created)
        self._doc.show_trip(self.result.trip.id)

    def _undo(self) -> None:
        result = self.result
        if result is None:
            return
        store = self._doc.store
        trip_id = saved_id(result.trip.id)
        if result.created_trips:
            created = [saved_id(t.id) for t in result.created_trips]
            with writing(store.db, "undo the import"):
                for made in created:
                    store.trips.delete(made)
            for made in created:
                self._doc.trip_removed(made)
            return
        with writing(store.db, "undo the import"):
            store.tracks.remove_many(list(result.track_ids))
            store.sites.remove_many(list(result.site_ids))
            store.trips.remove_stops(list(result.stop_ids))
            if store.trips.get(trip_id).start != self._start_before:
                store.trips.set_start(trip_id, self._start_before)
        self._doc.reload()
