"""The object the map page reaches over the web channel, and the links it may open."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)

_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


def open_externally(url: QUrl) -> bool:
    """Open a web or mail address in the user's own programs; refuse anything else."""
    if url.scheme().lower() not in _EXTERNAL_SCHEMES:
        log.info("The map did not follow a link to %s", url.toString())
        return False
    return QDesktopServices.openUrl(url)


class MapBridge(QObject):
    """The object the page reaches as `cityplanner` over the web channel."""

    selectStopRequested = Signal(int)
    selectSiteRequested = Signal(int)
    dataReplaced = Signal(str)
    dayModeRequested = Signal(bool, int)

    sig_stop_clicked = Signal(int)
    """A stop marker was clicked (stop id)."""
    sig_site_clicked = Signal(int)
    """A site marker was clicked (site id)."""
    sig_add_site_requested = Signal(float, float)
    """"Add site here" was chosen on the map (latitude, longitude)."""
    sig_page_ready = Signal()
    """The page has drawn the trip and connected to the application."""
    sig_map_drawn = Signal()
    """Everything is on the map: sites clustered, outlines drawn (pictures wait for this)."""

    @Slot(int)
    def stopClicked(self, stop_id: int) -> None:
        self.sig_stop_clicked.emit(int(stop_id))

    @Slot(int)
    def siteClicked(self, site_id: int) -> None:
        self.sig_site_clicked.emit(int(site_id))

    @Slot(float, float)
    def addSiteRequested(self, lat: float, lon: float) -> None:
        if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
            self.sig_add_site_requested.emit(float(lat), float(lon))

    @Slot(str)
    def openLink(self, url: str) -> None:
        open_externally(QUrl(url))

    @Slot()
    def pageReady(self) -> None:
        self.sig_page_ready.emit()

    @Slot()
    def mapDrawn(self) -> None:
        self.sig_map_drawn.emit()
