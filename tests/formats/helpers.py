"""Helpers shared by the exchange format tests: export to bytes, import, count rows."""

from __future__ import annotations

import io
from pathlib import Path

from cityplanner.formats.document import ExportOptions, ImportOptions, TripDocument
from cityplanner.formats.importing import ImportResult, apply, preview, read_import_file
from cityplanner.formats.registry import export_trip
from cityplanner.store import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def export_bytes(doc: TripDocument, key: str, options: ExportOptions | None = None) -> bytes:
    out = io.BytesIO()
    export_trip(doc, key, out, options)
    return out.getvalue()


def import_file(
    store: Store,
    path: Path,
    *,
    options: ImportOptions | None = None,
    trip_id: int | None = None,
    new_name: str = "",
) -> ImportResult:
    parsed = read_import_file(path, options)
    return apply(store, preview(store, parsed, trip_id=trip_id, new_name=new_name))


def snapshot(store: Store) -> tuple[int, ...]:
    """Row counts of every table: equal before and after means nothing was written."""
    tables = ("trips", "stops", "sites", "site_tags", "journal", "journal_tags", "tracks")
    return tuple(store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
