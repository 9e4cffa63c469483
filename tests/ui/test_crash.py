from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner.logs import log_file
from cityplanner.ui.shell import CrashReporter


def test_an_unexpected_error_is_logged_and_shown_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    reporter = CrashReporter()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        with caplog.at_level(logging.CRITICAL):
            reporter.handle(ValueError, exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert len(shown) == 1
    assert "ValueError: boom" in shown[0] and "saved data is safe" in shown[0]
    assert str(log_file()) in shown[0]
    assert any(
        "boom" in r.getMessage() or (r.exc_info and "boom" in str(r.exc_info[1]))
        for r in caplog.records
    )


def test_log_file_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPLANNER_LOG_DIR", str(tmp_path / "x"))
    assert log_file() == tmp_path / "x" / "cityplanner.log"
