"""The embedded itinerary map: a locked-down QWebEngineView fed through its own URL scheme.

The page, its assets, thumbnails and tiles are served from `cityplanner://map/` by the
scheme handler in `_scheme.py`, so the page never touches the disk: local file access is
off, scripts cannot open windows, navigation stays on the page, and links open in the
system browser.
A QWebChannel bridge carries clicks to Qt signals and selections and new data to
the page, which redraws its markers without changing the view.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections import deque
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from cityplanner.maps.escape import json_for_script
from cityplanner.maps.export import trip_payload
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.store import Store
from cityplanner.ui.map._bridge import MapBridge, open_externally
from cityplanner.ui.map._labels import page_labels
from cityplanner.ui.map._scheme import (
    BRIDGE_ASSET,
    HOST,
    PAGE_PATH,
    SCHEME,
    MapSchemeHandler,
)
from cityplanner.ui.map._tiles import OSM_TILES, MapTiles

log = logging.getLogger(__name__)


def view_page(payload: dict[str, Any]) -> str:
    """The page a map view serves for a trip payload: plain values only, built on any thread."""
    payload = {"osmTiles": OSM_TILES, **payload}  # online tiles through the app (MapTiles)
    return build_page(payload, assets=AssetMode.LINKED, bridge_script=BRIDGE_ASSET)


class MapPage(QWebEnginePage):
    """Stays on its own page; hands links to the system browser; keeps console messages."""

    sig_console_message = Signal(int, str)
    """The page's script logged a message (level, text)."""

    def __init__(
        self, profile: QWebEngineProfile, parent: QObject | None = None, *, host: str = HOST
    ) -> None:
        super().__init__(profile, parent)
        self.host = host
        # The latest messages only: a long session must not grow them without end.
        self.console_messages: deque[tuple[int, str]] = deque(maxlen=200)
        self.dialogs: deque[str] = deque(maxlen=50)

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if url.scheme() == SCHEME.decode() and url.host() == self.host and url.path() == PAGE_PATH:
            return kind != QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        # Links the user clicks reach the browser through the bridge (see MapBridge.openLink).
        log.info("The map page tried to go to %s: refused", url.toString())
        return False

    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        # Scripts cannot open windows (see _lock_down), so this is the user opening a link
        # in a new tab, e.g. with the middle button: hand the address to the browser.
        return _ExternalLinkPage(self.profile(), self)

    def javaScriptAlert(self, origin: QUrl | str, message: str) -> None:
        # The map never shows dialogs; a script that tries is noted, not obeyed.
        self.dialogs.append(message)
        log.warning("The map page tried to show a dialog: %s", message)

    def javaScriptConfirm(self, origin: QUrl | str, message: str) -> bool:
        self.javaScriptAlert(origin, message)
        return False

    def javaScriptPrompt(self, origin: QUrl | str, message: str, default: str) -> tuple[bool, str]:
        self.javaScriptAlert(origin, message)
        return False, ""

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        value = int(level.value)
        self.console_messages.append((value, message))
        log.log(
            logging.WARNING if value else logging.DEBUG,
            "map page: %s (%s:%s)",
            message,
            source,
            line,
        )
        self.sig_console_message.emit(value, message)


class _ExternalLinkPage(QWebEnginePage):
    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        open_externally(QUrl(url))
        self.deleteLater()
        return False


class MapView(QWebEngineView):
    """Shows a trip's map; reports clicks; selects, pans and updates in place."""

    sig_stop_clicked = Signal(int)
    """The user clicked a stop marker (stop id)."""
    sig_site_clicked = Signal(int)
    """The user clicked a site marker (site id)."""
    sig_photo_clicked = Signal(int)
    """The user clicked a photo marker (photo id); its stop or site is reported clicked too."""
    sig_add_site_requested = Signal(float, float)
    """The user chose "Add site here" at a point (latitude, longitude)."""
    sig_marker_moved = Signal(str, int, float, float)
    """The user dragged a stop or site marker to a point (kind, id, latitude, longitude)."""
    sig_marker_menu_requested = Signal(str, int)
    """The user right-clicked a stop or site marker (kind, id)."""
    sig_ready = Signal()
    """The page has loaded and connected its bridge."""
    sig_drawn = Signal()
    """The page has finished drawing the trip."""
    sig_layer_shown = Signal(str, bool)
    """The person turned a map pack or the online layer on or off (layer id, shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profile, self._handler = _shared_profile()
        number = next(_view_numbers)
        self._host = HOST if number == 1 else f"{HOST}-{number}"
        self.page_url = QUrl(f"{SCHEME.decode()}://{self._host}{PAGE_PATH}")
        self._page = MapPage(self._profile, self, host=self._host)
        self.destroyed.connect(functools.partial(self._handler.forget, self._host))
        _lock_down(self._page.settings())
        self._bridge = MapBridge(self)
        self._channel = QWebChannel(self._page)
        self._channel.registerObject("cityplanner", self._bridge)
        self._page.setWebChannel(self._channel)
        self.setPage(self._page)
        # Right-click belongs to the map ("Add site here"), not to a browser menu.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._ready = False
        self._bridge.sig_stop_clicked.connect(self.sig_stop_clicked)
        self._bridge.sig_site_clicked.connect(self.sig_site_clicked)
        self._bridge.sig_photo_clicked.connect(self.sig_photo_clicked)
        self._bridge.sig_add_site_requested.connect(self.sig_add_site_requested)
        self._bridge.sig_marker_moved.connect(self.sig_marker_moved)
        self._bridge.sig_marker_menu_requested.connect(self.sig_marker_menu_requested)
        self._labels_on = True
        self._bridge.sig_page_ready.connect(self._on_page_ready)
        self._bridge.sig_layer_shown.connect(self.sig_layer_shown)
        self.tiles: MapTiles = self._handler.tiles  # the packs' and online tiles of all views
        self._drawn = False
        self._day_mode = (False, 0)
        self._bridge.sig_map_drawn.connect(self._on_map_drawn)
        self._page.loadStarted.connect(self._on_load_started)

    @property
    def bridge(self) -> MapBridge:
        """The object the page talks to (tests call its slots as the page does)."""
        return self._bridge

    @property
    def map_page(self) -> MapPage:
        return self._page

    @property
    def is_ready(self) -> bool:
        return self._ready

    @property
    def is_drawn(self) -> bool:
        """Whether the loaded page has drawn everything (reported by the page itself)."""
        return self._drawn

    def show_trip(self, store: Store, trip_id: int) -> None:
        """Load the map of a stored trip, with its photos, in the window's language."""
        self.show_payload(self._stored_payload(store, trip_id))

    def refresh_trip(self, store: Store, trip_id: int) -> None:
        """Redraw a stored trip after an edit, keeping the user's zoom and pan."""
        self.update_data(self._stored_payload(store, trip_id))

    def _stored_payload(self, store: Store, trip_id: int) -> dict[str, Any]:
        photos = store.photos.for_trip(trip_id)
        self.set_photo_files({photo.sha256: photo.path for photo in photos})
        return trip_payload(store, trip_id, labels=self.labels(), photos=photos)

    def set_photo_files(self, files: Mapping[str, str]) -> None:
        """The photos the page may show thumbnails of: content hash → path of the original."""
        self._handler.set_photo_files(self._host, files)

    def labels(self) -> dict[str, str]:
        """The words the page shows, translated."""
        return page_labels()

    def show_payload(self, payload: dict[str, Any]) -> None:
        """Load the map of a trip payload (see `cityplanner.maps.payload.map_payload`)."""
        self.show_html(view_page(payload))

    def show_html(self, html: str) -> None:
        """Load a complete page, of any size, through the scheme handler."""
        self._handler.set_page(self._host, html)
        self._ready = False
        self._page.load(self.page_url)

    def update_data(self, payload: dict[str, Any], *, html: str | None = None) -> None:
        """Redraw with new data, keeping the user's zoom and pan.

        `html` is `view_page(payload)` when the caller has built it already (off this thread).
        """
        page = html if html is not None else view_page(payload)
        if not self._ready:
            self.show_html(page)
            return
        # Keep the page served on reload in step with what is drawn.
        self._handler.set_page(self._host, page)
        self._bridge.dataReplaced.emit(json_for_script(payload))

    def select_stop(self, stop_id: int) -> None:
        """Highlight a stop, pan to it and open its popup."""
        self._bridge.selectStopRequested.emit(int(stop_id))

    def select_site(self, site_id: int) -> None:
        """Zoom to a site (out of its cluster) and open its popup."""
        self._bridge.selectSiteRequested.emit(int(site_id))

    def select_photo(self, photo_id: int) -> None:
        """Zoom to a photo (out of its cluster) and open its popup."""
        self._bridge.selectPhotoRequested.emit(int(photo_id))

    def show_days(self, *, colour: bool, day: int) -> None:
        """Colour stops and legs by day, and/or show only day `day` (0: every day)."""
        self._day_mode = (bool(colour), max(0, int(day)))
        if self._ready:
            self._bridge.dayModeRequested.emit(*self._day_mode)

    def set_stop_labels(self, shown: bool) -> None:
        """Show the stops' names and dates beside their pins (where there is room)."""
        self._labels_on = bool(shown)
        if self._ready:
            self._bridge.labelsRequested.emit(self._labels_on)

    def zoom_to(self, kind: str, item_id: int = 0) -> None:
        """Zoom to a "stop" (with its sites) or a "site" by id, or frame the whole "trip"
        (which the map then follows again)."""
        if self._ready and kind in ("trip", "stop", "site"):
            self._bridge.zoomRequested.emit(kind, int(item_id))

    def _on_load_started(self) -> None:
        self._ready = False
        self._drawn = False

    def _on_map_drawn(self) -> None:
        self._drawn = True
        self.sig_drawn.emit()

    def _on_page_ready(self) -> None:
        self._ready = True
        if self._day_mode != (False, 0):
            self._bridge.dayModeRequested.emit(*self._day_mode)
        if not self._labels_on:
            self._bridge.labelsRequested.emit(False)
        self.sig_ready.emit()


_view_numbers = itertools.count(1)
_shared: list[tuple[QCoreApplication, QWebEngineProfile, MapSchemeHandler]] = []


def _shared_profile() -> tuple[QWebEngineProfile, MapSchemeHandler]:
    """One off-the-record profile (no cache or cookies on disk) for every map view.

    It belongs to the application, so it outlives every page: QtWebEngine crashes
    when a profile goes before a page that uses it, and a profile per view made
    that order depend on how windows happened to be deleted.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("A map view needs the Qt application to exist first.")
    if not _shared or _shared[0][0] is not app:
        profile = QWebEngineProfile(app)
        profile.setHttpUserAgent(profile.httpUserAgent() + " CityPlanner")
        handler = MapSchemeHandler(profile)
        profile.installUrlSchemeHandler(QByteArray(SCHEME), handler)
        _shared[:] = [(app, profile, handler)]
    _, profile, handler = _shared[0]
    return profile, handler


def _lock_down(settings: QWebEngineSettings) -> None:
    attribute = QWebEngineSettings.WebAttribute
    settings.setAttribute(attribute.LocalContentCanAccessFileUrls, False)
    settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
    settings.setAttribute(attribute.JavascriptCanOpenWindows, False)
    settings.setAttribute(attribute.JavascriptCanAccessClipboard, False)
    settings.setAttribute(attribute.JavascriptCanPaste, False)
    settings.setAttribute(attribute.AllowRunningInsecureContent, False)
    settings.setAttribute(attribute.AllowGeolocationOnInsecureOrigins, False)
    settings.setAttribute(attribute.PluginsEnabled, False)
    settings.setAttribute(attribute.PdfViewerEnabled, False)
    settings.setAttribute(attribute.NavigateOnDropEnabled, False)
    settings.setAttribute(attribute.ScreenCaptureEnabled, False)
    settings.setAttribute(attribute.WebRTCPublicInterfacesOnly, True)
