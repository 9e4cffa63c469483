"""Photos made ready for the book: turned upright, scaled down, as JPEG, cached.

A 12-megapixel original would make a book of 200 photos weigh a gigabyte. A photo of the
PDF's grids is printed at most 83 mm wide: at 1000 px it has 300 dpi there, and a JPEG
decodes straight to that size (1/4 of 4000 px) at a fraction of the cost of a full
decode. A journal's picture can span the column (170 mm): 1600 px. The HTML page's copies
are 1200 px, for screens. Each copy is cached in
the user cache folder, named by the content hash of its original and its size, so a
second export of the same trip decodes nothing. Copies are made on a pool of threads
(Pillow decodes and resizes without holding the interpreter lock).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from cityplanner.domain.photos import UNREADABLE, PhotoRefusedError
from cityplanner.formats import thumbnails
from cityplanner.formats.book.progress import Steps
from cityplanner.geo.paths import cache_dir
from cityplanner.store.photos import file_sha256

log = logging.getLogger(__name__)

PHOTO_SIZE = 1000
PRINT_SIZE = 1600
SCREEN_SIZE = 1200
QUALITY = 85
MAX_WORKERS = 8
_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")


@dataclass(frozen=True, slots=True)
class ReadyImage:
    """A JPEG ready to place, and its size in pixels."""

    data: bytes
    width: int
    height: int

    @property
    def ratio(self) -> float:
        """Height over width."""
        return self.height / self.width if self.width else 0.75


@dataclass(frozen=True, slots=True)
class ImageJob:
    """An original to prepare at `size` px; `sha256` is its content hash when known."""

    key: str
    path: Path
    sha256: str = ""
    size: int = PRINT_SIZE


def image_cache_dir() -> Path:
    return cache_dir() / "book-images"


def ready_image(job: ImageJob, folder: Path | None = None) -> ReadyImage:
    """The prepared copy of `job`'s original (made now unless cached).

    Raises `PhotoRefusedError` when the original is gone or cannot be decoded.
    """
    try:
        digest = job.sha256 or file_sha256(job.path)
    except OSError:
        raise PhotoRefusedError(
            f"{job.path.name} is gone from {job.path.parent}.", UNREADABLE
        ) from None
    size = job.size
    target = (folder or image_cache_dir()) / digest[:2] / f"{digest}-{size}.jpg"
    try:
        data = target.read_bytes()
        with Image.open(io.BytesIO(data)) as cached:
            return ReadyImage(data, *cached.size)
    except (OSError, UnidentifiedImageError):
        pass  # not cached yet (or damaged): make it again
    if not job.path.is_file():
        raise PhotoRefusedError(f"{job.path.name} is gone from {job.path.parent}.", UNREADABLE)
    upright = upright_image(job.path, size)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=QUALITY, optimize=False)
    data = out.getvalue()
    _store(target, data)
    return ReadyImage(data, *upright.size)


def ready_images(
    jobs: Sequence[ImageJob],
    steps: Steps,
    *,
    folder: Path | None = None,
    workers: int | None = None,
) -> dict[str, ReadyImage | str]:
    """Every job's prepared image, or why it cannot be printed, by the job's key.

    Each finished image is a step of `steps`; when it asks to stop, the images not yet
    started are dropped and `ExportCancelled` is raised.
    """
    results: dict[str, ReadyImage | str] = {}
    if not jobs:
        return results
    count = workers or min(MAX_WORKERS, os.cpu_count() or 1, len(jobs))
    with ThreadPoolExecutor(max_workers=max(1, count), thread_name_prefix="book-image") as pool:
        running: dict[Future[ReadyImage], ImageJob] = {
            pool.submit(ready_image, job, folder): job for job in jobs
        }
        try:
            while running:
                finished, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = running.pop(future)
                    try:
                        results[job.key] = future.result()
                    except PhotoRefusedError as exc:
                        results[job.key] = str(exc)
                    except Exception as exc:  # a damaged file can make a decoder raise anything
                        log.warning("Cannot prepare %s", job.path, exc_info=True)
                        results[job.key] = f"{job.path.name} cannot be printed: {exc}."
                    steps.step(f"Preparing photos ({len(results)} of {len(jobs)})")
                if not finished:
                    steps.check()
        except BaseException:
            for future in running:
                future.cancel()
            raise
    return results


def upright_image(source: Path, size: int) -> Image.Image:
    """The picture turned upright, at most `size` px a side, in RGB (see `thumbnails`)."""
    return thumbnails.upright_image(source, size, formats=_FORMATS, use="printed")


def _store(target: Path, data: bytes) -> None:
    """Write the cached copy atomically; a cache that cannot be written is only slower."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".book-", suffix=".tmp")
    except OSError:
        log.debug("Cannot cache %s", target, exc_info=True)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError:
        log.debug("Cannot cache %s", target, exc_info=True)
        with contextlib.suppress(OSError):
            os.unlink(temp)
