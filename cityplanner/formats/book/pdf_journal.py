"""A journal entry's blocks printed in the book: headings, paragraphs with bold, italics,
code and links, lists, quotes, code, rules, tables (as tables) and pictures."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence

from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from cityplanner.formats.book.images import ReadyImage
from cityplanner.formats.book.journal import (
    Block,
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Picture,
    Quote,
    Rule,
    Span,
    Spans,
    Table,
    text_of,
)
from cityplanner.formats.book.pdf_base import ACCENT, FONT, GREY, INK, LIGHT, BookPDF, rgb

log = logging.getLogger(__name__)

BODY_SIZE = 10.5
_LINE = 5.4
_HEADING_SIZES = {1: 13.0, 2: 12.0, 3: 11.5}
_CODE = (120, 50, 20)
_LINK = (25, 90, 160)
MAX_PICTURE_MM = 100.0


class JournalPrinter:
    """Prints blocks at the page's left margin plus an indent that lists and quotes add."""

    def __init__(self, pdf: BookPDF, images: Mapping[str, ReadyImage | str]) -> None:
        self.pdf = pdf
        self.images = images
        self.indent = 0.0

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        pdf = self.pdf
        if isinstance(block, Paragraph):
            self.spans(block.spans)
            pdf.ln(2)
        elif isinstance(block, Heading):
            size = _HEADING_SIZES.get(block.level, 11.0)
            pdf.ln(1.5)
            pdf.keep(18)
            self.spans(block.spans, size=size, bold=True)
            pdf.ln(1)
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, Quote):
            self._quote(block)
        elif isinstance(block, CodeBlock):
            self._code(block.text)
        elif isinstance(block, Rule):
            y = pdf.get_y() + 1.5
            pdf.set_draw_color(*LIGHT)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin + self.indent, y, pdf.w - pdf.r_margin, y)
            pdf.ln(4)
        elif isinstance(block, Table):
            self._table(block)
        else:
            self.picture(block)

    def spans(
        self,
        spans: Spans,
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        italic: bool = False,
        colour: tuple[int, int, int] = INK,
    ) -> None:
        """Flowing text wrapped between the indent and the right margin."""
        pdf = self.pdf
        left = pdf.l_margin
        pdf.set_left_margin(left + self.indent)
        pdf.set_x(left + self.indent)
        height = _LINE * size / BODY_SIZE
        try:
            for span in spans:
                style = ("B" if span.bold or bold else "") + ("I" if span.italic or italic else "")
                pdf.set_font(FONT, style, size * (0.92 if span.code else 1))
                if span.link:
                    pdf.set_text_color(*_LINK)
                elif span.code:
                    pdf.set_text_color(*_CODE)
                else:
                    pdf.set_text_color(*colour)
                pdf.write(height, span.text, link=span.link)
            pdf.ln(height)
        finally:
            pdf.set_left_margin(left)
            pdf.set_text_color(*INK)

    def _list(self, block: ListBlock) -> None:
        pdf = self.pdf
        for i, item in enumerate(block.items):
            marker = f"{block.start + i}." if block.ordered else "•"
            pdf.keep(_LINE * 2)
            pdf.set_font(FONT, "B" if block.ordered else "", BODY_SIZE)
            pdf.set_text_color(*rgb(ACCENT))
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin + self.indent, y)
            pdf.cell(6, _LINE, marker, align="R" if block.ordered else "L")
            pdf.set_text_color(*INK)
            pdf.set_y(y)
            self.indent += 7
            try:
                for j, inner in enumerate(item):
                    if isinstance(inner, Paragraph):
                        self.spans(inner.spans)
                        if j < len(item) - 1:
                            pdf.ln(1)
                    else:
                        self.block(inner)
            finally:
                self.indent -= 7
            pdf.ln(0.8)
        pdf.ln(1.5)

    def _quote(self, block: Quote) -> None:
        pdf = self.pdf
        start_page, start_y = pdf.page, pdf.get_y()
        self.indent += 6
        try:
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    self.spans(inner.spans, italic=True, colour=GREY)
                    pdf.ln(1.5)
                else:
                    self.block(inner)
        finally:
            self.indent -= 6
        # The bar beside the quote, on each page it covers.
        x = pdf.l_margin + self.indent + 1.5
        end_page, end_y = pdf.page, pdf.get_y() - 1.5
        pdf.set_draw_color(*rgb(ACCENT))
        pdf.set_line_width(0.8)
        for page in range(start_page, end_page + 1):
            pdf.page = page
            top = start_y if page == start_page else pdf.t_margin
            bottom = end_y if page == end_page else pdf.page_break_trigger
            if bottom > top:
                pdf.line(x, top, x, bottom)
        pdf.page = end_page
        pdf.ln(1)

    def _code(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*_CODE)
        pdf.set_fill_color(246, 243, 236)
        pdf.set_x(pdf.l_margin + self.indent)
        pdf.multi_cell(
            pdf.epw - self.indent,
            4.6,
            text,
            fill=True,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            padding=2,
        )
        pdf.set_text_color(*INK)
        pdf.ln(2)

    def _table(self, table: Table) -> None:
        pdf = self.pdf
        columns = len(table.align)
        if not columns:
            return
        size = 9.5 if columns <= 6 else 8.0 if columns <= 10 else 6.5
        pdf.set_font(FONT, "", size)
        available = pdf.epw - self.indent
        wanted = [4.0] * columns
        for row in (table.header, *table.rows):
            for i, cell in enumerate(row[:columns]):
                wanted[i] = max(wanted[i], pdf.get_string_width(text_of(cell)) + 4)
        total = sum(wanted)
        least = available / columns * 0.5
        widths = [max(least, w) for w in wanted]
        scale = min(1.0, available / sum(widths)) if total else 1.0
        widths = [w * scale for w in widths]
        pdf.keep(18)
        pdf.set_draw_color(190, 184, 170)
        pdf.set_line_width(0.25)
        # fpdf2 fills the body cells with the current fill colour once a heading is filled.
        pdf.set_fill_color(255, 255, 255)
        pdf.set_x(pdf.l_margin + self.indent)
        heading = FontFace(emphasis="BOLD", fill_color=(238, 233, 222), color=INK)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            align="LEFT" if not self.indent else "CENTER",
            text_align=tuple(a.upper() for a in table.align),
            first_row_as_headings=bool(table.header),
            headings_style=heading,
            line_height=size * 0.5,
            padding=(1.0, 1.5, 1.0, 1.5),
        ) as printed:
            for row in (table.header, *table.rows) if table.header else table.rows:
                cells = printed.row()
                for cell in row[:columns]:
                    bold = bool(cell) and all(span.bold for span in cell)
                    italic = bool(cell) and all(span.italic for span in cell)
                    emphasis = ("BOLD" if bold else "") + ("ITALICS" if italic else "")
                    style = FontFace(emphasis=emphasis or None) if emphasis else None
                    cells.cell(text_of(cell).replace("\n", " "), style=style)
        pdf.ln(3)

    def picture(self, picture: Picture) -> None:
        """A picture across the column with its caption; a missing one as its caption."""
        pdf = self.pdf
        ready = self.images.get(str(picture.path)) if picture.path is not None else None
        if not isinstance(ready, ReadyImage):
            pdf.set_x(pdf.l_margin + self.indent)
            self.spans((Span(picture.caption, italic=True),), colour=GREY)
            pdf.ln(1.5)
            return
        # No wider than the picture at 150 dpi: a small one is not blown up into blurs.
        width = min(pdf.epw - self.indent, max(40.0, ready.width / 150 * 25.4))
        height = width * ready.ratio
        if height > MAX_PICTURE_MM:
            height = MAX_PICTURE_MM
            width = height / ready.ratio
        pdf.keep(height + 10)
        x = pdf.l_margin + self.indent + (pdf.epw - self.indent - width) / 2
        pdf.image(
            io.BytesIO(ready.data), x=x, y=pdf.get_y(), w=width, h=height, alt_text=picture.caption
        )
        pdf.set_y(pdf.get_y() + height + 1.5)
        if picture.alt:
            pdf.set_font(FONT, "I", 8.5)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(0, 4.2, picture.alt, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)
        pdf.ln(2)
