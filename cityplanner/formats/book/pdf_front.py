"""The book's first pages: the cover with the trip's map and its printed legend, then the
table of contents (filled in by fpdf2 once every page number is known)."""

from __future__ import annotations

import io
import logging
import math

from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.outline import OutlineSection

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.book.model import Book
from cityplanner.formats.book.pdf_base import FONT, GREY, INK, PT, BookPDF, rgb
from cityplanner.formats.document import ExportOptions
from cityplanner.formats.travelogue import map_image_bytes
from cityplanner.maps import book_maps

log = logging.getLogger(__name__)

CONTENTS = "Contents"
_TOC_ROWS_PER_PAGE = 34
_LEGEND_MM = 34.0


def print_cover(pdf: BookPDF, book: Book, options: ExportOptions) -> None:
    pdf.add_page()
    pdf.set_y(24)
    pdf.title_line(book.title, size=28)
    pdf.ln(3)
    pdf.line_of(book.travelogue.summary, size=11, style="I", colour=GREY, height=6)
    pdf.rule()
    if book.travelogue.description:
        pdf.line_of(book.travelogue.description, size=11, height=6)
        pdf.ln(3)
    room = pdf.room() - _LEGEND_MM
    image = map_image_bytes(options.map_image)
    top = pdf.get_y()
    if image is not None:
        # A picture the person chose (`--map-image`) stands in for the drawn map.
        try:
            placed = pdf.image(
                io.BytesIO(image[0]),
                x=pdf.l_margin,
                y=top,
                w=pdf.epw,
                h=max(room, 40),
                keep_aspect_ratio=True,
            )
        except (OSError, ValueError, FPDFException) as exc:
            raise ValidationError(f"The map picture cannot be used: {exc}.") from None
        pdf.set_y(top + float(placed.rendered_height) + 4)
    elif book.stops and room > 40:
        drawn = book_maps.trip_map_pdf(
            pdf,
            book.stops,
            book.sites,
            x=pdf.l_margin,
            y=top,
            width=pdf.epw,
            height=room,
            unit=book.unit,
            font=FONT,
        )
        pdf.set_y(top + drawn + 4)
    if book.stops:
        _legend(pdf, book)
        _route(pdf, book)


def _legend(pdf: BookPDF, book: Book) -> None:
    """What the map's marks mean, printed under it (the map itself carries no legend)."""
    entries = book_maps.legend(book.stops, book.sites)
    columns = 3
    width = pdf.epw / columns
    rows = math.ceil(len(entries) / columns)
    pdf.keep(rows * 5 + 6)
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*INK)
    pdf.cell(0, 5, "Legend", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    for i, (kind, colour, text, pattern) in enumerate(entries):
        x = pdf.l_margin + (i // rows) * width
        y = top + (i % rows) * 4.8
        mid = y + 2.2
        pdf.set_fill_color(*rgb(colour))
        pdf.set_draw_color(*rgb(colour))
        if kind == "stop":
            pdf.circle(x + 3, mid, 1.9, style="F")
        elif kind == "site":
            pdf.circle(x + 3, mid, 1.1, style="F")
        else:
            pdf.set_line_width(0.7)
            dash = _dash(pattern)
            if dash:
                pdf.set_dash_pattern(dash=dash[0], gap=dash[1] if len(dash) > 1 else dash[0])
            pdf.line(x, mid, x + 6, mid)
            pdf.set_dash_pattern()
        pdf.set_xy(x + 8, y)
        pdf.set_font(FONT, "", 8)
        pdf.cell(width - 9, 4.4, text)
    pdf.set_xy(pdf.l_margin, top + rows * 4.8 + 2)


def _route(pdf: BookPDF, book: Book) -> None:
    """The stops by number, which names the markers that share a place on the map."""
    text = " · ".join(f"{i} {stop.name}" for i, stop in enumerate(book.stops, start=1))
    pdf.set_font(FONT, "", 8.5)
    lines = pdf.multi_cell(pdf.epw, 4.2, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    if pdf.room() < len(lines) * 4.2 + 10:
        return
    pdf.ln(2)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, "The route", new_x="LMARGIN", new_y="NEXT")
    pdf.line_of(text, size=8.5, height=4.2)


def _dash(pattern: str) -> tuple[float, ...]:
    return tuple(float(v) * 0.55 * PT for v in pattern.split())


def contents_pages(sections: int) -> int:
    return max(1, math.ceil((sections + 1) / _TOC_ROWS_PER_PAGE))


def insert_contents(pdf: BookPDF, sections: int) -> None:
    """Keep the next pages for the table of contents (fpdf2 writes it at the end); what
    follows starts on the page after them."""
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_contents, pages=contents_pages(sections))


def _render_contents(fpdf: FPDF, outline: list[OutlineSection]) -> None:
    assert isinstance(fpdf, BookPDF)
    pdf = fpdf
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.title_line(CONTENTS)
    pdf.rule()
    for section in outline:
        if section.level > 0:
            continue
        link = pdf.add_link(page=section.page_number)
        number = str(section.page_number)
        pdf.set_font(FONT, "", 10.5)
        room = pdf.epw - 14
        name = section.name
        while pdf.get_string_width(name) > room - 4 and len(name) > 4:
            name = name[:-2].rstrip() + "…"
        y = pdf.get_y()
        pdf.cell(pdf.get_string_width(name) + 1, 6.4, name, link=link)
        dots_from = pdf.get_x() + 1
        pdf.set_x(pdf.l_margin + pdf.epw - 14)
        pdf.cell(14, 6.4, number, align="R", link=link)
        pdf.set_draw_color(*GREY)
        pdf.set_dash_pattern(dash=0.3, gap=1.2)
        pdf.set_line_width(0.3)
        dots_to = pdf.l_margin + pdf.epw - pdf.get_string_width(number) - 2.5
        if dots_to > dots_from:
            pdf.line(dots_from, y + 4.6, dots_to, y + 4.6)
        pdf.set_dash_pattern()
        pdf.ln(6.4)
