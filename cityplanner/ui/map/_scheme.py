"""The `cityplanner://` scheme that feeds every map view: its page, the fixed assets, the
photos' thumbnails, the offline basemap's tiles, and the map packs' and online tiles.

Nothing else is answered: the page cannot reach the disk or another program.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QFile, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from cityplanner.maps.assets import SCRIPTS, STYLES, asset
from cityplanner.maps.basemap_tiles import TILE_PREFIX
from cityplanner.ui.map._basemap import answer_tile
from cityplanner.ui.map._thumbnails import THUMB_PREFIX, ThumbnailServer, reply
from cityplanner.ui.map._tiles import MapTiles

log = logging.getLogger(__name__)

SCHEME = b"cityplanner"
HOST = "map"
PAGE_PATH = "/index.html"
BRIDGE_ASSET = "qwebchannel.js"


def register_url_scheme() -> None:
    """Declare the `cityplanner://` scheme; must run before the QApplication exists."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    # The page fetches the offline basemap's tiles from its own origin.
    flags = QWebEngineUrlScheme.Flag
    scheme.setFlags(flags.SecureScheme | flags.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


class MapSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers `cityplanner://<view>/...` with that view's page, the fixed assets, and the
    thumbnails of the photos the view shows (see `ThumbnailServer`), nothing else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = ThumbnailServer(self)
        self.tiles = MapTiles(self)
        self._files: dict[str, tuple[bytes, bytes]] = {}
        self._pages: dict[str, bytes] = {}
        for name in (*SCRIPTS, *STYLES):
            item = asset(name)
            self._files[f"/assets/{name}"] = (item.mime.encode(), item.data)
        self._files[f"/assets/{BRIDGE_ASSET}"] = (b"text/javascript", _qwebchannel_js())

    def set_page(self, host: str, html: str) -> None:
        self._pages[host] = html.encode("utf-8")

    def set_photo_files(self, host: str, files: Mapping[str, str]) -> None:
        """The photos a view shows: each one's content hash and the path of its original."""
        self.thumbnails.set_files(host, files)

    def forget(self, host: str) -> None:
        self._pages.pop(host, None)
        self.thumbnails.forget(host)

    def _find(self, url: QUrl) -> tuple[bytes, bytes] | None:
        host = url.host()
        if host not in self._pages:
            return None
        if url.path() == PAGE_PATH:
            return b"text/html", self._pages[host]
        return self._files.get(url.path())

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        is_get = job.requestMethod() == QByteArray(b"GET")
        if is_get and url.host() in self._pages:
            path = url.path()
            if path.startswith(THUMB_PREFIX):
                self.thumbnails.answer(job, url.host(), path)
                return
            if path.startswith(TILE_PREFIX):
                answer_tile(job, path)
                return
            if self.tiles.answer(job, path):
                return
        found = self._find(url)
        if found is None or not is_get:
            log.debug("Map page asked for %s: refused", url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        reply(job, *found)


def _qwebchannel_js() -> bytes:
    source = QFile(":/qtwebchannel/qwebchannel.js")
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        log.error("Qt's qwebchannel.js is missing: map clicks will not reach the application")
        return b""
    data = bytes(source.readAll().data())
    source.close()
    return data
