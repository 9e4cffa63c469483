"""CSV safety and detection, and the travelogue in Markdown, HTML and PDF."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdf
import pytest

from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ExportOptions, TripDocument, load_document
from cityplanner.formats.importing import read_import_file
from cityplanner.store import Store
from tests.formats.helpers import export_bytes

# A 1×1 PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2214bc80000000049454e44ae426082"
)


def _hostile_trip(store: Store) -> TripDocument:
    trip = store.trips.create('=HYPERLINK("http://evil") <b>trip</b>')
    assert trip.id is not None
    stop = store.trips.add_stop(
        trip.id, Stop(place=Place("@Cell <script>x</script>", -12.5, -77.25), nights=1,
                      arrival=date(2020, 5, 1), notes="+1 notes")
    )  # fmt: skip
    store.sites.add(Site(name="-cmd|' /C calc'!A0", theme=Theme.ENERGY, stop_id=stop.id,
                         lat=-12.5, lon=-77.25, description="\tTabbed"))  # fmt: skip
    store.journal.add(
        JournalEntry(
            trip_id=trip.id,
            stop_id=stop.id,
            day=date(2020, 5, 1),
            title="<img src=x onerror=alert(1)>",
            body="Hello <script>alert(1)</script> [x](javascript:alert(1))",
        )
    )
    return load_document(store, trip.id)


def test_csv_neutralises_formulas_but_not_coordinates(store: Store) -> None:
    text = export_bytes(_hostile_trip(store), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["name"] == "'@Cell <script>x</script>"
    assert rows[0]["notes"] == "'+1 notes"
    assert rows[1]["name"] == "'-cmd|' /C calc'!A0"
    assert rows[1]["notes"] == "'\tTabbed"
    assert rows[0]["lat"] == "-12.5" and rows[0]["lon"] == "-77.25"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and (
                not cell.startswith("-") or cell.replace(".", "").lstrip("-").isdigit()
            )


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", "|")],
)
def test_csv_encoding_and_delimiter_are_detected(
    encoding: str, delimiter: str, tmp_path: Path
) -> None:
    rows = [["Name", "Latitude", "Longitude"], ["Zürich", "47.37", "8.54"],
            ["Besançon", "47.24", "6.02"], ["Kraków", "50.06", "19.94"]]  # fmt: skip
    if encoding == "cp1252":
        rows[3][0] = "Málaga"
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    path = tmp_path / "places.csv"
    path.write_bytes(text.encode(encoding))
    parsed = read_import_file(path)
    assert [s.name for s in parsed.stops] == [r[0] for r in rows[1:]]
    assert parsed.stops[2].place.lon == pytest.approx(float(rows[3][2]))


def test_markdown_travelogue_has_a_chapter_per_stop(demo: TripDocument) -> None:
    text = export_bytes(demo, "md", ExportOptions(map_image=PIXEL)).decode("utf-8")
    assert text.startswith(f"# {demo.trip.name}")
    for number, stop in enumerate(demo.stops, start=1):
        assert f"## {number}. {stop.name}" in text
    assert "#### Mobility" in text
    assert "(visited)" in text
    assert "From Toulouse by train" in text
    assert "data:image/png;base64," in text


def test_html_travelogue_reads_like_a_report_and_escapes_everything(
    store: Store, demo: TripDocument
) -> None:
    page = export_bytes(demo, "html-travelogue", ExportOptions(map_image=PIXEL)).decode("utf-8")
    # A chapter for the stop with sites and a journal; the others are listed on the way.
    assert page.count('<section class="chapter"') == 1
    assert page.count('<td class="n">') >= len(demo.stops)
    for stop in demo.stops:
        assert stop.name in page
    assert "<strong>December 2015</strong>" in page  # the journal's Markdown is rendered
    assert '<img src="data:image/png;base64,' in page
    assert "http" not in page.split("<body>")[1].replace("https://", "").replace("http://", "")

    hostile = export_bytes(_hostile_trip(store), "html-travelogue").decode("utf-8")
    body = hostile.split("<body>")[1]
    assert "<script" not in body and "<img src=x" not in body and "javascript:" not in body
    assert "&lt;script&gt;" in body


def test_map_image_must_be_a_picture(demo: TripDocument) -> None:
    from cityplanner.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="PNG or JPEG"):
        export_bytes(demo, "pdf", ExportOptions(map_image=b"GIF89a..."))


def test_pdf_names_every_stop_and_gives_a_chapter_only_to_stops_with_content(
    demo: TripDocument, tmp_path: Path
) -> None:
    image = tmp_path / "map.png"
    image.write_bytes(PIXEL)
    data = export_bytes(demo, "pdf", ExportOptions(map_image=image))
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Cover, contents, itinerary, Toulouse (2 pages), on the way, statistics, costs (2).
    assert len(reader.pages) < len(demo.stops) + 4
    text = "\n".join(page.extract_text() for page in reader.pages)
    for stop in demo.stops:
        assert stop.name in text
    assert "Tisséo" in text
    assert reader.metadata is not None and reader.metadata.title == demo.trip.name


def test_pdf_of_hostile_text_is_written_literally(store: Store) -> None:
    data = export_bytes(_hostile_trip(store), "pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "<script>" in text


def test_csv_cities_without_coordinates_are_found_in_the_gazetteer(
    full_gazetteer_index: Path, tmp_path: Path
) -> None:
    from cityplanner.domain.errors import ValidationError
    from cityplanner.formats.city_lookup import gazetteer_lookup
    from cityplanner.formats.document import ImportOptions
    from cityplanner.geo.gazetteer import Gazetteer

    path = tmp_path / "plan.csv"
    path.write_text(
        "city;country;arrival;nights\nAlbi;FR;2017-10-06;1\nArles;France;2017-10-07;2\n"
        "Reykjavik;;2017-10-13;3\n",
        encoding="utf-8",
    )
    with Gazetteer.open(full_gazetteer_index) as gazetteer:
        options = ImportOptions(city_lookup=gazetteer_lookup(gazetteer))
        parsed = read_import_file(path, options)
        assert [s.name for s in parsed.stops] == ["Albi", "Arles", "Reykjavík"]
        arles = parsed.stops[1]
        assert arles.place.country_code == "FR" and arles.place.timezone == "Europe/Paris"
        assert arles.place.lat == pytest.approx(43.68, abs=0.05)
        assert arles.arrival == date(2017, 10, 7) and arles.nights == 2
        assert arles.place.source_id.startswith("geonames:")
        assert any("found by name in the offline gazetteer" in n for n in parsed.notes)

        path.write_text("city,country\nAtlantis,GR\n", encoding="utf-8")
        with pytest.raises(
            ValidationError,
            match="line 2: 'Atlantis' has no latitude and "
            "longitude, and the offline gazetteer knows no city of that name in GR",
        ):
            read_import_file(path, options)

    with pytest.raises(ValidationError, match="needs a name column and latitude/longitude"):
        read_import_file(path)  # without a gazetteer, coordinates are required
