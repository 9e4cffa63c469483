"""A journal entry's Markdown read into plain blocks that the book's PDF and HTML print.

Python-Markdown (with tables) parses the text; the tree is then turned into a few
dataclasses holding only text and flags, so each writer escapes text its own way and no
markup from the entry reaches a file as markup. Raw HTML stays text, links keep only
http(s) and mailto addresses, and a picture is printed only from a file on this computer:
beside the database (a relative path) or at an absolute path, never from the network.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.treeprocessors import Treeprocessor

from cityplanner.domain.validation import plain_text

log = logging.getLogger(__name__)

_SAFE_LINKS = ("http://", "https://", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_AMP_ENTITY = re.compile(re.escape(util.AMP_SUBSTITUTE) + r"(#\d+;|#x[0-9a-fA-F]+;|\w+;)")
_MARKERS = re.compile(f"[{util.STX}{util.ETX}]")
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")
_INLINE_TAGS = frozenset({"strong", "b", "em", "i", "code", "a", "span", "br", "img", "del"})


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""


Spans = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    spans: Spans


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Spans


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str


@dataclass(frozen=True, slots=True)
class Rule:
    pass


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Spans, ...]
    rows: tuple[tuple[Spans, ...], ...]
    #: "left", "right" or "center" for each column.
    align: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture the entry shows: its file when found, else why it is left out."""

    alt: str
    source: str
    path: Path | None = None
    problem: str = ""

    @property
    def caption(self) -> str:
        return self.alt or Path(self.source).name or self.source


Block = Heading | Paragraph | ListBlock | Quote | CodeBlock | Rule | Table | Picture


def text_of(spans: Spans) -> str:
    return "".join(span.text for span in spans)


def pictures(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Picture]:
    """Every picture among the blocks, those in lists and quotes included."""
    for block in blocks:
        if isinstance(block, Picture):
            yield block
        elif isinstance(block, Quote):
            yield from pictures(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from pictures(item)


def parse_journal(
    text: str, *, folder: Path | None, photos: Mapping[str, Path] | None = None
) -> list[Block]:
    """The blocks of an entry's Markdown; relative picture paths are read in `folder`, and
    `![caption](photo:SHA256)` (the window's *Insert photo…*) is the trip's photo of that
    content hash, found in `photos`."""
    reader = markdown.Markdown(output_format="html", extensions=["tables", "sane_lists"])
    reader.preprocessors.deregister("html_block")
    reader.inlinePatterns.deregister("html")
    capture = _Capture(reader)
    reader.treeprocessors.register(capture, "cityplanner_book", -100)
    reader.convert(plain_text(text))
    if capture.root is None:
        return []
    return _Reader(reader.htmlStash.rawHtmlBlocks, folder, dict(photos or {})).blocks(capture.root)


def find_picture(
    source: str, folder: Path | None, photos: Mapping[str, Path] | None = None
) -> tuple[Path | None, str]:
    """The file a picture names, or None and why it cannot be printed."""
    source = source.strip()
    if not source:
        return None, "it names no file"
    if source.lower().startswith(PHOTO_SCHEME):
        found = (photos or {}).get(source[len(PHOTO_SCHEME) :].lower())
        if found is None:
            return None, "it is not one of this trip's photos"
        if not found.is_file():
            return None, f"its original {found.name} is missing"
        return found, ""
    if _SCHEME.match(source) and not _DRIVE.match(source):
        address = urlparse(source)
        if address.scheme.lower() != "file":
            return None, "pictures from the web or other addresses are not fetched"
        if address.netloc not in ("", "localhost"):
            return None, "pictures from other computers are not fetched"
        source = unquote(address.path)
    if source.startswith(("\\\\", "//")):
        # A share on another computer (\\server\share, //server/share) is the network too.
        return None, "pictures from other computers are not fetched"
    path = Path(source).expanduser()
    if not path.is_absolute():
        if folder is None:
            return None, "the journal's folder is not known (a database in memory)"
        path = folder / path
    for candidate in (path, Path(unquote(str(path)))):
        try:
            if candidate.is_file():
                return candidate, ""
        except OSError:
            break
    return None, f"there is no file {path.name} in {path.parent}"


#: How a journal entry names one of the trip's photos: `![caption](photo:SHA256)`.
PHOTO_SCHEME = "photo:"


class _Capture(Treeprocessor):  # type: ignore[misc]
    root: Element | None = None

    def run(self, root: Element) -> None:
        self.root = root


@dataclass
class _Style:
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""


@dataclass
class _Reader:
    stash: list[str]
    folder: Path | None
    photos: dict[str, Path] = field(default_factory=dict)
    _out: list[Span] = field(default_factory=list)

    def blocks(self, parent: Element) -> list[Block]:
        """The blocks in `parent`; loose inline content between them is a paragraph."""
        found: list[Block] = []
        run: list[Span] = []
        self._inline_text(parent.text, _Style(), run)
        for child in parent:
            if child.tag in _INLINE_TAGS:
                self._inline(child, _Style(), run, found)
            else:
                self._flush(run, found)
                found.extend(self._block(child))
            self._inline_text(child.tail, _Style(), run)
        self._flush(run, found)
        return found

    def _block(self, element: Element) -> list[Block]:
        tag = element.tag
        if tag == "p":
            return self.blocks(element)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            spans = self._spans(element)
            return [Heading(int(tag[1]), spans)] if text_of(spans).strip() else []
        if tag == "hr":
            return [Rule()]
        if tag == "pre":
            code = element.find("code")
            raw = "".join((code if code is not None else element).itertext())
            return [CodeBlock(html.unescape(self._plain(raw)).rstrip("\n"))]
        if tag == "blockquote":
            return [Quote(tuple(self.blocks(element)))]
        if tag in ("ul", "ol"):
            items = tuple(tuple(self.blocks(li)) for li in element if li.tag == "li")
            start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
            return [ListBlock(tag == "ol", start, items)]
        if tag == "table":
            return [self._table(element)]
        return self.blocks(element)  # div and anything else: its content

    def _table(self, element: Element) -> Table:
        rows = [tr for part in element for tr in part if tr.tag == "tr"]
        cells = [[cell for cell in tr if cell.tag in ("th", "td")] for tr in rows]
        width = max((len(r) for r in cells), default=0)
        align = ["left"] * width
        if cells:
            for i, cell in enumerate(cells[0]):
                found = _ALIGN.search(cell.get("style", ""))
                align[i] = found.group(1) if found else "left"
        spans = [[self._spans(cell) for cell in row] + [()] * (width - len(row)) for row in cells]
        head = element.find("thead")
        header_rows = 1 if head is not None and len(spans) else 0
        return Table(
            header=tuple(spans[0]) if header_rows else (),
            rows=tuple(tuple(row) for row in spans[header_rows:]),
            align=tuple(align),
        )

    def _spans(self, element: Element) -> Spans:
        run: list[Span] = []
        self._inline_text(element.text, _Style(), run)
        for child in element:
            self._inline(child, _Style(), run, None)
            self._inline_text(child.tail, _Style(), run)
        return tuple(run)

    def _inline(
        self, element: Element, style: _Style, run: list[Span], out: list[Block] | None
    ) -> None:
        """Inline content into `run`; a picture becomes a block of `out` (or, in a heading
        or a table cell, which hold text only, its caption in italics)."""
        tag = element.tag
        if tag == "br":
            run.append(Span("\n"))
            return
        if tag == "img":
            source = self._plain(element.get("src", ""))
            alt = " ".join(self._plain(element.get("alt", "")).split())
            if out is None:
                run.append(Span(alt or source, style.bold, True, False, style.link))
                return
            self._flush(run, out)
            path, problem = find_picture(source, self.folder, self.photos)
            out.append(Picture(alt, source, path, problem))
            return
        inner = _Style(style.bold, style.italic, style.code, style.link)
        if tag in ("strong", "b"):
            inner.bold = True
        elif tag in ("em", "i"):
            inner.italic = True
        elif tag == "code":
            text = html.unescape(self._plain("".join(element.itertext())))
            run.append(Span(text, inner.bold, inner.italic, True, inner.link))
            return
        elif tag == "a":
            href = self._plain(element.get("href", "")).strip()
            inner.link = href if href.lower().startswith(_SAFE_LINKS) else ""
        self._inline_text(element.text, inner, run)
        for child in element:
            self._inline(child, inner, run, out)
            self._inline_text(child.tail, inner, run)

    def _inline_text(self, text: str | None, style: _Style, run: list[Span]) -> None:
        plain = self._plain(text)
        if not style.code:
            plain = plain.replace("\n", " ")
        if plain:
            run.append(Span(plain, style.bold, style.italic, style.code, style.link))

    def _flush(self, run: list[Span], out: list[Block]) -> None:
        spans = _joined(run)
        if text_of(spans).strip():
            out.append(Paragraph(spans))
        run.clear()

    def _plain(self, text: str | None) -> str:
        if not text:
            return ""
        text = util.HTML_PLACEHOLDER_RE.sub(self._stashed, text)
        text = _AMP_ENTITY.sub(lambda m: html.unescape("&" + m.group(1)), text)
        return _MARKERS.sub("", text.replace(util.AMP_SUBSTITUTE, "&"))

    def _stashed(self, match: re.Match[str]) -> str:
        index = int(match.group(1))
        return html.unescape(self.stash[index]) if index < len(self.stash) else ""


def _joined(run: list[Span]) -> Spans:
    """Neighbouring spans of one style made one; the paragraph's edges trimmed."""
    merged: list[Span] = []
    for span in run:
        last = merged[-1] if merged else None
        if last is not None and (last.bold, last.italic, last.code, last.link) == (
            span.bold,
            span.italic,
            span.code,
            span.link,
        ):
            text = last.text + span.text
            merged[-1] = Span(
                text.replace("\n ", "\n"), span.bold, span.italic, span.code, span.link
            )
        else:
            merged.append(span)
    if merged:
        first, last = merged[0], merged[-1]
        merged[0] = Span(first.text.lstrip(), first.bold, first.italic, first.code, first.link)
        last = merged[-1]
        merged[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.code, last.link)
    return tuple(s for s in merged if s.text)
