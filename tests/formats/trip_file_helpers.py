"""Shared steps of the trip file tests: export, import, and the whole content of a database."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from cityplanner.formats.registry import export_to_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import (
    TripFileImport,
    apply_trip_file,
    preview_trip_file,
)
from cityplanner.formats.trip_file_merge import Side
from cityplanner.store import Store

TABLES = (
    "trips", "stops", "sites", "site_tags", "journal", "journal_tags", "costs", "trip_rates",
    "photos", "tracks", "sync_exchange", "sync_record",
)  # fmt: skip


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a trip file touches: equal dumps, unchanged database."""
    return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def export(store: Store, trip_id: int, path: Path) -> Path:
    return export_to_file(store, trip_id, "cityplanner", path)


def import_into(store: Store, path: Path, take: Side = Side.MINE) -> TripFileImport:
    return apply_trip_file(store, preview_trip_file(store, read_trip_file(path), default=take))


def trip_json(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        document: dict[str, Any] = json.loads(archive.read("trip.json"))
    return document


def write_archive(path: Path, entries: dict[str, bytes | str], **options: Any) -> Path:
    """A zip of these entries (str: text), as a hostile or damaged trip file would be."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path
