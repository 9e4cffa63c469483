"""What a static map is made of: plain shapes in points, from the frame's top left.

`cityplanner.maps.static_map` computes them; `static_svg` and `static_pdf` draw them.
There is no kind of shape for a control: a printed map has no buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityplanner.maps.clipping import Point
from cityplanner.maps.map_labels import ASCENT

SEA, LAND, VISITED_LAND = "#dbe7f0", "#f5f2ea", "#ece3cd"
BORDER, FRAME, INK, GREY = "#b3a996", "#8c8c8c", "#222222", "#666666"
STOP_COLOUR = "#c62828"


@dataclass(frozen=True, slots=True)
class Area:
    """A filled outline (a country), cut to the frame."""

    points: tuple[Point, ...]
    fill: str
    stroke: str
    width: float


@dataclass(frozen=True, slots=True)
class Line:
    """A leg, or a piece of one inside the frame; `dash` alternates on and off lengths."""

    points: tuple[Point, ...]
    colour: str
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Marker:
    """A disc (or, wider than tall, a capsule) with an optional number centred in it."""

    x: float
    y: float
    radius: float
    half_width: float
    fill: str
    text: str = ""
    text_size: float = 0.0
    stroke: str = "#ffffff"
    stroke_width: float = 0.8


@dataclass(frozen=True, slots=True)
class Label:
    """A name in a box at (x, y) (top left); its baseline is `baseline` below the top."""

    x: float
    y: float
    width: float
    height: float
    text: str
    size: float
    colour: str = INK

    @property
    def baseline(self) -> float:
        return self.size * ASCENT


@dataclass(frozen=True, slots=True)
class ScaleBar:
    """A bar `length` points long from (x, y), with what that length is on the ground."""

    x: float
    y: float
    length: float
    text: str


@dataclass(frozen=True, slots=True)
class StaticMap:
    """Everything to draw, in points from the frame's top left, back to front."""

    width: float
    height: float
    sea: str
    areas: tuple[Area, ...]
    lines: tuple[Line, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Label, ...]
    scale: ScaleBar | None
    attribution: Label | None
    frame: str = FRAME
