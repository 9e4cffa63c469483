"""The map of the shown trip: the view, keeping it in step, and exporting it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QMenu

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.export import shared_page, trip_payload, write_text_atomically
from cityplanner.maps.map_packs import MapPack
from cityplanner.maps.pack_export import embedded_layer
from cityplanner.ui.map._controller import MapController
from cityplanner.ui.map._export import render_png, wait_until_drawn
from cityplanner.ui.map._packs import MapPacks
from cityplanner.ui.map._view import MapView
from cityplanner.ui.shell import WindowContext, ask_export_path, make_action


class MapFeature(QObject):
    """Builds the map view and its actions; reports clicks on the map for others to act on."""

    sig_stop_clicked = Signal(int)
    """A stop's marker was clicked: its id."""
    sig_site_clicked = Signal(int)
    """A site's marker was clicked: its id."""
    sig_photo_clicked = Signal(int)
    """A photo's marker was clicked: its id (its stop or site is reported clicked too)."""
    sig_add_site_requested = Signal(float, float)
    """The user chose "Add site here" on the map: latitude and longitude."""
    sig_marker_moved = Signal(str, int, float, float)
    """A stop or site was dragged on the map: kind ("stop", "site"), id, latitude, longitude."""
    sig_edit_requested = Signal(str, int)
    """*Edit…* was chosen in a marker's menu: kind and id."""
    sig_remove_requested = Signal(str, int)
    """*Remove* was chosen in a marker's menu: kind and id."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.view = MapView()
        self.view.setAccessibleName(self.tr("Map"))
        self.controller = MapController(self.view, ctx.doc, ctx.runner, self)
        self.view.sig_stop_clicked.connect(self.sig_stop_clicked)
        self.view.sig_site_clicked.connect(self.sig_site_clicked)
        self.view.sig_photo_clicked.connect(self.sig_photo_clicked)
        self.view.sig_add_site_requested.connect(self.sig_add_site_requested)
        self.packs = MapPacks(ctx, self.view)
        self.controller.layers = self.packs.page_layers
        self.packs.sig_changed.connect(self.controller.refresh)
        self.view.sig_marker_moved.connect(self._on_marker_moved)
        self.view.sig_marker_menu_requested.connect(self.show_marker_menu)
        #: The marker menu shown last (kept for its actions to outlive `popup`).
        self.marker_menu: QMenu | None = None
        self._selected_stop: int | None = None
        # `self.tr(…)` itself: lupdate files an aliased `tr(…)` under no class.
        w = ctx.window
        self.act_show_map = make_action(
            w, self.tr("&Map"), lambda: ctx.request_view(self.view), shortcut="Ctrl+3"
        )
        self.act_export_map = make_action(
            w,
            self.tr("Export &map as web page…"),
            self.export_map_html,
            shortcut="Ctrl+E",
            icon_name="export",
        )
        self.act_export_png = make_action(
            w, self.tr("Export map as &image…"), self.export_map_png, icon_name="export"
        )
        self.act_colour_by_day = make_action(
            w, self.tr("&Colour the map by day"), self._on_day_mode
        )
        self.act_colour_by_day.setCheckable(True)
        self.act_only_day = make_action(
            w, self.tr("Show only the &selected day on the map"), self._on_day_mode
        )
        self.act_only_day.setCheckable(True)
        self._day = 0
        self.act_stop_labels = make_action(
            w, self.tr("Stop &labels"), self._on_stop_labels, shortcut="Ctrl+Alt+L"
        )
        self.act_stop_labels.setCheckable(True)
        self.act_stop_labels.setChecked(ctx.settings.stop_labels())
        self.view.set_stop_labels(self.act_stop_labels.isChecked())
        self.act_zoom_trip = make_action(
            w, self.tr("&Zoom to trip"), lambda: self.view.zoom_to("trip"), shortcut="Ctrl+Shift+F"
        )
        self.act_zoom_stop = make_action(
            w,
            self.tr("Zoom to selected s&top"),
            self.zoom_to_selected_stop,
            shortcut="Ctrl+Shift+G",
        )

    def actions(self) -> list[QAction]:
        return [
            self.act_export_map,
            self.act_export_png,
            self.act_show_map,
            self.act_colour_by_day,
            self.act_only_day,
            self.act_stop_labels,
            self.act_zoom_trip,
            self.act_zoom_stop,
            *self.packs.actions(),
        ]

    def _on_stop_labels(self) -> None:
        shown = self.act_stop_labels.isChecked()
        self._ctx.settings.set_stop_labels(shown)
        self.view.set_stop_labels(shown)

    def zoom_to_selected_stop(self) -> None:
        if self._selected_stop is None:
            self._ctx.show_error(self.tr("Select a stop first."))
            return
        self._ctx.request_view(self.view)
        self.view.zoom_to("stop", self._selected_stop)

    def _on_marker_moved(self, kind: str, item_id: int, lat: float, lon: float) -> None:
        self.sig_marker_moved.emit(kind, item_id, lat, lon)
        # Drawn again either way: where it now is, or back where it was if it was refused.
        self.controller.schedule()

    def build_marker_menu(self, kind: str, item_id: int) -> QMenu:
        """The menu of a stop's or site's marker: Edit…, Remove, Zoom here."""
        menu = QMenu(self.view)
        edit = menu.addAction(self.tr("&Edit…"))
        edit.triggered.connect(lambda: self.sig_edit_requested.emit(kind, item_id))
        remove = menu.addAction(self.tr("&Remove"))
        remove.triggered.connect(lambda: self.sig_remove_requested.emit(kind, item_id))
        menu.addSeparator()
        zoom = menu.addAction(self.tr("&Zoom here"))
        zoom.triggered.connect(lambda: self.view.zoom_to(kind, item_id))
        return menu

    def show_marker_menu(self, kind: str, item_id: int) -> None:
        """Open a marker's menu where the mouse is (the page asked for it)."""
        if self.marker_menu is not None:
            self.marker_menu.deleteLater()
        self.marker_menu = self.build_marker_menu(kind, item_id)
        self.marker_menu.popup(QCursor.pos())

    def fill_map_menu(self, menu: QMenu) -> None:
        """The Map menu: map packs and the cache of online tiles."""
        menu.addAction(self.packs.act_add)
        menu.addMenu(self.packs.remove_menu)
        menu.addSeparator()
        menu.addAction(self.packs.act_clear_cache)

    def show_day(self, number: int) -> None:
        """Day `number` (1-based) is selected elsewhere: the map follows if it shows one day."""
        self._day = max(0, number)
        if self.act_only_day.isChecked():
            self._on_day_mode()

    def _on_day_mode(self) -> None:
        day = self._day if self.act_only_day.isChecked() else 0
        self.view.show_days(colour=self.act_colour_by_day.isChecked(), day=day)

    @property
    def is_ready(self) -> bool:
        return self.view.is_ready

    def select_stop(self, stop_id: int | None) -> None:
        self._selected_stop = stop_id
        self.controller.select_stop(stop_id)

    def select_site(self, site_id: int | None) -> None:
        self.controller.select_site(site_id)

    def select_photo(self, photo_id: int | None) -> None:
        """Show a photo on the map: zoom to it and open its popup."""
        self.controller.select_photo(photo_id)

    def wait_until_drawn(self, timeout_s: float) -> None:
        """Draw pending changes now and return once the page has drawn them."""
        self.controller.flush()
        wait_until_drawn(self.view, timeout_s)

    def export_map_html(self) -> None:
        ctx = self._ctx
        target = ask_export_path(
            ctx, self.tr("Export map as a web page"), ".html", self.tr("Web page (*.html)")
        )
        trip_id = ctx.doc.trip_id
        if target is None or trip_id is None:
            return
        try:
            photos = ctx.store.photos.for_trip(trip_id)
            payload = trip_payload(ctx.store, trip_id, photos=photos)
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            return
        files = {photo.sha256: photo.path for photo in photos}
        packs = self.packs.shown_packs()
        ctx.show_message(self.tr("Saving the map to {path}…").format(path=target))
        # Its photos' pictures are made from their thumbnails, which takes a while.
        ctx.runner.submit(
            "map-export",
            lambda: _write_shared_page(payload, files, target, packs),
            on_result=lambda notes: self._on_exported(target, notes),
            on_error=lambda exc: self._on_export_failed(exc),
        )

    def _on_exported(self, target: Path, notes: list[str]) -> None:
        message = self.tr("Saved the map to {path}").format(path=target)
        self._ctx.show_message(" ".join([message, *notes]), 12000 if notes else 6000)

    def _on_export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, CityPlannerError):
            raise exc
        self._ctx.show_error(str(exc))

    def export_map_png(self) -> None:
        ctx = self._ctx
        target = ask_export_path(
            ctx, self.tr("Export map as an image"), ".png", self.tr("PNG image (*.png)")
        )
        if target is None or ctx.doc.trip_id is None:
            return
        try:
            with ctx.busy_cursor():
                render_png(trip_payload(ctx.store, ctx.doc.trip_id), target, size=(1600, 1000))
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            return
        ctx.show_message(self.tr("Saved the map image to {path}").format(path=target), 6000)


def _write_shared_page(
    payload: dict[str, Any], files: dict[str, str], target: Path, packs: list[MapPack]
) -> list[str]:
    """Build and write the shared page on a worker thread; returns what was left out of it.

    The map packs shown in the window go in with their tiles around the trip.
    """
    from cityplanner.formats.thumbnails import make_thumbnail

    notes: list[str] = []
    layers = [embedded_layer(pack, payload, notes=notes) for pack in packs]
    payload = {**payload, "packs": [layer for layer in layers if layer is not None]}
    html = shared_page(dict(payload), files, thumbnails=make_thumbnail, notes=notes)
    write_text_atomically(target, html)
    return notes
