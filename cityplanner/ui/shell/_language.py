"""The window's language: which one, its catalogues, and the locale of its dates and numbers.

The window follows the system's languages unless Edit → Preferences… names one. Its
texts come from the Qt catalogues in `cityplanner/ui/translations/` (made from the
sources by `packaging/update_translations.py`), Qt's own texts (standard buttons, the
calendar) from the catalogues shipped with PySide6. Dates and numbers follow the
language's locale: Qt's through `QLocale.setDefault`, Babel's through `babel_locale()`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cityplanner.ui.shell._settings import Settings

log = logging.getLogger(__name__)

#: The languages the window is translated into, by code, each named in its own language.
LANGUAGES = {"en": "English", "fr": "Français"}
#: The language the sources are written in, and the one used when no other fits.
SOURCE_LANGUAGE = "en"
#: Where each language's dates and numbers follow when the system's region does not speak it.
#: English is British English, as the command line writes it.
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
#: The object name of the translators installed here, so a later call can replace them.
_TRANSLATOR = "cityplanner-translator"


@dataclass(frozen=True, slots=True)
class InstalledLanguage:
    """What `install_translators` set up: the language, its locale and the translators."""

    language: str
    locale: QLocale
    translators: tuple[QTranslator, ...]


def translations_folder() -> Path:
    """The folder of the compiled catalogues (`cityplanner_fr.qm` …), inside the package."""
    return Path(__file__).resolve().parents[1] / "translations"


def chosen_language(settings: Settings, system: QLocale | None = None) -> str:
    """The language to show: the one chosen in Preferences, else the system's first
    language the window speaks, else English."""
    chosen = settings.language()
    if chosen in LANGUAGES:
        return chosen
    if chosen:
        log.warning("The window is not translated into %r; following the system", chosen)
    for name in (system or QLocale.system()).uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def window_locale(language: str) -> QLocale:
    """The locale of the window's dates and numbers: the system's when it speaks `language`
    (so a French Canadian keeps Canadian formats), else the language's usual one."""
    system = QLocale.system()
    if language != SOURCE_LANGUAGE and _code(system) == language:
        return system
    return QLocale(_LOCALES.get(language, _LOCALES[SOURCE_LANGUAGE]))


def install_translators(app: QCoreApplication, language: str) -> InstalledLanguage:
    """Show the window in `language` from now on, replacing what an earlier call installed.

    Widgets already built keep their texts: call this before building the window.
    """
    if language not in LANGUAGES:
        language = SOURCE_LANGUAGE
    for old in app.findChildren(QTranslator, _TRANSLATOR):
        app.removeTranslator(old)
        old.deleteLater()
    locale = window_locale(language)
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    ours = _translator(app)
    # The English catalogue holds the plural forms ("1 stop", "2 stops") only.
    if ours.load(f"cityplanner_{language}", str(translations_folder())):
        installed.append(ours)
    else:
        log.warning("No catalogue for %r in %s", language, translations_folder())
    if language != SOURCE_LANGUAGE:
        qt = _translator(app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # Qt's standard buttons and dialogs; absent from a trimmed bundle, which is fine.
        if qt.load(locale, "qtbase", "_", qt_folder):
            installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    return InstalledLanguage(language, locale, tuple(installed))


def window_language() -> str:
    """The language installed last (English before any)."""
    code = _code(QLocale())
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def babel_locale() -> str:
    """The window's locale as Babel names it ("fr_FR", "en_GB"), for amounts and dates."""
    locale = QLocale()
    return locale.name() if _code(locale) in LANGUAGES else _LOCALES[SOURCE_LANGUAGE]


def wording_locale() -> str | None:
    """The locale to give `cityplanner.domain.wording`: None for English, which the window
    writes as the command line does ("Sat 7 Oct 2017"), else the window's locale."""
    return None if window_language() == SOURCE_LANGUAGE else babel_locale()


def _translator(app: QCoreApplication) -> QTranslator:
    translator = QTranslator(app)  # owned by the application: it lives as long as it is used
    translator.setObjectName(_TRANSLATOR)
    return translator


def _code(locale: QLocale) -> str:
    return locale.name().split("_")[0].lower()
