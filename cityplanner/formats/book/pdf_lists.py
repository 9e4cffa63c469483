"""The book's tables: the itinerary, the stops passed on the way, and the statistics."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fpdf.fonts import FontFace

from cityplanner.domain.units import distance_text
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.domain.wording import short_date
from cityplanner.formats.book.model import Book, country_name
from cityplanner.formats.book.pdf_base import FONT, GREY, INK, BookPDF, rgb
from cityplanner.formats.travelogue import Chapter
from cityplanner.geo.stats import UNSPECIFIED
from cityplanner.maps import book_maps

log = logging.getLogger(__name__)

ITINERARY = "Itinerary"
ON_THE_WAY = "Also on the way"
STATISTICS = "Statistics"
_HEAD = FontFace(emphasis="BOLD", fill_color=(238, 233, 222), color=INK)


def _table(
    pdf: BookPDF,
    widths: Sequence[float],
    align: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    size: float = 9,
) -> None:
    """A table with a header row (repeated on each page it runs over)."""
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(200, 194, 180)
    pdf.set_line_width(0.2)
    # fpdf2 fills the body cells with the current fill colour once a heading is filled.
    pdf.set_fill_color(255, 255, 255)
    total = sum(widths)
    with pdf.table(
        col_widths=[w / total * pdf.epw for w in widths],
        width=pdf.epw,
        text_align=tuple(align),
        headings_style=_HEAD,
        borders_layout="HORIZONTAL_LINES",
        line_height=size * 0.5,
        padding=(1.0, 1.2, 1.0, 1.2),
    ) as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(3)


def print_itinerary(pdf: BookPDF, book: Book) -> None:
    pdf.fresh_page()
    pdf.start_section(ITINERARY)
    pdf.title_line(ITINERARY)
    pdf.rule()
    chaptered = {c.stop.id for c in book.chapters}
    rows = [("#", "Stop", "Country", "Arrival", "Nights", "Arrived by", "Leg")]
    for chapter in book.travelogue.chapters:
        stop = chapter.stop
        rows.append(
            (
                str(chapter.number),
                stop.name + (" *" if stop.id in chaptered else ""),
                country_name(stop.place.country_code),
                short_date(stop.arrival, year=True) if stop.arrival else "",
                str(stop.nights),
                stop.mode.label if stop.mode and chapter.number > 1 else "",
                distance_text(chapter.leg_km, book.unit) if chapter.number > 1 else "",
            )
        )
    _table(
        pdf,
        (6, 34, 20, 18, 10, 14, 16),
        ("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "RIGHT"),
        rows,
    )
    if chaptered:
        pdf.line_of("* has a chapter of its own.", size=8.5, style="I", colour=GREY)


def print_on_the_way(pdf: BookPDF, chapters: Sequence[Chapter]) -> None:
    """Stops with nothing beyond their dates, together on one page instead of one each."""
    pdf.add_page()
    pdf.start_section(ON_THE_WAY)
    pdf.title_line(ON_THE_WAY)
    pdf.rule()
    pdf.line_of(
        "Stops of the trip with no sites, journal entries or photos recorded.",
        size=9.5,
        style="I",
        colour=GREY,
    )
    pdf.ln(2)
    rows = [("#", "Stop", "When", "How", "Notes")]
    for chapter in chapters:
        rows.append(
            (
                str(chapter.number),
                chapter.heading,
                chapter.dates(),
                chapter.leg(),
                " ".join(chapter.stop.notes.split()),
            )
        )
    _table(pdf, (5, 24, 30, 30, 30), ("RIGHT", "LEFT", "LEFT", "LEFT", "LEFT"), rows)


def print_statistics(pdf: BookPDF, book: Book) -> None:
    stats, unit = book.stats, book.unit
    pdf.add_page()
    pdf.start_section(STATISTICS)
    pdf.title_line(STATISTICS)
    pdf.rule()
    span = ""
    if stats.first_day and stats.last_day:
        span = (
            f" ({short_date(stats.first_day, year=True)} to "
            f"{short_date(stats.last_day, year=True)})"
        )
    sites = len(book.sites)
    visited = sum(1 for s in book.sites if s.status.value == "visited")
    facts = [
        ("Stops", f"{stats.stops:,}"),
        ("Days", f"{stats.days:,}{span}"),
        ("Nights", f"{stats.nights:,}"),
        (
            "Countries",
            f"{stats.country_count}: " + ", ".join(country_name(c) for c in stats.countries)
            if stats.countries
            else "0",
        ),
        ("Distance", distance_text(stats.km, unit)),
        ("Travel time", f"about {stats.hours:,.1f} h"),
        ("CO2e", f"about {stats.co2e_kg:,.0f} kg"),
        ("Sites", f"{sites:,} ({visited:,} visited)"),
        ("Photos in this book", f"{len(book.photos()):,}"),
    ]
    for label, value in facts:
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(pdf.epw * 0.3, 6, label)
        pdf.set_font(FONT, "", 10.5)
        pdf.multi_cell(pdf.epw * 0.7, 6, value, new_x="LMARGIN", new_y="NEXT")
    if stats.by_mode:
        pdf.heading(f"Distance by travel mode ({unit.value})")
        widest = max(t.km for t in stats.by_mode.values()) or 1.0
        for key, totals in sorted(stats.by_mode.items(), key=lambda kv: -kv[1].km):
            known = key != UNSPECIFIED
            mode = TravelMode(key) if known else None
            colour = book_maps.mode_colour(key)
            label = mode.label if mode is not None else "Not set"
            extra = ""
            if totals.hours is not None and totals.co2e_kg is not None:
                extra = f"{totals.hours:,.1f} h · {totals.co2e_kg:,.0f} kg CO2e"
            _bar_row(
                pdf,
                label,
                f"{totals.legs} leg{'s' if totals.legs != 1 else ''}",
                distance_text(totals.km, unit),
                totals.km / widest,
                colour,
                extra,
            )
    nights = {c: n for c, n in stats.nights_by_country.items() if n}
    if nights:
        pdf.heading("Nights by country")
        most = max(nights.values())
        for code, count in sorted(nights.items(), key=lambda kv: -kv[1]):
            _bar_row(
                pdf,
                country_name(code) or "Country not known",
                "",
                f"{count} night{'s' if count != 1 else ''}",
                count / most,
                "#8d6e63",
                "",
            )
    pdf.ln(4)
    pdf.line_of(
        f"Travel times and CO2e are estimates. CO2e factors: {stats.co2e_source}.",
        size=8,
        style="I",
        colour=GREY,
        height=4,
    )


def _bar_row(
    pdf: BookPDF, label: str, count: str, value: str, share: float, colour: str, extra: str
) -> None:
    """A line of a chart: the label, a bar as long as its share, the figure, a remark."""
    pdf.keep(7)
    y = pdf.get_y()
    pdf.set_font(FONT, "B", 9.5)
    pdf.set_text_color(*INK)
    pdf.cell(32, 6, label)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(14, 6, count)
    bar = 50.0
    pdf.set_fill_color(*rgb(colour))
    pdf.rect(pdf.get_x(), y + 1.4, max(0.6, bar * share), 3.2, style="F")
    pdf.set_x(pdf.get_x() + bar + 3)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    pdf.cell(26, 6, value, align="R")
    pdf.set_font(FONT, "I", 8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 6, "  " + extra if extra else "", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
