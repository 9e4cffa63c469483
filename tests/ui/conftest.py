from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")  # imported before any QApplication exists

from PySide6.QtCore import QSettings

from cityplanner.store import Store
from cityplanner.ui.settings import Settings


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
