"""A stop's chapter in the book: its map, its sites by theme, its journal, its photos."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from cityplanner.formats.book.images import ReadyImage
from cityplanner.formats.book.journal import Span
from cityplanner.formats.book.model import Book, BookChapter, EntryItem, SiteItem
from cityplanner.formats.book.pdf_base import FONT, GREY, INK, BookPDF, rgb
from cityplanner.formats.book.pdf_journal import JournalPrinter
from cityplanner.formats.book.pdf_photos import grid_row_height, photo_grid
from cityplanner.formats.theme_colours import theme_colour
from cityplanner.formats.travelogue import long_date, status_text
from cityplanner.maps import book_maps

log = logging.getLogger(__name__)

MAP_HEIGHT_MM = 92.0
APPROXIMATE = "Sites whose exact spot is not known are drawn in a ring around the stop."


def print_chapter(
    pdf: BookPDF, book: Book, item: BookChapter, images: Mapping[str, ReadyImage | str]
) -> None:
    chapter = item.chapter
    pdf.add_page()
    pdf.start_section(chapter.title)
    pdf.title_line(chapter.title)
    pdf.ln(1)
    pdf.line_of(chapter.dates(), style="B")
    pdf.line_of(chapter.leg(), style="I", colour=GREY)
    pdf.line_of(chapter.where(), size=9, colour=GREY)
    pdf.rule()
    if chapter.stop.notes:
        pdf.line_of(chapter.stop.notes, height=5.6)
        pdf.ln(3)
    stop_map(pdf, book, item)
    printer = JournalPrinter(pdf, images)
    if item.sites:
        pdf.heading("Sites")
        for theme, sites in item.sites:
            pdf.ln(1)
            pdf.keep(16)
            colour = rgb(theme_colour(theme))
            pdf.set_fill_color(*colour)
            pdf.rect(pdf.l_margin, pdf.get_y() + 1, 2.2, 4.5, style="F")
            pdf.set_x(pdf.l_margin + 4)
            pdf.set_font(FONT, "B", 11)
            pdf.set_text_color(*colour)
            pdf.cell(0, 6.5, theme.label, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_text_color(*INK)
            for site in sites:
                _site(pdf, printer, site, theme_colour(theme), images)
    if item.entries:
        pdf.heading("Journal")
        for entry in item.entries:
            print_entry(pdf, printer, entry, images)
    if item.photos:
        pdf.ln(4)
        pdf.keep(grid_row_height(pdf, len(item.photos)) + 12)
        pdf.heading("Photos", before=0)
        photo_grid(pdf, item.photos, images)


def stop_map(pdf: BookPDF, book: Book, item: BookChapter) -> None:
    """The stop's own map, with a small map of where it lies on the trip in a corner."""
    numbered = item.numbered_sites
    height = min(MAP_HEIGHT_MM, pdf.room() - 30)
    if height < 45:
        pdf.add_page()
        height = MAP_HEIGHT_MM
    top = pdf.get_y()
    drawn = book_maps.stop_map_pdf(
        pdf,
        book.stops,
        book.sites,
        item.stop,
        numbered,
        x=pdf.l_margin,
        y=top,
        width=pdf.epw,
        height=height,
        unit=book.unit,
        font=FONT,
    )
    pdf.set_y(top + drawn + 1.5)
    if any(site.approximate for site in numbered):
        pdf.line_of(APPROXIMATE, size=8, style="I", colour=GREY, height=4)
    pdf.ln(2.5)


def _site(
    pdf: BookPDF,
    printer: JournalPrinter,
    item: SiteItem,
    colour: str,
    images: Mapping[str, ReadyImage | str],
) -> None:
    site = item.site
    pdf.keep(12)
    y = pdf.get_y()
    if item.number:
        pdf.set_fill_color(*rgb(colour))
        pdf.circle(pdf.l_margin + 6.3, y + 2.7, 2.3, style="F")
        pdf.set_font(FONT, "B", 6.5 if item.number < 100 else 5)
        pdf.set_text_color(255, 255, 255)
        text = str(item.number)
        pdf.text(pdf.l_margin + 6.3 - pdf.get_string_width(text) / 2, y + 3.5, text)
        pdf.set_text_color(*INK)
    printer.indent = 10
    try:
        printer.spans((Span(site.name, bold=True), Span(f"  ({status_text(site)})", italic=True)))
        if site.description:
            printer.spans((Span(site.description),), size=10)
        if site.address:
            printer.spans((Span(site.address),), size=9, colour=GREY)
    finally:
        printer.indent = 0
    pdf.ln(1.5)
    if item.photos:
        photo_grid(pdf, item.photos, images, columns=3, indent=10)


def print_entry(
    pdf: BookPDF, printer: JournalPrinter, item: EntryItem, images: Mapping[str, ReadyImage | str]
) -> None:
    pdf.ln(2)
    pdf.keep(20)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*INK)
    pdf.multi_cell(
        0,
        6.5,
        f"{long_date(item.entry.day)}: {item.entry.title}",
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.ln(1)
    printer.blocks(item.blocks)
    if item.photos:
        photo_grid(pdf, item.photos, images)
    pdf.ln(2)
