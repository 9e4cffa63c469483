"""An export read back by CityPlanner gives the same trip: names, places, themes, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityplanner.formats.document import TripDocument, load_document
from cityplanner.store import Store
from tests.formats.helpers import export_bytes, import_file

ROUND_TRIP_FORMATS = ("gpx", "kml", "kmz", "geojson", "csv")


@pytest.mark.parametrize("key", ROUND_TRIP_FORMATS)
def test_export_then_import_gives_the_same_trip(
    key: str, store: Store, demo: TripDocument, tmp_path: Path
) -> None:
    path = tmp_path / f"trip.{key}"
    path.write_bytes(export_bytes(demo, key))

    result = import_file(store, path, new_name="Back again")

    assert result.trip.id is not None
    again = load_document(store, result.trip.id)
    assert again.trip.name == "Back again"
    assert len(again.stops) == len(demo.stops)
    for before, after in zip(demo.stops, again.stops, strict=True):
        assert after.name == before.name
        assert after.place.lat == pytest.approx(before.place.lat, abs=1e-6)
        assert after.place.lon == pytest.approx(before.place.lon, abs=1e-6)
        assert after.arrival == before.arrival
        assert after.nights == before.nights
        assert after.mode == before.mode
        assert after.place.country_code == before.place.country_code
        assert after.place.timezone == before.place.timezone
        assert after.notes == before.notes
    assert len(again.sites) == len(demo.sites)
    stop_names = {s.id: s.name for s in demo.stops}
    new_stop_names = {s.id: s.name for s in again.stops}
    # KML groups sites by theme, so match them by name rather than by order.
    by_name = {s.name: s for s in again.sites}
    for before in demo.sites:
        after = by_name[before.name]
        assert after.theme == before.theme
        assert after.status == before.status
        assert new_stop_names[after.stop_id] == stop_names[before.stop_id]
        assert after.lat == pytest.approx(before.lat, abs=1e-6)
        assert after.lon == pytest.approx(before.lon, abs=1e-6)
        assert after.approximate == before.approximate
        assert after.description == before.description
        assert after.tags == before.tags


def test_tricky_names_survive_every_format(store: Store, tmp_path: Path) -> None:
    trip = store.trips.create('Tricky <trip> & "quotes"')
    assert trip.id is not None
    from cityplanner.domain.models import Place, Site, Stop
    from cityplanner.domain.vocabulary import SiteStatus, Theme

    names = ["=SUM(A1)", "-Minus town", "+plus", "@at", "Ünïcødé & <b>bold</b>", "a]]>b"]
    stops = store.trips.add_stops(
        trip.id, [Stop(place=Place(n, -33.5 + i, -70.25 - i)) for i, n in enumerate(names)]
    )
    store.sites.add(
        Site(
            name="<script>alert(1)</script>",
            theme=Theme.WATER,
            status=SiteStatus.IDEA,
            stop_id=stops[0].id,
            lat=-33.5,
            lon=-70.25,
        )
    )
    doc = load_document(store, trip.id)
    for key in ROUND_TRIP_FORMATS:
        path = tmp_path / f"tricky.{key}"
        path.write_bytes(export_bytes(doc, key))
        result = import_file(store, path)
        assert result.trip.id is not None
        again = load_document(store, result.trip.id)
        assert [s.name for s in again.stops] == names, key
        assert [s.place.lat for s in again.stops] == pytest.approx([s.place.lat for s in stops])
        assert again.sites[0].name == "<script>alert(1)</script>"
        assert again.sites[0].status is SiteStatus.IDEA


@pytest.mark.parametrize("key", ["geojson", "csv"])
def test_site_without_coordinates_stays_without(key: str, store: Store, tmp_path: Path) -> None:
    from cityplanner.domain.models import Place, Site, Stop
    from cityplanner.domain.vocabulary import Theme

    trip = store.trips.create("Spotless")
    assert trip.id is not None
    stop = store.trips.add_stop(trip.id, Stop(place=Place("Lyon", 45.76, 4.83)))
    store.sites.add(Site(name="Somewhere in town", theme=Theme.PARKING, stop_id=stop.id))
    path = tmp_path / f"spotless.{key}"
    path.write_bytes(export_bytes(load_document(store, trip.id), key))
    again = load_document(store, import_file(store, path).trip.id)  # type: ignore[arg-type]
    assert (again.sites[0].lat, again.sites[0].lon) == (None, None)
    assert again.sites[0].stop_id == again.stops[0].id
