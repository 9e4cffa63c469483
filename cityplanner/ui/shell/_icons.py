"""Icons from qtawesome, drawn in the palette's text colour so they suit light and dark themes."""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

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

THEME_ICONS = {
    Theme.CONNECTED_CITY: ("fa5s.wifi", "#1f77b4"),
    Theme.MOBILITY: ("fa5s.bus", "#ff7f0e"),
    Theme.WATER: ("fa5s.tint", "#17becf"),
    Theme.PARKING: ("fa5s.parking", "#7f7f7f"),
    Theme.INDEPENDENT_LIVING: ("fa5s.home", "#8c564b"),
    Theme.AUTONOMOUS_VEHICLES: ("fa5s.car", "#d62728"),
    Theme.ENERGY: ("fa5s.bolt", "#bcbd22"),
    Theme.E_CITIZENSHIP: ("fa5s.users", "#9467bd"),
    Theme.LIVING_LAB: ("fa5s.flask", "#2ca02c"),
    Theme.EXPERIMENT: ("fa5s.lightbulb", "#e377c2"),
    Theme.SHOWCASE: ("fa5s.star", "#e6ab02"),
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


def theme_icon(theme: Theme, status: SiteStatus | None = None) -> QIcon:
    glyph, colour = THEME_ICONS[theme]
    if status in (SiteStatus.IDEA, SiteStatus.SKIPPED):
        colour = QColor(colour).lighter(150).name()
    return _icon(glyph, colour)


@cache
def _icon(glyph: str, colour: str) -> QIcon:
    result: QIcon = qta.icon(glyph, color=colour)
    return result
