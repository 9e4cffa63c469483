"""Journal Markdown rendered to HTML that cannot carry a script, a hostile link or a remote load."""

from __future__ import annotations

import html
import logging
import re
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

log = logging.getLogger(__name__)

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)


def html_text(text: str) -> str:
    """Plain text for HTML content or a double-quoted attribute."""
    return html.escape(text, quote=True)


def render_markdown(text: str) -> str:
    """HTML for a journal entry's Markdown.

    Raw HTML in the text is shown as text, links keep only http(s) and mailto
    addresses, and pictures become links, so that an exported travelogue loads
    nothing from the network and runs nothing.
    """
    md = markdown.Markdown(output_format="html", extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeElements(md), "cityplanner_safe", 0)
    rendered: str = md.convert(text)
    return rendered


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
