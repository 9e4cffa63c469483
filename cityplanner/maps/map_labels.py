"""Names beside a static map's markers, placed by a greedy rule so that none overlap.

Widths are measured with the metrics of the font the book prints them in (DejaVu Serif
Bold, shipped in resources/fonts), so a label's box is the box its text really covers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from cityplanner.maps.clipping import Box, inside, overlaps
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

LABEL_FONT_FILE = "DejaVuSerif-Bold.ttf"
#: Ascent and descent of DejaVu Serif, as shares of the font size.
ASCENT, DESCENT = 0.928, 0.236
_AVERAGE_ADVANCE = 0.64
MAX_LABEL_CHARS = 32
#: How far from its marker a label may stand, tried nearest first.
_GAPS = (1.5, 9.0, 18.0)


@cache
def _metrics() -> tuple[dict[int, float], float]:
    """Advance widths per code point, as shares of the font size, and the fallback."""
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(resource_path("fonts", LABEL_FONT_FILE)), lazy=True)
        per_em = float(font["head"].unitsPerEm)
        metrics = font["hmtx"].metrics
        widths = {
            code: metrics[name][0] / per_em
            for code, name in font.getBestCmap().items()
            if name in metrics
        }
        return widths, _AVERAGE_ADVANCE
    except Exception:  # no fontTools, or a damaged file: an average width will do
        log.warning("Cannot read the label font's metrics; widths are estimated", exc_info=True)
        return {}, _AVERAGE_ADVANCE


def text_width(text: str, size: float) -> float:
    """The width, in points, of `text` printed in the label font at `size` points."""
    widths, fallback = _metrics()
    return sum(widths.get(ord(c), fallback) for c in text) * size


def short_label(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def number_list(numbers: Sequence[int]) -> str:
    """Numbers of a marker standing for several: 4, 4–6, 1,9 or 3…12."""
    ordered = sorted(set(numbers))
    runs: list[tuple[int, int]] = []
    for n in ordered:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    if len(runs) > 2:
        return f"{ordered[0]}…{ordered[-1]}"
    return ",".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


@dataclass(slots=True)
class Group:
    """Markers close enough to overlap, drawn as one."""

    x: float
    y: float
    numbers: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    priority: float = 0.0


def grouped(points: Sequence[tuple[float, float, int, str, float]], distance: float) -> list[Group]:
    """Markers (x, y, number, name, priority) joined into groups closer than `distance`."""
    groups: list[Group] = []
    for x, y, number, name, priority in points:
        for group in groups:
            if (group.x - x) ** 2 + (group.y - y) ** 2 < distance * distance:
                break
        else:
            group = Group(x, y)
            groups.append(group)
        group.numbers.append(number)
        if name not in group.names:
            group.names.append(name)
        group.priority = max(group.priority, priority)
    return groups


@dataclass(frozen=True, slots=True)
class LabelWish:
    """A name that would like to stand beside a marker occupying `anchor`."""

    anchor: Box
    text: str
    size: float
    colour: str
    priority: float


@dataclass(frozen=True, slots=True)
class Placed:
    box: Box
    wish: LabelWish


def place_labels(wishes: Sequence[LabelWish], obstacles: Sequence[Box], frame: Box) -> list[Placed]:
    """Put each label, most important first, at the first free spot around its marker.

    The spots are tried in the order a cartographer would: right, left, then the four
    corners, then above and below. A label with no free spot is left out; its marker
    keeps its number, which the page's lists repeat.
    """
    taken = list(obstacles)
    placed: list[Placed] = []
    for wish in sorted(wishes, key=lambda w: -w.priority):
        width = text_width(wish.text, wish.size) + 1.0
        height = wish.size * (ASCENT + DESCENT)
        spots = (box for gap in _GAPS for box in _spots(wish.anchor, width, height, gap=gap))
        for box in spots:
            if inside(box, frame) and not any(overlaps(box, other) for other in taken):
                taken.append(box)
                placed.append(Placed(box, wish))
                break
    return placed


def _spots(anchor: Box, width: float, height: float, *, gap: float) -> list[Box]:
    left, top, right, bottom = anchor
    mid = (top + bottom) / 2
    centre = (left + right) / 2
    quarter = (right - left) / 4
    spots = [
        (right + gap, mid - height / 2),
        (left - gap - width, mid - height / 2),
        (right - quarter + gap, top - height - gap / 2),
        (right - quarter + gap, bottom + gap / 2),
        (left + quarter - width - gap, top - height - gap / 2),
        (left + quarter - width - gap, bottom + gap / 2),
        (centre - width / 2, top - gap - height),
        (centre - width / 2, bottom + gap),
    ]
    return [(x, y, x + width, y + height) for x, y in spots]
