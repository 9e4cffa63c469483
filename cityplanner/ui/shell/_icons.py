"""Icons from qtawesome, drawn in the palette's text colour so they suit light and dark themes."""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from cityplanner.domain.themes import theme_colour, theme_icon_name
from cityplanner.domain.vocabulary import SiteStatus, Theme

#: Font Awesome 5 solid names used by the app.
NAMES = {
    "new-trip": "fa5s.suitcase",
    "open": "fa5s.folder-open",
    "delete": "fa5s.trash-alt",
    "undo": "fa5s.undo",
    "redo": "fa5s.redo",
    "add-stop": "fa5s.map-marker-alt",
    "add-site": "fa5s.map-pin",
    "journal": "fa5s.book-open",
    "optimise": "fa5s.route",
    "search": "fa5s.search",
    "online": "fa5s.globe-europe",
    "keyboard": "fa5s.keyboard",
    "preferences": "fa5s.sliders-h",
    "print": "fa5s.print",
    "about": "fa5s.info-circle",
    "quit": "fa5s.sign-out-alt",
    "up": "fa5s.arrow-up",
    "down": "fa5s.arrow-down",
    "import": "fa5s.file-import",
    "export": "fa5s.file-export",
    "map": "fa5s.map",
    "pin": "fa5s.thumbtack",
    "calendar": "fa5s.calendar-alt",
    "days": "fa5s.calendar-day",
    "sleep": "fa5s.bed",
    "mode-walk": "fa5s.walking",
    "mode-bike": "fa5s.bicycle",
    "mode-car": "fa5s.car",
    "mode-bus": "fa5s.bus",
    "mode-train": "fa5s.train",
    "mode-ferry": "fa5s.ship",
    "mode-plane": "fa5s.plane",
    "travel": "fa5s.route",
    "add-cost": "fa5s.coins",
    "budget": "fa5s.wallet",
    "stats": "fa5s.chart-bar",
}


def _text_colour() -> QColor:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.WindowText)
    return QColor("black")


def icon(name: str) -> QIcon:
    return _icon(NAMES[name], _text_colour().name())


def conflict_icon() -> QIcon:
    """A warning in red: something in the schedule collides."""
    return _icon("fa5s.exclamation-triangle", "#d62728")


def theme_glyph(theme: Theme) -> str:
    """The qtawesome name of the theme's icon: the domain names Font Awesome 5 solid icons."""
    return f"fa5s.{theme_icon_name(theme)}"


def theme_icon(theme: Theme, status: SiteStatus | None = None) -> QIcon:
    """The theme's icon in the theme's colour (paler for an idea or a skipped site)."""
    glyph, colour = theme_glyph(theme), theme_colour(theme)
    if status in (SiteStatus.IDEA, SiteStatus.SKIPPED):
        colour = QColor(colour).lighter(150).name()
    return _icon(glyph, colour)


@cache
def _icon(glyph: str, colour: str) -> QIcon:
    result: QIcon = qta.icon(glyph, color=colour)
    return result
