"""The search field that adds stops: offline city completion as you type."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Place
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, SearchContext

log = logging.getLogger(__name__)

DEBOUNCE_MS = 60
MAX_SUGGESTIONS = 12


class PlaceSearchField(QLineEdit):
    """Type part of a city's name in any script; Enter or a click adds the chosen city.

    Searches run on the GUI thread: the index answers in a few milliseconds,
    and a short debounce keeps fast typing from queueing stale searches. Each
    search gets the trip being planned as its context, so near places come first.
    """

    sig_place_chosen = Signal(object)
    """A city was chosen: its domain `Place`."""
    sig_not_found = Signal(str)
    """Enter was pressed on text that matches no city: the text."""
    sig_searched = Signal(str, object)
    """A search ended: the text searched and its matches (a list of `PlaceMatch`)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._gazetteer: Gazetteer | None = None
        self._context: Callable[[], SearchContext | None] = lambda: None
        self._matches: list[PlaceMatch] = []
        # Short enough to show whole in a narrow window; the tooltip says the rest.
        self.setPlaceholderText(self.tr("Add a city… (Ctrl+L)"))
        self.setToolTip(
            self.tr(
                "Type a city's name in any language or script, then Enter to add the best "
                "match after the selected stop, or pick another from the list."
            )
        )
        self.setClearButtonEnabled(True)
        self._labels = QStringListModel(self)
        completer = QCompleter(self._labels, self)
        # The index already ranked and filtered; the completer must show its list as it is.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        completer.setWidget(self)
        completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self._completer = completer
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self.textEdited.connect(lambda _text: self._timer.start())

    def set_gazetteer(self, gazetteer: Gazetteer | None) -> None:
        """Searching starts once a ready index is given (None while it is being built)."""
        self._gazetteer = gazetteer

    def set_context(self, context: Callable[[], SearchContext | None]) -> None:
        """Where the context of each search comes from (the trip shown, its selected stop)."""
        self._context = context

    @property
    def matches(self) -> list[PlaceMatch]:
        return list(self._matches)

    def _search_now(self) -> None:
        text = self.text().strip()
        self._matches = []
        if self._gazetteer is not None and text:
            try:
                self._matches = self._gazetteer.search(
                    text, limit=MAX_SUGGESTIONS, context=self._context()
                )
            except CityPlannerError as exc:
                log.warning("City search failed: %s", exc)
        self._labels.setStringList([self._label(m) for m in self._matches])
        if self._gazetteer is not None:
            self.sig_searched.emit(text, list(self._matches))
        if self._matches and self.hasFocus():
            self._completer.complete()
        else:
            self._hide_popup()

    def _on_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._matches):
            self._choose(self._matches[index.row()])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        popup = self._completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            row = popup.currentIndex().row()
            if 0 <= row < len(self._matches):
                self._choose(self._matches[row])
                return
        if self._timer.isActive():
            self._timer.stop()
            self._search_now()
        # Enter takes the best match, so that typing "carc" then Enter adds Carcassonne.
        if self._matches:
            self._choose(self._matches[0])
        elif self.text().strip():
            self._hide_popup()
            self.sig_not_found.emit(self.text().strip())

    def _popup_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _label(self, match: PlaceMatch) -> str:
        """How a match is listed: name, region, country, population, distance to the trip."""
        parts = [match.label]
        if match.population:
            parts.append(f"{match.population:,}")
        if match.distance_km is not None:
            parts.append(self.tr("{km} km away").format(km=f"{match.distance_km:,.0f}"))
        return " · ".join(parts)

    def _choose(self, match: PlaceMatch) -> None:
        self._hide_popup()
        self._matches = []
        self.clear()
        self.sig_searched.emit("", [])
        self.sig_place_chosen.emit(match.to_place())


def place_from_match(match: PlaceMatch) -> Place:
    return match.to_place()
