"""The trip book as a PDF, read back with a PDF reader (pypdf) as a person would read it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from cityplanner.domain.models import Place, Stop
from cityplanner.formats.book.pdf import write_book_pdf
from cityplanner.formats.book.progress import ExportCancelled
from cityplanner.formats.document import ExportOptions
from cityplanner.formats.registry import export_to_file, write_file
from tests.formats.book_fixtures import BookTrip, make_trip, page_texts, pdf_images
from tests.formats.helpers import export_bytes


@pytest.fixture
def trip(tmp_path: Path) -> Iterator[BookTrip]:
    made = make_trip(tmp_path)
    yield made
    made.store.close()


def book(trip: BookTrip, options: ExportOptions | None = None) -> bytes:
    return export_bytes(trip.doc(), "pdf", options or ExportOptions())


def test_no_page_is_left_nearly_blank(trip: BookTrip) -> None:
    texts = page_texts(book(trip))
    reader = pypdf.PdfReader(io.BytesIO(book(trip)))
    assert len(texts) == len(reader.pages)
    for number, (text, page) in enumerate(zip(texts, reader.pages, strict=True), start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        if number > 1:  # every page but the cover has the trip's name and its number below
            footer = f"Northern loop 2019 {number}"
            assert footer in lines, (number, lines)
            lines.remove(footer)
        body = " ".join(lines[1:])  # what the page holds beyond its title
        has_images = "/XObject" in page["/Resources"]
        assert len(body) > 40 or has_images, (number, text)
    everything = "\n".join(texts)
    assert "No sites or journal entries recorded here yet" not in everything
    # Seven stops, four of them with nothing but dates: three chapters, one shared list.
    assert len(texts) <= 3 + 3 * 2 + 3
    on_the_way = next(t for t in texts if t.startswith("Also on the way"))
    for name in ("Toulouse", "Þingvellir", "Tbilisi", "Gyumri"):
        assert name in on_the_way
    for title in ("1. Toulouse", "3. Þingvellir", "5. Tbilisi", "7. Gyumri"):
        assert not any(t.startswith(title) for t in texts)
    assert any(t.startswith("2. Reykjavík (IS)") for t in texts)


def test_contents_lists_each_part_with_its_page(trip: BookTrip) -> None:
    texts = page_texts(book(trip))
    contents = texts[1].replace("Northern loop 2019 2\n", "")
    assert contents.startswith("Contents")
    for title in (
        "Itinerary",
        "2. Reykjavík (IS)",
        "4. Москва (RU)",
        "6. Երևան (AM)",
        "Also on the way",
        "Statistics",
    ):
        found = re.search(re.escape(title) + r"\s*\.*\s*(\d+)", contents)
        assert found, title
        page = int(found.group(1))
        assert texts[page - 1].startswith(title), (title, page)


def test_every_photo_placed_is_in_the_book_once(trip: BookTrip) -> None:
    data = book(trip)
    # Six photos and the journal's one picture beside the database; the maps are vectors.
    assert pdf_images(data) == len(trip.photos) + 1
    text = "\n".join(page_texts(data))
    assert "Harpa at noon" in text and "IMG_003.jpg" in text
    assert "3 Jun 2019, 10:00" in text


def test_a_markdown_table_is_printed_as_a_table(trip: BookTrip) -> None:
    data = book(trip)
    texts = page_texts(data)
    index = next(i for i, t in enumerate(texts) if "Red Square" in t)
    page = texts[index]
    assert "|" not in page and "--:" not in page
    assert "Place Minutes Note" in page
    assert "Red Square 90 crowded" in page and "GUM 45 arcade" in page
    # Its cells are drawn: the table's rules are lines on that page.
    reader = pypdf.PdfReader(io.BytesIO(data))
    stream = reader.pages[index].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    assert len(re.findall(r" l S\b| re [SBf]\b| re\s+[SB]", stream)) >= 6


def test_the_maps_are_drawn_without_any_control(trip: BookTrip) -> None:
    data = book(trip)
    text = "\n".join(page_texts(data))
    for control in ("Zoom", "Layers", "OpenStreetMap", "Countries (offline)", "+\n−", "Leaflet"):
        assert control not in text
    assert "Outlines: Natural Earth" in text
    assert "Legend" in page_texts(data)[0]  # printed under the cover's map, not on it


def test_icelandic_cyrillic_and_armenian_names_print_with_real_glyphs(trip: BookTrip) -> None:
    data = book(trip)
    text = "\n".join(page_texts(data))
    for word in ("Reykjavík", "Þingvellir", "Москва", "Красная площадь", "Երևան"):
        assert word in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    covered: set[int] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].get_object().values():
            font = ref.get_object()["/DescendantFonts"][0].get_object()
            data_ = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            embedded = TTFont(io.BytesIO(data_))
            glyphs = embedded["glyf"]
            for code, name in embedded.getBestCmap().items():
                if name != ".notdef" and glyphs[name].numberOfContours != 0:
                    covered.add(code)
    for character in "ÞíМоскваԵրևան":
        assert ord(character) in covered, character


def test_names_print_literally(tmp_path: Path) -> None:
    made = make_trip(tmp_path, name="{nb} <script>alert(1)</script> **x** __y__ [a](b)")
    try:
        text = "\n".join(page_texts(book(made)))
    finally:
        made.store.close()
    assert "{nb} <script>alert(1)</script> **x** __y__ [a](b)" in text


def test_a_missing_photo_is_left_out_with_a_note(trip: BookTrip) -> None:
    Path(trip.photos[3].path).unlink()
    options = ExportOptions()
    data = book(trip, options)
    assert pdf_images(data) == len(trip.photos)  # one photo fewer, the picture still there
    assert any("IMG_003.jpg" in note and "not in the book" in note for note in options.notes)
    assert any("A lost one" in note and "gone.jpg" in note for note in options.notes)
    assert "A lost one" in "\n".join(page_texts(data))  # its caption, in italics


def test_cancelling_writes_no_file(trip: BookTrip, tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.pdf"
    target.parent.mkdir()
    doc = trip.doc()
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, what: str) -> None:
        seen.append((done, total, what))

    with pytest.raises(ExportCancelled):
        write_file(
            target,
            lambda out: write_book_pdf(
                doc, out, ExportOptions(), progress=progress, cancelled=lambda: len(seen) >= 3
            ),
        )
    assert list(target.parent.iterdir()) == []
    assert 3 <= len(seen) < seen[-1][1]


def test_progress_runs_to_its_total(trip: BookTrip, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    write_book_pdf(trip.doc(), out, ExportOptions(), progress=lambda d, t, _: seen.append((d, t)))
    assert out.getvalue().startswith(b"%PDF")
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == seen[-1][1] > len(trip.photos)


def test_a_second_book_reuses_the_prepared_photos(
    trip: BookTrip, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = book(trip)
    from cityplanner.formats.book import images

    def refuse(*_args: object) -> object:
        raise AssertionError("a photo was decoded again")

    monkeypatch.setattr(images, "upright_image", refuse)
    assert pdf_images(book(trip)) == pdf_images(first)


def test_photos_are_downscaled_for_print(tmp_path: Path) -> None:
    made = make_trip(tmp_path)
    try:
        big = made.photos[2]
        from tests.formats.photo_images import make_photo

        # A tall photo taken turned (EXIF orientation 6: to be shown a quarter turn).
        path = make_photo(Path(big.path), size=(4000, 3000), orientation=6, colour="gold")
        made.store.db.execute("UPDATE photos SET sha256 = ? WHERE id = ?", ["f" * 64, big.id])
        assert path.stat().st_size > 0
        reader = pypdf.PdfReader(io.BytesIO(book(made)))
        sizes = {
            (img.image.width, img.image.height) for page in reader.pages for img in page.images
        }
    finally:
        made.store.close()
    assert (750, 1000) in sizes  # upright, and no side beyond 1000 px (300 dpi in a grid)
    assert all(max(size) <= 1000 for size in sizes)


def test_a_trip_of_one_stop_and_no_content_still_makes_a_book(tmp_path: Path) -> None:
    made = make_trip(tmp_path)
    try:
        trip = made.store.trips.create("Day out")
        assert trip.id is not None
        made.store.trips.add_stop(trip.id, Stop(Place("Albi", 43.93, 2.15, "FR"), nights=0))
        path = export_to_file(made.store, trip.id, "pdf", tmp_path / "day.pdf")
        texts = page_texts(path.read_bytes())
    finally:
        made.store.close()
    assert texts[0].startswith("Day out")
    assert any(t.startswith("Also on the way") and "Albi" in t for t in texts)


@pytest.mark.parametrize("key", ["pdf", "html-travelogue"])
def test_the_command_line_makes_the_book_without_qt(tmp_path: Path, key: str) -> None:
    import subprocess
    import sys

    out = tmp_path / f"book.{key}"
    code = (
        "import sys\n"
        "from cityplanner.app import main\n"
        "try:\n"
        f"    main(['--db', {str(tmp_path / 'trips.db')!r}, 'export', '1', {key!r}, '-o', "
        f"{str(out)!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF" if key == "pdf" else b"<!DOCTYPE html>")
