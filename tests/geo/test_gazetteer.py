"""The gazetteer over a small sample of real records: search, ranking, safety, reverse lookup."""

from __future__ import annotations

import threading

import pytest

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.geo.gazetteer import Gazetteer, GazetteerUnavailableError


def names(gazetteer: Gazetteer, query: str, **kwargs: object) -> list[str]:
    return [m.name for m in gazetteer.search(query, **kwargs)]  # type: ignore[arg-type]


def test_sample_index_is_current(sample: Gazetteer) -> None:
    assert sample.index_is_current()
    assert sample.place_count() == 35


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("tou", "Toulouse"),
        ("carc", "Carcassonne"),
        ("reykjavik", "Reykjavík"),
        ("REYKJAVÍK", "Reykjavík"),
        ("yerevan", "Yerevan"),
        ("Ереван", "Yerevan"),
        ("Երևան", "Yerevan"),
        ("Moskva", "Moscow"),
        ("Москва", "Moscow"),
        ("Moscou", "Moscow"),
        ("Paris", "Paris"),
        ("東京", "Tokyo"),
    ],
)
def test_the_right_city_comes_first(sample: Gazetteer, query: str, first: str) -> None:
    assert names(sample, query)[0] == first


def test_exact_name_of_a_big_city_beats_a_namesake_hamlet(sample: Gazetteer) -> None:
    moscow = sample.search("Moskva")[0]
    assert (moscow.country_code, moscow.matched) == ("RU", "other name")
    assert "Moskva" in names(sample, "Moskva")


def test_prefix_of_the_own_name_beats_another_name(sample: Gazetteer) -> None:
    # Mexico City has an alternate name starting with "Tou" and is far larger.
    ranked = names(sample, "tou")
    assert ranked.index("Toulouse") < ranked.index("Mexico City")
    assert sample.search("tou")[0].matched == "start of name"


def test_population_breaks_ties_between_namesakes(sample: Gazetteer) -> None:
    arles = sample.search("Arles")
    assert [m.name for m in arles[:2]] == ["Arles", "Arles"]
    assert arles[0].population > arles[1].population


@pytest.mark.parametrize("query", ["Arles, France", "Arles FR", "arles fra", "Arles FRA"])
def test_country_in_the_text(sample: Gazetteer, query: str) -> None:
    results = sample.search(query)
    assert results[0].name == "Arles"
    assert {m.country_code for m in results} == {"FR"}


def test_country_in_its_own_language(sample: Gazetteer) -> None:
    assert [(m.name, m.country_code) for m in sample.search("Москва, Россия")] == [("Moscow", "RU")]
    assert sample.search("Gyumri Հայաստան")[0].name == "Gyumri"


def test_region_in_the_text_tells_namesakes_apart(sample: Gazetteer) -> None:
    assert sample.search("Springfield IL")[0].admin1 == "Illinois"
    assert sample.search("Springfield, Missouri")[0].admin1 == "Missouri"
    assert sample.search("Paris TX")[0].country_code == "US"


def test_a_word_after_the_name_that_is_not_its_country_matches_nothing(sample: Gazetteer) -> None:
    assert names(sample, "Arles Japan") == []


@pytest.mark.parametrize("country", ["US", "us", "United States"])
def test_country_filter(sample: Gazetteer, country: str) -> None:
    results = sample.search("Paris", country=country)
    assert [(m.name, m.country_code) for m in results] == [("Paris", "US")]


def test_unknown_country_filter_is_a_clear_error(sample: Gazetteer) -> None:
    with pytest.raises(CityPlannerError, match="not a country"):
        sample.search("Paris", country="Atlantis")


def test_results_name_their_country_and_region(sample: Gazetteer) -> None:
    springfields = sample.search("Springfield")
    assert len(springfields) == 3
    labels = {m.label for m in springfields}
    assert "Springfield, Illinois, United States" in labels
    assert len(labels) == 3
    toulouse = sample.search("Toulouse")[0]
    assert (toulouse.country, toulouse.timezone) == ("France", "Europe/Paris")
    assert toulouse.population > 400_000


def test_limit(sample: Gazetteer) -> None:
    assert len(sample.search("t", limit=2)) == 2
    assert sample.search("t", limit=0) == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", ",;.!", '"', "*", "NEAR", "OR", "-", ":", "^", 'to" OR "x', "NEAR(a b)", "tou*",
     "a" * 500, "x " * 300, "\x00", "' OR 1=1 --", "{name}: paris", "😀"],
)  # fmt: skip
def test_any_text_is_safe(sample: Gazetteer, query: str) -> None:
    results = sample.search(query)
    assert isinstance(results, list)


def test_fts_syntax_is_read_as_words(sample: Gazetteer) -> None:
    assert names(sample, "tou*")[0] == "Toulouse"
    assert names(sample, '"Paris"')[0] == "Paris"
    assert names(sample, "Paris OR")[:1] == []


def test_match_becomes_a_domain_place(sample: Gazetteer) -> None:
    place = sample.search("Carcassonne")[0].to_place()
    assert place.name == "Carcassonne"
    assert place.country_code == "FR"
    assert place.source_id.startswith("geonames:")
    assert place.timezone == "Europe/Paris"
    # The data names no French region, only its number: a stop shows none rather than "76".
    assert place.admin1 == ""


def test_nearest_to_toulouse(sample: Gazetteer) -> None:
    match = sample.nearest(43.61, 1.45)
    assert match is not None
    assert match.name == "Toulouse"
    assert match.distance_km is not None and match.distance_km < 2


def test_nearest_across_the_antimeridian(sample: Gazetteer) -> None:
    # Savusavu (Fiji) lies at 179.3°E; a click at 179.9°W is 60 km from it.
    match = sample.nearest(-16.8, -179.9)
    assert match is not None and match.name == "Savusavu"


def test_nearest_far_from_everything_and_near_a_pole(sample: Gazetteer) -> None:
    south = sample.nearest(-89.0, 0.0)
    assert south is not None and south.name == "Puerto Williams"
    north = sample.nearest(89.9, -120.0)
    assert north is not None and north.name == "Longyearbyen"


def test_nearest_refuses_impossible_coordinates(sample: Gazetteer) -> None:
    with pytest.raises(ValidationError):
        sample.nearest(91.0, 0.0)


def test_search_from_several_threads(sample: Gazetteer) -> None:
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def work(query: str) -> None:
        try:
            for _ in range(20):
                results[query] = sample.search(query)[0].name
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(q,)) for q in ("tou", "Москва", "carc", "york")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == {"tou": "Toulouse", "Москва": "Moscow", "carc": "Carcassonne", "york": "York"}


def test_missing_index_is_a_clear_error(tmp_path: object) -> None:
    from pathlib import Path

    gazetteer = Gazetteer.open(Path(str(tmp_path)) / "none.sqlite")
    with pytest.raises(GazetteerUnavailableError, match="not built yet"):
        gazetteer.search("Paris")


def test_accents_are_kept_when_folding_as_typed() -> None:
    from cityplanner.geo.names import fold, fold_as_typed

    assert fold_as_typed("Vík í Mýrdal") == "vík í mýrdal"
    assert fold("Vík í Mýrdal") == "vik i myrdal"
    assert fold_as_typed("Île-de-France") == "île de france"
    assert fold(fold_as_typed("Ереван, Й")) == fold("Ереван, Й")


def test_labels_name_the_region_once_and_never_by_number(sample: Gazetteer) -> None:
    from cityplanner.geo.gazetteer import PlaceMatch

    same = PlaceMatch(1, "Touggourt", "DZ", "Algeria", "Touggourt", 33.1, 6.1, 1, "")
    assert same.label == "Touggourt, Algeria"
    numbered = PlaceMatch(2, "Old", "FR", "France", "76", 43.0, 1.0, 1, "")  # an index of format 1
    assert (numbered.region, numbered.label) == ("", "Old, France")
    for match in sample.search("a", limit=40):
        assert not match.region.isdigit()
