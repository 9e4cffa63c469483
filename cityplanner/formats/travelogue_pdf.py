"""The travelogue as a PDF: the trip book (`cityplanner.formats.book.pdf`).

The export registry names this module; the book lives in `cityplanner.formats.book`.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from cityplanner.formats.book.pdf import write_book_pdf
from cityplanner.formats.book.pdf_base import FONT
from cityplanner.formats.document import ExportOptions, TripDocument

log = logging.getLogger(__name__)

__all__ = ["FONT", "write_pdf"]


def write_pdf(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """The trip book as a PDF (see `write_book_pdf` for progress and cancelling)."""
    write_book_pdf(doc, out, options)
