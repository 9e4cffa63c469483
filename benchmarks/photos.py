"""Add 200 photos of 12 megapixels: EXIF read, placed on the trip's stops, and thumbnailed.

Target: the whole core path (find the files, hash each one, read its EXIF, place it, make
its 320 px thumbnail) for 200 JPEGs of 4000 × 3000 in at most 10 s. The thumbnails are
made on a pool of one thread per core, as the window makes them in the background; the
serial time is printed too.

Peer, in the same run: a plain loop of `PIL.Image.open(path)` + `getexif()` (and its Exif
and GPS sub-IFDs, the same EXIF this code reads) over the same files. It does none of the
hashing, placing or decoding, so the ratio says what they cost on top of reading EXIF.

The photos are made once (their time is printed apart): one 12-megapixel picture with a
photo's amount of detail (about 4.4 MB as JPEG), then 200 files of it, each with its own
EXIF block (date, offset, GPS position) and so its own content hash. The files were just
written, so they are read from the page cache: the figures leave out the disk.

Run from the repository root:  python benchmarks/photos.py [--photos 200] [--folder DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from cityplanner.domain.models import Place, Stop
from cityplanner.formats.photo_import import preview_photos, trip_view
from cityplanner.formats.thumbnails import make_thumbnail

TARGET_S = 10.0
WIDTH, HEIGHT = 4000, 3000
START = date(2017, 10, 2)
#: (name, lat, lon, zone, nights): a trip across three time zones.
STOPS = [
    ("Toulouse", 43.6045, 1.4442, "Europe/Paris", 4),
    ("Amsterdam", 52.374, 4.8897, "Europe/Amsterdam", 3),
    ("Reykjavík", 64.1355, -21.8954, "Atlantic/Reykjavik", 3),
    ("Moscow", 55.7558, 37.6173, "Europe/Moscow", 3),
]


def base_jpeg() -> bytes:
    """A 12-megapixel JPEG with noise and gradients, compressing like a photo does."""
    noise = Image.effect_noise((WIDTH // 2, HEIGHT // 2), 60).resize((WIDTH, HEIGHT))
    grad = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    red = Image.blend(noise, grad, 0.5)
    green = Image.blend(noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grad.rotate(90), 0.5)
    blue = grad.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    out = io.BytesIO()
    Image.merge("RGB", (red, green, blue)).save(out, "JPEG", quality=90)
    return out.getvalue()


def exif_segment(when: datetime, lat: float, lon: float) -> bytes:
    """An APP1 segment holding the EXIF a phone writes: date, offset, GPS position."""
    exif = Image.Exif()
    exif[0x0110] = "Benchmark camera"
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    sub[0x9011] = "+02:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (float(int(lat)), (lat % 1) * 60, 0.0)
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), (float(int(abs(lon))), (abs(lon) % 1) * 60, 0.0)
    data = exif.tobytes()
    return b"\xff\xe1" + (len(data) + 2).to_bytes(2, "big") + data


def make_photos(folder: Path, count: int) -> list[Path]:
    """`count` JPEGs of the same picture, each with its own EXIF, spread over the trip."""
    base = base_jpeg()
    rng = random.Random(7)
    paths: list[Path] = []
    span = sum(nights for *_, nights in STOPS)
    for index in range(count):
        when = datetime.combine(START, datetime.min.time()) + timedelta(
            minutes=rng.randrange(span * 24 * 60)
        )
        _, lat, lon, _, _ = rng.choice(STOPS)
        segment = exif_segment(when, lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05))
        path = folder / f"IMG_{index:04d}.jpg"
        path.write_bytes(base[:2] + segment + base[2:])  # right after the start of image
        paths.append(path)
    return paths


def timed(label: str, action: object) -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = action()  # type: ignore[operator]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<42} {elapsed:7.3f} s wall {cpu:7.3f} s CPU")
    return elapsed, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--folder", type=Path, help="keep the photos here (made if empty)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder or Path(temp) / "photos"
        folder.mkdir(parents=True, exist_ok=True)
        cache = Path(temp) / "thumbnails"
        paths = sorted(folder.glob("IMG_*.jpg"))[: args.photos]
        print(f"{args.photos} photos of {WIDTH} x {HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP)")
        if len(paths) < args.photos:
            _, made = timed(
                "making the photos (not counted)", lambda: make_photos(folder, args.photos)
            )
            paths = list(made)  # type: ignore[call-overload]
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        print(f"  {len(paths)} files of {size:.1f} MB on average, {args.workers} thumbnail workers")

        def peer() -> int:
            found = 0
            for path in paths:
                with Image.open(path) as image:
                    exif = image.getexif()
                    found += bool(exif.get_ifd(0x8769)) + bool(exif.get_ifd(0x8825))
            return found

        peer_s, found = timed("peer: Image.open + getexif loop", peer)
        assert found == 2 * len(paths)

        stops = [
            Stop(Place(name, lat, lon, timezone=zone), id=i + 1, nights=nights, position=i)
            for i, (name, lat, lon, zone, nights) in enumerate(STOPS)
        ]
        view = trip_view(START, stops, [])
        read_s, preview = timed(
            "ours: find, hash, read EXIF, place", lambda: preview_photos([folder], view)
        )
        candidates = preview.candidates  # type: ignore[attr-defined]
        assert len(candidates) == len(paths)
        placed = sum(c.placement.stop_id is not None for c in candidates)

        def thumbnails(workers: int, where: Path) -> None:
            jobs = [(c.file.path, c.file.sha256) for c in candidates]
            if workers <= 1:
                for path, sha in jobs:
                    make_thumbnail(path, sha, folder=where)
                return
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(lambda job: make_thumbnail(job[0], job[1], folder=where), jobs))

        thumb_s, _ = timed(
            f"ours: thumbnails ({args.workers} threads)", lambda: thumbnails(args.workers, cache)
        )
        serial_s, _ = timed(
            "ours: thumbnails (1 thread, for reference)", lambda: thumbnails(1, cache / "serial")
        )
        cached_s, _ = timed("ours: thumbnails again (cached)", lambda: thumbnails(1, cache))

    ours = read_s + thumb_s
    print(f"\nplaced {placed} of {len(candidates)} photos on a stop")
    print(
        f"ours (read + place + thumbnails): {ours:.2f} s, {ours / len(paths) * 1000:.1f} ms a photo"
    )
    print(f"ours read+place / peer EXIF loop ratio: {read_s / peer_s:.1f}x")
    print(f"ours whole path / peer EXIF loop ratio: {ours / peer_s:.1f}x")
    print(
        f"serial whole path: {read_s + serial_s:.2f} s; cached thumbnails: {cached_s * 1000:.0f} ms"
    )
    verdict = "met" if ours <= TARGET_S else "MISSED"
    print(f"target <= {TARGET_S:.0f} s for {len(paths)} photos: {verdict} ({ours:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
