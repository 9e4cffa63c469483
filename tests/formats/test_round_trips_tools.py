"""Exports that survive other tools: the trip's description, GPX without CityPlanner's
extension (as gpsbabel leaves it), and CSV column names other readers recognise."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import pytest

from cityplanner.formats.csv_table import read_csv
from cityplanner.formats.document import ImportOptions, TripDocument
from cityplanner.formats.geo_json import read_geojson
from cityplanner.formats.gpx import GPX_NS, read_gpx
from cityplanner.formats.kml import KML_NS, read_kml
from tests.formats.helpers import export_bytes

OPTIONS = ImportOptions()


def _without_extensions(gpx: bytes) -> bytes:
    """What gpsbabel keeps of a GPX file: everything but the unknown `<extensions>`."""
    text = re.sub(r"<extensions>.*?</extensions>", "", gpx.decode("utf-8"), flags=re.S)
    return text.replace('xmlns:cp="urn:x-cityplanner:exchange:1"', "").encode("utf-8")


# -- the trip's description -------------------------------------------------------------


def test_gpx_keeps_the_trip_description(demo: TripDocument) -> None:
    data = export_bytes(demo, "gpx")
    root = ElementTree.fromstring(data)
    assert root.findtext(f"{{{GPX_NS}}}metadata/{{{GPX_NS}}}desc") == demo.trip.description

    assert read_gpx(data, "trip.gpx", OPTIONS).trip_description == demo.trip.description


@pytest.mark.parametrize("key", ["kml", "kmz"])
def test_kml_writes_the_trip_description(demo: TripDocument, key: str) -> None:
    data = export_bytes(demo, key)
    if key == "kmz":
        data = zipfile.ZipFile(io.BytesIO(data)).read("doc.kml")
    root = ElementTree.fromstring(data)
    found = root.findtext(f"{{{KML_NS}}}Document/{{{KML_NS}}}description")
    assert found == demo.trip.description


def test_geojson_writes_the_trip_description(demo: TripDocument) -> None:
    # A foreign member of the FeatureCollection (RFC 7946 §6.1), next to `name`.
    root = json.loads(export_bytes(demo, "geojson"))
    assert root["name"] == demo.trip.name
    assert root["description"] == demo.trip.description


def test_kml_reads_the_trip_description_back(demo: TripDocument) -> None:
    parsed = read_kml(export_bytes(demo, "kml"), "trip.kml", OPTIONS)
    assert parsed.trip_description == demo.trip.description


def test_geojson_reads_the_trip_description_back(demo: TripDocument) -> None:
    parsed = read_geojson(export_bytes(demo, "geojson"), "trip.geojson", OPTIONS)
    assert parsed.trip_description == demo.trip.description


# -- GPX through a tool that drops extensions ---------------------------------------------


def test_gpx_writes_arrivals_as_time_and_kinds_as_type(demo: TripDocument) -> None:
    root = ElementTree.fromstring(export_bytes(demo, "gpx"))
    waypoints = root.findall(f"{{{GPX_NS}}}wpt")
    stops = [w for w in waypoints if w.findtext(f"{{{GPX_NS}}}type") == "stop"]
    assert [w.findtext(f"{{{GPX_NS}}}name") for w in stops] == [s.name for s in demo.stops]
    for point, stop in zip(stops, demo.stops, strict=True):
        assert stop.arrival is not None
        assert point.findtext(f"{{{GPX_NS}}}time") == f"{stop.arrival.isoformat()}T12:00:00Z"
        # GPX 1.1's schema puts <time> before <name>.
        assert [c.tag.rpartition("}")[2] for c in point][:2] == ["time", "name"]
    sites = [w for w in waypoints if w not in stops]
    assert len(sites) == len(demo.sites)
    assert all((w.findtext(f"{{{GPX_NS}}}type") or "").startswith("site: ") for w in sites)


@pytest.mark.parametrize("keep_route", [True, False])
def test_gpx_without_extensions_keeps_stops_dates_and_sites(
    demo: TripDocument, keep_route: bool
) -> None:
    data = _without_extensions(export_bytes(demo, "gpx"))
    assert b"cp:" not in data
    if not keep_route:
        data = re.sub(rb"<rte>.*?</rte>\n?", b"", data, flags=re.S)

    parsed = read_gpx(data, "after-gpsbabel.gpx", OPTIONS)

    assert [s.name for s in parsed.stops] == [s.name for s in demo.stops]
    assert [s.arrival for s in parsed.stops] == [s.arrival for s in demo.stops]
    assert [s.notes for s in parsed.stops] == [s.notes for s in demo.stops]
    assert sorted(p.site.name for p in parsed.sites) == sorted(s.name for s in demo.sites)
    themes = {p.site.name: p.site.theme for p in parsed.sites}
    assert all(themes[s.name] is s.theme for s in demo.sites)
    assert parsed.trip_description == demo.trip.description


def test_another_programs_stop_waypoints_are_not_taken_for_route_copies() -> None:
    data = (
        f'<gpx version="1.1" creator="other" xmlns="{GPX_NS}">'
        '<wpt lat="45.1" lon="7.1"><name>Bus stop</name><type>stop</type></wpt>'
        '<rte><rtept lat="45.0" lon="7.0"><name>Start</name></rtept></rte></gpx>'
    ).encode()
    parsed = read_gpx(data, "other.gpx", OPTIONS)
    assert [s.name for s in parsed.stops] == ["Start", "Bus stop"]


def test_gpx_export_reads_in_gpxpy(demo: TripDocument) -> None:
    gpxpy = pytest.importorskip("gpxpy")
    parsed = gpxpy.parse(export_bytes(demo, "gpx").decode("utf-8"))
    assert parsed.description == demo.trip.description
    stops = [w for w in parsed.waypoints if w.type == "stop"]
    assert [w.time.date() for w in stops] == [s.arrival for s in demo.stops]


# -- CSV for other readers -------------------------------------------------------------


def _csv_rows(demo: TripDocument) -> list[dict[str, str]]:
    text = export_bytes(demo, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_columns_are_named_as_other_readers_expect(demo: TripDocument) -> None:
    rows = _csv_rows(demo)
    stops = [r for r in rows if r["kind"] == "stop"]
    assert [r["name"] for r in stops] == [s.name for s in demo.stops]
    for row, stop in zip(stops, demo.stops, strict=True):
        assert float(row["lat"]) == pytest.approx(stop.place.lat, abs=1e-6)
        assert float(row["lon"]) == pytest.approx(stop.place.lon, abs=1e-6)
        assert stop.arrival is not None
        assert row["date"] == row["arrival"] == stop.arrival.isoformat()
        assert row["tz"] == stop.place.timezone
        assert row["notes"] == stop.notes


def test_no_csv_column_is_mistaken_by_gpsbabel_unicsv(demo: TripDocument) -> None:
    # unicsv matches column names by the words they contain, first match winning
    # (GPSBabel's unicsv.cc, fields_def): only these columns may hold these words.
    header = next(csv.reader(io.StringIO(export_bytes(demo, "csv").decode("utf-8-sig"))))
    words = {"lat": "lat", "lon": "lon", "lng": "lon", "time": "", "zeit": "", "date": "date"}
    for column in header:
        for word, owner in words.items():
            if word in column:
                assert column == owner, f"unicsv reads {column!r} as {word!r}"


def test_csv_read_back_keeps_time_zone_and_population(demo: TripDocument) -> None:
    parsed = read_csv(export_bytes(demo, "csv"), "trip.csv", OPTIONS)
    assert [s.place.timezone for s in parsed.stops] == [s.place.timezone for s in demo.stops]
    assert [s.place.population for s in parsed.stops] == [s.place.population for s in demo.stops]


def test_csv_of_earlier_versions_still_reads() -> None:
    old = (
        b"kind,name,lat,lon,arrival,timezone,population\r\n"
        b"stop,Albi,43.9289,2.1464,2017-10-06,Europe/Paris,49000\r\n"
    )
    (stop,) = read_csv(old, "old.csv", OPTIONS).stops
    assert (stop.place.timezone, stop.place.population) == ("Europe/Paris", 49000)
