"""Files that users really brought, broken or hostile: one clear refusal, nothing changed.

Also what comes out again: no control character reaches a calendar, a table or a
Markdown file, and a journal's raw HTML and script links never reach a Markdown reader.
Last, a seeded fuzz test: mutations of real exports fail with a CityPlannerError or not
at all.
"""

from __future__ import annotations

import csv
import io
import random
import re
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats import csv_table
from cityplanner.formats.document import ImportOptions, TripDocument, load_document
from cityplanner.formats.escape import csv_cell, ics_text, markdown_text, xml_text
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.markup import safe_markdown
from cityplanner.formats.safety import MAX_DEPTH
from cityplanner.store import Store
from tests.formats.helpers import DATA, export_bytes, import_file, snapshot

#: Real files from other programs; tests/data holds copies (with their licence) for CI.
SHARED_DATA = Path("/work/shared/testdata/real")
KML_NS = "http://www.opengis.net/kml/2.2"
GPX_HEAD = '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
#: Characters no output may carry (line ends and tabs aside).
CONTROLS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
HOSTILE_NAME = "Evil\x1b]0;owned\x07\x1b[2J\x00\u202eReversed\u2066 \x7fDEL\x9b31m\x85NEL\u2028Sep"


def refused(store: Store, tmp_path: Path, name: str, data: bytes, match: str) -> str:
    """Import `data` as file `name`: it must be refused with `match`, writing nothing."""
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(store)
    with pytest.raises(ValidationError, match=match) as caught:
        import_file(store, path)
    assert snapshot(store) == before
    return str(caught.value)


def kml(body: str) -> bytes:
    return f'<kml xmlns="{KML_NS}">{body}</kml>'.encode()


def placemark(name: str = "A", coordinates: str = "1,2", data: str = "") -> str:
    extended = f"<ExtendedData>{data}</ExtendedData>" if data else ""
    return (
        f"<Placemark><name>{name}</name>{extended}"
        f"<Point><coordinates>{coordinates}</coordinates></Point></Placemark>"
    )


def feature(coordinates: str = "[1, 2]", **properties: str) -> bytes:
    props = ", ".join(f'"{k}": {v}' for k, v in {"name": '"A"', **properties}.items())
    return (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": '
        f"{coordinates}}}, "
        f'"properties": {{{props}}}}}'
    ).encode()


def kmz(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", document)
    return buffer.getvalue()


# -- damaged KMZ archives ---------------------------------------------------------------


def _sample_kmz() -> bytes:
    return kmz(kml("".join(placemark(f"P{i}", f"{i % 90},{i % 45}") for i in range(200))))


def _damaged_deflate() -> bytes:
    data = bytearray(_sample_kmz())
    start = 30 + len("doc.kml")  # the compressed data follows the local header
    for i in range(start + 4, start + 60):
        data[i] ^= 0x5A
    return bytes(data)


def _bad_central_directory() -> bytes:
    data = bytearray(_sample_kmz())
    directory = data.rindex(b"PK\x01\x02")
    data[directory + 16 : directory + 28] = b"\xff" * 12  # CRC and sizes
    return bytes(data)


def _directory_pointing_nowhere() -> bytes:
    data = bytearray(_sample_kmz())
    end = data.rindex(b"PK\x05\x06")
    data[end + 16 : end + 20] = (7).to_bytes(4, "little")  # where the directory starts
    return bytes(data)


@pytest.mark.parametrize(
    ("case", "damage"),
    [
        ("deflate", _damaged_deflate),
        ("directory", _bad_central_directory),
        ("directory-offset", _directory_pointing_nowhere),
        ("truncated", lambda: _sample_kmz()[:-40]),
        ("cut-in-half", lambda: _sample_kmz()[: len(_sample_kmz()) // 2]),
    ],
)
def test_a_damaged_kmz_is_refused_calmly(
    case: str, damage: object, store: Store, tmp_path: Path
) -> None:
    data = damage()  # type: ignore[operator]
    message = refused(store, tmp_path, f"{case}.kmz", data, r"damaged KMZ|not a valid KMZ")
    assert "zip bomb" not in message


# -- declared encodings -----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["klingon", "UTF-32", "utf-7", "x-unknown-ebcdic"])
def test_an_xml_declaration_of_an_unreadable_encoding_is_refused(
    encoding: str, store: Store, tmp_path: Path
) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + kml(placemark())
    message = refused(store, tmp_path, "declared.kml", data, "declares its text in the encoding")
    assert repr(encoding) in message and "UTF-8" in message


def test_a_gpx_declaring_utf32_without_being_it_is_refused(store: Store, tmp_path: Path) -> None:
    data = b'<?xml version="1.0" encoding="UTF-32"?>' + GPX_HEAD.encode()
    data += b'<wpt lat="1" lon="2"><name>A</name></wpt></gpx>'
    refused(store, tmp_path, "utf32.gpx", data, "encoding 'UTF-32'")


# -- nesting ----------------------------------------------------------------------------


def test_a_kml_of_1100_nested_folders_is_refused(store: Store, tmp_path: Path) -> None:
    data = kml("<Folder>" * 1100 + placemark() + "</Folder>" * 1100)
    refused(store, tmp_path, "folders.kml", data, f"more than {MAX_DEPTH} levels deep")


def test_folders_nested_within_the_limit_are_read(store: Store, tmp_path: Path) -> None:
    depth = MAX_DEPTH - 4  # kml, the placemark and its Point and coordinates
    path = tmp_path / "deep-but-fine.kml"
    path.write_bytes(kml("<Folder>" * depth + placemark() + "</Folder>" * depth))
    assert import_file(store, path).stops == 1


def test_a_gpx_nested_too_deep_is_refused(store: Store, tmp_path: Path) -> None:
    data = f'{GPX_HEAD}<wpt lat="1" lon="2"><extensions>{"<x>" * 500}{"</x>" * 500}'
    refused(
        store, tmp_path, "deep.gpx", (data + "</extensions></wpt></gpx>").encode(), "levels deep"
    )


@pytest.mark.parametrize(
    "data",
    [
        feature(note="[" * 500 + "]" * 500),
        feature(coordinates="[" * 500 + "1" + "]" * 500),
        feature(note='{"a": ' * 500 + "1" + "}" * 500),
        b'{"type": "FeatureCollection", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["properties", "coordinates", "objects", "far-too-deep"],
)
def test_a_geojson_nested_too_deep_is_refused(data: bytes, store: Store, tmp_path: Path) -> None:
    refused(store, tmp_path, "deep.geojson", data, f"more than {MAX_DEPTH} levels deep")


# -- numbers ----------------------------------------------------------------------------

LONG_NUMBER = "1" + "0" * 399


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("digits.kml", kml(placemark(coordinates=f"1.{LONG_NUMBER},2"))),
        ("digits.gpx", f'{GPX_HEAD}<wpt lat="{LONG_NUMBER}" lon="2"/></gpx>'.encode()),
        ("digits.geojson", feature(coordinates=f"[{LONG_NUMBER}, 2]")),
        ("fraction.geojson", feature(coordinates=f"[1.{LONG_NUMBER}, 2]")),
        ("digits.csv", f"name,lat,lon\nA,1,0.{LONG_NUMBER}\n".encode()),
        (
            "track.gpx",
            f'{GPX_HEAD}<trk><trkseg><trkpt lat="1" lon="{LONG_NUMBER}"/>'
            "</trkseg></trk></gpx>".encode(),
        ),
    ],
)
def test_a_number_written_with_400_digits_is_refused(
    name: str, data: bytes, store: Store, tmp_path: Path
) -> None:
    message = refused(store, tmp_path, name, data, "written with 40[02] characters")
    assert len(message) < 300  # the number itself is not repeated


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "inf.gpx",
            f'{GPX_HEAD}<rte><rtept lat="1" lon="2"/></rte>'
            '<wpt lat="inf" lon="2"><name>Site</name></wpt></gpx>'.encode(),
        ),
        (
            "nan.gpx",
            f'{GPX_HEAD}<rte><rtept lat="1" lon="2"/></rte>'
            '<wpt lat="1" lon="nan"><name>Site</name></wpt></gpx>'.encode(),
        ),
        (
            "track.gpx",
            f'{GPX_HEAD}<trk><trkseg><trkpt lat="nan" lon="1"/></trkseg></trk></gpx>'.encode(),
        ),
        ("site.csv", b"name,lat,lon,kind,stop\nStop,1,2,stop,\nSite,inf,nan,site,1\n"),
        (
            "site.kml",
            kml(placemark("Site", "nan,inf", '<Data name="kind"><value>site</value></Data>')),
        ),
        ("big.geojson", feature(coordinates="[1e400, 2]")),
    ],
)
def test_a_position_of_inf_or_nan_is_refused(
    name: str, data: bytes, store: Store, tmp_path: Path
) -> None:
    refused(store, tmp_path, name, data, "must be a finite number")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("population.csv", b"name,lat,lon,population\nA,1,2,1e40\n"),
        ("population.geojson", feature(population="1e40")),
        (
            "population.kml",
            kml(placemark(data='<Data name="population"><value>1e40</value></Data>')),
        ),
    ],
)
def test_a_population_of_1e40_is_refused(
    name: str, data: bytes, store: Store, tmp_path: Path
) -> None:
    refused(store, tmp_path, name, data, "population of 1e\\+40 is more than")


def test_a_stop_number_of_1e400_is_refused(store: Store, tmp_path: Path) -> None:
    data = b"name,lat,lon,kind,stop\nStop,1,2,stop,\nSite,1,2,site,1e400\n"
    refused(store, tmp_path, "stop.csv", data, "stop number '1e400' is not a whole number")


# -- lone surrogates: replaced with U+FFFD ----------------------------------------------


def test_a_lone_surrogate_in_a_geojson_name_becomes_a_replacement_character(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "surrogate.geojson"
    path.write_bytes(feature(name='"Gen\\ud800eva"', notes='"x\\udfffy"'))
    parsed = read_import_file(path)
    assert parsed.stops[0].name == "Gen\ufffdeva"
    assert parsed.stops[0].notes == "x\ufffdy"
    result = apply(store, preview(store, parsed))  # and the database can hold it
    assert store.trips.stops(result.trip.id)[0].name == "Gen\ufffdeva"  # type: ignore[arg-type]


def test_csv_bytes_that_are_not_utf8_never_bring_a_surrogate(store: Store, tmp_path: Path) -> None:
    # Bytes that decode to lone surrogates with errors="surrogateescape".
    path = tmp_path / "surrogates.csv"
    path.write_bytes(b"name,lat,lon\nGen\xed\xa0\x80eva,46.2,6.1\nZ\xfcrich \xff,47.4,8.5\n")
    parsed = read_import_file(path)
    for stop in parsed.stops:
        assert not re.search(r"[\ud800-\udfff]", stop.name)
    apply(store, preview(store, parsed))  # the database could not hold a surrogate


# -- a header of nothing but separators -------------------------------------------------


def _no_parsing(*args: object, **kwargs: object) -> None:
    raise AssertionError("the table was parsed before its header was checked")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"," * 200_000, "first line is longer than 8,192 characters"),
        (b"," * 200_000 + b"\nname,lat,lon\n", "first line is longer"),
        (b";" * 2_000 + b"\nA;1;2\n", "header has 2,001 columns"),
        (b"name\t" * 1_000 + b"\n", "header has 1,001 columns"),
    ],
    ids=["commas", "commas-then-rows", "semicolons", "tabs"],
)
def test_a_header_of_separators_is_refused_before_anything_parses_it(
    data: bytes, match: str, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_table, "_sniff", _no_parsing)
    monkeypatch.setattr(csv_table.csv, "reader", _no_parsing)
    tracemalloc.start()
    try:
        refused(store, tmp_path, "separators.csv", data, match)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_a_header_carried_past_its_first_line_is_still_counted(
    store: Store, tmp_path: Path
) -> None:
    data = b'name,"a\n"' + b"," * 5_000 + b"\nA,1\n"  # a quoted line break, then the commas
    refused(store, tmp_path, "quoted.csv", data, "header has 5,002 columns")


def test_extra_cells_beyond_the_header_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "wide-rows.csv"
    path.write_bytes(b"name,lat,lon\n" + b"A,1,2" + b",x" * 100_000 + b"\n")
    assert [s.name for s in read_import_file(path).stops] == ["A"]


# -- control characters in what is written ----------------------------------------------


@pytest.mark.parametrize("escape", [xml_text, ics_text, csv_cell, markdown_text])
def test_every_escape_drops_control_characters(escape: object) -> None:
    written = escape(HOSTILE_NAME + "\ud800")  # type: ignore[operator]
    assert not CONTROLS.search(written.replace("\n", "").replace("\t", ""))
    assert not re.search(r"[\ud800-\udfff]", written)
    assert "Evil" in written and "Reversed" in written and "Sep" in written


def test_a_file_name_s_control_characters_stay_out_of_the_messages(
    store: Store, tmp_path: Path
) -> None:
    message = refused(store, tmp_path, "trip\x1b]0;owned\x07.gpx", b"<gpx", "not a valid GPX")
    assert message.startswith("trip]0;owned.gpx is not")


def test_ics_text_keeps_tabs_and_writes_every_line_break_as_an_escape() -> None:
    assert ics_text("a\r\nb\rc\u2028d\x85e\tf\x0bg") == "a\\nb\\nc\\nd\\ne\tf\\ng"


@pytest.fixture
def tainted(store: Store) -> TripDocument:
    """A trip whose database rows hold control characters, as one saved before the
    domain stripped them would."""
    trip = store.trips.create("Trip", start=date(2024, 5, 1))
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, Stop(place=Place("Stop", 46.2, 6.1), nights=2))
    store.sites.add(Site("Site", Theme.WATER, stop_id=stop.id, lat=46.2, lon=6.1))
    store.journal.add(JournalEntry(trip_id=trip.id, stop_id=stop.id, day=date(2024, 5, 1),
                                   title="Title", body="Body"))  # fmt: skip
    hostile = HOSTILE_NAME
    store.db.execute("UPDATE trips SET name = ?, description = ?", [hostile, hostile])
    store.db.execute("UPDATE stops SET name = ?, notes = ?, admin1 = ?", [hostile] * 3)
    store.db.execute("UPDATE sites SET name = ?, description = ?, address = ?", [hostile] * 3)
    store.db.execute("UPDATE journal SET title = ?, body = ?", [hostile, hostile])
    return load_document(store, trip.id)


@pytest.mark.parametrize("key", ["ics", "csv", "md", "gpx", "kml", "geojson", "html-travelogue"])
def test_no_export_carries_a_control_character(key: str, tainted: TripDocument) -> None:
    text = export_bytes(tainted, key).decode("utf-8-sig")
    assert "Evil" in text and "Reversed" in text
    assert not CONTROLS.search(text.replace("\r\n", "\n").replace("\t", " "))
    if key == "geojson":
        assert "\\u001b" not in text and "\\u0000" not in text


def test_csv_export_of_cleaned_names_reads_back_the_same(tainted: TripDocument) -> None:
    rows = list(csv.reader(io.StringIO(export_bytes(tainted, "csv").decode("utf-8-sig"))))
    assert rows[1][1] == tainted.stops[0].name
    assert "\x1b" not in tainted.stops[0].name


# -- the Markdown travelogue and a journal's raw HTML -----------------------------------

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br",
                "hr", "h1", "h2", "h3", "h4", "h5", "h6", "img"}  # fmt: skip
HOSTILE_BODIES = [
    "Hello <script>alert(1)</script> there",
    "<img src=x onerror=alert(1)>",
    "<div onclick=alert(1)>\n<script>alert(2)</script>\n</div>",
    "<!-- note --><svg/onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1)) [y](<javascript:alert(2)>) [z]( javascript:alert(3))",
    "[x](&#106;avascript:alert(1))",
    "[ref][r]\n\n[r]: javascript:alert(2)",
    "<javascript:alert(1)>",
    "[v](vbscript:msgbox(1)) [d](data:text/html,<script>alert(1)</script>)",
    "![pic](data:image/svg+xml,<svg onload=alert(1)>)",
    "![pic](javascript:alert(1)) ![tracker](http://example.org/pixel.png)",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    '<a href="javascript:alert(1)">click</a>',
    "- <b onmouseover=alert(1)>item</b>\n- [l](javascript:alert(1))\n\n> <iframe src=x>",
    "<style>body { display: none }</style>",
]
#: Attempts to break out of what the writer writes: a link's address, code, escapes.
TRICKY_BODIES = [
    '<http://example.org/"onmouseover=alert(1)>',
    '[x](http://example.org/a b "<script>")',
    "[x](https://example.org/a)<script>alert(1)</script>",
    "[x](https://example.org/\\)(javascript:alert(1))",
    "`` `<script>` ``",
    "    <script>alert(1)</script>",
    "\\<script>alert(1)\\</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "1. <b onclick=x>one</b>\n\n    > [q](vbscript:x)",
]


class _ActiveHtml(HTMLParser):
    """Collects what a browser would act on: tags beyond text markup, attributes, links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS or tag == "img":
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            address = (value or "").strip().lower()
            if name != "href" or not address.startswith(("http://", "https://", "mailto:")):
                self.found.append(f"{tag} {name}={value!r}")

    def handle_comment(self, data: str) -> None:
        self.found.append("<!--")


def active_parts(page: str) -> list[str]:
    parser = _ActiveHtml()
    parser.feed(page)
    return parser.found


def renderings(text: str) -> Iterator[str]:
    """`text` as Markdown programs show it: Python-Markdown, and CommonMark if installed."""
    yield markdown.markdown(text)
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return
    yield MarkdownIt("commonmark", {"html": True}).render(text)


@pytest.mark.parametrize("body", HOSTILE_BODIES + TRICKY_BODIES)
def test_a_journal_s_raw_html_and_script_links_are_neutralised(body: str) -> None:
    written = safe_markdown(body)
    for page in renderings(written):
        assert active_parts(page) == [], (written, page)
    if body in HOSTILE_BODIES:
        assert active_parts(markdown.markdown(body)) != []  # the test's own check sees it


def test_the_markdown_travelogue_keeps_the_journal_s_own_markdown(store: Store) -> None:
    trip = store.trips.create("Safe trip")
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, Stop(place=Place("Albi", 43.9, 2.1), nights=1))
    body = (
        "We saw **the cathedral** and *the river*.\n\n- Tram `line 1`\n- [Museum](https://"
        "example.org/m)\n\n## Evening\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    )
    store.journal.add(JournalEntry(trip_id=trip.id, stop_id=stop.id, day=date(2024, 5, 1),
                                   title="Day one", body=body))  # fmt: skip
    text = export_bytes(load_document(store, trip.id), "md").decode("utf-8")
    assert "**the cathedral**" in text and "*the river*" in text
    assert "- Tram `line 1`" in text and "[Museum](https://example.org/m)" in text
    assert "###### Evening" in text  # below the chapter's headings, as before
    assert "<script>" not in text and "javascript:" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text
    for page in renderings(text):
        assert active_parts(page) == []


# -- fuzzing real files -----------------------------------------------------------------

FUZZ_SEED = 20240601
FUZZ_CASES = 1000
#: Pieces the mutations put in: markup, hostile numbers, controls, broken encodings.
TOKENS = [
    b"\x00", b"\x1b[31m", b"<", b">", b"&", b'"', b"]]>", b"<![CDATA[", b"&#0;", b"&#xD800;",
    b"\xed\xa0\x80", b"\xff\xfe", b"1e400", b"nan", b"-inf", b"9" * 400, b"<Folder>" * 80,
    b"[" * 80, b"{", b"}", b",", b";", b"\n", b"\r", "\u2028".encode(), "\u202e".encode(),
    b"<!DOCTYPE x>", b"<?xml version='1.0' encoding='klingon'?>", b'"\\ud800"', b"1e40",
    b"\xc3", b"PK\x03\x04", b"," * 5000, b"</", b"/>", b"\t", b"\xef\xbb\xbf", b"&#x202E;",
    b"javascript:alert(1)", b"=cmd|' /C calc'!A0", b"x" * 300,
]  # fmt: skip
NUMBERS = [b"1e400", b"nan", b"inf", b"-inf", b"1" * 400, b"1e40", b"999", b"-91", b"0x10",
           b"1_0", b"", b"1e-400", "\u0664\u0665".encode()]  # fmt: skip
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
_TEXT = re.compile(rb'>[^<]|"[^"]|,[^,]')


def real_files() -> dict[str, bytes]:
    """The real sample files, and what CityPlanner exports from a few of them."""
    paths = {p.name: p for p in DATA.iterdir() if p.suffix in (".gpx", ".kml")}
    if SHARED_DATA.is_dir():
        for path in SHARED_DATA.iterdir():
            if path.suffix in (".gpx", ".kml"):
                paths.setdefault(path.name, path)
    files = {name: path.read_bytes() for name, path in sorted(paths.items())}
    for name in ("wpt.gpx", "simpledata.kml", "extended_data.kml", "gdal.gpx"):
        with Store.memory() as store:
            result = apply(store, preview(store, read_import_file(DATA / name)))
            assert result.trip.id is not None
            doc = load_document(store, result.trip.id)
            for key in ("geojson", "csv", "kmz"):
                files[f"{Path(name).stem}-export.{key}"] = export_bytes(doc, key)
    return files


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """`data` with one to three random changes, and what they were."""
    out = bytearray(data)
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if not out:
            break
        kind = rng.choice(["flip", "insert", "delete", "copy", "cut"] + ["number", "text"] * 3)
        at = rng.randrange(len(out))
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] ^= rng.randint(1, 255)
        elif kind == "insert":
            out[at:at] = rng.choice(TOKENS)
        elif kind == "delete":
            del out[at : at + rng.randint(1, 64)]
        elif kind == "copy":
            piece = out[at : at + rng.randint(1, 256)]
            where = rng.randrange(len(out))
            out[where:where] = piece
        elif kind == "cut":
            del out[at:]
        else:
            spots = list((_NUMBER if kind == "number" else _TEXT).finditer(out))
            if spots:
                spot = rng.choice(spots)
                if kind == "number":
                    out[spot.start() : spot.end()] = rng.choice(NUMBERS)
                else:  # inside a text, an attribute or a cell
                    out[spot.start() + 1 : spot.start() + 1] = rng.choice(TOKENS)
        done.append(f"{kind}@{at}")
    return bytes(out), "+".join(done)


def test_fuzzed_real_files_fail_calmly() -> None:
    rng = random.Random(FUZZ_SEED)
    files = real_files()
    names = sorted(files)
    small = [n for n in names if len(files[n]) < 50_000]
    escaped: list[str] = []
    outcomes = {"imported": 0, "refused": 0}
    for number in range(FUZZ_CASES):
        # The large tracks take longest: one case in ten draws from every file.
        name = rng.choice(names if number % 10 == 0 else small)
        data, how = mutate(files[name], rng)
        with Store.memory() as store:
            before = snapshot(store)
            try:
                parsed = read_import_file(Path(name), ImportOptions(), data=data)
                apply(store, preview(store, parsed))
                outcomes["imported"] += 1
            except CityPlannerError:
                outcomes["refused"] += 1
                assert snapshot(store) == before, f"case {number}: {name} {how}"
            except Exception as exc:  # what this test is for
                escaped.append(f"case {number}: {name} {how}: {type(exc).__name__}: {exc}")
    assert escaped == [], "\n".join(escaped[:20])
    # Both outcomes happen, so the mutations neither always break nor never matter.
    assert outcomes["imported"] > FUZZ_CASES // 20 and outcomes["refused"] > FUZZ_CASES // 2
