"""The Qt binding in use keeps Python's reference counts right.

PySide6 6.12.0 drops a reference to None on every `processEvents()` call and every
JavaScript result callback; on Python 3.11 that ends in "deallocating None" and a
crash of the whole app after a few minutes of use. pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot


def test_processing_events_keeps_references_to_none(qtbot: QtBot) -> None:
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -200
