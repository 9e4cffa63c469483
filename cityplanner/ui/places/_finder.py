"""Finding places for new stops: the offline city index (built once, in the background,
its progress in the status bar) and addresses looked up online."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QProgressBar, QWidget

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Place
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch
from cityplanner.geo.geocoder import Geocoder, GeocodeResult
from cityplanner.ui.shell import TaskRunner

log = logging.getLogger(__name__)


class _Cancelled(Exception):
    """Raised inside the build's progress callback to stop it."""


class PlaceFinder(QObject):
    """Owns the gazetteer and the geocoder for one window; never blocks the GUI thread."""

    sig_index_ready = Signal(object)
    """The city index can be searched: the Gazetteer (or None if it could not be built)."""
    sig_index_progress = Signal(float, str)
    """The city index is being built: the fraction done (0 to 1) and what is being done."""
    sig_index_failed = Signal()
    """The city index could not be built (`sig_error` says why): city search stays off."""
    sig_place_found = Signal(object)
    """An online lookup ended with a place the user chose: its `Place`."""
    sig_error = Signal(str)
    """Something could not be done; the message says why."""
    sig_busy = Signal(bool)
    """An online lookup started (True) or ended (False)."""

    def __init__(
        self,
        parent_widget: QWidget,
        gazetteer: Gazetteer | None,
        geocoder: Geocoder | None,
        runner: TaskRunner,
    ) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        self._runner = runner
        self._cancel = False
        # Shown in the status bar (the window adds it there): nothing covers the map.
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setAccessibleName(self.tr("City search preparation"))
        self.progress_bar.hide()

    # -- the offline index -------------------------------------------------------
    def start(self) -> None:
        """Make the index searchable: at once if it is current, else build it in the background."""
        gazetteer = self.gazetteer
        if gazetteer is None:
            self.sig_index_ready.emit(None)
            return
        try:
            current = gazetteer.index_is_current()
        except CityPlannerError as exc:
            self.sig_error.emit(str(exc))
            return
        if current:
            self.sig_index_ready.emit(gazetteer)
            return
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("Preparing city search… %p%"))
        self.progress_bar.setToolTip(
            self.tr("The offline index of 235,000 cities is prepared once, in the background.")
        )
        self.progress_bar.show()
        self._cancel = False
        self.sig_index_progress.emit(0.0, self.tr("Starting"))

        def build(progress: Any) -> bool:
            def report(fraction: float, stage: str) -> None:
                if self._cancel:
                    raise _Cancelled
                progress(fraction, stage)

            return gazetteer.ensure_index(report)

        self._runner.submit(
            "gazetteer",
            build,
            on_result=lambda _built: self._on_built(),
            on_error=self._on_build_failed,
            on_progress=self._on_progress,
        )

    def _on_progress(self, fraction: float, stage: str) -> None:
        fraction = max(0.0, min(1.0, fraction))
        self.progress_bar.setValue(int(fraction * 1000))
        self.progress_bar.setToolTip(stage)
        self.sig_index_progress.emit(fraction, stage)

    def cancel(self) -> None:
        """Stop a build in progress (the window is closing); the old index, if any, stays."""
        self._cancel = True

    def _finish_progress(self) -> None:
        self.progress_bar.hide()

    def _on_built(self) -> None:
        self._finish_progress()
        self.sig_index_ready.emit(self.gazetteer)

    def _on_build_failed(self, error: BaseException) -> None:
        self._finish_progress()
        self.sig_index_failed.emit()
        if isinstance(error, _Cancelled):
            self.sig_error.emit(
                self.tr(
                    "The city index was not built; city search stays off until the next start. "
                    "You can still add stops by coordinates."
                )
            )
        elif isinstance(error, CityPlannerError):
            self.sig_error.emit(str(error))
        else:
            log.error("Building the city index failed", exc_info=error)
            self.sig_error.emit(
                self.tr("The city index could not be built: {error}").format(error=error)
            )

    def gazetteer_if_ready(self) -> Gazetteer | None:
        """The gazetteer, unless its index is still being built."""
        if self.gazetteer is None or self._runner.busy("gazetteer"):
            return None
        return self.gazetteer

    def nearest(self, lat: float, lon: float) -> PlaceMatch | None:
        """The nearest known city, when the index is ready (it answers in well under a millisecond)."""
        if self.gazetteer is None or self._runner.busy("gazetteer"):
            return None
        try:
            return self.gazetteer.nearest(lat, lon)
        except CityPlannerError:
            return None

    # -- online lookups ----------------------------------------------------------
    def find_online(self, query: str) -> None:
        """Look `query` up with Nominatim in the background; the user then picks a result."""
        if self.geocoder is None:
            self.sig_error.emit(self.tr("Online lookups are not available."))
            return
        geocoder = self.geocoder
        self.sig_busy.emit(True)
        self._runner.submit(
            "geocode",
            lambda: geocoder.geocode(query, limit=8),
            on_result=self._on_geocoded,
            on_error=self._on_geocode_failed,
        )

    def _on_geocoded(self, results: list[GeocodeResult]) -> None:
        self.sig_busy.emit(False)
        if not results:
            self.sig_error.emit(self.tr("OpenStreetMap knows no place by that description."))
            return
        labels = [r.address or r.name for r in results]
        label, ok = QInputDialog.getItem(
            self._widget,
            self.tr("Choose the place"),
            self.tr("Add which place as a stop?"),
            labels,
            0,
            False,
        )
        if ok:
            self.sig_place_found.emit(results[labels.index(label)].to_place())

    def _on_geocode_failed(self, error: BaseException) -> None:
        self.sig_busy.emit(False)
        if isinstance(error, CityPlannerError):
            self.sig_error.emit(str(error))
        else:
            log.error("Online lookup failed", exc_info=error)
            self.sig_error.emit(self.tr("The online lookup failed: {error}").format(error=error))


def as_place(match: PlaceMatch) -> Place:
    return match.to_place()
