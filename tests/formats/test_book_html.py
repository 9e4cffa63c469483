"""The trip book as one HTML page: the same content as the PDF, self-contained and inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cityplanner.domain.models import JournalEntry, Place, Site, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.book.journal import parse_journal
from cityplanner.formats.document import ExportOptions, load_document
from tests.formats.book_fixtures import BookTrip, make_trip
from tests.formats.helpers import export_bytes
from tests.formats.test_hostile_input import HOSTILE_BODIES, TRICKY_BODIES

HOSTILE = "<script>alert(1)</script> {nb} ${x} {{y}} \"q\" 'a' & </svg>"
TEXT_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "img",
}


@pytest.fixture
def trip(tmp_path: Path) -> Iterator[BookTrip]:
    made = make_trip(tmp_path)
    yield made
    made.store.close()


class _Active(HTMLParser):
    """What a browser would load or run: scripts, handlers, addresses other than data:."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("script", "iframe", "object", "embed", "link", "base", "foreignobject"):
            self.found.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("src", "href", "xlink:href") and not value.startswith(
                ("data:image/", "#", "https://", "http://", "mailto:")
            ):
                self.found.append(f"{tag} {name}={value}")
            if name == "src" and not value.startswith("data:image/"):
                self.found.append(f"{tag} loads {value}")


def active(page: str) -> _Active:
    parser = _Active()
    parser.feed(page)
    return parser


def test_the_page_holds_everything_and_loads_nothing(trip: BookTrip) -> None:
    page = export_bytes(trip.doc(), "html-travelogue").decode("utf-8")
    parsed = active(page)
    assert parsed.found == []
    assert "default-src 'none'; img-src data:" in page
    # Seven images: the six photos and the journal's picture; maps are inline SVG.
    assert len(re.findall(r'<img src="data:image/jpeg;base64,', page)) == len(trip.photos) + 1
    assert page.count("<svg") >= 4 and page.count('class="static-map"') == 1 + 3 + 1
    assert "@media print" in page and "break-before: page" in page


def test_the_html_has_the_pdf_s_parts(trip: BookTrip) -> None:
    page = export_bytes(trip.doc(), "html-travelogue").decode("utf-8")
    assert page.count('<section class="chapter"') == 3
    for part in ('id="itinerary"', 'id="on-the-way"', 'id="statistics"', "<nav>"):
        assert part in page
    on_the_way = page[page.index('id="on-the-way"') :]
    for name in ("Toulouse", "Þingvellir", "Tbilisi", "Gyumri"):
        assert name in on_the_way
    table = page[page.index('<table class="journal">') :]
    table = table[: table.index("</table>")]
    assert "<th" in table and "<td" in table and "|" not in table
    assert "<strong>crowded</strong>" in table
    assert '<p class="missing"><em>A lost one</em></p>' in page
    assert "Harpa at noon" in page


def test_every_text_stays_text(tmp_path: Path) -> None:
    made = make_trip(tmp_path, name=HOSTILE)
    try:
        store, trip_id = made.store, made.trip_id
        stop = store.trips.add_stop(
            trip_id, Stop(Place(HOSTILE, 48.85, 2.35, "FR"), notes=HOSTILE, nights=1)
        )
        store.sites.add(
            Site(HOSTILE, Theme.WATER, stop_id=stop.id, lat=48.86, lon=2.36, description=HOSTILE)
        )
        store.journal.add(
            JournalEntry(
                trip_id=trip_id, stop_id=stop.id, day=date(2019, 6, 20), title=HOSTILE, body=HOSTILE
            )
        )
        page = export_bytes(load_document(store, trip_id), "html-travelogue").decode("utf-8")
    finally:
        made.store.close()
    body = page.split("<body>", 1)[1]
    assert "<script" not in body and "</svg> {nb}" not in body
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; {nb} ${x} {{y}} &quot;q&quot; &#x27;a&#x27;"
    assert body.count(escaped) >= 6  # title, stop, notes, site, entry title and body, maps…
    assert active(page).found == []


@pytest.mark.parametrize("body", HOSTILE_BODIES + TRICKY_BODIES)
def test_a_journal_s_markup_cannot_become_active(body: str, tmp_path: Path) -> None:
    from cityplanner.formats.book.html_parts import blocks_html

    html = blocks_html(parse_journal(body, folder=tmp_path), {})
    parsed = active(html)
    assert parsed.found == [], html
    assert set(parsed.tags) <= TEXT_TAGS, html


def test_a_map_picture_given_replaces_the_drawn_map(trip: BookTrip) -> None:
    pixel = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2214bc80000000049454e44ae426082"
    )
    page = export_bytes(trip.doc(), "html-travelogue", ExportOptions(map_image=pixel))
    text = page.decode("utf-8")
    assert '<img src="data:image/png;base64,' in text
    assert 'aria-label="Map of Northern loop 2019"' not in text
