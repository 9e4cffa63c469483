"""One escaping function per target format; every file-bound text goes through one of these.

Each first drops the characters nobody can see (controls, DEL, bidirectional overrides,
lone surrogates: see `cityplanner.domain.validation`), as the domain does on the way in,
so that a document built elsewhere cannot carry them into a file either.
"""

from __future__ import annotations

import re

from cityplanner.domain.validation import plain_line, plain_text

# XML 1.0 forbids most control characters, even escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_MARKER = re.compile(r"^([#>+\-])")
_MARKDOWN_NUMBERED = re.compile(r"^(\d+)([.)])")


def xml_text(text: str) -> str:
    """Text for an XML element or a double-quoted attribute."""
    cleaned = _XML_FORBIDDEN.sub("", plain_text(text))
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def coordinate(value: float) -> str:
    """A decimal degree with 9 places (about 0.1 mm), never in exponent notation."""
    text = f"{value:.9f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (numbers are written as numbers)."""
    if not text.isprintable():  # most cells are, and this runs for every one of them
        text = plain_text(text)
    if text.startswith(_CSV_TRIGGERS):
        return "'" + text
    return text


def csv_uncell(text: str) -> str:
    """Undo `csv_cell`, so that a name survives an export and an import unchanged."""
    if text.startswith("'") and text[1:].startswith(_CSV_TRIGGERS):
        return text[1:]
    return text


def ics_text(text: str) -> str:
    """A TEXT value of iCalendar (RFC 5545 §3.3.11): no control but tab; lines as `\\n`."""
    return (
        plain_text(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def markdown_text(text: str) -> str:
    """Plain text shown literally by Markdown: no emphasis, links or HTML from a name."""
    flat = plain_line(text).replace("&", "&amp;").replace("<", "&lt;")
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", flat)
    escaped = _MARKDOWN_MARKER.sub(r"\\\1", escaped)
    return _MARKDOWN_NUMBERED.sub(r"\1\\\2", escaped)
