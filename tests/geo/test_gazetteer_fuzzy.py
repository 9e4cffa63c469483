"""Typing mistakes: when no name matches, names a mistake or two away are offered."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.gazetteer_fuzzy import MAX_SCANNED, mistakes_allowed, similar_places


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Reykjavk", "Reykjavík"),  # a letter missing
        ("Reykajvik", "Reykjavík"),  # two letters swapped
        ("Carcasone", "Carcassonne"),  # two letters missing
        ("Toulouze", "Toulouse"),  # a wrong letter
        ("Springfeild", "Springfield"),
        ("Москвва", "Moscow"),  # in any script
        ("Reykjv", "Reykjavík"),  # a mistake while still typing
    ],
)
def test_a_typing_mistake_still_finds_the_city(sample: Gazetteer, query: str, name: str) -> None:
    found = sample.search(query)
    assert found and found[0].name == name
    assert found[0].similar and found[0].matched == "similar name"
    assert not found[0].exact


def test_similar_names_come_only_when_nothing_matches(sample: Gazetteer) -> None:
    # "Toulo" starts real names: no similar name is mixed in.
    assert all(not m.similar for m in sample.search("Toulo"))
    assert all(not m.similar for m in sample.search("Carcassonne"))


@pytest.mark.parametrize("query", ["Blue Lagoon", "Qwxzqq", "Qz", "Xyz", "Paris OR"])
def test_text_like_no_name_finds_nothing(sample: Gazetteer, query: str) -> None:
    assert sample.search(query) == []


def test_fewer_mistakes_first(sample: Gazetteer) -> None:
    ranked = sample.search("Springfeld")
    assert ranked and all(m.name == "Springfield" for m in ranked)
    assert sample.search("Toulouze", country="FR")[0].name == "Toulouse"
    assert sample.search("Toulouze", country="US") == []


def test_mistakes_allowed_grow_with_the_length() -> None:
    assert mistakes_allowed("lyom") == 1
    assert mistakes_allowed("reykjavk") == 2


@pytest.fixture
def index(sample_index: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{sample_index}?mode=ro", uri=True)
    yield conn
    conn.close()


def test_candidates_are_one_range_of_the_index(index: sqlite3.Connection) -> None:
    # What the query plan reads: the primary key range of the names' first two letters.
    plan = index.execute(
        "EXPLAIN QUERY PLAN SELECT key, place FROM name_keys WHERE key >= ? AND key < ? LIMIT ?",
        ("re", "rf", MAX_SCANNED),
    ).fetchall()
    assert any("SEARCH name_keys USING PRIMARY KEY (key>? AND key<?)" in row[3] for row in plan)
    found = similar_places(index, "reykjavk")
    assert found and min(found.values()) == 1
    assert similar_places(index, "rey") == {}  # too short to call anything a mistake
