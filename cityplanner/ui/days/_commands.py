"""The undo command of the days view: a site planned on another day, or unplanned."""

from __future__ import annotations

from cityplanner.domain.models import Site
from cityplanner.ui.shell import StoreCommand, TripDocument


class ScheduleSiteCommand(StoreCommand):
    """Plan a site on a day of its stop's stay (with its time kept), or take it off the plan."""

    def __init__(self, doc: TripDocument, trip_id: int, old: Site, new: Site, text: str) -> None:
        super().__init__(text)
        self._doc, self._trip_id, self._old, self._new = doc, trip_id, old, new

    def _do(self) -> None:
        self._doc.site_changed(self._trip_id, self._doc.store.sites.update(self._new))

    def _undo(self) -> None:
        self._doc.site_changed(self._trip_id, self._doc.store.sites.update(self._old))
