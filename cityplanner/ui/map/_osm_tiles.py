"""OpenStreetMap's tiles for the window's map, through the app, kept for offline use.

The page asks `cityplanner://<view>/osm/<z>/<x>/<y>.png`; this answers from the tile
cache (`cityplanner.maps.tile_cache`) when the tile there is fresh, and otherwise asks the
tile server with QNetworkAccessManager, which works asynchronously on the GUI thread's
event loop: the page's request job is answered when the reply arrives. A stale tile is
asked for again with its validators (If-None-Match / If-Modified-Since), and served as it
is when the network is away. A tile nobody has and the network cannot bring is a
transparent picture: the offline basemap shows through, and the page logs no error.

Every request names the application and its version in its User-Agent (the one the
address lookups send), as OpenStreetMap's tile usage policy asks; only tiles the page
shows are asked for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

from cityplanner import __version__
from cityplanner.maps.map_packs import picture_format
from cityplanner.maps.tile_cache import CachedTile, TileCache
from cityplanner.ui.map._thumbnails import reply

log = logging.getLogger(__name__)

OSM_PREFIX = "/osm/"
#: Where the tiles come from; tests point it at a server of their own on localhost.
DEFAULT_BASE_URL = "https://tile.openstreetmap.org"
#: The same identity as the address lookups (geo/geocoder.py): the app and its version.
USER_AGENT = f"CityPlanner/{__version__} (offline trip planner)"
#: OpenStreetMap's standard tiles go to zoom 19.
MAX_ZOOM = 19
_OSM_PATH = re.compile(r"/osm/(\d{1,2})/(\d{1,7})/(\d{1,7})\.png")
#: One transparent pixel: the answer for a tile that cannot be had.
TRANSPARENT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
#: The longest a tile may be; anything bigger from the server is not a tile.
_MAX_TILE_BYTES = 2 * 1024 * 1024


class OsmTileServer(QObject):
    """Answers the page's `osm/...` requests from the cache or the tile server."""

    sig_cache_unwritable = Signal(str)
    """The cache folder cannot be written: tiles are shown without being kept (why)."""
    sig_fetched = Signal(str)
    """A tile request was answered after going to the network (its cache key)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache: TileCache | None = None,
        base_url: str = DEFAULT_BASE_URL,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._cache_factory: Callable[[], TileCache] = TileCache
        self.base_url = base_url.rstrip("/")
        self._network = QNetworkAccessManager(self)
        self._waiting: dict[str, list[QWebEngineUrlRequestJob]] = {}
        self._said_unwritable = False
        #: The cache's size limit in bytes, read when a tile is kept (a preference).
        self.cache_limit: Callable[[], int] | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def cache(self) -> TileCache:
        """The cache, opened when first needed (the window's start does without it)."""
        if self._cache is None:
            self._cache = self._cache_factory()
        return self._cache

    def set_cache(self, cache: TileCache | Callable[[], TileCache]) -> None:
        """Use this cache, or the one `cache()` opens when a tile is first asked for."""
        old = self._cache
        if isinstance(cache, TileCache):
            self._cache = cache
        else:
            self._cache, self._cache_factory = None, cache
        self._said_unwritable = False
        if old is not None and old is not self._cache:
            old.close()

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def answer(self, job: QWebEngineUrlRequestJob, path: str) -> None:
        """Answer `GET .../osm/<z>/<x>/<y>.png`."""
        match = _OSM_PATH.fullmatch(path)
        if match is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        z, x, y = (int(match.group(i)) for i in (1, 2, 3))
        if z > MAX_ZOOM or x >= (1 << z) or y >= (1 << z):
            reply(job, b"image/png", TRANSPARENT_PNG)
            return
        key = f"osm/{z}/{x}/{y}"
        cached = self.cache.get(key)
        if cached is not None and cached.is_fresh():
            reply(job, cached.mime.encode(), cached.data)
            return
        waiting = self._waiting.setdefault(key, [])
        waiting.append(job)
        if len(waiting) == 1:
            self._fetch(key, f"{self.base_url}/{z}/{x}/{y}.png", cached)

    def _fetch(self, key: str, url: str, cached: CachedTile | None) -> None:
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(QByteArray(b"User-Agent"), QByteArray(USER_AGENT.encode()))
        request.setAttribute(
            QNetworkRequest.Attribute.RedirectPolicyAttribute,
            QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy,
        )
        request.setTransferTimeout(20_000)
        if cached is not None and cached.etag:
            request.setRawHeader(QByteArray(b"If-None-Match"), QByteArray(cached.etag.encode()))
        if cached is not None and cached.modified:
            request.setRawHeader(
                QByteArray(b"If-Modified-Since"), QByteArray(cached.modified.encode())
            )
        answer = self._network.get(request)
        answer.finished.connect(lambda: self._on_finished(key, answer, cached))

    def _on_finished(self, key: str, answer: QNetworkReply, cached: CachedTile | None) -> None:
        answer.deleteLater()
        status = answer.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        headers = {
            bytes(name.data()).decode("latin-1").lower(): bytes(value.data()).decode("latin-1")
            for name, value in answer.rawHeaderPairs()
        }
        mime, data = "image/png", TRANSPARENT_PNG
        if answer.error() == QNetworkReply.NetworkError.NoError and status == 200:
            body = bytes(answer.readAll().data())[: _MAX_TILE_BYTES + 1]
            kind = picture_format(body) if len(body) <= _MAX_TILE_BYTES else None
            if kind is not None:
                mime, data = ("image/jpeg" if kind == "jpg" else f"image/{kind}"), body
                self._keep(key, data, mime, headers)
            elif cached is not None:
                mime, data = cached.mime, cached.data
        elif status == 304 and cached is not None:
            self.cache.refresh(key, headers)
            mime, data = cached.mime, cached.data
        elif cached is not None:
            # Offline, or the server is unwell: the tile kept last time is better than none.
            mime, data = cached.mime, cached.data
        else:
            log.debug("No map tile %s: %s (%s)", key, answer.errorString(), status)
        for job in self._waiting.pop(key, []):
            if shiboken6.isValid(job):
                reply(job, mime.encode(), data)
        self.sig_fetched.emit(key)

    def _keep(self, key: str, data: bytes, mime: str, headers: dict[str, str]) -> None:
        cache = self.cache
        if self.cache_limit is not None:
            cache.limit = max(1, self.cache_limit())
        if cache.put(key, data, mime=mime, headers=headers) or cache.writable:
            return
        if not self._said_unwritable:
            self._said_unwritable = True
            self.sig_cache_unwritable.emit(cache.problem)

    def shutdown(self) -> None:
        """Stop: drop the waiting requests, abort what is under way, close the cache."""
        self._waiting.clear()
        for answer in self._network.findChildren(QNetworkReply):
            answer.abort()
        if self._cache is not None:
            self._cache.close()
            self._cache = None
