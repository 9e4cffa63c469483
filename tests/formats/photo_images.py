"""Photos made for the tests: small images with the EXIF a camera would write."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL, ORIENTATION = 0x9003, 0x9011, 0x0112


def make_photo(
    path: Path,
    *,
    taken: str | None = None,
    offset: str | None = None,
    where: tuple[float, float] | None = None,
    orientation: int | None = None,
    size: tuple[int, int] = (64, 48),
    colour: str = "steelblue",
    fmt: str | None = None,
) -> Path:
    """An image at `path` (format from its name unless `fmt`) with EXIF written as given.

    `taken` is EXIF text ("2017:10:08 23:30:00"), `offset` too ("+00:00"); `where` is
    (lat, lon) in degrees, written as degrees/minutes/seconds with N/S and E/W references.
    """
    exif = Image.Exif()
    # Cameras always write IFD0 tags; Pillow leaves out of a PNG an EXIF block without any.
    exif[0x0110] = "Test camera"  # Model
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if taken is not None or offset is not None:
        sub = exif.get_ifd(EXIF_IFD)
        if taken is not None:
            sub[DATE_TIME_ORIGINAL] = taken
        if offset is not None:
            sub[OFFSET_TIME_ORIGINAL] = offset
    if where is not None:
        gps = exif.get_ifd(GPS_IFD)
        lat, lon = where
        gps[1], gps[2] = ("N" if lat >= 0 else "S"), _dms(abs(lat))
        gps[3], gps[4] = ("E" if lon >= 0 else "W"), _dms(abs(lon))
    path.parent.mkdir(parents=True, exist_ok=True)
    # A gradient, so that every photo has its own content (and hash) and a real JPEG size.
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste(Image.new("RGB", (size[0] // 4 or 1, size[1] // 4 or 1), colour))
    image.save(path, fmt, exif=exif)
    return path


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def huge_png(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims `width` × `height` pixels, with almost no data behind it.

    It is what a decompression bomb looks like to a reader before it decodes a pixel.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    data = zlib.compress(b"\x00" * 1024)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path
