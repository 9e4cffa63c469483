"""The trip book as a PDF.

Cover (title, dates, the trip's map and its legend), contents, the itinerary as a table,
an introduction (the trip's own journal entries) when there is one, a chapter per stop
that has something to tell (its map, sites, journal and photos), the stops passed on the
way together on one page, the statistics, and the costs when there are any. Pages after
the cover are numbered. Maps are vectors drawn from `cityplanner.maps.static_map`.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from fpdf.errors import FPDFException

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.book.images import PHOTO_SIZE, PRINT_SIZE
from cityplanner.formats.book.pdf_base import BookPDF
from cityplanner.formats.book.pdf_chapter import print_chapter, print_entry
from cityplanner.formats.book.pdf_costs import print_costs
from cityplanner.formats.book.pdf_front import insert_contents, print_cover
from cityplanner.formats.book.pdf_journal import JournalPrinter
from cityplanner.formats.book.pdf_lists import print_itinerary, print_on_the_way, print_statistics
from cityplanner.formats.book.prepare import prepare
from cityplanner.formats.book.progress import Cancelled, Progress, Steps
from cityplanner.formats.document import ExportOptions, TripDocument

log = logging.getLogger(__name__)

INTRODUCTION = "Introduction"


def write_book_pdf(
    doc: TripDocument,
    out: BinaryIO,
    options: ExportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the book; `progress` hears of each step, `cancelled` may stop it before
    anything is written (`ExportCancelled`)."""
    steps = Steps(progress, cancelled)
    # Cover, itinerary, statistics, writing, done.
    book, images = prepare(
        doc, options, steps, photo_size=PHOTO_SIZE, picture_size=PRINT_SIZE, other_steps=5
    )
    pdf = BookPDF(book.title)
    try:
        print_cover(pdf, book, options)
        steps.step("Cover")
        sections = 2 + len(book.chapters) + bool(book.introduction) + bool(book.on_the_way)
        insert_contents(pdf, sections + (book.travelogue.costs is not None))
        print_itinerary(pdf, book)
        steps.step("Itinerary")
        if book.introduction:
            pdf.add_page()
            pdf.start_section(INTRODUCTION)
            pdf.title_line(INTRODUCTION)
            pdf.rule()
            printer = JournalPrinter(pdf, images)
            for entry in book.introduction:
                print_entry(pdf, printer, entry, images)
        for number, chapter in enumerate(book.chapters, start=1):
            print_chapter(pdf, book, chapter, images)
            steps.step(f"Chapter {number} of {len(book.chapters)}: {chapter.stop.name}")
        if book.on_the_way:
            print_on_the_way(pdf, book.on_the_way)
        print_statistics(pdf, book)
        steps.step("Statistics")
        if book.travelogue.costs is not None:
            print_costs(pdf, book.travelogue.costs)
            book.travelogue.note_missing_rates(options)
        steps.step("Writing the PDF")
        data = bytes(pdf.output())
    except FPDFException as exc:
        raise ValidationError(f"The trip book could not be laid out as a PDF: {exc}.") from None
    steps.check()
    out.write(data)
    steps.step("Done")
    log.info(
        "Trip book of %s: %s pages, %s photos, %s bytes",
        book.title,
        pdf.pages_count,
        len(book.photos()),
        len(data),
    )
