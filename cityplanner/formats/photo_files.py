"""Photo files: found under files and folders, then read for what EXIF says about them.

Reading trusts nothing in the file. Pillow is given only the formats CityPlanner accepts
(JPEG, PNG, WebP, and HEIC/HEIF when the optional `pillow-heif` is installed), so a file
whose content is anything else is refused whatever its name says. An image larger than
`PIXEL_LIMIT` is refused before a pixel is decoded (a "decompression bomb" would take all
the memory). Bad EXIF values are dropped, each with a note, and the photo is still read:
an impossible date (0000:00:00, month 13), an offset that is no offset, a position off the
globe (200°) or at exactly 0°, 0° (what cameras without a fix write).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from cityplanner.domain.photos import (
    NOT_AN_IMAGE,
    TOO_LARGE,
    UNREADABLE,
    PhotoFacts,
    PhotoRefusedError,
)
from cityplanner.store.photos import file_sha256

log = logging.getLogger(__name__)

#: The largest image read, in pixels: 200 megapixels, above any phone or camera of today
#: (the largest sensors make 200 MP). Pillow itself refuses twice `MAX_IMAGE_PIXELS`.
PIXEL_LIMIT = 200_000_000
Image.MAX_IMAGE_PIXELS = PIXEL_LIMIT
# Between the limit and twice it Pillow only warns; such images are refused here with a
# message, so its warning would only say the same thing again on the terminal.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

#: Files read whole into memory (hashed and parsed from one read); larger ones are streamed.
WHOLE_READ_BYTES = 64 * 1024 * 1024

#: File name endings and the family of formats each promises.
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP"}
HEIF_SUFFIXES = {".heic": "HEIF", ".heif": "HEIF", ".hif": "HEIF"}
#: What Pillow may call each family (cameras write multi-picture JPEGs, "MPO").
_FORMATS = {"JPEG": ("JPEG", "MPO"), "PNG": ("PNG",), "WEBP": ("WEBP",), "HEIF": ("HEIF",)}
_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIF"}

# What the counts of a scan call each kind of skipped file.
HIDDEN = "hidden"
NOT_A_PHOTO = "not a photo file"
NO_HEIC = "HEIC (install the heic extra)"
NOT_FOUND = "not found"
UNREADABLE_FOLDER = "unreadable folder"

_IFD_EXIF, _IFD_GPS = 0x8769, 0x8825
_DATE_TIME, _ORIENTATION = 0x0132, 0x0112
_ORIGINAL, _DIGITIZED = 0x9003, 0x9004
_OFFSET, _OFFSET_ORIGINAL, _OFFSET_DIGITIZED = 0x9010, 0x9011, 0x9012
_STAMP = re.compile(r"^(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_OFFSET_TEXT = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@functools.cache
def heif_available() -> bool:
    """Whether HEIC/HEIF files can be read (the optional `pillow-heif`, registered once)."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _openers() -> list[str]:
    """The Pillow formats tried (its JPEG opener also opens multi-picture "MPO" files)."""
    return ["JPEG", "PNG", "WEBP", *(["HEIF"] if heif_available() else [])]


def accepted_suffixes() -> dict[str, str]:
    """The file name endings read as photos, each with its format family."""
    return {**SUFFIXES, **HEIF_SUFFIXES} if heif_available() else dict(SUFFIXES)


@dataclass
class PhotoScan:
    """The photo files found under some paths, and how many others were skipped, by why."""

    files: list[Path] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    not_found: list[Path] = field(default_factory=list)


def find_photos(paths: Iterable[Path | str]) -> PhotoScan:
    """Every photo file among `paths`, and in folders among them (recursively), in order.

    Hidden files and folders (a name starting with ".") are skipped; so is anything that is
    not named like a photo, and a file given twice is listed once.
    """
    scan = PhotoScan()
    suffixes = accepted_suffixes()
    seen: set[str] = set()

    def consider(path: Path) -> None:
        suffix = path.suffix.lower()
        if path.name.startswith("."):
            scan.skipped[HIDDEN] += 1
        elif suffix in suffixes:
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                scan.files.append(path)
        elif suffix in HEIF_SUFFIXES:
            scan.skipped[NO_HEIC] += 1
        else:
            scan.skipped[NOT_A_PHOTO] += 1

    def unreadable(error: OSError) -> None:
        log.info("Cannot list %s: %s", error.filename, error)
        scan.skipped[UNREADABLE_FOLDER] += 1

    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            for folder, dirs, names in os.walk(path, onerror=unreadable):
                hidden = [d for d in dirs if d.startswith(".")]
                if hidden:
                    scan.skipped[HIDDEN] += len(hidden)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    consider(Path(folder, name))
        elif path.exists():
            consider(path)
        else:
            scan.not_found.append(path)
            scan.skipped[NOT_FOUND] += 1
    return scan


@dataclass(frozen=True, slots=True)
class PhotoFile:
    """What one photo file is and says: its hash, size, format, EXIF facts and notes."""

    path: Path
    sha256: str
    size: int
    format: str
    """Pillow's name of the format the content is in ("JPEG", "PNG", "WEBP", "HEIF")."""
    width: int
    height: int
    """As shown, after the EXIF orientation is applied."""
    orientation: int
    facts: PhotoFacts
    notes: tuple[str, ...] = ()
    """Sentences about what was wrong with the file and was left out."""


def read_photo(path: Path) -> PhotoFile:
    """Read `path`'s hash, size and EXIF; raise `PhotoRefusedError` for what is no photo."""
    name = path.name
    try:
        size = path.stat().st_size
        if size <= WHOLE_READ_BYTES:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            source: Any = io.BytesIO(data)
        else:
            digest = file_sha256(path)
            source = path
    except OSError as exc:
        raise PhotoRefusedError(
            f"{name} cannot be read: {exc.strerror or exc}.", UNREADABLE
        ) from None
    family = accepted_suffixes().get(path.suffix.lower())
    allowed = _openers()
    notes: list[str] = []
    try:
        with Image.open(source, formats=allowed) as image:
            width, height = image.size
            check_pixels(name, width, height)
            kind = str(image.format)
            facts, orientation = _facts_of(image, path, notes)
    except PhotoRefusedError:
        raise
    except Image.DecompressionBombError as exc:
        claimed = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(claimed.group(1)) if claimed else None
        raise PhotoRefusedError(_too_large(name, pixels), TOO_LARGE) from None
    except UnidentifiedImageError:
        accepted = "JPEG, PNG, WebP" + (" or HEIC" if heif_available() else "")
        raise PhotoRefusedError(
            f"{name} is not a {accepted} image, whatever its name says.", NOT_AN_IMAGE
        ) from None
    except Exception as exc:  # a damaged file may make a decoder raise nearly anything
        raise PhotoRefusedError(f"{name} is a damaged image ({exc}).", NOT_AN_IMAGE) from None
    if family is not None and kind not in _FORMATS[family]:
        notes.append(
            f"It is a {_NAMES.get(kind, kind)} image, although its name ends in {path.suffix}."
        )
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return PhotoFile(path, digest, size, kind, width, height, orientation, facts, tuple(notes))


def _facts_of(image: Image.Image, path: Path, notes: list[str]) -> tuple[PhotoFacts, int]:
    try:
        exif = image.getexif()
        return read_exif(exif, notes)
    except Exception as exc:  # a hostile EXIF block may make the parser raise nearly anything
        log.info("EXIF of %s unreadable: %s", path, exc)
        notes.append("Its EXIF data cannot be read, so its date and position are unknown.")
        return PhotoFacts(), 1


def check_pixels(name: str, width: int, height: int) -> None:
    """Refuse an image of more than `PIXEL_LIMIT` pixels, before it is decoded."""
    if width * height > PIXEL_LIMIT:
        raise PhotoRefusedError(_too_large(name, width * height), TOO_LARGE)


def _too_large(name: str, pixels: int | None = None) -> str:
    size = f"{pixels / 1e6:,.0f} megapixels" if pixels else "too many pixels"
    return (
        f"{name} has {size}: CityPlanner reads images of up to {PIXEL_LIMIT // 1_000_000} "
        "megapixels, so that a damaged or hostile file cannot take all the memory."
    )


def read_exif(exif: Image.Exif, notes: list[str]) -> tuple[PhotoFacts, int]:
    """The date, offset and position EXIF gives, and its orientation; bad values noted."""
    sub = exif.get_ifd(_IFD_EXIF)
    gps = exif.get_ifd(_IFD_GPS)
    taken, offset = None, None
    for stamp_tag, offset_tag, where in (
        (_ORIGINAL, _OFFSET_ORIGINAL, sub),
        (_DIGITIZED, _OFFSET_DIGITIZED, sub),
        (_DATE_TIME, _OFFSET, None),
    ):
        raw = (where if where is not None else exif).get(stamp_tag)
        if raw is None:
            continue
        taken = parse_stamp(raw, notes)
        if taken is not None:
            offset = parse_offset(sub.get(offset_tag), notes)
            break
    lat, lon = parse_position(gps, notes)
    orientation = exif.get(_ORIENTATION, 1)
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1
    return PhotoFacts(taken, offset, lat, lon), orientation


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).replace("\x00", "").strip()


def parse_stamp(value: object, notes: list[str]) -> datetime | None:
    """An EXIF date and time ("2017:10:12 23:30:00"), or None with a note."""
    text = _text(value)
    match = _STAMP.match(text)
    if match is None or set(re.sub(r"\D", "", text)) <= {"0"}:
        if text.strip(" :0"):
            notes.append(f"Its date ({text[:40]!r}) cannot be read, so it was left out.")
        else:
            notes.append("Its camera wrote no date (0000:00:00 00:00:00), so it was left out.")
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        notes.append(f"Its date ({text[:19]}) is impossible, so it was left out.")
        return None


def parse_offset(value: object, notes: list[str]) -> timedelta | None:
    """An EXIF offset from UTC ("+02:00"), or None (with a note when it is not one)."""
    if value is None:
        return None
    text = _text(value)
    match = _OFFSET_TEXT.match(text)
    if match is None:
        if text.strip(" :"):
            notes.append(f"Its time offset ({text[:20]!r}) cannot be read, so it was left out.")
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
    if not timedelta(hours=-12) <= offset <= timedelta(hours=14) or int(minutes) >= 60:
        notes.append(f"Its time offset ({text}) is impossible, so it was left out.")
        return None
    return offset


def parse_position(gps: dict[int, Any], notes: list[str]) -> tuple[float | None, float | None]:
    """The GPS position in degrees, or (None, None) with a note when it is unusable."""
    if not gps or 2 not in gps or 4 not in gps:
        if gps and (2 in gps) != (4 in gps):
            notes.append("Its GPS position is incomplete, so it was left out.")
        return None, None
    lat = _degrees(gps.get(2), gps.get(1), "S")
    lon = _degrees(gps.get(4), gps.get(3), "W")
    if lat is None or lon is None:
        notes.append("Its GPS position cannot be read, so it was left out.")
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        notes.append(f"Its GPS position ({lat:g}°, {lon:g}°) is off the globe, so it was left out.")
        return None, None
    if lat == 0 and lon == 0:
        notes.append("Its GPS position is 0°, 0°, what cameras write without a fix: left out.")
        return None, None
    return lat, lon


def _degrees(value: object, ref: object, negative: str) -> float | None:
    """Degrees from EXIF's (degrees, minutes, seconds) rationals and N/S or E/W reference."""
    parts = value if isinstance(value, tuple | list) else (value,)
    if not 1 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(p) for p in parts]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(n) for n in numbers) or any(n < 0 for n in numbers[1:]):
        return None
    degrees = float(sum(n / 60**i for i, n in enumerate(numbers)))
    return -degrees if _text(ref).upper().startswith(negative) else degrees
