from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")  # imported before any QApplication exists

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from pytestqt.qtbot import QtBot

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.map import MapView, register_url_scheme
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.geo.conftest import sample_index, sample_source

# The map's URL scheme must be declared before pytest-qt creates the QApplication.
register_url_scheme()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A throwaway INI file, so no test reads or writes the user's settings."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "demo.db")
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "empty.db", seed_demo=False)
    yield store
    store.close()


class JsRunner:
    """Run JavaScript in a page and wait for its value."""

    def __init__(self, qtbot):
        self._qtbot = qtbot

    def __call__(self, page, code, timeout=10_000):
        box = {}
        page.runJavaScript(code, 0, lambda value: box.setdefault("value", value))
        self._qtbot.waitUntil(lambda: "value" in box, timeout=timeout)
        return box["value"]

    def wait_for(self, page, condition, timeout=20_000):
        """Wait until a JavaScript expression is true."""
        state = {"done": False}

        def ask():
            page.runJavaScript(f"!!({condition})", 0, lambda v: state.update(done=v is True))
            return state["done"]

        self._qtbot.waitUntil(ask, timeout=timeout)


@pytest.fixture
def js(qtbot):
    return JsRunner(qtbot)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[MapView]:
    """A map view of 1000 × 700 on screen, its page and profile deleted after the test."""
    view = MapView()
    view.resize(1000, 700)
    view.show()
    yield view
    view.close()
    view.deleteLater()
    # Delete the page and its profile now, as QtWebEngine wants, not at interpreter exit.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def console_errors(view: MapView) -> list[str]:
    """What the view's page logged as warnings or errors."""
    return [text for level, text in view.map_page.console_messages if level > 0]


__all__ = ["sample_index"]  # the sample city index, built once per session (tests/geo)


@pytest.fixture
def gazetteer(sample_index: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(sample_index, source=sample_source()) as opened:
        yield opened


def type_city(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type into the search field, then press Enter to take the best match."""
    field = window.places.search
    field.setFocus()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        # Keyboard simulation only knows Latin keys; other scripts arrive as an input method commit.
        field.insert(text)
        field.textEdited.emit(field.text())
    qtbot.waitUntil(lambda: bool(field.matches), timeout=3000)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Delete the windows a test closed now, not at interpreter exit.

    QtWebEngine needs each map page gone before its profile; left to Python's
    shutdown, that order is not guaranteed.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def answer_text_dialogs(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Answer the next one-line questions with `answers`, typed then OK'd as a person would.

    Returns the refusals shown in the dialogs (a refused answer keeps its dialog open:
    the next answer is then typed into the same dialog).
    """
    from cityplanner.ui.shell import TextDialog

    queue = iter(answers)
    refusals: list[str] = []

    def exec_(dialog: TextDialog) -> int:
        for answer in queue:
            dialog.field.setText(answer)
            dialog.accept()
            if dialog.result() == TextDialog.DialogCode.Accepted:
                return int(TextDialog.DialogCode.Accepted)
            refusals.append(dialog.reason.text())
        return int(TextDialog.DialogCode.Rejected)

    monkeypatch.setattr(TextDialog, "exec", exec_)
    return refusals


@pytest.fixture(scope="session", autouse=True)
def english_window(qapp):
    """The window in English whatever the system's language, as the tests read its texts;
    tests/ui/test_translations.py switches to French and back."""
    from cityplanner.ui.shell import install_translators

    install_translators(qapp, "en")
