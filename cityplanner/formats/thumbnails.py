"""Small JPEG previews of photos, cached by content hash in the user cache folder.

A thumbnail is named by the SHA-256 of its photo's file, so the same photo in two trips (or
moved to another folder) has one thumbnail, and a changed file gets a new one. It is
written under a temporary name and then renamed over its final name, which is atomic: two
workers making the same thumbnail at once both succeed, and nobody ever reads half a file.
JPEGs are decoded at a fraction of their size (`Image.draft`), which is what makes a
thumbnail of a 12-megapixel photo cost milliseconds instead of a full decode.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from cityplanner.domain.photos import NOT_AN_IMAGE, TOO_LARGE, UNREADABLE, PhotoRefusedError
from cityplanner.formats.photo_files import check_pixels, heif_available
from cityplanner.geo.paths import cache_dir

log = logging.getLogger(__name__)

#: The longest side of a thumbnail, in pixels (sharp at 160 px on a 2× screen).
THUMBNAIL_SIZE = 320
THUMBNAIL_QUALITY = 85
_ALLOWED = ("JPEG", "PNG", "WEBP")


def thumbnail_dir() -> Path:
    """Where thumbnails are cached: `thumbnails/` in the cache folder."""
    return cache_dir() / "thumbnails"


def thumbnail_path(sha256: str, folder: Path | None = None) -> Path:
    """The cached thumbnail's file for a photo of this hash (it may not exist yet)."""
    return (folder or thumbnail_dir()) / sha256[:2] / f"{sha256}.jpg"


def cached_thumbnail(sha256: str, folder: Path | None = None) -> Path | None:
    """The thumbnail already made for this hash, or None."""
    path = thumbnail_path(sha256, folder)
    return path if path.is_file() else None


def make_thumbnail(
    source: Path, sha256: str, *, folder: Path | None = None, size: int = THUMBNAIL_SIZE
) -> Path:
    """The thumbnail of `source` (whose content hash is `sha256`), made unless cached.

    Safe to call from several threads or processes at once. Raises `PhotoRefusedError`
    when the photo cannot be decoded (damaged, too large, gone).
    """
    target = thumbnail_path(sha256, folder)
    if target.is_file():
        return target
    image = upright_image(source, size)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{sha256[:16]}.", suffix=".tmp"
        )
    except OSError as exc:
        raise PhotoRefusedError(
            f"Cannot write the thumbnail of {source.name} in {target.parent}: "
            f"{exc.strerror or exc}.",
            UNREADABLE,
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=False)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise PhotoRefusedError(
            f"Cannot write the thumbnail of {source.name}: {exc.strerror or exc}.", UNREADABLE
        ) from None
    return target


def thumbnail_image(source: Path, size: int = THUMBNAIL_SIZE) -> Image.Image:
    """The thumbnail of `source` in memory, turned upright, at most `size` pixels a side."""
    return upright_image(source, size)


def upright_image(
    source: Path, size: int, *, formats: tuple[str, ...] = _ALLOWED, use: str = "shown"
) -> Image.Image:
    """`source` turned upright by its EXIF orientation, at most `size` px a side, in RGB
    (transparency on white): thumbnails, and the trip book's copies (`use` = "printed").

    A JPEG is decoded at the smallest of 1/2, 1/4 or 1/8 of its size that still covers
    the result (`Image.draft`), which makes a 12-megapixel photo several times quicker.
    """
    allowed = (*formats, "HEIF") if heif_available() else formats
    try:
        with Image.open(source, formats=allowed) as image:
            check_pixels(source.name, *image.size)
            width, height = image.size
            longest = max(width, height, 1)
            if longest > size:
                # The box keeps the photo's shape: a square box would never reduce a 4:3 one.
                image.draft("RGB", (width * size // longest, height * size // longest))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=2.0)
            return upright if upright.mode == "RGB" else _on_white(upright)
    except PhotoRefusedError:
        raise
    except Image.DecompressionBombError:
        raise PhotoRefusedError(
            f"{source.name} has too many pixels to be {use}.", TOO_LARGE
        ) from None
    except OSError as exc:
        if not source.is_file():
            raise PhotoRefusedError(
                f"{source.name} is gone from {source.parent}.", UNREADABLE
            ) from None
        raise PhotoRefusedError(f"{source.name} cannot be {use}: {exc}.", NOT_AN_IMAGE) from None
    except Exception as exc:  # a damaged file may make a decoder raise nearly anything
        raise PhotoRefusedError(f"{source.name} cannot be {use}: {exc}.", NOT_AN_IMAGE) from None


def _on_white(image: Image.Image) -> Image.Image:
    """An RGB copy of an image with transparency or another mode, on a white background."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
