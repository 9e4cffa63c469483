"""Fixtures: a fresh in-memory database holding the demo trip, and helpers to import."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cityplanner.formats.document import ExportOptions, ImportOptions, TripDocument, load_document
from cityplanner.formats.importing import ImportResult, apply, preview, read_import_file
from cityplanner.formats.registry import export_trip
from cityplanner.store import Store
from cityplanner.store.demo import load_demo

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.memory() as opened:
        yield opened


@pytest.fixture
def demo(store: Store) -> TripDocument:
    trip = load_demo(store)
    assert trip.id is not None
    return load_document(store, trip.id)


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
    tables = ("trips", "stops", "sites", "site_tags", "journal", "journal_tags")
    return tuple(store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
