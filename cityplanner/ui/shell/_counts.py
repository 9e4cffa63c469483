"""Counts, numbers and amounts in the window's language: "1 stop", "2 stops", "1 234 étapes".

A counted word is one Qt numerus message ("%Ln stop(s)"): each catalogue gives its
language's plural forms (the English one "1 stop" and "2 stops", the French one uses the
singular for 0 and 1), and `%Ln` writes the number with the locale's thousands separator.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from PySide6.QtCore import QLocale, QObject

from cityplanner.domain.units import DistanceUnit, in_unit
from cityplanner.money.display import format_money
from cityplanner.ui.shell._language import babel_locale

# The words the window counts.
Noun = Literal[
    "conflict",
    "country",
    "day",
    "entry",
    "leg",
    "night",
    "photo",
    "site",
    "stop",
    "traveller",
    "trip",
]


class Counts(QObject):
    """The translation context of the counted words."""

    def text(self, count: int, noun: Noun) -> str:
        # Each message is written out in full so that `pyside6-lupdate` finds it.
        texts: dict[str, Callable[[], str]] = {
            "conflict": lambda: self.tr("%Ln conflict(s)", "", count),
            "country": lambda: self.tr("%Ln country(s)", "", count),
            "day": lambda: self.tr("%Ln day(s)", "", count),
            "entry": lambda: self.tr("%Ln journal entry(s)", "", count),
            "leg": lambda: self.tr("%Ln leg(s)", "", count),
            "night": lambda: self.tr("%Ln night(s)", "", count),
            "photo": lambda: self.tr("%Ln photo(s)", "", count),
            "site": lambda: self.tr("%Ln site(s)", "", count),
            "stop": lambda: self.tr("%Ln stop(s)", "", count),
            "traveller": lambda: self.tr("%Ln traveller(s)", "", count),
            "trip": lambda: self.tr("%Ln trip(s)", "", count),
        }
        return texts[noun]()


_COUNTS = Counts()


def plural(count: int, noun: Noun) -> str:
    """1 stop, 2 stops, 1,234 stops — in the window's language (1 étape, 1 234 étapes)."""
    return _COUNTS.text(count, noun)


def number(value: float, decimals: int = 0) -> str:
    """A figure with the locale's separators: 1,234 (English), 1 234 (French)."""
    if decimals == 0:
        return QLocale().toString(round(value))
    return QLocale().toString(float(value), "f", decimals)


#: How the window writes distances (Edit → Preferences…); set when a window opens.
_UNIT = [DistanceUnit.KM]


def set_distance_unit(unit: DistanceUnit) -> None:
    _UNIT[0] = unit


def distance_unit() -> DistanceUnit:
    return _UNIT[0]


def distance_figure(km: float) -> str:
    """A distance held in km as a figure in the window's unit: 1,036 (km) or 644 (mi)."""
    return number(in_unit(km, _UNIT[0]))


def distance(km: float) -> str:
    """1,036 km or 644 mi, with the locale's separators (1 036 km)."""
    return f"{distance_figure(km)} {_UNIT[0].value}"


def money(amount: Decimal, currency: str) -> str:
    """An amount as the window's language writes it: €1,234.50, 1 234,50 €."""
    return format_money(amount, currency, locale=babel_locale())


def for_rich_text(text: str) -> str:
    """`text` for a rich-text label: Qt's HTML reads the narrow no-break space that French
    puts in 1 234,50 € as a breakable space, so it becomes a no-break space there."""
    return text.replace("\u202f", "\u00a0")
