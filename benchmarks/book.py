"""The trip book of 50 stops and 200 photos, as a PDF.

Target: `export TRIP pdf` of a trip of 50 stops (2 sites each, a journal entry with a
Markdown table at every other stop) and 200 photos of 12 megapixels placed on them, in
at most 30 s, photos not yet prepared (the cache empty). The same export again, with the
photos' print copies cached, is printed too.

Peer, in the same run: fpdf2 writing a PDF of the same number of pages with the same
200 photos placed plainly, four to a page, each made ready the plain way (Pillow opens
it, turns it upright, scales it to the book's 1000 px and saves it as JPEG, one after
another). It
draws no map, lays out no text and needs no cache, so the ratio says what the book's
maps, layout, tables and threads cost (or save) on top of placing the photos.

The photos are made once (their time is printed apart): 200 JPEGs of 4000 × 3000 with
a photo's amount of noise, each with its own content. They were just written, so they
are read from the page cache: the figures leave out the disk.

Run from the repository root:  python benchmarks/book.py [--stops 50] [--photos 200]
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

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageOps

from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.domain.vocabulary import Theme, TravelMode
from cityplanner.formats.book.images import PHOTO_SIZE
from cityplanner.formats.photo_files import file_sha256
from cityplanner.formats.registry import export_to_file
from cityplanner.geo.paths import CACHE_DIR_ENV_VAR
from cityplanner.store import Store

TARGET_S = 30.0
WIDTH, HEIGHT = 4000, 3000
START = date(2024, 5, 1)
JOURNAL = """A day of **{name}**, told in figures:

| Place | Minutes | Note |
|---|--:|---|
| Old town | 90 | on foot |
| Museum | 120 | *rain* |
| Harbour | 45 | ferry back |

- breakfast by the square
- the tram out to the depot

> The guide said the city is changing faster than its maps.
"""


def base_picture() -> Image.Image:
    noise = Image.effect_noise((WIDTH // 2, HEIGHT // 2), 60).resize((WIDTH, HEIGHT))
    grad = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return Image.merge(
        "RGB",
        (
            Image.blend(noise, grad, 0.5),
            grad.rotate(90),
            grad.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ),
    )


def make_photos(folder: Path, count: int) -> list[Path]:
    """`count` different 12-megapixel JPEGs (each with its own coloured block)."""
    base = base_picture()
    rng = random.Random(11)

    def one(index: int) -> Path:
        picture = base.copy()
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        ImageDraw.Draw(picture).rectangle((200 + index * 15, 200, 1400 + index * 15, 1100), colour)
        path = folder / f"IMG_{index:04d}.jpg"
        picture.save(path, "JPEG", quality=90)
        return path

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return list(pool.map(one, range(count)))


def build_trip(db: Path, stops: int, photos: list[Path]) -> int:
    rng = random.Random(5)
    with Store.open(db, seed_demo=False) as store:
        trip = store.trips.create("Grand tour", start=START)
        assert trip.id is not None
        modes = list(TravelMode)
        added = store.trips.add_stops(
            trip.id,
            [
                Stop(
                    Place(f"Town {i + 1}", 40 + rng.uniform(0, 20), -5 + rng.uniform(0, 35), "FR"),
                    nights=rng.randrange(1, 3),
                    mode=None if i == 0 else rng.choice(modes),
                )
                for i in range(stops)
            ],
        )
        for i, stop in enumerate(added):
            for k in range(2):
                store.sites.add(
                    Site(
                        f"Site {k + 1} of {stop.name}",
                        list(Theme)[(i + k) % 20],
                        stop_id=stop.id,
                        lat=stop.place.lat + 0.01 * k,
                        lon=stop.place.lon + 0.01,
                        description="A project.",
                    )
                )
            if i % 2 == 0:
                store.journal.add(
                    JournalEntry(
                        trip_id=trip.id,
                        stop_id=stop.id,
                        day=START + timedelta(days=i),
                        title=stop.name,
                        body=JOURNAL.format(name=stop.name),
                    )
                )
        records = [
            Photo(
                trip_id=trip.id,
                path=str(p),
                sha256=file_sha256(p),
                size=p.stat().st_size,
                taken_at=datetime(2024, 5, 1, 9) + timedelta(hours=5 * i),
                stop_id=added[i * len(added) // len(photos)].id,
                placed_by=PlacedBy.HAND,
            )
            for i, p in enumerate(photos)
        ]
        store.photos.add_many(trip.id, records)
        return trip.id


def peer(photos: list[Path], pages: int, out: Path) -> None:
    """fpdf2 placing the same photos plainly, four to a page, on as many pages."""
    pdf = FPDF(unit="mm", format="A4")
    per_page = 4
    for page in range(max(pages, -(-len(photos) // per_page))):
        pdf.add_page()
        for slot, path in enumerate(photos[page * per_page : (page + 1) * per_page]):
            with Image.open(path) as image:
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
                data = io.BytesIO()
                upright.save(data, "JPEG", quality=85)
            pdf.image(data, x=20 + (slot % 2) * 88, y=20 + (slot // 2) * 70, w=82)
    out.write_bytes(bytes(pdf.output()))


def timed(label: str, action: object) -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = action()  # type: ignore[operator]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<46} {elapsed:7.2f} s wall {cpu:7.2f} s CPU")
    return elapsed, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stops", type=int, default=50)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--folder", type=Path, help="keep the photos here (made if missing)")
    args = parser.parse_args()
    import pypdf

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        os.environ[CACHE_DIR_ENV_VAR] = str(root / "cache")
        folder = args.folder or root / "photos"
        folder.mkdir(parents=True, exist_ok=True)
        photos = sorted(folder.glob("IMG_*.jpg"))[: args.photos]
        print(
            f"{args.stops} stops, {args.photos} photos of {WIDTH} x {HEIGHT}, "
            f"{os.cpu_count()} cores"
        )
        if len(photos) < args.photos:
            _, made = timed(
                "making the photos (not counted)", lambda: make_photos(folder, args.photos)
            )
            photos = list(made)  # type: ignore[call-overload]
        trip_id = build_trip(root / "trips.db", args.stops, photos)
        with Store.open(root / "trips.db") as store:
            cold, _ = timed(
                "ours: export pdf, photos not prepared",
                lambda: export_to_file(store, trip_id, "pdf", root / "a.pdf"),
            )
            warm, _ = timed(
                "ours: export pdf again, print copies cached",
                lambda: export_to_file(store, trip_id, "pdf", root / "b.pdf"),
            )
        book = pypdf.PdfReader(root / "a.pdf")
        pages = len(book.pages)
        images = {
            ref.idnum
            for page in book.pages
            for ref in (page["/Resources"].get("/XObject") or {}).values()
        }
        peer_s, _ = timed(
            f"peer: fpdf2 + Pillow, {pages} pages, photos placed",
            lambda: peer(photos, pages, root / "peer.pdf"),
        )
        size = (root / "a.pdf").stat().st_size / 1e6
        peer_size = (root / "peer.pdf").stat().st_size / 1e6
    print(f"\nbook: {pages} pages, {len(images)} images, {size:.1f} MB (peer {peer_size:.1f} MB)")
    print(f"ours cold {cold:.2f} s, warm {warm:.2f} s; peer {peer_s:.2f} s")
    print(f"ours cold / peer ratio: {cold / peer_s:.2f}x; ours warm / peer: {warm / peer_s:.2f}x")
    verdict = "met" if cold <= TARGET_S else "MISSED"
    print(
        f"target <= {TARGET_S:.0f} s for {args.stops} stops and {args.photos} photos: "
        f"{verdict} ({cold:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
