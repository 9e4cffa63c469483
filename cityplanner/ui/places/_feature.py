"""Finding places to add as stops: the city search field, addresses online, coordinates."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QProgressBar,
    QPushButton,
    QWidget,
)

from cityplanner.domain.models import Place
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.geocoder import Geocoder
from cityplanner.ui.places._coordinates import PlaceDialog
from cityplanner.ui.places._finder import PlaceFinder
from cityplanner.ui.places._search_field import PlaceSearchField
from cityplanner.ui.shell import WindowContext, icon, make_action


class PlacesFeature(QObject):
    """The search bar above the itinerary and the ways to find a place; emits what was chosen."""

    sig_place_chosen = Signal(object)
    """The user chose a place to add as a stop: its `Place`."""

    def __init__(
        self, ctx: WindowContext, gazetteer: Gazetteer | None, geocoder: Geocoder | None
    ) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.search = PlaceSearchField()
        self.search.setAccessibleName(self.tr("Add a city"))
        self.search.setEnabled(False)
        self.search.setPlaceholderText(self.tr("City search is getting ready…"))
        self.find_online_button = QPushButton(icon("online"), self.tr("Address online…"))
        self.find_online_button.setToolTip(
            self.tr("Look up an address or landmark on OpenStreetMap")
        )
        self.add_by_coordinates_button = QPushButton(icon("add-stop"), self.tr("By coordinates…"))
        self.bar = QWidget()
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.find_online_button)
        row.addWidget(self.add_by_coordinates_button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.finder = PlaceFinder(ctx.window, gazetteer, geocoder, ctx.runner)

        w, tr = ctx.window, self.tr
        self.act_find_city = make_action(
            w, tr("&Find a city to add…"), self.focus_search, shortcut="Ctrl+L", icon_name="search"
        )
        self.act_find_online = make_action(
            w,
            tr("Find &address online…"),
            self.find_address_online,
            shortcut="Ctrl+Shift+L",
            icon_name="online",
        )
        self.act_add_coords = make_action(
            w,
            tr("Add stop by &coordinates…"),
            self.add_stop_by_coordinates,
            shortcut="Ctrl+Shift+N",
            icon_name="add-stop",
        )

        self.add_by_coordinates_button.clicked.connect(self.add_stop_by_coordinates)
        self.find_online_button.clicked.connect(self.find_address_online)
        self.search.sig_place_chosen.connect(self.sig_place_chosen)
        self.search.sig_not_found.connect(self._on_city_not_found)
        self.finder.sig_index_ready.connect(self._on_index_ready)
        self.finder.sig_place_found.connect(self.sig_place_chosen)
        self.finder.sig_error.connect(ctx.show_error)
        self.finder.sig_busy.connect(self._on_busy)

    def actions(self) -> list[QAction]:
        return [self.act_add_coords, self.act_find_city, self.act_find_online]

    def status_widgets(self) -> tuple[QWidget, QWidget]:
        """What the status bar shows for this feature: a lookup's busy bar, the index build."""
        return self.busy, self.finder.progress_bar

    def start(self) -> None:
        """Open the city index, building it in the background the first time."""
        self.finder.start()

    def cancel(self) -> None:
        self.finder.cancel()

    def gazetteer_if_ready(self) -> Gazetteer | None:
        return self.finder.gazetteer_if_ready()

    def nearest_label(self, lat: float, lon: float) -> str:
        """The name of the nearest known city, or "" while the index is not ready."""
        city = self.finder.nearest(lat, lon)
        return city.label if city is not None else ""

    # -- cities and addresses -------------------------------------------------------
    def focus_search(self) -> None:
        if not self.search.isEnabled():
            self._ctx.show_message(self.tr("City search is not ready yet."), 4000)
            return
        self.search.setFocus()
        self.search.selectAll()

    def add_stop_by_coordinates(self) -> None:
        dialog = PlaceDialog(self._ctx.window)
        if dialog.exec() and dialog.place is not None:
            place: Place = dialog.place
            self.sig_place_chosen.emit(place)

    def find_address_online(self) -> None:
        text, ok = QInputDialog.getText(
            self._ctx.window,
            self.tr("Find an address online"),
            self.tr("Address or landmark (looked up on OpenStreetMap):"),
            text=self.search.text(),
        )
        if ok and text.strip():
            self.finder.find_online(text)

    def _on_index_ready(self, gazetteer: Gazetteer | None) -> None:
        self.search.set_gazetteer(gazetteer)
        self.search.setEnabled(gazetteer is not None)
        self.search.setPlaceholderText(
            self.tr("Add a city: type its name in any language (Ctrl+L)")
        )

    def _on_city_not_found(self, text: str) -> None:
        self._ctx.show_message(
            self.tr(
                "No city called “{text}” is known offline. Try “Address online…” or add it by coordinates."
            ).format(text=text),
            8000,
        )

    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.find_online_button.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._ctx.show_message(self.tr("Looking up the address online…"))
        else:
            QApplication.restoreOverrideCursor()
            self._ctx.clear_message()
