"""The book's A4 page: its fonts, margins, footer and the small pieces every page uses.

Every text is written with `cell`, `multi_cell`, `write` or `text` and never with
fpdf2's markdown or HTML modes, so that whatever a name holds prints literally. The
`{nb}` alias is switched off for the same reason, and fpdf2 may load no file or address
by itself: images reach it as bytes this code prepared.
"""

from __future__ import annotations

import logging

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy, XPos, YPos

from cityplanner.formats.document import GENERATOR
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

FONT = "DejaVuSerif"
FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
INK = (34, 34, 34)
GREY = (100, 100, 100)
LIGHT = (150, 150, 150)
ACCENT = "#c0392b"
#: Millimetres per point.
PT = 25.4 / 72


class BookPDF(FPDF):
    """An A4 book whose pages, after the cover, carry the trip's name and a page number."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.book_title = title
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(resource_path("fonts", name)))
        # A name typed as "{nb}" stays "{nb}", not the number of pages.
        self.str_alias_nb_pages = ""
        self.resource_access_policy = ResourceAccessPolicy.NONE
        self.set_title(title)
        self.set_creator(GENERATOR)
        self.set_producer(GENERATOR)

    def footer(self) -> None:
        if self.page_no() <= 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "I", 8)
        self.set_text_color(*LIGHT)
        name = self.book_title if len(self.book_title) <= 80 else self.book_title[:79] + "…"
        self.cell(self.epw * 0.8, 5, name, align="L")
        self.cell(self.epw * 0.2, 5, str(self.page_no()), align="R")

    # -- pieces ---------------------------------------------------------------------

    def fresh_page(self) -> None:
        """Start a new page, unless nothing has been written on this one yet."""
        if self.page == 0 or self.get_y() > self.t_margin + 0.01:
            self.add_page()

    def room(self) -> float:
        """Millimetres left above the bottom margin of this page."""
        return float(self.page_break_trigger - self.get_y())

    def keep(self, height: float) -> None:
        """Start a new page unless `height` millimetres still fit on this one."""
        if self.room() < height:
            self.add_page()

    def title_line(self, text: str, *, size: float = 20) -> None:
        self.set_text_color(*INK)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def line_of(
        self,
        text: str,
        *,
        size: float = 10.5,
        style: str = "",
        colour: tuple[int, int, int] = INK,
        height: float | None = None,
    ) -> None:
        """A paragraph of plain text across the page."""
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.multi_cell(
            0, height or size * 0.52, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )
        self.set_text_color(*INK)

    def heading(self, text: str, *, size: float = 14, before: float = 4) -> None:
        """A section heading, kept with at least a few lines of what follows."""
        self.ln(before)
        self.keep(size * 0.5 + 22)
        self.set_font(FONT, "B", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1)

    def rule(self, colour: str = ACCENT, *, width: float = 0.6) -> None:
        self.ln(2)
        self.set_draw_color(*rgb(colour))
        self.set_line_width(width)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
