"""Typed access to what the window remembers between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 8


class Settings:
    """Window geometry, splitter sizes, the last trip per database, recent databases."""

    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        geometry = self._s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        for name, splitter in splitters.items():
            state = self._s.value(f"window/splitter-{name}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        self._s.setValue("window/geometry", window.saveGeometry())
        for name, splitter in splitters.items():
            self._s.setValue(f"window/splitter-{name}", splitter.saveState())
        self._s.sync()

    def last_trip(self, database: str) -> int | None:
        value = self._s.value(f"last-trip/{_key(database)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_trip(self, database: str, trip_id: int | None) -> None:
        if trip_id is None:
            self._s.remove(f"last-trip/{_key(database)}")
        else:
            self._s.setValue(f"last-trip/{_key(database)}", trip_id)

    def recent_databases(self) -> list[str]:
        value = self._s.value("recent-databases", [])
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value]
        return []

    def add_recent_database(self, path: str) -> None:
        recent = [p for p in self.recent_databases() if p != path]
        self._s.setValue("recent-databases", [path, *recent][:MAX_RECENT])


def _key(database: str) -> str:
    # QSettings keys treat "/" as a group separator.
    return database.replace("/", "|").replace("\\", "|")
