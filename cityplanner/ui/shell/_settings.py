"""Typed access to what the window remembers between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 8


class Settings:
    """Window geometry, splitter sizes, the last trip per database, recent databases."""

    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Restore the saved size and panes; False when there were no panes to restore."""
        geometry = self._s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        restored = False
        for name, splitter in splitters.items():
            state = self._s.value(f"window/splitter-{name}")
            if isinstance(state, QByteArray):
                restored = splitter.restoreState(state) or restored
        return restored

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

    # -- preferences (Edit → Preferences…) ---------------------------------------------
    def language(self) -> str:
        """The language chosen for the window ("en", "fr"), or "" to follow the system."""
        return str(self._s.value("preferences/language", "") or "")

    def set_language(self, code: str) -> None:
        self._s.setValue("preferences/language", code)

    def distance_unit(self) -> str:
        """ "km" or "mi": how distances are shown and exported."""
        unit = str(self._s.value("preferences/distance-unit", "km") or "km")
        return unit if unit in ("km", "mi") else "km"

    def set_distance_unit(self, unit: str) -> None:
        self._s.setValue("preferences/distance-unit", unit)

    def default_mode(self) -> str:
        """The travel mode a new stop is reached by (a TravelMode value), or "" for none."""
        return str(self._s.value("preferences/default-mode", "") or "")

    def set_default_mode(self, mode: str) -> None:
        self._s.setValue("preferences/default-mode", mode)

    def copy_photos(self) -> bool:
        """Whether added photos are copied beside the database (else their originals are
        referred to, where they are)."""
        value = self._s.value("preferences/copy-photos", False)
        return value is True or str(value).lower() in ("true", "1")

    def set_copy_photos(self, copy: bool) -> None:
        self._s.setValue("preferences/copy-photos", copy)

    def stop_labels(self) -> bool:
        """Whether the map shows the stops' names and dates beside their pins (View menu)."""
        value = self._s.value("map/stop-labels", True)
        return value is True or str(value).lower() in ("true", "1")

    def set_stop_labels(self, shown: bool) -> None:
        self._s.setValue("map/stop-labels", bool(shown))

    def last_folder(self, purpose: str) -> str:
        """The folder a file dialog for `purpose` ("import", "export", …) last showed."""
        return str(self._s.value(f"folders/{purpose}", "") or "")

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self._s.setValue(f"folders/{purpose}", folder)

    # -- the map's layers (Map menu) ---------------------------------------------------
    def map_packs(self) -> list[str]:
        """The files of the map packs the person added, in the order added."""
        return self._strings("map/packs")

    def set_map_packs(self, paths: list[str]) -> None:
        self._s.setValue("map/packs", list(paths))

    def shown_map_layers(self) -> list[str]:
        """The ids of the optional map layers (packs, "osm") the person last turned on."""
        return self._strings("map/shown-layers")

    def set_shown_map_layers(self, ids: list[str]) -> None:
        self._s.setValue("map/shown-layers", list(ids))

    def map_cache_megabytes(self) -> int:
        """The size limit of the cache of online map tiles, in megabytes (10 to 10000)."""
        try:
            value = int(str(self._s.value("preferences/map-cache-mb", 300)))
        except (TypeError, ValueError):
            value = 300
        return max(10, min(10_000, value))

    def set_map_cache_megabytes(self, megabytes: int) -> None:
        self._s.setValue("preferences/map-cache-mb", int(megabytes))

    def _strings(self, key: str) -> list[str]:
        value = self._s.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list):
            return [str(v) for v in value]
        return []

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
