from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Both must happen before pytest-qt creates the QApplication.
import PySide6.QtWebEngineWidgets  # noqa: F401

from cityplanner.ui.map_view import register_url_scheme

register_url_scheme()


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
