"""The travelogue as a PDF: a title page with the map, then a chapter per stop on its own page."""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry
from cityplanner.formats.document import GENERATOR, ExportOptions, TripDocument
from cityplanner.formats.markup import demote_headings, render_markdown
from cityplanner.formats.theme_colours import STOP_COLOUR, theme_colour
from cityplanner.formats.travelogue import (
    EMPTY_CHAPTER,
    Chapter,
    Travelogue,
    build_travelogue,
    long_date,
    map_image_bytes,
    status_text,
)
from cityplanner.formats.travelogue_costs import (
    CATEGORY_COLUMNS,
    COSTS_TITLE,
    CostsSection,
    place_heading,
)
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

FONT = "DejaVuSerif"
_FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf",
               "I": "DejaVuSerif-Italic.ttf", "BI": "DejaVuSerif-BoldItalic.ttf"}  # fmt: skip
_INK = (34, 34, 34)
_GREY = (100, 100, 100)


class _Book(FPDF):
    """An A4 book whose pages carry the trip's name and a page number."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.book_title = title
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(auto=True, margin=20)
        for style, name in _FONT_FILES.items():
            self.add_font(FONT, style, str(resource_path("fonts", name)))
        self.set_title(title)
        self.set_creator(GENERATOR)
        self.set_producer(GENERATOR)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-14)
        self.set_font(FONT, "I", 8)
        self.set_text_color(*_GREY)
        self.cell(0, 6, f"{self.book_title}  ·  {self.page_no()}", align="C")


def write_pdf(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    book = build_travelogue(doc, options.unit)
    pdf = _Book(book.title)
    try:
        _title_page(pdf, book, options)
        for chapter in book.chapters:
            _chapter(pdf, chapter)
        if book.costs is not None:
            _costs(pdf, book.costs)
            book.note_missing_rates(options)
        data = bytes(pdf.output())
    except FPDFException as exc:
        raise ValidationError(f"The travelogue could not be laid out as a PDF: {exc}.") from None
    out.write(data)


def _title_page(pdf: _Book, book: Travelogue, options: ExportOptions) -> None:
    pdf.add_page()
    pdf.set_text_color(*_INK)
    pdf.set_font(FONT, "B", 26)
    pdf.multi_cell(0, 12, book.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(2)
    pdf.set_font(FONT, "I", 11)
    pdf.set_text_color(*_GREY)
    pdf.multi_cell(0, 6, book.summary, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*_INK)
    _rule(pdf, STOP_COLOUR)
    if book.description:
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 6, book.description, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(4)
    image = map_image_bytes(options.map_image)
    if image is not None:
        room = pdf.h - pdf.get_y() - pdf.b_margin - 4
        try:
            pdf.image(io.BytesIO(image[0]), x=pdf.l_margin, w=pdf.epw, h=0, keep_aspect_ratio=True)
        except (OSError, ValueError, FPDFException) as exc:
            raise ValidationError(f"The map picture cannot be used: {exc}.") from None
        log.debug("Map placed with %.0f mm of room", room)
        pdf.ln(4)
    if book.chapters:
        pdf.set_font(FONT, "B", 13)
        pdf.cell(0, 8, "Stops", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_font(FONT, "", 10)
        for chapter in book.chapters:
            pdf.multi_cell(0, 5.5, f"{chapter.title}  —  {chapter.dates()}",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")  # fmt: skip
    for entry in book.introduction:
        _entry(pdf, entry)


def _chapter(pdf: _Book, chapter: Chapter) -> None:
    pdf.add_page()
    pdf.set_text_color(*_INK)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, chapter.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(0, 5.5, chapter.dates(), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "I", 10.5)
    pdf.set_text_color(*_GREY)
    pdf.multi_cell(0, 5.5, chapter.leg(), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(0, 5, chapter.where(), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*_INK)
    _rule(pdf, STOP_COLOUR)
    if chapter.stop.notes:
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 6, chapter.stop.notes, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(3)
    if chapter.is_empty:
        pdf.set_font(FONT, "I", 10.5)
        pdf.set_text_color(*_GREY)
        pdf.multi_cell(0, 6, EMPTY_CHAPTER, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_text_color(*_INK)
    if chapter.sites_by_theme:
        _heading(pdf, "Sites")
        for theme, sites in chapter.sites_by_theme:
            pdf.ln(1)
            colour = _rgb(theme_colour(theme))
            pdf.set_fill_color(*colour)
            pdf.rect(pdf.l_margin, pdf.get_y() + 1, 2.2, 4.5, style="F")
            pdf.set_x(pdf.l_margin + 4)
            pdf.set_font(FONT, "B", 11)
            pdf.set_text_color(*colour)
            pdf.cell(0, 6.5, theme.label, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.set_text_color(*_INK)
            for site in sites:
                _site(pdf, site.name, status_text(site), site.description)
    if chapter.journal:
        _heading(pdf, "Journal")
        for entry in chapter.journal:
            _entry(pdf, entry)


def _costs(pdf: _Book, section: CostsSection) -> None:
    """The costs on a page of their own: the totals, a table per category, then each cost.

    Every text is written as plain cells (no markdown), so it prints literally.
    """
    pdf.add_page()
    pdf.set_text_color(*_INK)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, COSTS_TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    _rule(pdf, STOP_COLOUR)
    for label, value in section.facts:
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(pdf.epw * 0.45, 6, label, align="L")
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(pdf.epw * 0.25, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="R")
    _heading(pdf, "By category")
    widths = (pdf.epw * 0.34, pdf.epw * 0.22, pdf.epw * 0.22, pdf.epw * 0.22)
    for row_number, row in enumerate([CATEGORY_COLUMNS, *section.categories]):
        pdf.set_font(FONT, "B" if row_number == 0 else "", 10)
        for column, (width, text) in enumerate(zip(widths, row, strict=True)):
            last = column == len(widths) - 1
            pdf.cell(width, 6, text, align="L" if column == 0 else "R",
                     new_x=XPos.LMARGIN if last else XPos.RIGHT,
                     new_y=YPos.NEXT if last else YPos.TOP)  # fmt: skip
    pdf.set_text_color(*_GREY)
    pdf.set_font(FONT, "I", 9.5)
    for note in section.notes:
        pdf.ln(1.5)
        pdf.multi_cell(0, 5, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*_INK)
    _heading(pdf, "Each cost")
    for number, name, items in section.places:
        pdf.ln(1)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(
            0, 6.5, place_heading(number, name), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )
        pdf.set_font(FONT, "", 9.5)
        for item in items:
            # A hanging indent: wrapped lines start under the text, not under the dash.
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(4, 5, "–")
            pdf.multi_cell(pdf.epw - 6, 5, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _site(pdf: _Book, name: str, status: str, description: str) -> None:
    indent = pdf.l_margin + 4
    pdf.set_x(indent)
    pdf.set_font(FONT, "B", 10.5)
    text = f"**{_md(name)}**  __({_md(status)})__"
    if description:
        text += f"\n{_md(description)}"
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(
        pdf.epw - 4, 5.5, text, markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
    )
    pdf.ln(1.5)


def _entry(pdf: _Book, entry: JournalEntry) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(0, 6.5, f"{long_date(entry.day)}: {entry.title}",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")  # fmt: skip
    pdf.set_font(FONT, "", 10.5)
    body = _spaced(render_markdown(demote_headings(entry.body, 4)))
    pdf.write_html(body, font_family=FONT, li_prefix_color=_rgb(STOP_COLOUR))
    pdf.ln(2)


def _spaced(html: str) -> str:
    """Give paragraphs and lists the line spacing of the rest of the page.

    fpdf2 reads a `line-height` attribute on these tags; its default is tighter.
    """
    for tag in ("p", "ul", "ol"):
        html = html.replace(f"<{tag}>", f'<{tag} line-height="1.35">')
    return html


def _heading(pdf: _Book, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*_INK)
    pdf.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _rule(pdf: _Book, colour: str) -> None:
    pdf.ln(2)
    pdf.set_draw_color(*_rgb(colour))
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)


def _md(text: str) -> str:
    """fpdf2's own emphasis markers (** __ --) typed in a name must stay literal text."""
    return (
        text.replace("\\", "\\\\").replace("**", "\\**").replace("__", "\\__").replace("--", "\\--")
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
