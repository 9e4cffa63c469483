"""Photos printed in a grid, each fitted into its cell, with its caption and time."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence

from fpdf.enums import XPos, YPos

from cityplanner.domain.photos import Photo
from cityplanner.formats.book.images import ReadyImage
from cityplanner.formats.book.model import photo_caption, photo_time
from cityplanner.formats.book.pdf_base import FONT, GREY, INK, BookPDF

log = logging.getLogger(__name__)

_GAP = 4.0
_CAPTION_CHARS = 90
#: Room kept under a row of photos for their captions and times.
_CAPTION_MM = 11.0


def grid_row_height(pdf: BookPDF, count: int, columns: int | None = None) -> float:
    """The height of the grid's first row, to keep a heading with it."""
    columns = columns or _columns(count)
    return (pdf.epw - _GAP * (columns - 1)) / columns * 0.75 + _CAPTION_MM


def _columns(count: int) -> int:
    return 2 if count <= 2 else 3


def photo_grid(
    pdf: BookPDF,
    photos: Sequence[Photo],
    images: Mapping[str, ReadyImage | str],
    *,
    columns: int | None = None,
    indent: float = 0.0,
) -> int:
    """Print the photos whose image is ready, row by row; return how many were placed."""
    ready = [(p, images[p.sha256]) for p in photos if isinstance(images.get(p.sha256), ReadyImage)]
    if not ready:
        return 0
    columns = columns or _columns(len(ready))
    width = (pdf.epw - indent - _GAP * (columns - 1)) / columns
    full = width * 0.75
    for start in range(0, len(ready), columns):
        row = ready[start : start + columns]
        # A row that nearly fits is made a little smaller rather than sent to a page alone.
        room = pdf.room() - _CAPTION_MM
        box = full if room >= full or room < full * 0.7 else room
        pdf.keep(box + _CAPTION_MM)
        top = pdf.get_y()
        bottom = top + box
        for i, (photo, image) in enumerate(row):
            assert isinstance(image, ReadyImage)
            left = pdf.l_margin + indent + i * (width + _GAP)
            w, h = width, width * image.ratio
            if h > box:
                w, h = box / image.ratio, box
            pdf.image(
                io.BytesIO(image.data),
                x=left + (width - w) / 2,
                y=top + (box - h),
                w=w,
                h=h,
                alt_text=photo_caption(photo),
            )
            pdf.set_xy(left, top + box + 1.2)
            pdf.set_font(FONT, "", 8)
            pdf.set_text_color(*INK)
            caption = photo_caption(photo)
            if len(caption) > _CAPTION_CHARS:
                caption = caption[: _CAPTION_CHARS - 1].rstrip() + "…"
            pdf.multi_cell(width, 3.6, caption, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            when = photo_time(photo)
            if when:
                pdf.set_x(left)
                pdf.set_font(FONT, "I", 7)
                pdf.set_text_color(*GREY)
                pdf.multi_cell(width, 3.3, when, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, pdf.get_y())
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, bottom + 3)
    return len(ready)
