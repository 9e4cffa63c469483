"""Journal Markdown rendered to HTML, or written again as Markdown, that cannot carry a
script, a hostile link or a remote load."""

from __future__ import annotations

import html
import logging
import re
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from cityplanner.domain.validation import plain_text
from cityplanner.formats.markdown_writer import MarkdownWriter

log = logging.getLogger(__name__)

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)


def html_text(text: str) -> str:
    """Plain text for HTML content or a double-quoted attribute."""
    return html.escape(plain_text(text), quote=True)


def render_markdown(text: str) -> str:
    """HTML for a journal entry's Markdown.

    Raw HTML in the text is shown as text, links keep only http(s) and mailto
    addresses, and pictures become links, so that an exported travelogue loads
    nothing from the network and runs nothing.
    """
    rendered: str = _journal_reader().convert(text)
    return rendered


def safe_markdown(text: str) -> str:
    """A journal entry's Markdown written again with what `render_markdown` lets through.

    It is read exactly as for HTML, then written back from the parsed document, so the
    result holds only the constructs written here: raw HTML (blocks and inline) becomes
    text, links keep only http(s) and mailto addresses, and pictures become links.
    Whatever Markdown program later shows the file finds nothing to run or to load.
    """
    reader = _journal_reader()
    capture = _Capture(reader)
    # After every other step, the escapes and the link check included.
    reader.treeprocessors.register(capture, "cityplanner_capture", -100)
    reader.convert(text)
    if capture.root is None:
        return ""
    return MarkdownWriter(reader.htmlStash.rawHtmlBlocks).document(capture.root)


def _journal_reader() -> markdown.Markdown:
    md = markdown.Markdown(output_format="html", extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeElements(md), "cityplanner_safe", 0)
    return md


def demote_headings(text: str, levels: int) -> str:
    """Push a journal's own Markdown headings below the chapter's headings."""

    def deeper(match: re.Match[str]) -> str:
        return "#" * min(6, len(match.group(1)) + levels)

    return _HEADING.sub(deeper, text)


class _SafeElements(Treeprocessor):  # type: ignore[misc]
    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                href = element.get("href", "")
                if not href.lower().startswith(_SAFE_SCHEMES):
                    element.tag = "span"  # the text stays, the address goes
                    element.attrib.clear()
            elif element.tag == "img":
                source = element.get("src", "")
                label = element.get("alt") or source
                element.attrib.clear()
                element.tag = "span"
                if source.lower().startswith(("http://", "https://")):
                    element.tag = "a"
                    element.set("href", source)
                element.text = label


class _Capture(Treeprocessor):  # type: ignore[misc]
    """Keeps the finished document tree, for `safe_markdown` to write out."""

    root: Element | None = None

    def run(self, root: Element) -> None:
        self.root = root
