"""The sites at each stop: adding one (from the stop or from the map), showing, removing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.geo.distance import geodesic_km
from cityplanner.ui.itinerary._commands import AddSiteCommand, EditSiteCommand, RemoveSiteCommand
from cityplanner.ui.itinerary._details import DetailsPane
from cityplanner.ui.itinerary._site_dialog import AddSiteDialog
from cityplanner.ui.shell import SitesModel, WindowContext, theme_icon


class SiteEditing(QObject):
    """Adds, shows and removes the sites of the selected stop, each change one undo step."""

    sig_site_shown = Signal(int)
    """A site is now shown in the details pane: its id."""

    def __init__(
        self,
        ctx: WindowContext,
        details: DetailsPane,
        *,
        current_stop: Callable[[], Stop | None],
        select_stop: Callable[[int | None], None],
        refresh_details: Callable[[], None],
    ) -> None:
        super().__init__(ctx)
        self._ctx, self._details = ctx, details
        self._current_stop, self._select_stop = current_stop, select_stop
        self._refresh_details = refresh_details
        #: The theme of the last site added, which the next one starts with.
        self._last_theme: Theme | None = None
        self.stop_sites = SitesModel(self)
        self.stop_sites.set_decoration(lambda site: theme_icon(site.theme, site.status))
        ctx.doc.sites.set_decoration(lambda site: theme_icon(site.theme, site.status))
        details.stop_editor.sites.setModel(self.stop_sites)
        details.stop_editor.sig_add_site.connect(self.add_site)
        details.stop_editor.sig_site_activated.connect(self.show_site)
        details.site_editor.sig_site_edited.connect(self._on_site_edited)
        details.site_editor.sig_error.connect(ctx.show_error)
        details.site_editor.sig_back.connect(refresh_details)

    def add_site(self) -> None:
        stop = self._current_stop()
        if stop is None or self._ctx.doc.trip_id is None:
            self._ctx.show_error(self.tr("Select the stop where the site is first."))
            return
        self.add_site_at(stop, stop.place.lat, stop.place.lon, approximate=True)

    def add_site_here(self, lat: float, lon: float, near: str = "") -> None:
        """A site at a point clicked on the map, attached to the trip's nearest stop."""
        stops = self._ctx.doc.stops.stops
        if not stops:
            self._ctx.show_error(self.tr("Add a stop to this trip before adding sites."))
            return
        nearest = min(stops, key=lambda s: geodesic_km((s.place.lat, s.place.lon), (lat, lon)))
        self.add_site_at(nearest, lat, lon, approximate=False, near=near or nearest.place.name)

    def add_site_at(
        self, stop: Stop, lat: float, lon: float, *, approximate: bool, near: str = ""
    ) -> None:
        """Open the *Add site* dialog for `stop`; its OK adds the site as one undo step."""
        trip_id = self._ctx.doc.trip_id
        if trip_id is None:
            return
        dialog = AddSiteDialog(
            self._ctx.window,
            stop=stop,
            lat=lat,
            lon=lon,
            approximate=approximate,
            near=near,
            theme=self._last_theme,
            commit=lambda site: self._commit_new_site(trip_id, site),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _commit_new_site(self, trip_id: int, site: Site) -> bool:
        """Store a site from the dialog; False (the dialog stays open) if that failed."""
        ctx = self._ctx
        if ctx.doc.trip_id != trip_id:
            ctx.show_error(self.tr("The trip shown has changed; the site was not added."))
            return False
        command = AddSiteCommand(ctx.doc, trip_id, site)
        if not ctx.push(command):
            return False
        self._last_theme = site.theme
        self.show_site(command.site.id or 0)
        return True

    def show_site(self, site_id: int) -> None:
        sites = self._ctx.doc.sites
        row = sites.row_of(site_id)
        if row < 0:
            return
        site = sites.item_at(row)
        current = self._current_stop()
        if current is None or current.id != site.stop_id:
            self._select_stop(site.stop_id)
        self._details.show_site(site)
        self.sig_site_shown.emit(site.id)

    def remove_site(self) -> None:
        ctx, details = self._ctx, self._details
        site = details.site_editor.site
        if details.currentWidget() is details.site_editor and site is not None and ctx.doc.trip_id:
            ctx.push(RemoveSiteCommand(ctx.doc, ctx.doc.trip_id, site.id or 0))
            self._refresh_details()

    def refresh_stop_sites(self) -> None:
        """List the selected stop's sites; keep an open site editor on its (edited) site."""
        stop = self._current_stop()
        stop_id = stop.id if stop is not None else None
        doc, details = self._ctx.doc, self._details
        self.stop_sites.set_items([s for s in doc.sites.items if s.stop_id == stop_id])
        site = details.site_editor.site
        if details.currentWidget() is details.site_editor and site is not None:
            row = doc.sites.row_of(site.id)
            if row >= 0:
                details.show_site(doc.sites.item_at(row))
            else:
                self._refresh_details()

    def _on_site_edited(self, old: Site, new: Site, key: str) -> None:
        doc = self._ctx.doc
        if doc.trip_id is not None:
            self._ctx.push(EditSiteCommand(doc, doc.trip_id, old, new, merge_key=key))
