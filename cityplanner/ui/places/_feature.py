"""Finding places to add as stops: the city search field, addresses online, coordinates."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from cityplanner.domain.models import Place, Stop
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, SearchContext
from cityplanner.geo.geocoder import Geocoder
from cityplanner.ui.places._coordinates import PlaceDialog
from cityplanner.ui.places._finder import PlaceFinder
from cityplanner.ui.places._search_field import PlaceSearchField
from cityplanner.ui.shell import WindowContext, icon, make_action


class PlacesFeature(QObject):
    """The search bar above the itinerary and the ways to find a place; emits what was chosen.

    City search ranks places near the shown trip first: near the stop a new one
    would follow (`current_stop`, the selected stop; without it, the last stop),
    then near its other stops and in its countries.
    """

    sig_place_chosen = Signal(object)
    """The user chose a place to add as a stop: its `Place`."""

    def __init__(
        self,
        ctx: WindowContext,
        gazetteer: Gazetteer | None,
        geocoder: Geocoder | None,
        *,
        current_stop: Callable[[], Stop | None] | None = None,
    ) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._current_stop = current_stop
        self._building = False
        self.search = PlaceSearchField()
        self.search.setAccessibleName(self.tr("Add a city"))
        self.search.setEnabled(False)
        self.search.setPlaceholderText(self.tr("City search is being prepared…"))
        self.search.set_context(self.search_context)
        self.hint = QLabel()
        """Said next to the field when a search finds no city (with a link to look online)."""
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.hint.setStyleSheet("color: #8a4b00")
        self.hint.hide()
        self.find_online_button = QPushButton(icon("online"), self.tr("Address online…"))
        self.find_online_button.setToolTip(
            self.tr("Look up an address or landmark on OpenStreetMap")
        )
        self.add_by_coordinates_button = QPushButton(icon("add-stop"), self.tr("By coordinates…"))
        self.bar = QWidget()
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.hint)
        row.addWidget(self.find_online_button)
        row.addWidget(self.add_by_coordinates_button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.finder = PlaceFinder(ctx.window, gazetteer, geocoder, ctx.runner)

        w = ctx.window
        self.act_find_city = make_action(
            w,
            self.tr("&Find a city to add…"),
            self.focus_search,
            shortcut="Ctrl+L",
            icon_name="search",
        )
        self.act_find_online = make_action(
            w,
            self.tr("Find &address online…"),
            self.find_address_online,
            shortcut="Ctrl+Shift+L",
            icon_name="online",
        )
        self.act_add_coords = make_action(
            w,
            self.tr("Add stop by &coordinates…"),
            self.add_stop_by_coordinates,
            shortcut="Ctrl+Shift+N",
            icon_name="add-stop",
        )

        self.add_by_coordinates_button.clicked.connect(self.add_stop_by_coordinates)
        self.find_online_button.clicked.connect(self.find_address_online)
        self.search.sig_place_chosen.connect(self.sig_place_chosen)
        self.search.sig_not_found.connect(self._on_city_not_found)
        self.search.sig_searched.connect(self._on_searched)
        self.hint.linkActivated.connect(lambda _link: self.find_address_online())
        self.finder.sig_index_ready.connect(self._on_index_ready)
        self.finder.sig_index_progress.connect(self._on_index_progress)
        self.finder.sig_index_failed.connect(self._on_index_failed)
        self.finder.sig_place_found.connect(self.sig_place_chosen)
        self.finder.sig_error.connect(ctx.show_error)
        self.finder.sig_busy.connect(self._on_busy)

    def actions(self) -> list[QAction]:
        return [self.act_add_coords, self.act_find_city, self.act_find_online]

    def status_widgets(self) -> tuple[QWidget, QWidget]:
        """What the status bar shows for this feature: a lookup's busy bar, the index build.

        The window adds both as permanent status bar widgets; the index's progress is
        shown there only, with no dialog over the map.
        """
        return self.busy, self.finder.progress_bar

    def search_context(self) -> SearchContext | None:
        """The shown trip as a search context: its stops, the one a new stop follows first."""
        stops = list(self._ctx.doc.stops.stops_as_listed())
        if not stops:
            return None
        current = self._current_stop() if self._current_stop is not None else None
        ids = [s.id for s in stops]
        anchor = ids.index(current.id) if current is not None and current.id in ids else None
        return SearchContext.for_trip([s.place for s in stops], anchor=anchor)

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

    def _on_index_progress(self, fraction: float, stage: str) -> None:
        self._building = True
        self._ctx.show_message(
            self.tr("Preparing city search (once, in the background): {stage}…").format(stage=stage)
        )

    def _on_index_ready(self, gazetteer: Gazetteer | None) -> None:
        self.search.set_gazetteer(gazetteer)
        self.search.setEnabled(gazetteer is not None)
        self.search.setPlaceholderText(self.tr("Add a city… (Ctrl+L)"))
        if gazetteer is not None and self._building:
            self._building = False
            self._ctx.show_message(self.tr("City search is ready"), 8000)

    def _on_index_failed(self) -> None:
        self._building = False
        self.search.setPlaceholderText(
            self.tr("City search is off until the next start: add stops by coordinates")
        )

    def _on_searched(self, text: str, matches: list[PlaceMatch]) -> None:
        """Say next to the field when the text names no city, and offer the online lookup."""
        if not text:
            self.hint.hide()
            return
        if not matches:
            self.hint.setText(
                self.tr('No city called “{text}” — <a href="online">Address online…</a>').format(
                    text=html.escape(_shortened(text))
                )
            )
        elif all(m.similar for m in matches):
            self.hint.setText(
                self.tr("No city called “{text}”: similar names are listed").format(
                    text=html.escape(_shortened(text))
                )
            )
        else:
            self.hint.hide()
            return
        self.hint.show()

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


def _shortened(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
