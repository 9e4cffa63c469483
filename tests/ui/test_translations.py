"""The window in English and French: complete catalogues, plurals, dates and a French window."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from cityplanner.domain.costs import CostCategory
from cityplanner.domain.schedule import TripSpan
from cityplanner.domain.themes import ThemeGroup
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.domain.wording import mode_phrase as english_mode_phrase
from cityplanner.formats.registry import EXPORT_FORMATS
from cityplanner.store import Store
from cityplanner.ui.shell import (
    Settings,
    chosen_language,
    install_translators,
    label,
    long_day,
    money,
    plural,
    span_label,
    window_language,
)
from cityplanner.ui.window import MainWindow

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "cityplanner" / "ui" / "translations"
FRENCH = TRANSLATIONS / "cityplanner_fr.ts"
#: `{name}` placeholders of str.format, and Qt's `%n`, `%Ln`, `%1`, `%p`.
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%L?n|%\d|%p")
#: A keyboard accelerator: "&File" (not "&&", a literal ampersand).
ACCELERATOR = re.compile(r"&([^&\s])")

Message = tuple[str, str]  # (context, source)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", REPO / "packaging" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(catalogue: Path) -> dict[Message, ET.Element]:
    out: dict[Message, ET.Element] = {}
    for context in ET.parse(catalogue).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Message, ET.Element]:
    """What `pyside6-lupdate` finds in the sources now, in a fresh catalogue."""
    catalogue = tmp_path_factory.mktemp("lupdate") / "cityplanner_fr.ts"
    _script().extract(catalogue)
    return _messages(catalogue)


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    """The window in French for one test, then in English again for the others."""
    install_translators(qapp, "fr")
    try:
        yield
    finally:
        install_translators(qapp, "en")


# -- the catalogues -----------------------------------------------------------------------
def test_every_text_of_the_sources_is_in_the_french_catalogue(
    extracted: dict[Message, ET.Element],
) -> None:
    committed = _messages(FRENCH)
    missing = sorted(set(extracted) - set(committed))
    obsolete = sorted(set(committed) - set(extracted))
    advice = "run `python packaging/update_translations.py`, then translate in pyside6-linguist"
    assert not missing, f"not in cityplanner_fr.ts ({advice}): {missing}"
    assert not obsolete, f"no longer in the sources ({advice}): {obsolete}"


def test_every_text_is_read_under_the_class_that_shows_it(
    extracted: dict[Message, ET.Element],
) -> None:
    """`tr = self.tr; tr("…")` or `ctx.tr("…")` is filed by lupdate under no class (or under
    the variable's name), where the window never looks for it: call `self.tr("…")` itself."""
    misfiled = sorted(m for m in extracted if not m[0] or not m[0][0].isupper())
    assert not misfiled, misfiled


def test_every_french_message_is_translated_with_its_placeholders() -> None:
    problems = []
    for (context, source), message in _messages(FRENCH).items():
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        texts = _translations(message)
        wanted = sorted(set(PLACEHOLDER.findall(source)) - {"%n", "%Ln"})
        if kind is not None or not all(t.strip() for t in texts):
            problems.append((context, source, kind or "empty"))
            continue
        for text in texts:
            if sorted(set(PLACEHOLDER.findall(text)) - {"%n", "%Ln"}) != wanted:
                problems.append((context, source, f"placeholders differ in {text!r}"))
            if message.get("numerus") == "yes" and not re.search(r"%L?n", text):
                problems.append((context, source, f"no count in {text!r}"))
            if len(ACCELERATOR.findall(source)) != len(ACCELERATOR.findall(text)):
                problems.append((context, source, f"accelerator lost in {text!r}"))
    assert not problems, problems


def test_the_english_catalogue_gives_every_plural_its_two_forms(
    extracted: dict[Message, ET.Element],
) -> None:
    english = _messages(TRANSLATIONS / "cityplanner_en.ts")
    counted = {m for m, e in extracted.items() if e.get("numerus") == "yes"}
    assert set(english) == counted
    for (context, source), message in english.items():
        one, many = _translations(message)
        assert "(s)" not in one + many and one != many, (context, source)


def test_the_shipped_catalogues_are_what_lrelease_makes_of_them(tmp_path: Path) -> None:
    script = _script()
    catalogues = script.catalogues()
    assert {script.language_of(c) for c in catalogues} == {"en", "fr"}
    for catalogue in catalogues:
        made = script.compile_catalogue(catalogue, tmp_path / catalogue.with_suffix(".qm").name)
        shipped = catalogue.with_suffix(".qm")
        assert shipped.exists(), f"{shipped.name} is missing: run packaging/update_translations.py"
        assert shipped.read_bytes() == made.read_bytes(), (
            f"{shipped.name} is older than {catalogue.name}: run packaging/update_translations.py"
        )


def test_every_word_of_the_vocabularies_is_listed_for_translation() -> None:
    from cityplanner.ui.exchange._dialogs import FORMAT_LABELS
    from cityplanner.ui.shell._labels import LABEL_SOURCES

    for vocabulary in (TravelMode, Theme, SiteStatus, CostCategory, ThemeGroup):
        listed = set(LABEL_SOURCES[vocabulary.__name__])
        assert listed == {m.label for m in vocabulary}, vocabulary.__name__
    phrases = {english_mode_phrase(m.value) for m in TravelMode}
    assert set(LABEL_SOURCES["TravelPhrase"]) == phrases
    assert set(FORMAT_LABELS) == {f.label for f in EXPORT_FORMATS.values()}


# -- choosing the language ----------------------------------------------------------------
def test_the_language_follows_the_system_unless_preferences_name_one(settings: Settings) -> None:
    assert chosen_language(settings, QLocale("fr_CA")) == "fr"
    assert chosen_language(settings, QLocale("de_DE")) == "en"
    settings.set_language("fr")
    assert chosen_language(settings, QLocale("en_GB")) == "fr"
    settings.set_language("xx")  # a language the window does not speak: the system's
    assert chosen_language(settings, QLocale("fr_FR")) == "fr"


def test_installing_a_language_replaces_the_one_installed_before(qapp: QApplication) -> None:
    try:
        french = install_translators(qapp, "fr")
        # Ours and Qt's own (standard buttons, the calendar), shipped with PySide6.
        assert len(french.translators) == 2 and QLocale().name() == "fr_FR"
        english = install_translators(qapp, "en")
        assert len(english.translators) == 1 and QLocale().name() == "en_GB"
        assert qapp.translate("Counts", "%Ln stop(s)", "", 2) == "2 stops"
        assert install_translators(qapp, "xx").language == "en"
    finally:
        install_translators(qapp, "en")


# -- English --------------------------------------------------------------------------------
def test_english_counts_say_one_stop_and_two_stops() -> None:
    assert window_language() == "en"
    assert (plural(1, "stop"), plural(2, "stop"), plural(0, "stop")) == (
        "1 stop",
        "2 stops",
        "0 stops",
    )
    assert plural(1, "country") == "1 country" and plural(3, "country") == "3 countries"
    assert plural(1234, "night") == "1,234 nights"
    assert long_day(date(2017, 10, 7)) == "Sat 7 Oct 2017"
    assert money(Decimal("1234.5"), "EUR") == "€1,234.50"


def test_the_english_status_bar_counts_a_lone_country_and_stop(
    qtbot: QtBot, empty_store: Store, settings: Settings
) -> None:
    from cityplanner.domain.models import Place

    window = MainWindow(empty_store, settings)
    qtbot.addWidget(window)
    trip = empty_store.trips.create("Short")
    window.doc.show_trip(trip.id)
    window.itinerary.add_place(Place(name="Albi", country_code="FR", lat=43.93, lon=2.15))
    text = window.itinerary.totals_label.text()
    assert "1 country" in text and "1 stop" in text and "countries" not in text


# -- French ---------------------------------------------------------------------------------
@pytest.mark.usefixtures("french")
def test_french_counts_dates_and_amounts() -> None:
    assert window_language() == "fr"
    # French counts 0 and 1 in the singular.
    assert (plural(0, "stop"), plural(1, "stop"), plural(2, "stop")) == (
        "0 étape",
        "1 étape",
        "2 étapes",
    )
    assert plural(1234, "night") == "1\u202f234 nuits"
    assert long_day(date(2017, 10, 7)) == "sam. 7 oct. 2017"
    span = TripSpan(date(2017, 12, 30), date(2018, 1, 2))
    assert span_label(span) == "4 jours · 30 déc. 2017 – 2 janv. 2018"
    assert money(Decimal("1234.5"), "EUR") == "1\u202f234,50\u00a0€"
    assert label(TravelMode.CAR) == "Voiture" and label(CostCategory.LODGING) == "Hébergement"


@pytest.mark.usefixtures("french")
def test_the_french_window(qtbot: QtBot, demo_store: Store, settings: Settings) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Fichier", "É&dition", "&Voyage", "&Affichage", "&Carte", "Aid&e"]
    totals = window.itinerary.totals_label.text()
    assert "8 étapes" in totals and "21 jours · 2 oct. – 22 oct. 2017" in totals
    assert "8\u202f638 km" in totals
    window.centre_tabs.setCurrentWidget(window.days.pane)
    window.days.rebuild()
    sixth = window.days.model.invisibleRootItem().child(5).text()
    assert sixth == "Jour 6 · sam. 7 oct. 2017 — Arles, nuit 1 sur 2"
    window.undo_stack.undo()  # nothing to undo: the action reads as the prefix alone
    window.itinerary.move_selected(+1)
    assert window.act_undo.text().startswith("&Annuler le déplacement de ")
    window.undo_stack.undo()
    window.centre_tabs.setCurrentWidget(window.stats.pane)
    window.stats.rebuild()
    qtbot.wait(50)
    window.grab().save("/tmp/french_window.png")


@pytest.mark.usefixtures("french")
def test_each_french_menu_gives_each_entry_its_own_key(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    clashes = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        keys = [k.lower() for a in menu.actions() for k in ACCELERATOR.findall(a.text())[:1]]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            clashes[top.text()] = [a.text() for a in menu.actions() if a.text()], repeated
    assert not clashes, clashes
