"""What the map's markers ask of the itinerary: a stop or site dragged somewhere else,
opened for editing from its menu, or removed; each change one undo step.

The map feature only reports these (the ui features do not import each other); the
window connects its signals here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from cityplanner.domain.errors import CityPlannerError
from cityplanner.ui.itinerary._commands import (
    RemoveSiteCommand,
    RemoveStopCommand,
    move_site_on_map,
    move_stop_on_map,
)
from cityplanner.ui.itinerary._details import DetailsPane
from cityplanner.ui.itinerary._sites import SiteEditing
from cityplanner.ui.shell import WindowContext


class MarkerEditing(QObject):
    """Moves, edits and removes the stops and sites the map's markers stand for."""

    def __init__(
        self,
        ctx: WindowContext,
        details: DetailsPane,
        sites: SiteEditing,
        *,
        select_stop: Callable[[int], None],
        select_stop_row: Callable[[int], None],
        refresh_details: Callable[[], None],
    ) -> None:
        super().__init__(ctx)
        self._ctx, self._details, self._sites = ctx, details, sites
        self._select_stop, self._select_stop_row = select_stop, select_stop_row
        self._refresh_details = refresh_details

    def move(self, kind: str, item_id: int, lat: float, lon: float) -> bool:
        """A stop or site dragged on the map to (lat, lon): moved there in one undo step."""
        ctx, doc = self._ctx, self._ctx.doc
        try:
            if kind == "stop":
                row = doc.stops.row_of(item_id)
                if row < 0:
                    return False
                return ctx.push(move_stop_on_map(doc, doc.stops.stop_at(row), lat, lon))
            row = doc.sites.row_of(item_id)
            if kind != "site" or row < 0 or doc.trip_id is None:
                return False
            site = doc.sites.item_at(row)
            return ctx.push(move_site_on_map(doc, doc.trip_id, site, lat, lon))
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            return False

    def edit(self, kind: str, item_id: int) -> None:
        """Select a stop or site and put the cursor in its editor, as a double-click does."""
        doc = self._ctx.doc
        if kind == "stop" and doc.stops.row_of(item_id) >= 0:
            self._select_stop(item_id)
            self._refresh_details()
            self._details.stop_editor.name.setFocus()
        elif kind == "site" and doc.sites.row_of(item_id) >= 0:
            self._sites.show_site(item_id)
            self._details.site_editor.name.setFocus()

    def remove(self, kind: str, item_id: int) -> None:
        """Remove a stop (with its sites) or a site, as the window's own commands do."""
        ctx, doc = self._ctx, self._ctx.doc
        if kind == "stop":
            row = doc.stops.row_of(item_id)
            if row >= 0 and ctx.push(RemoveStopCommand(doc, item_id)):
                self._select_stop_row(min(row, doc.stops.rowCount() - 1))
        elif (
            kind == "site"
            and doc.trip_id is not None
            and doc.sites.row_of(item_id) >= 0
            and ctx.push(RemoveSiteCommand(doc, doc.trip_id, item_id))
        ):
            self._refresh_details()
