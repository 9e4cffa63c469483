"""A static map written as inline SVG, for the HTML travelogue: no script, no link."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from cityplanner.domain.validation import plain_line
from cityplanner.maps.clipping import Point
from cityplanner.maps.static_map import INK, Label, Marker, StaticMap

log = logging.getLogger(__name__)

_FONT = "'DejaVu Serif', Georgia, serif"
_KEY = re.compile(r"[^a-z0-9-]")


def svg_text(text: str) -> str:
    """Text for SVG content or a double-quoted attribute: one line, XML escaped."""
    return (
        plain_line(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def map_svg(drawing: StaticMap, *, title: str, key: str = "map") -> str:
    """The map as one `<svg>` element, sized in points and scaling to its container.

    `key` tells the maps of one page apart (their clip paths need distinct ids).
    """
    clip = "cpmap-" + _KEY.sub("", key.lower())
    w, h = _n(drawing.width), _n(drawing.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}pt" '
        f'height="{h}pt" role="img" aria-label="{svg_text(title)}" class="static-map">',
        f"<title>{svg_text(title)}</title>",
        f'<defs><clipPath id="{clip}"><rect width="{w}" height="{h}"/></clipPath></defs>',
        f'<g clip-path="url(#{clip})">',
        f'<rect width="{w}" height="{h}" fill="{drawing.sea}"/>',
    ]
    for area in drawing.areas:
        parts.append(
            f'<path d="{_path(area.points)}Z" fill="{area.fill}" stroke="{area.stroke}" '
            f'stroke-width="{_n(area.width)}" stroke-linejoin="round"/>'
        )
    for line in drawing.lines:
        dash = f' stroke-dasharray="{" ".join(_n(v) for v in line.dash)}"' if line.dash else ""
        parts.append(
            f'<path d="{_path(line.points)}" fill="none" stroke="{line.colour}" '
            f'stroke-width="{_n(line.width)}" stroke-linecap="round"{dash}/>'
        )
    parts.extend(_marker(marker) for marker in drawing.markers)
    parts.extend(_label(label) for label in drawing.labels)
    if drawing.scale is not None:
        bar = drawing.scale
        x0, x1, y = _n(bar.x), _n(bar.x + bar.length), _n(bar.y)
        parts.append(
            f'<g class="scale"><path d="M{x0} {_n(bar.y - 3)}V{y}H{x1}V{_n(bar.y - 3)}" '
            f'fill="none" stroke="{INK}" stroke-width="0.8"/>'
            + _text(bar.x, bar.y - 4, bar.text, 6.0, INK, bold=False)
            + "</g>"
        )
    if drawing.attribution is not None:
        parts.append(_label(drawing.attribution, bold=False))
    parts.append("</g>")
    parts.append(
        f'<rect width="{w}" height="{h}" fill="none" stroke="{drawing.frame}" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _marker(marker: Marker) -> str:
    x, y, r = marker.x, marker.y, marker.radius
    stroke = f'stroke="{marker.stroke}" stroke-width="{_n(marker.stroke_width)}"'
    if marker.half_width > r:
        shape = (
            f'<rect x="{_n(x - marker.half_width)}" y="{_n(y - r)}" '
            f'width="{_n(2 * marker.half_width)}" height="{_n(2 * r)}" rx="{_n(r)}" '
            f'fill="{marker.fill}" {stroke}/>'
        )
    else:
        shape = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{marker.fill}" {stroke}/>'
    if not marker.text:
        return shape
    return (
        f'{shape}<text x="{_n(x)}" y="{_n(y + marker.text_size * 0.35)}" '
        f'text-anchor="middle" font-family="{_FONT}" font-weight="bold" '
        f'font-size="{_n(marker.text_size)}" fill="#ffffff">{svg_text(marker.text)}</text>'
    )


def _label(label: Label, *, bold: bool = True) -> str:
    return _text(label.x, label.y + label.baseline, label.text, label.size, label.colour, bold=bold)


def _text(x: float, y: float, text: str, size: float, colour: str, *, bold: bool) -> str:
    """Text with a white halo: the same text stroked white, then filled over it."""
    weight = ' font-weight="bold"' if bold else ""
    common = f'x="{_n(x)}" y="{_n(y)}" font-family="{_FONT}"{weight} font-size="{_n(size)}"'
    content = svg_text(text)
    return (
        f'<text {common} fill="#ffffff" stroke="#ffffff" stroke-width="2" '
        f'stroke-linejoin="round">{content}</text><text {common} fill="{colour}">{content}</text>'
    )


def _path(points: Sequence[Point]) -> str:
    if not points:
        return ""
    first, *rest = points
    return f"M{_n(first[0])} {_n(first[1])}" + "".join(f"L{_n(x)} {_n(y)}" for x, y in rest)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
