"""One escaping function per output target of the map pages.

Text from users and files reaches the page only as JSON inside a
`<script type="application/json">` element, and the page's own script puts it
into the document with `textContent`. Two more targets exist: HTML text and
attributes written by Python (the page title), and library code inlined into
a `<script>` or `<style>` element.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

# Characters that could end the script element, open an HTML comment, or end a
# JavaScript line; JSON allows any character to be written as \uXXXX.
_JSON_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_for_script(value: Any) -> str:
    """JSON text safe to place inside any HTML `<script>` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return text


def html_text(value: str) -> str:
    """Text safe as HTML element content or a quoted attribute value."""
    return html.escape(value, quote=True)


_END_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


def inline_code(source: str) -> str:
    """Library JavaScript or CSS made safe to inline in a `<script>`/`<style>` element.

    `<\\/script` means the same inside JavaScript strings, regular expressions and
    comments, and CSS never needs the sequence outside strings.
    """
    return _END_TAG.sub(lambda m: "<\\/" + m.group(1), source)
