"""Google Takeout's Saved Places.json: each saved place a site, its position from the link
when Google gave none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.store import Store
from tests.formats.helpers import snapshot


def feature(lon: float, lat: float, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


NEW_STYLE = [
    feature(
        2.2945, 48.8584,
        date="2023-05-01T10:00:00Z",
        google_maps_url="http://maps.google.com/?cid=123456789",
        location={"name": "Tour Eiffel", "address": "Av. Gustave Eiffel, 75007 Paris, France",
                  "country_code": "FR"},
        Comment="Go at sunset",
    ),
    feature(
        0, 0,
        date="2023-06-01T10:00:00Z",
        google_maps_url="http://maps.google.com/?q=48.8606,2.3376",
        location={"name": "Louvre"},
        Comment="No location information is available for this saved place",
    ),
    feature(
        0, 0,
        google_maps_url="https://www.google.com/maps/place/Somewhere/@48.853,2.3499,17z",
        location={"name": "Notre-Dame"},
    ),
    feature(
        0, 0,
        google_maps_url="http://maps.google.com/?cid=987",
        location={"name": "Lost café", "address": "Rue inconnue, Paris"},
    ),
]  # fmt: skip

OLD_STYLE = [
    {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-0.1202100, 51.5979200]},
        "properties": {
            "Google Maps URL": "http://maps.google.com/?cid=17295021474934382781",
            "Location": {
                "Address": "United Kingdom",
                "Business Name": "Alexandra Palace",
                "Country Code": "GB",
                "Geo Coordinates": {"Latitude": "51.5979200", "Longitude": "-0.1202100"},
            },
            "Published": "2017-09-27T09:56:06Z",
            "Title": "Alexandra Palace",
        },
    },
    {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [0, 0]},
        "properties": {
            "Google Maps URL": "http://maps.google.com/?cid=1",
            "Location": {
                "Business Name": "Kew Gardens",
                "Geo Coordinates": {"Latitude": "51.4787", "Longitude": "-0.2956"},
            },
            "Title": "Kew Gardens",
        },
    },
]


def write(tmp_path: Path, features: list[Any]) -> Path:
    path = tmp_path / "Saved Places.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_saved_places_become_sites_with_address_link_and_comment(tmp_path: Path) -> None:
    parsed = read_import_file(write(tmp_path, NEW_STYLE), ImportOptions(default_theme=Theme.WATER))
    assert parsed.kind == "Google saved places"
    assert [p.site.name for p in parsed.sites] == ["Tour Eiffel", "Louvre", "Notre-Dame"]
    eiffel, louvre, notre_dame = (p.site for p in parsed.sites)
    assert eiffel.address == "Av. Gustave Eiffel, 75007 Paris, France"
    assert eiffel.url == "http://maps.google.com/?cid=123456789"
    assert eiffel.description == "Go at sunset" and eiffel.theme is Theme.WATER
    assert (eiffel.lat, eiffel.lon) == (48.8584, 2.2945)
    # [0, 0] is "no position": the link's, and Takeout's own comment is not a description.
    assert (louvre.lat, louvre.lon) == (48.8606, 2.3376) and louvre.description == ""
    assert (notre_dame.lat, notre_dame.lon) == (48.853, 2.3499)
    assert parsed.not_found == ["Lost café (Rue inconnue, Paris)"]
    assert any("2 places placed by the position in their link" in n for n in parsed.notes)


def test_older_exports_with_title_and_geo_coordinates(tmp_path: Path) -> None:
    parsed = read_import_file(write(tmp_path, OLD_STYLE))
    palace, kew = (p.site for p in parsed.sites)
    assert palace.name == "Alexandra Palace" and palace.address == "United Kingdom"
    assert palace.url.endswith("cid=17295021474934382781")
    assert (kew.lat, kew.lon) == (51.4787, -0.2956)


def test_saved_places_join_the_nearest_stop_of_the_current_trip(
    tmp_path: Path, store: Store
) -> None:
    trip = store.trips.create("Paris")
    assert trip.id is not None
    store.trips.add_stop(trip.id, Stop(Place("Paris", 48.8566, 2.3522)))
    parsed = read_import_file(write(tmp_path, NEW_STYLE))
    plan = preview(store, parsed, trip_id=trip.id)
    assert "1 place not found, not imported:" in "\n".join(plan.lines())
    result = apply(store, plan)
    assert result.sites == 3 and result.stops == 0
    assert {s.name for s in store.sites.for_trip(trip.id)} == {
        "Tour Eiffel",
        "Louvre",
        "Notre-Dame",
    }


def test_hostile_names_and_positions(tmp_path: Path, store: Store) -> None:
    hostile = feature(
        2.29, 48.85,
        google_maps_url="javascript:alert(1)",
        location={"name": "<img src=x onerror=alert(1)>\u202e\x00"},
    )  # fmt: skip
    parsed = read_import_file(write(tmp_path, [hostile]))
    assert parsed.sites[0].site.name == "<img src=x onerror=alert(1)>"
    assert parsed.sites[0].site.url == ""
    before = snapshot(store)
    far = feature(0, 0, google_maps_url="http://maps.google.com/?q=95.0,200.0")
    with pytest.raises(
        ValidationError, match="saved place 1: its position 95, 200 is not on Earth"
    ):
        read_import_file(write(tmp_path, [far]))
    assert snapshot(store) == before


def test_a_geojson_of_cityplanner_is_not_taken_for_saved_places(tmp_path: Path) -> None:
    own = feature(2.29, 48.85, kind="stop", name="Paris", google_maps_url="http://x")
    parsed = read_import_file(write(tmp_path, [own]))
    assert parsed.kind == "GeoJSON" and parsed.stops[0].name == "Paris"


def test_into_a_new_trip_saved_places_join_stops_made_of_their_cities(
    tmp_path: Path, store: Store, full_gazetteer_index: Path
) -> None:
    from cityplanner.formats.city_lookup import nearest_city_lookup
    from cityplanner.geo.gazetteer import Gazetteer

    london = feature(-0.1276, 51.5072, google_maps_url="http://x/?cid=1",
                     location={"name": "British Museum"})  # fmt: skip
    at_sea = feature(-30.0, 40.0, google_maps_url="http://x/?cid=2", location={"name": "Buoy"})
    path = write(tmp_path, [*NEW_STYLE, london, at_sea])
    with Gazetteer.open(full_gazetteer_index) as gazetteer:
        options = ImportOptions(nearest_city=nearest_city_lookup(gazetteer))
        plan = preview(store, read_import_file(path, options), new_name="Saved")
        result = apply(store, plan)
    assert [s.name for s in plan.stops] == ["Paris", "London", "Buoy"]
    assert any(
        "4 sites joined 2 stops made of the cities they are in, as the trip has no stops; "
        "1 place far from every city became a stop of its own." in n
        for n in plan.notes
    )
    assert result.stops == 3 and result.sites == 4
    by_stop = {s.name: s.stop_id for s in store.sites.for_trip(result.trip.id or 0)}
    paris, london_stop, _ = (s.id for s in store.trips.stops(result.trip.id or 0))
    assert by_stop["Louvre"] == paris and by_stop["British Museum"] == london_stop
    # A place far from every city is a stop of its own rather than a site of a far city.
    assert "Buoy" not in by_stop


def test_without_a_gazetteer_saved_places_become_the_stops_as_before(
    tmp_path: Path, store: Store
) -> None:
    plan = preview(store, read_import_file(write(tmp_path, NEW_STYLE)), new_name="Saved")
    assert [s.name for s in plan.stops] == ["Tour Eiffel", "Louvre", "Notre-Dame"]
    assert any("became stops, as the trip has no stop" in n for n in plan.notes)
