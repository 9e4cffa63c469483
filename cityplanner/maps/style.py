"""How the map draws statuses and travel modes: the order of statuses, line styles.

Themes look the same everywhere: their colours and icons are in `cityplanner.domain.themes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityplanner.domain.vocabulary import SiteStatus, TravelMode


@dataclass(frozen=True, slots=True)
class ModeStyle:
    colour: str
    #: SVG stroke-dasharray; empty for a solid line.
    dash: str
    weight: float


MODES: dict[TravelMode, ModeStyle] = {
    TravelMode.WALK: ModeStyle("#6b8e23", "2 6", 3),
    TravelMode.BIKE: ModeStyle("#2e8b57", "6 5", 3),
    TravelMode.CAR: ModeStyle("#c0392b", "", 3.5),
    TravelMode.BUS: ModeStyle("#d35400", "10 4 2 4", 3.5),
    TravelMode.TRAIN: ModeStyle("#2c3e50", "", 4),
    TravelMode.FERRY: ModeStyle("#1f6fb2", "12 6 2 6", 3.5),
    TravelMode.PLANE: ModeStyle("#5b4fa3", "9 9", 3),
}

#: A leg whose mode is not known yet.
UNKNOWN_MODE = ModeStyle("#888888", "1 7", 3)

STATUS_ORDER: tuple[SiteStatus, ...] = (
    SiteStatus.VISITED,
    SiteStatus.PLANNED,
    SiteStatus.IDEA,
    SiteStatus.SKIPPED,
)
