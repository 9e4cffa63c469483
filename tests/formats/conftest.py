"""Fixtures: a fresh in-memory database, and the demo trip read for export."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cityplanner.formats.document import TripDocument, load_document
from cityplanner.store import Store
from cityplanner.store.demo import load_demo


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.memory() as opened:
        yield opened


@pytest.fixture
def demo(store: Store) -> TripDocument:
    trip = load_demo(store)
    assert trip.id is not None
    return load_document(store, trip.id)
