"""Markdown written from a parsed Markdown document, holding nothing but what it writes.

`MarkdownWriter` turns the tree Python-Markdown builds (paragraphs, headings, lists,
quotes, code, emphasis, links, line breaks) back into Markdown. Every piece of text is
escaped, so the only markup in the result is the markup written here: no raw HTML, no
autolink and no link whose address the tree did not hold. Code keeps its text verbatim,
inside a fence of backticks longer than any run in it, or indented.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from xml.etree.ElementTree import Element

from markdown import util

log = logging.getLogger(__name__)

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "hr",
                     "blockquote", "div"})  # fmt: skip
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
#: What would start a heading, a quote or a list at the start of a line.
_LINE_MARKER = re.compile(r"^([#>+\-])")
#: What would underline a heading or open a fence at the start of a line.
_ENTITY_MARKERS = {"=": "&#61;", "~": "&#126;"}
_NUMBERED = re.compile(r"^(\d+)([.)])")
_AMP_ENTITY = re.compile(re.escape(util.AMP_SUBSTITUTE) + r"(#\d+;|#x[0-9a-fA-F]+;|\w+;)")
_MARKERS = re.compile(f"[{util.STX}{util.ETX}]")
#: Characters that would end or split a link's address in `[text](address)`.
_ADDRESS_UNSAFE = re.compile(r"[\s()<>\\\"'`\x00-\x1f\x7f]")


class MarkdownWriter:
    """Writes a Python-Markdown tree as Markdown; `stash` is its `htmlStash.rawHtmlBlocks`."""

    def __init__(self, stash: Sequence[str]) -> None:
        self._stash = stash

    def document(self, root: Element) -> str:
        return "\n\n".join(self._blocks(root)).strip("\n")

    # -- blocks -------------------------------------------------------------------------

    def _blocks(self, parent: Element) -> list[str]:
        """The blocks inside `parent`; inline content between them becomes a paragraph."""
        blocks: list[str] = []
        run = _Run()
        run.text(self._plain(parent.text))
        for child in parent:
            if child.tag in _BLOCKS:
                run.flush_into(blocks)
                blocks.extend(self._block(child))
                run = _Run()
            else:
                self._inline(child, run)
            run.text(self._plain(child.tail))
        run.flush_into(blocks)
        return blocks

    def _block(self, element: Element) -> list[str]:
        tag = element.tag
        if tag == "p":
            run = self._content(element)
            return [run.value()] if run.value() else []
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            title = " ".join(self._content(element).value().split())
            if title.endswith("#"):  # else read as the heading's closing sequence
                title = title[:-1] + "\\#"
            return [f"{'#' * int(tag[1])} {title}"] if title else []
        if tag == "hr":
            return ["---"]
        if tag == "pre":
            return [_indented_code(self._code_text(element))]
        if tag == "blockquote":
            inner = "\n\n".join(self._blocks(element))
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag in ("ul", "ol"):
            return [self._list(element)]
        return self._blocks(element)  # li outside a list, div: their content

    def _list(self, element: Element) -> str:
        ordered = element.tag == "ol"
        try:
            number = int(element.get("start", "1"))
        except ValueError:
            number = 1
        items = []
        for item in element:
            blocks = self._blocks(item)
            loose = any(child.tag == "p" for child in item)
            body = ("\n\n" if loose else "\n").join(blocks)
            marker = f"{number}. " if ordered else "- "
            number += 1
            lines = body.split("\n") or [""]
            # Four spaces nest content under an item for Python-Markdown and CommonMark alike.
            rest = [f"    {line}" if line else "" for line in lines[1:]]
            items.append("\n".join([marker + lines[0], *rest]))
        return "\n".join(items)

    # -- inline -------------------------------------------------------------------------

    def _content(self, element: Element) -> _Run:
        run = _Run()
        run.text(self._plain(element.text))
        for child in element:
            self._inline(child, run)
            run.text(self._plain(child.tail))
        return run

    def _inline(self, element: Element, run: _Run) -> None:
        tag = element.tag
        if tag == "br":
            run.markup("  \n")
        elif tag == "code":
            run.markup(_code_span(self._code_text(element)))
        elif tag in ("em", "strong"):
            inner = self._content(element).value()
            mark = "*" if tag == "em" else "**"
            run.markup(f"{mark}{inner}{mark}" if inner.strip() else inner)
        elif tag == "a":
            address = _address(element.get("href", ""))
            inner = self._content(element).value().strip()
            run.markup(f"[{inner or _escaped(address)}]({address})" if address else inner)
        elif tag in _BLOCKS:  # a block inside inline content: keep its text, on its line
            run.markup("\n" + "\n\n".join(self._blocks(element)) + "\n")
        else:  # span (a refused link or picture), img, anything unknown: its text
            inner = self._content(element).value()
            run.markup(inner or _escaped(self._plain(element.get("alt"))))

    def _plain(self, text: str | None) -> str:
        """Text as the reader sees it: stashed entities and escapes put back."""
        if not text:
            return ""
        text = util.HTML_PLACEHOLDER_RE.sub(self._stashed, text)
        text = _AMP_ENTITY.sub(lambda m: html.unescape("&" + m.group(1)), text)
        return _MARKERS.sub("", text.replace(util.AMP_SUBSTITUTE, "&"))

    def _stashed(self, match: re.Match[str]) -> str:
        index = int(match.group(1))
        return html.unescape(self._stash[index]) if index < len(self._stash) else ""

    def _code_text(self, element: Element) -> str:
        code = element.find("code") if element.tag == "pre" else element
        text = "".join(code.itertext()) if code is not None else "".join(element.itertext())
        # Python-Markdown keeps code with &, < and > escaped for HTML.
        return _MARKERS.sub("", html.unescape(self._plain(text)))


class _Run:
    """Inline Markdown being written, and whether it stands at the start of a line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._line_start = True

    def text(self, text: str) -> None:
        if text:
            self._parts.append(_escaped(text, line_start=self._line_start))
            self._line_start = text.endswith("\n")

    def markup(self, markup: str) -> None:
        if markup:
            self._parts.append(markup)
            self._line_start = markup.endswith("\n")

    def value(self) -> str:
        return "".join(self._parts).strip()

    def flush_into(self, blocks: list[str]) -> None:
        if self.value():
            blocks.append(self.value())


def _escaped(text: str, *, line_start: bool = True) -> str:
    """Text that Markdown shows as it is: no markup, no HTML, no entity."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i or line_start:
            # Indentation would make code, and a marker a list, a quote or a heading.
            line = line.lstrip(" ")
            if line[:1] in _ENTITY_MARKERS:  # Python-Markdown has no backslash escape for these
                line = _ENTITY_MARKERS[line[0]] + line[1:]
            else:
                line = _NUMBERED.sub(r"\1\\\2", _LINE_MARKER.sub(r"\\\1", line))
            lines[i] = line
    return "\n".join(lines)


def _address(href: str) -> str:
    """A link's address, percent-encoded where it could end `(…)` or escape from it."""
    return _ADDRESS_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)


def _code_span(code: str) -> str:
    flat = " ".join(code.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith(("`", " ")) or flat.endswith(("`", " ")) else flat
    return f"{fence}{padded}{fence}" if flat else ""


def _indented_code(code: str) -> str:
    lines = code.rstrip("\n").split("\n")
    return "\n".join(f"    {line}" if line.strip() else "" for line in lines)
