"""The object the map page reaches over the web channel, and the links it may open.

A link opens only when the person clicked it. The page's script could call `openLink`
whenever it liked, and could fake a click for its own handler, so the bridge asks for
two signs that no script can give: the page's click handler reports the link a trusted
click landed on (`linkClicked`) just before asking to open it, and Qt itself saw a
mouse button (or Enter) pressed on the view within the same second. One press opens
at most one link.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
#: How long after the press and the page's report of a click its link may still open.
CLICK_WINDOW_S = 1.0
#: Keys that follow a focused link: keyboard users click with them.
_ACTIVATING_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
#: The markers the person can move or open a menu on.
MARKER_KINDS = frozenset({"stop", "site"})


def open_externally(url: QUrl) -> bool:
    """Open a web or mail address in the user's own programs; refuse anything else."""
    if url.scheme().lower() not in _EXTERNAL_SCHEMES:
        log.info("The map did not follow a link to %s", url.toString())
        return False
    return QDesktopServices.openUrl(url)


class MapBridge(QObject):
    """The object the page reaches as `cityplanner` over the web channel.

    Given the view as its parent, it watches the view for the person's presses itself
    (see `UserInputWatcher`); `clock` is for tests.
    """

    selectStopRequested = Signal(int)
    selectSiteRequested = Signal(int)
    selectPhotoRequested = Signal(int)
    dataReplaced = Signal(str)
    dayModeRequested = Signal(bool, int)
    labelsRequested = Signal(bool)
    zoomRequested = Signal(str, int)

    sig_stop_clicked = Signal(int)
    """A stop marker was clicked (stop id)."""
    sig_site_clicked = Signal(int)
    """A site marker was clicked (site id)."""
    sig_photo_clicked = Signal(int)
    """A photo marker was clicked (photo id); its stop or site is reported as clicked too."""
    sig_add_site_requested = Signal(float, float)
    """"Add site here" was chosen on the map (latitude, longitude)."""
    sig_marker_moved = Signal(str, int, float, float)
    """A stop or site marker was dragged to a new point (kind, id, latitude, longitude)."""
    sig_marker_menu_requested = Signal(str, int)
    """A stop or site marker was right-clicked (kind, id)."""
    sig_page_ready = Signal()
    """The page has drawn the trip and connected to the application."""
    sig_map_drawn = Signal()
    """Everything is on the map: sites clustered, outlines drawn (pictures wait for this)."""
    sig_layer_shown = Signal(str, bool)
    """The person turned a map pack or the online layer on or off (layer id, shown)."""

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._pressed_at = -math.inf
        self._clicked: tuple[str, float] | None = None
        if isinstance(parent, QWidget):
            self._watcher = UserInputWatcher(parent, self)

    def note_user_click(self) -> None:
        """Qt saw the person press a mouse button (or Enter) on the view."""
        self._pressed_at = self._clock()

    @Slot(str)
    def linkClicked(self, url: str) -> None:
        """The page's handler of trusted clicks reports the link a click landed on."""
        self._clicked = (str(url), self._clock())

    @Slot(int)
    def stopClicked(self, stop_id: int) -> None:
        self.sig_stop_clicked.emit(int(stop_id))

    @Slot(int)
    def siteClicked(self, site_id: int) -> None:
        self.sig_site_clicked.emit(int(site_id))

    @Slot(int)
    def photoClicked(self, photo_id: int) -> None:
        self.sig_photo_clicked.emit(int(photo_id))

    @Slot(float, float)
    def addSiteRequested(self, lat: float, lon: float) -> None:
        if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
            self.sig_add_site_requested.emit(float(lat), float(lon))

    @Slot(str, int, float, float)
    def markerMoved(self, kind: str, item_id: int, lat: float, lon: float) -> None:
        """The person dropped a marker somewhere else; a point off the globe is ignored."""
        if kind not in MARKER_KINDS or not (math.isfinite(lat) and math.isfinite(lon)):
            log.info("The map page reported a move of %r to %r, %r: ignored", kind, lat, lon)
            return
        if not -90.0 <= lat <= 90.0:
            return
        if not -180.0 <= lon <= 180.0:
            lon = (float(lon) + 180.0) % 360.0 - 180.0
        self.sig_marker_moved.emit(str(kind), int(item_id), float(lat), lon)

    @Slot(str, int)
    def markerMenuRequested(self, kind: str, item_id: int) -> None:
        if kind in MARKER_KINDS:
            self.sig_marker_menu_requested.emit(str(kind), int(item_id))

    @Slot(str)
    def openLink(self, url: str) -> None:
        """Open `url` in the person's browser, if they have just clicked it on the page."""
        url = str(url)
        if not self._follows_user_click(url):
            log.warning("The map page asked to open %s without a click on it: refused", url)
            return
        self._clicked, self._pressed_at = None, -math.inf
        open_externally(QUrl(url))

    def _follows_user_click(self, url: str) -> bool:
        if self._clicked is None:
            return False
        clicked_url, clicked_at = self._clicked
        now = self._clock()
        return (
            clicked_url == url
            and now - clicked_at <= CLICK_WINDOW_S
            and self._pressed_at <= clicked_at
            and now - self._pressed_at <= CLICK_WINDOW_S
        )

    @Slot()
    def pageReady(self) -> None:
        self.sig_page_ready.emit()

    @Slot(str, bool)
    def layerShown(self, layer_id: str, shown: bool) -> None:
        self.sig_layer_shown.emit(str(layer_id)[:40], bool(shown))

    @Slot()
    def mapDrawn(self) -> None:
        self.sig_map_drawn.emit()


class UserInputWatcher(QObject):
    """Tells a bridge of each mouse press, and each Enter, the person makes on a view.

    QtWebEngine gives input to a child widget of the view (its focus proxy), which it
    makes when the page first shows and again if the page's process restarts; so the
    watcher also watches every child widget once it is polished, and their children.
    Only widgets get input, and only a polished child is whole: a child announced by
    `ChildAdded` is still being built, and PySide crashes (seen on X11) when it is
    handed to Python from there.
    """

    def __init__(self, view: QWidget, bridge: MapBridge) -> None:
        super().__init__(view)
        self._bridge = bridge
        view.installEventFilter(self)
        for child in view.findChildren(QWidget):
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._bridge.note_user_click()
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _ACTIVATING_KEYS:
                self._bridge.note_user_click()
        elif kind == QEvent.Type.ChildPolished and isinstance(event, QChildEvent):
            child = event.child()
            if isinstance(child, QWidget):
                child.installEventFilter(self)
                for grandchild in child.findChildren(QWidget):
                    grandchild.installEventFilter(self)
        return False
