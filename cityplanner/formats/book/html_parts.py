"""Pieces of the HTML trip book: journal blocks, photos, maps and the legend.

Every text goes through `html_text` (or `svg_text` inside a map); the only addresses
written are http(s) and mailto links the journal holds, and data: URIs of images this
code prepared, so the page loads nothing and runs nothing.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping, Sequence

from cityplanner.domain.photos import Photo
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
    Spans,
    Table,
)
from cityplanner.formats.book.model import Book, photo_caption, photo_time
from cityplanner.formats.markup import html_text
from cityplanner.maps import book_maps

log = logging.getLogger(__name__)

Images = Mapping[str, ReadyImage | str]


def data_uri(image: ReadyImage) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(image.data).decode("ascii")


def blocks_html(blocks: Sequence[Block], images: Images, *, level: int = 4) -> str:
    """The entry's blocks; its own headings start at `level` + 1."""
    return "".join(_block(block, images, level) for block in blocks)


def _block(block: Block, images: Images, level: int) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{spans_html(block.spans)}</p>\n"
    if isinstance(block, Heading):
        tag = f"h{min(6, block.level + level)}"
        return f"<{tag}>{spans_html(block.spans)}</{tag}>\n"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join(
            f"<li>{blocks_html(item, images, level=level)}</li>\n" for item in block.items
        )
        return f"<{tag}{start}>\n{items}</{tag}>\n"
    if isinstance(block, Quote):
        return f"<blockquote>\n{blocks_html(block.blocks, images, level=level)}</blockquote>\n"
    if isinstance(block, CodeBlock):
        return f"<pre><code>{html_text(block.text)}</code></pre>\n"
    if isinstance(block, Rule):
        return "<hr>\n"
    if isinstance(block, Table):
        return _table(block)
    return _picture(block, images)


def spans_html(spans: Spans) -> str:
    parts = []
    for span in spans:
        text = html_text(span.text).replace("\n", "<br>\n")
        if span.code:
            text = f"<code>{text}</code>"
        if span.italic:
            text = f"<em>{text}</em>"
        if span.bold:
            text = f"<strong>{text}</strong>"
        if span.link:
            text = f'<a href="{html_text(span.link)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def _table(table: Table) -> str:
    def cells(row: Sequence[Spans], tag: str) -> str:
        return "".join(
            f'<{tag} style="text-align: {align}">{spans_html(cell)}</{tag}>'
            for cell, align in zip(row, table.align, strict=False)
        )

    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>\n" if table.header else ""
    body = "".join(f"<tr>{cells(row, 'td')}</tr>\n" for row in table.rows)
    return f'<table class="journal">\n{head}<tbody>\n{body}</tbody>\n</table>\n'


def _picture(picture: Picture, images: Images) -> str:
    ready = images.get(str(picture.path)) if picture.path is not None else None
    if not isinstance(ready, ReadyImage):
        return f'<p class="missing"><em>{html_text(picture.caption)}</em></p>\n'
    caption = f"<figcaption>{html_text(picture.alt)}</figcaption>" if picture.alt else ""
    return (
        f'<figure class="picture"><img src="{data_uri(ready)}" alt="{html_text(picture.caption)}" '
        f'width="{ready.width}" height="{ready.height}">{caption}</figure>\n'
    )


def photos_html(photos: Sequence[Photo], images: Images, *, small: bool = False) -> str:
    """The photos whose image is ready, as a grid of figures with their captions."""
    figures = []
    for photo in photos:
        ready = images.get(photo.sha256)
        if not isinstance(ready, ReadyImage):
            continue
        when = photo_time(photo)
        time = f'<br><span class="when">{html_text(when)}</span>' if when else ""
        caption = html_text(photo_caption(photo))
        figures.append(
            f'<figure><img src="{data_uri(ready)}" alt="{caption}" loading="lazy" '
            f'width="{ready.width}" height="{ready.height}">'
            f"<figcaption>{caption}{time}</figcaption></figure>"
        )
    if not figures:
        return ""
    kind = "photos small" if small else "photos"
    return f'<div class="{kind}">{"".join(figures)}</div>\n'


def map_html(main: str, inset: str = "") -> str:
    """A map figure (SVG); the optional inset (where the stop lies on the trip) in its corner."""
    corner = f'<div class="inset">{inset}</div>' if inset else ""
    return f'<figure class="map">{main}{corner}</figure>\n'


def legend_html(book: Book) -> str:
    """What the trip map's marks mean, written under it."""
    keys = book_maps.legend(book.stops, book.sites)
    items = "".join(_key(kind, colour, text, dash) for kind, colour, text, dash in keys)
    return f'<ul class="legend">{items}</ul>\n'


def _key(kind: str, colour: str, text: str, dash: str = "") -> str:
    if kind == "line":
        pattern = f' stroke-dasharray="{html_text(dash)}"' if dash else ""
        mark = (
            '<svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" '
            f'stroke="{colour}" stroke-width="3"{pattern}/></svg>'
        )
    else:
        radius = 5 if kind == "stop" else 3
        mark = (
            f'<svg width="28" height="12" aria-hidden="true"><circle cx="14" cy="6" r="{radius}" '
            f'fill="{colour}"/></svg>'
        )
    return f"<li>{mark} {html_text(text)}</li>"
