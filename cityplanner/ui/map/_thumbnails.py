"""Thumbnails of a trip's photos for the map page, at `cityplanner://<view>/thumb/<sha256>.jpg`.

Only the hashes of the photos a view was given are served, and only in exactly that
form: the file comes from the thumbnail cache, never from a path in the address. A
thumbnail that is cached is read at once; one not made yet is made on a worker thread,
and the page's request is answered when it is done (QtWebEngine lets a request job be
answered later; if the page went away meanwhile, the job is gone and is skipped). A photo
whose file cannot be read gets a neutral placeholder picture.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

from cityplanner.domain.errors import CityPlannerError

log = logging.getLogger(__name__)

THUMB_PREFIX = "/thumb/"
_THUMB_PATH = re.compile(r"/thumb/([0-9a-f]{64})\.jpg")
#: Makes (or finds) a photo's thumbnail: `(original, sha256) -> JPEG file`.
MakeThumbnail = Callable[[Path, str], Path]
#: The cached thumbnail of a hash, or None.
CachedThumbnail = Callable[[str], Path | None]
#: Shown for a photo whose file is gone or cannot be read: a grey card with a picture sign.
PLACEHOLDER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120" viewBox="0 0 160 120">'
    b'<rect width="160" height="120" fill="#d9d4c8"/>'
    b'<path d="M46 84l24-30 17 20 11-12 16 22z" fill="#a8a091"/>'
    b'<circle cx="104" cy="42" r="9" fill="#a8a091"/></svg>'
)
PLACEHOLDER_MIME = b"image/svg+xml"
JPEG_MIME = b"image/jpeg"


def reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
    """Answer a request job with `data`; the buffer lives as long as the job."""
    buffer = QBuffer(job)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    job.reply(QByteArray(mime), buffer)


def _cached(sha256: str) -> Path | None:
    # Imported when first needed: the window's start does without Pillow.
    from cityplanner.formats.thumbnails import cached_thumbnail

    return cached_thumbnail(sha256)


def _make(source: Path, sha256: str) -> Path:
    from cityplanner.formats.thumbnails import make_thumbnail

    return make_thumbnail(source, sha256)


class _Signals(QObject):
    made = Signal(str, object)
    """(sha256, the thumbnail's bytes, or None when it could not be made)."""


class _MakeTask(QRunnable):
    """Makes one thumbnail on a worker thread: plain values in, bytes out."""

    def __init__(self, sha256: str, source: str, make: MakeThumbnail, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._sha, self._source, self._make, self._signals = sha256, source, make, signals

    def run(self) -> None:
        data: bytes | None = None
        try:
            data = self._make(Path(self._source), self._sha).read_bytes()
        except (CityPlannerError, OSError) as exc:
            log.info("No thumbnail for the map of photo %s: %s", self._sha[:12], exc)
        except Exception:  # a damaged file may make a decoder raise nearly anything
            log.exception("Making the thumbnail of photo %s failed", self._sha[:12])
        self._signals.made.emit(self._sha, data)


class ThumbnailServer(QObject):
    """Answers the thumbnail requests of the map views, making missing thumbnails off the
    GUI thread; `make` and `cached` are for tests."""

    sig_made = Signal(str)
    """A thumbnail was made, or failed, and its waiting requests were answered (sha256)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        make: MakeThumbnail = _make,
        cached: CachedThumbnail = _cached,
        threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self._make, self._cached = make, cached
        self._files: dict[str, dict[str, str]] = {}
        self._waiting: dict[str, list[QWebEngineUrlRequestJob]] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.made.connect(self._on_made)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def set_files(self, host: str, files: Mapping[str, str]) -> None:
        """The photos a view shows: each one's hash and the path of its original."""
        self._files[host] = {sha: path for sha, path in files.items() if _is_sha(sha)}

    def forget(self, host: str) -> None:
        self._files.pop(host, None)

    @property
    def busy(self) -> bool:
        """Whether a thumbnail is being made for a waiting request."""
        return bool(self._waiting)

    def answer(self, job: QWebEngineUrlRequestJob, host: str, path: str) -> None:
        """Answer `GET cityplanner://<host><path>` where `path` starts with `THUMB_PREFIX`."""
        match = _THUMB_PATH.fullmatch(path)
        sha = match.group(1) if match else ""
        source = self._files.get(host, {}).get(sha)
        if source is None:
            log.debug("Map page asked for the thumbnail %s: refused", path[:100])
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data = self._read_cached(sha)
        if data is not None:
            reply(job, JPEG_MIME, data)
            return
        waiting = self._waiting.setdefault(sha, [])
        waiting.append(job)
        if len(waiting) == 1:
            self._pool.start(_MakeTask(sha, source, self._make, self._signals))

    def _read_cached(self, sha: str) -> bytes | None:
        try:
            found = self._cached(sha)
            return found.read_bytes() if found is not None else None
        except OSError as exc:  # gone since it was found: make it again
            log.info("The cached thumbnail of photo %s cannot be read: %s", sha[:12], exc)
            return None

    @Slot(str, object)
    def _on_made(self, sha: str, data: bytes | None) -> None:
        for job in self._waiting.pop(sha, []):
            if not shiboken6.isValid(job):
                continue  # the page (or its request) went away meanwhile
            if data is None:
                reply(job, PLACEHOLDER_MIME, PLACEHOLDER)
            else:
                reply(job, JPEG_MIME, data)
        self.sig_made.emit(sha)

    def shutdown(self) -> None:
        """Stop making thumbnails: drop queued work and wait for what is running."""
        self._pool.clear()
        self._pool.waitForDone()
        self._waiting.clear()


def _is_sha(text: str) -> bool:
    return _THUMB_PATH.fullmatch(f"{THUMB_PREFIX}{text}.jpg") is not None
