"""A static map drawn as vectors into an fpdf2 page: crisp at any zoom, a few kilobytes.

The page's unit is millimetres; `font` is the family the page registered for its text
(the book's DejaVu Serif, whose metrics `map_labels` measures labels with).
"""

from __future__ import annotations

import logging

from fpdf import FPDF
from fpdf.enums import TextMode

from cityplanner.maps.static_map import INK, Label, StaticMap

log = logging.getLogger(__name__)

#: Millimetres per point.
PT = 25.4 / 72
_HALO = 2.0 * PT


def draw_map(pdf: FPDF, drawing: StaticMap, x: float, y: float, *, font: str) -> float:
    """Draw the map with its top left at (x, y) millimetres; return its height in mm."""
    width, height = drawing.width * PT, drawing.height * PT

    def at(px: float, py: float) -> tuple[float, float]:
        return (x + px * PT, y + py * PT)

    with pdf.local_context(), pdf.rect_clip(x, y, width, height):
        pdf.set_fill_color(*rgb(drawing.sea))
        pdf.rect(x, y, width, height, style="F")
        for area in drawing.areas:
            pdf.set_fill_color(*rgb(area.fill))
            pdf.set_draw_color(*rgb(area.stroke))
            pdf.set_line_width(area.width * PT)
            pdf.polygon([at(*p) for p in area.points], style="DF")
        for line in drawing.lines:
            with pdf.new_path() as path:
                path.style.fill_color = None
                path.style.stroke_color = line.colour
                path.style.stroke_width = line.width * PT
                path.style.stroke_cap_style = "ROUND"
                path.style.auto_close = False
                if line.dash:
                    path.style.stroke_dash_pattern = [v * PT for v in line.dash]
                path.move_to(*at(*line.points[0]))
                for point in line.points[1:]:
                    path.line_to(*at(*point))
        for marker in drawing.markers:
            cx, cy = at(marker.x, marker.y)
            pdf.set_fill_color(*rgb(marker.fill))
            pdf.set_draw_color(*rgb(marker.stroke))
            pdf.set_line_width(marker.stroke_width * PT)
            r, half = marker.radius * PT, marker.half_width * PT
            if half > r:
                pdf.rect(
                    cx - half,
                    cy - r,
                    2 * half,
                    2 * r,
                    style="DF",
                    round_corners=True,
                    corner_radius=r,
                )
            else:
                pdf.circle(cx, cy, r, style="DF")
            if marker.text:
                pdf.set_font(font, "B", marker.text_size)
                pdf.set_text_color(255, 255, 255)
                text_w = pdf.get_string_width(marker.text)
                pdf.text(cx - text_w / 2, cy + marker.text_size * 0.36 * PT, marker.text)
        for label in drawing.labels:
            _label(pdf, label, x, y, font, bold=True)
        if drawing.scale is not None:
            bar = drawing.scale
            x0, y0 = at(bar.x, bar.y)
            x1 = x0 + bar.length * PT
            pdf.set_draw_color(*rgb(INK))
            pdf.set_line_width(0.8 * PT)
            pdf.polyline([(x0, y0 - 3 * PT), (x0, y0), (x1, y0), (x1, y0 - 3 * PT)])
            _halo_text(pdf, x0, y0 - 4 * PT, bar.text, 6.0, INK, font, bold=False)
        if drawing.attribution is not None:
            _label(pdf, drawing.attribution, x, y, font, bold=False)
    pdf.set_draw_color(*rgb(drawing.frame))
    pdf.set_line_width(0.8 * PT)
    pdf.rect(x, y, width, height, style="D")
    return height


def _label(pdf: FPDF, label: Label, x: float, y: float, font: str, *, bold: bool) -> None:
    left, baseline = x + label.x * PT, y + (label.y + label.baseline) * PT
    _halo_text(pdf, left, baseline, label.text, label.size, label.colour, font, bold=bold)


def _halo_text(
    pdf: FPDF, x: float, y: float, text: str, size: float, colour: str, font: str, *, bold: bool
) -> None:
    """Text over a white outline of itself, readable over lines and borders."""
    pdf.set_font(font, "B" if bold else "", size)
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(_HALO)
    pdf.text_mode = TextMode.STROKE
    pdf.text(x, y, text)
    pdf.text_mode = TextMode.FILL
    pdf.set_text_color(*rgb(colour))
    pdf.text(x, y, text)


def rgb(colour: str) -> tuple[int, int, int]:
    """#rrggbb as three numbers."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
