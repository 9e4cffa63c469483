"""The words of the closed vocabularies as the window shows them, translated.

The domain names travel modes, themes, site statuses and cost categories in English
(`.label`), as files and the command line use them. The window shows each through
`label()`, which looks the English label up in the catalogue, under the enum's name as
context. The labels are listed here only so that `pyside6-lupdate` extracts them; a test
checks the lists against the enums, so a new member cannot go untranslated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cityplanner.domain.costs import CostCategory
from cityplanner.domain.themes import ThemeGroup
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.domain.wording import mode_phrase as english_mode_phrase

Labelled = TravelMode | Theme | SiteStatus | CostCategory | ThemeGroup

#: The English labels, by context (the enum's name), as the domain writes them.
LABEL_SOURCES: dict[str, tuple[object, ...]] = {
    "TravelMode": (
        QT_TRANSLATE_NOOP("TravelMode", "Walk"),
        QT_TRANSLATE_NOOP("TravelMode", "Bike"),
        QT_TRANSLATE_NOOP("TravelMode", "Car"),
        QT_TRANSLATE_NOOP("TravelMode", "Bus"),
        QT_TRANSLATE_NOOP("TravelMode", "Train"),
        QT_TRANSLATE_NOOP("TravelMode", "Ferry"),
        QT_TRANSLATE_NOOP("TravelMode", "Plane"),
    ),
    "Theme": (
        QT_TRANSLATE_NOOP("Theme", "Sight"),
        QT_TRANSLATE_NOOP("Theme", "Museum"),
        QT_TRANSLATE_NOOP("Theme", "Nature"),
        QT_TRANSLATE_NOOP("Theme", "Food and drink"),
        QT_TRANSLATE_NOOP("Theme", "Lodging"),
        QT_TRANSLATE_NOOP("Theme", "Transport"),
        QT_TRANSLATE_NOOP("Theme", "Shopping"),
        QT_TRANSLATE_NOOP("Theme", "Event"),
        QT_TRANSLATE_NOOP("Theme", "Other"),
        QT_TRANSLATE_NOOP("Theme", "Connected city"),
        QT_TRANSLATE_NOOP("Theme", "Mobility"),
        QT_TRANSLATE_NOOP("Theme", "Water"),
        QT_TRANSLATE_NOOP("Theme", "Parking"),
        QT_TRANSLATE_NOOP("Theme", "Independent living"),
        QT_TRANSLATE_NOOP("Theme", "Autonomous vehicles"),
        QT_TRANSLATE_NOOP("Theme", "Energy"),
        QT_TRANSLATE_NOOP("Theme", "E-citizenship and participation"),
        QT_TRANSLATE_NOOP("Theme", "Living lab"),
        QT_TRANSLATE_NOOP("Theme", "Experiment"),
        QT_TRANSLATE_NOOP("Theme", "Showcase"),
    ),
    "ThemeGroup": (
        QT_TRANSLATE_NOOP("ThemeGroup", "General"),
        QT_TRANSLATE_NOOP("ThemeGroup", "Smart city"),
    ),
    "SiteStatus": (
        QT_TRANSLATE_NOOP("SiteStatus", "Idea"),
        QT_TRANSLATE_NOOP("SiteStatus", "Planned"),
        QT_TRANSLATE_NOOP("SiteStatus", "Visited"),
        QT_TRANSLATE_NOOP("SiteStatus", "Skipped"),
    ),
    "CostCategory": (
        QT_TRANSLATE_NOOP("CostCategory", "Lodging"),
        QT_TRANSLATE_NOOP("CostCategory", "Transport"),
        QT_TRANSLATE_NOOP("CostCategory", "Food and drink"),
        QT_TRANSLATE_NOOP("CostCategory", "Activities"),
        QT_TRANSLATE_NOOP("CostCategory", "Shopping"),
        QT_TRANSLATE_NOOP("CostCategory", "Fees"),
        QT_TRANSLATE_NOOP("CostCategory", "Other"),
    ),
    # How one travels by each mode, as in "Albi → Arles by car".
    "TravelPhrase": (
        QT_TRANSLATE_NOOP("TravelPhrase", "on foot"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by bike"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by car"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by bus"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by train"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by ferry"),
        QT_TRANSLATE_NOOP("TravelPhrase", "by plane"),
    ),
}


def label(member: Labelled) -> str:
    """The member's label in the window's language ("Train", "Musée", "Hébergement")."""
    return QCoreApplication.translate(type(member).__name__, member.label)


def mode_label(value: str | None) -> str:
    """A travel mode's label from its value ("car"); "not set" for none or an unknown one."""
    try:
        return label(TravelMode(value or ""))
    except ValueError:
        return QCoreApplication.translate("TravelMode", "not set")


def mode_phrase(mode: TravelMode) -> str:
    """How one travels by `mode`, in the window's language: "by car", « en voiture »."""
    return QCoreApplication.translate("TravelPhrase", english_mode_phrase(mode.value))
