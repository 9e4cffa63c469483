"""Each export opens in a library that CityPlanner does not use to write it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

import geojson
import gpxpy
import icalendar
import pytest
from fastkml import kml

from cityplanner.formats.document import TripDocument
from tests.formats.helpers import export_bytes


def test_gpx_opens_in_gpxpy(demo: TripDocument) -> None:
    gpx = gpxpy.parse(export_bytes(demo, "gpx").decode("utf-8"))
    assert gpx.name == demo.trip.name
    assert len(gpx.waypoints) == len(demo.stops) + len(demo.sites)
    route = gpx.routes[0].points
    assert [p.name for p in route] == [s.name for s in demo.stops]
    assert route[5].latitude == pytest.approx(demo.stops[5].place.lat, abs=1e-9)
    assert route[5].longitude == pytest.approx(demo.stops[5].place.lon, abs=1e-9)


@pytest.mark.filterwarnings("ignore:Package `lxml` missing")
@pytest.mark.parametrize("key", ["kml", "kmz"])
def test_kml_opens_in_fastkml(key: str, demo: TripDocument) -> None:
    data = export_bytes(demo, key)
    if key == "kmz":
        data = zipfile.ZipFile(io.BytesIO(data)).read("doc.kml")
    document = next(iter(kml.KML.from_string(data).features))
    assert document.name == demo.trip.name
    folders = {f.name: f for f in document.features if hasattr(f, "features")}
    stops = list(folders["Stops"].features)
    assert [p.name for p in stops] == [s.name for s in demo.stops]
    assert stops[0].geometry.y == pytest.approx(demo.stops[0].place.lat, abs=1e-9)
    themes = {site.theme.label for site in demo.sites}
    assert themes <= set(folders)
    assert any(getattr(f, "name", "") == demo.trip.name for f in document.features)  # the route


def test_geojson_is_valid_for_the_geojson_package(demo: TripDocument) -> None:
    data = export_bytes(demo, "geojson").decode("utf-8")
    collection = geojson.loads(data)
    assert collection.is_valid, collection.errors()
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("stop") == len(demo.stops)
    assert kinds.count("site") == len(demo.sites)
    assert kinds.count("route") == 1
    first = next(f for f in collection["features"] if f["properties"]["kind"] == "stop")
    assert first["geometry"]["coordinates"] == [demo.stops[0].place.lon, demo.stops[0].place.lat]
    assert json.loads(data)["name"] == demo.trip.name


def test_csv_reads_back_with_the_csv_module(demo: TripDocument) -> None:
    text = export_bytes(demo, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(demo.stops) + len(demo.sites)
    stops = [r for r in rows if r["kind"] == "stop"]
    assert [r["name"] for r in stops] == [s.name for s in demo.stops]
    assert float(stops[5]["lon"]) == pytest.approx(demo.stops[5].place.lon, abs=1e-9)
    assert stops[5]["lon"].startswith("-")  # a negative coordinate is a number, not neutralised


def test_ics_opens_in_icalendar_with_each_stay_as_whole_days(demo: TripDocument) -> None:
    calendar = icalendar.Calendar.from_ical(export_bytes(demo, "ics"))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    for stop in demo.stops:
        event = events[f"{stop.uid}@cityplanner"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert not isinstance(start, datetime) and not isinstance(end, datetime)
        assert str(event["summary"]) == stop.name
        assert start == stop.arrival
        assert end == stop.departure  # exclusive: the departure day is the next stay's
        geo = event["geo"]
        assert geo.latitude == pytest.approx(stop.place.lat, abs=1e-6)
        assert stop.name in str(event["location"])
    assert len(events) == 2 * len(demo.stops) - 1  # and a travel day for every leg


def test_ics_stop_without_time_zone_is_an_all_day_event(store, demo: TripDocument) -> None:
    from cityplanner.domain.models import Place, Stop
    from cityplanner.formats.document import load_document

    trip = store.trips.create("No zones")
    store.trips.add_stop(
        trip.id, Stop(place=Place("Somewhere", 10, 10), arrival=date(2020, 1, 1), nights=2)
    )
    calendar = icalendar.Calendar.from_ical(export_bytes(load_document(store, trip.id), "ics"))
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == date(2020, 1, 1)
    assert event.decoded("dtend") == date(2020, 1, 3)


def test_ics_text_is_escaped_and_long_lines_folded(store) -> None:
    from cityplanner.domain.models import Place, Stop
    from cityplanner.formats.document import load_document

    notes = "Meet at 9; bring the badge, the map\\and\nthe tickets. " + "Überlange Zeile — " * 20
    trip = store.trips.create("Folding, escaping; and more")
    store.trips.add_stop(
        trip.id,
        Stop(place=Place("Zürich, Altstadt", 47.37, 8.54, timezone="Europe/Zurich"),
             arrival=date(2021, 3, 27), nights=2, notes=notes),
    )  # fmt: skip
    data = export_bytes(load_document(store, trip.id), "ics")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["summary"]) == "Zürich, Altstadt"
    assert notes in str(event["description"])
    # The stay crosses the switch to summer time: as whole days, it has no hour to lose.
    assert event.decoded("dtstart") == date(2021, 3, 27)
    assert event.decoded("dtend") == date(2021, 3, 29)


def test_kmz_is_a_zip_whose_first_entry_is_the_document(demo: TripDocument) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(demo, "kmz")))
    assert archive.namelist() == ["doc.kml"]
    assert archive.read("doc.kml") == export_bytes(demo, "kml")
