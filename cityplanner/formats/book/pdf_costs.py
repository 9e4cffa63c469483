"""The costs at the end of the book: the totals, a table per category, then each cost."""

from __future__ import annotations

import logging

from fpdf.enums import XPos, YPos

from cityplanner.formats.book.pdf_base import FONT, GREY, INK, BookPDF
from cityplanner.formats.travelogue_costs import (
    CATEGORY_COLUMNS,
    COSTS_TITLE,
    CostsSection,
    place_heading,
)

log = logging.getLogger(__name__)


def print_costs(pdf: BookPDF, section: CostsSection) -> None:
    """Every text is written as plain cells, so it prints literally."""
    pdf.add_page()
    pdf.start_section(COSTS_TITLE)
    pdf.title_line(COSTS_TITLE)
    pdf.rule()
    for label, value in section.facts:
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(pdf.epw * 0.45, 6, label, align="L")
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(pdf.epw * 0.25, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="R")
    pdf.heading("By category")
    widths = (pdf.epw * 0.34, pdf.epw * 0.22, pdf.epw * 0.22, pdf.epw * 0.22)
    for row_number, row in enumerate([CATEGORY_COLUMNS, *section.categories]):
        pdf.set_font(FONT, "B" if row_number == 0 else "", 10)
        for column, (width, text) in enumerate(zip(widths, row, strict=True)):
            last = column == len(widths) - 1
            pdf.cell(
                width,
                6,
                text,
                align="L" if column == 0 else "R",
                new_x=XPos.LMARGIN if last else XPos.RIGHT,
                new_y=YPos.NEXT if last else YPos.TOP,
            )
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT, "I", 9.5)
    for note in section.notes:
        pdf.ln(1.5)
        pdf.multi_cell(0, 5, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*INK)
    pdf.heading("Each cost")
    for number, name, items in section.places:
        pdf.ln(1)
        pdf.keep(12)
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
