"""A trip for the trip book's tests: seven stops, of which four have nothing but dates.

Stop 2 (Reykjavík) has sites and photos (one on a site), stop 4 (Moscow) a journal
entry with a Markdown table, a picture beside the database and photos of its own,
stop 6 (Yerevan) one journal entry. The photos are made with Pillow and added through
the store, as the window adds them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pypdf

from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import TripDocument, load_document
from cityplanner.formats.photo_files import file_sha256
from cityplanner.store import Store
from tests.formats.photo_images import make_photo

TABLE_BODY = """Our day, in figures:

| Place | Minutes | Note |
|---|--:|---|
| Red Square | 90 | **crowded** |
| GUM | 45 | arcade |

![The Kremlin wall](kremlin.png)

![A lost one](gone.jpg)
"""
COLOURS = ("red", "green", "blue", "orange", "purple", "teal")


@dataclass
class BookTrip:
    store: Store
    trip_id: int
    folder: Path
    photos: list[Photo]

    def doc(self) -> TripDocument:
        return load_document(self.store, self.trip_id)


def make_trip(folder: Path, *, name: str = "Northern loop 2019") -> BookTrip:
    """The trip of seven stops in a database at `folder`/trips.db."""
    store = Store.open(folder / "trips.db", seed_demo=False)
    trip = store.trips.create(name, start=date(2019, 6, 1))
    assert trip.id is not None
    places = [
        Place("Toulouse", 43.6045, 1.4442, "FR"),
        Place("Reykjavík", 64.1355, -21.8954, "IS"),
        Place("Þingvellir", 64.2559, -21.1299, "IS"),
        Place("Москва", 55.7558, 37.6173, "RU"),
        Place("Tbilisi", 41.7151, 44.8271, "GE"),
        Place("Երևան", 40.1792, 44.4991, "AM"),
        Place("Gyumri", 40.7894, 43.8475, "AM"),
    ]
    modes = [None, "plane", "car", "plane", "plane", "car", "train"]
    stops = store.trips.add_stops(
        trip.id,
        [Stop(p, nights=2, mode=m) for p, m in zip(places, modes, strict=True)],
    )
    reykjavik, moscow, yerevan = stops[1], stops[3], stops[5]
    harpa = store.sites.add(
        Site(
            "Harpa",
            Theme.MUSEUM,
            stop_id=reykjavik.id,
            lat=64.1503,
            lon=-21.9326,
            status="visited",
            description="Glass on the sea.",
        )
    )
    store.sites.add(
        Site("Hallgrímskirkja", Theme.SIGHT, stop_id=reykjavik.id, lat=64.1417, lon=-21.9266)
    )
    store.journal.add(
        JournalEntry(
            trip_id=trip.id,
            stop_id=moscow.id,
            day=date(2019, 6, 7),
            title="Красная площадь",
            body=TABLE_BODY,
        )
    )
    store.journal.add(
        JournalEntry(
            trip_id=trip.id,
            stop_id=yerevan.id,
            day=date(2019, 6, 11),
            title="Երևան at dusk",
            body="Ararat stood over the city.",
        )
    )
    make_photo(folder / "kremlin.png", size=(300, 200), colour="darkred")
    placed = [(reykjavik, harpa.id)] * 2 + [(reykjavik, None)] + [(moscow, None)] * 3
    records = []
    for i, (stop, site_id) in enumerate(placed):
        path = make_photo(
            folder / "photos" / f"IMG_{i:03d}.jpg", size=(640, 480), colour=COLOURS[i]
        )
        records.append(
            Photo(
                trip_id=trip.id,
                path=str(path),
                sha256=file_sha256(path),
                size=path.stat().st_size,
                taken_at=datetime(2019, 6, 3 + i, 10, i),
                stop_id=stop.id,
                site_id=site_id,
                caption="Harpa at noon" if i == 0 else "",
                placed_by=PlacedBy.HAND,
            )
        )
    photos = store.photos.add_many(trip.id, records)
    return BookTrip(store, trip.id, folder, photos)


def pdf_images(data: bytes) -> int:
    """How many distinct images the PDF's pages show."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = set()
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject")
        if objects is None:
            continue
        for ref in objects.get_object().values():
            if ref.get_object()["/Subtype"] == "/Image":
                found.add(ref.idnum)
    return len(found)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
