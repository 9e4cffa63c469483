"""Files made by other programs (see tests/data/LICENSE-togeojson) import sensibly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions, load_document
from cityplanner.formats.importing import preview, read_import_file
from cityplanner.store import Store
from tests.formats.helpers import DATA, import_file


def test_gpx_route_becomes_stops_and_waypoints_sites(store: Store) -> None:
    result = import_file(store, DATA / "gdal.gpx")
    doc = load_document(store, result.trip.id)  # type: ignore[arg-type]
    assert [s.name for s in doc.stops] == ["route point name", "Route point 2", "Route point 3"]
    assert [(s.place.lat, s.place.lon) for s in doc.stops] == [(5, 6), (8, 9), (11, 12)]
    assert [s.name for s in doc.sites] == ["waypoint name", "Waypoint 2"]
    assert doc.sites[0].description == "waypoint description"
    assert doc.stops[0].arrival is not None and doc.stops[0].arrival.isoformat() == "2007-11-25"


def test_gpx_waypoints_alone_become_stops(store: Store) -> None:
    parsed = read_import_file(DATA / "wpt.gpx")
    assert len(parsed.stops) > 20 and not parsed.sites
    assert parsed.stops[0].place.lat == pytest.approx(51.197953)
    as_sites = read_import_file(DATA / "wpt.gpx", ImportOptions(points_as="sites"))
    assert not as_sites.stops and len(as_sites.sites) == len(parsed.stops)


@pytest.mark.parametrize("name", ["run.gpx", "multitrackgpx.gpx", "osm.gpx", "gdal.gpx"])
def test_gpx_tracks_are_read_whole_as_gpxpy_reads_them(name: str) -> None:
    """Every point, segment, elevation and time, as an independent reader sees them
    (GDAL's "tracks" layer makes the same one line per <trk>, one part per <trkseg>)."""
    gpxpy = pytest.importorskip("gpxpy")
    parsed = read_import_file(DATA / name)
    theirs = [t for t in gpxpy.parse((DATA / name).read_text("utf-8")).tracks if t.get_points_no()]
    assert len(parsed.tracks) == len(theirs)
    for ours, their in zip(parsed.tracks, theirs, strict=True):
        points = [p for segment in their.segments for p in segment.points]
        assert ours.track.point_count == len(points)
        assert len(ours.points.segments()) == len([s for s in their.segments if s.points])
        assert ours.points.lat.tolist() == [p.latitude for p in points]
        elevations = [p.elevation for p in points]
        if any(e is not None for e in elevations):
            assert ours.points.ele.tolist() == pytest.approx(elevations)
        times = [p.time for p in points if p.time]
        if times:
            assert ours.track.started_at == times[0] and ours.track.ended_at == times[-1]
        assert ours.track.km == pytest.approx(their.length_2d() / 1000, rel=0.005)
    # A file of tracks only is tracks only: no stop is made up from their ends.
    if name != "gdal.gpx":
        assert not parsed.stops and not parsed.sites


def test_gpx_track_ends_become_stops_when_asked() -> None:
    parsed = read_import_file(DATA / "multitrackgpx.gpx", ImportOptions(points_as="stops"))
    assert len(parsed.tracks) == 3
    assert [s.name for s in parsed.stops][:2] == ["Tag 1 (start)", "Tag 1 (end)"]
    assert (
        parsed.stops[0].arrival is not None and parsed.stops[0].arrival.isoformat() == "2008-07-12"
    )


def test_gpx_routes_as_stops_or_as_planned_lines(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "routes.gpx"
    path.write_text(
        '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1">'
        "<rte><name>Day 1</name><rtept lat='45.76' lon='4.83'><name>Lyon</name></rtept>"
        "<rtept lat='45.19' lon='5.72'><name>Grenoble</name></rtept></rte>"
        "<rte><name>Day 2</name><rtept lat='45.19' lon='5.72'/><rtept lat='45.56' lon='5.92'/>"
        "<rtept lat='45.90' lon='6.13'/></rte></gpx>",
        encoding="utf-8",
    )
    as_stops = read_import_file(path)
    assert [s.name for s in as_stops.stops] == [
        "Lyon", "Grenoble", "Route point 3", "Route point 4", "Route point 5"
    ]  # fmt: skip
    assert not as_stops.tracks
    assert as_stops.notes == [
        "2 routes ('Day 1', 'Day 2'): their points became stops, one route after another."
    ]
    lines = read_import_file(path, ImportOptions(routes_as="lines"))
    assert not lines.stops
    assert [(t.track.name, t.track.kind, t.track.point_count) for t in lines.tracks] == [
        ("Day 1", "planned", 2),
        ("Day 2", "planned", 3),
    ]
    assert lines.notes == ["2 routes kept as planned lines."]
    plan = preview(store, lines)
    assert "  2 planned lines: 5 points, " in "\n".join(plan.lines())
    with pytest.raises(ValidationError, match="'stops' or 'lines'"):
        ImportOptions(routes_as="both")


def test_kml_placemarks_with_extended_data(store: Store) -> None:
    parsed = read_import_file(DATA / "simpledata.kml")
    assert parsed.trip_name == "ExtendedData+SchemaData"
    assert [s.name for s in parsed.stops][:2] == ["Easy trail", "Difficult trail"]
    assert parsed.stops[0].place.lat == pytest.approx(37.002)


@pytest.mark.parametrize("name", ["cdata.kml", "extended_data.kml", "style.kml"])
def test_kml_points_import(name: str) -> None:
    parsed = read_import_file(DATA / name)
    assert parsed.stops
    assert parsed.stops[0].place.lon == pytest.approx(-122.0822035425683)


def test_kml_location_history_becomes_tracks_with_their_time_spans() -> None:
    """Google's location history: a gx:Track per move, its times only in a TimeSpan."""
    parsed = read_import_file(DATA / "addresses.kml")
    assert not parsed.stops and len(parsed.tracks) == 7
    moving = parsed.tracks[0].track
    assert (moving.name, moving.point_count) == ("Moving", 2)
    assert (
        moving.started_at is not None
        and moving.started_at.isoformat() == "2015-08-01T00:00:00+00:00"
    )
    assert moving.duration is not None and round(moving.duration.total_seconds()) == 32672
    assert parsed.notes == ["8 placemarks without coordinates left out."]


@pytest.mark.parametrize("name", ["nogeomplacemark.kml", "timespan.kml"])
def test_kml_without_points_says_so(name: str) -> None:
    with pytest.raises(ValidationError, match="holds no places to import"):
        read_import_file(DATA / name)


def test_kml_folders_become_themes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mymaps.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>My map</name>'
        "<Folder><name>Cities</name>"
        "<Placemark><name>Lyon</name><Point><coordinates>4.83,45.76</coordinates></Point>"
        "</Placemark></Folder>"
        "<Folder><name>Water</name>"
        "<Placemark><name>Confluence basin</name><Point><coordinates>4.82,45.74</coordinates>"
        "</Point></Placemark></Folder>"
        "<Folder><name>Trams</name>"
        "<Placemark><name>T1</name><Point><coordinates>4.84,45.75</coordinates></Point>"
        "</Placemark></Folder></Document></kml>",
        encoding="utf-8",
    )
    parsed = read_import_file(path)
    assert [s.name for s in parsed.stops] == ["Lyon", "T1"]
    assert [p.site.theme for p in parsed.sites] == [Theme.WATER]
    plan = preview(store, parsed)
    assert "'Trams' (1)" in "\n".join(plan.lines())

    chosen = read_import_file(path, ImportOptions(folder_themes={"trams": Theme.MOBILITY}))
    assert [p.site.theme for p in chosen.sites] == [Theme.WATER, Theme.MOBILITY]
    result = import_file(
        store, path, options=ImportOptions(folder_themes={"Trams": Theme.MOBILITY})
    )
    assert (result.stops, result.sites) == (1, 2)


def test_preview_flags_places_already_in_the_database(store: Store, demo, tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name;lat;lon\nToulouse;43,6043;1,4437\nLyon;45,76;4,83\n", encoding="utf-8")
    plan = preview(store, read_import_file(path), trip_id=demo.trip.id)
    assert plan.stop_duplicates[0].startswith("stop 'Toulouse' is already in")
    assert plan.stop_duplicates[1] == ""
    assert plan.duplicate_count == 1


def test_each_site_joins_its_nearest_stop(store: Store) -> None:
    import random

    from cityplanner.domain.models import Place, Site, Stop
    from cityplanner.domain.sphere import haversine_km
    from cityplanner.formats.document import ParsedFile, PendingSite

    rng = random.Random(3)
    stops = [Stop(place=Place(f"S{i}", rng.uniform(-80, 80), rng.uniform(-180, 180)))
             for i in range(300)]  # fmt: skip
    sites = [Site(name=f"P{i}", theme=Theme.WATER, lat=rng.uniform(-85, 85),
                  lon=rng.uniform(-180, 180)) for i in range(300)]  # fmt: skip
    parsed = ParsedFile(label="x", kind="test", stops=stops,
                        sites=[PendingSite(site=s) for s in sites])  # fmt: skip
    plan = preview(store, parsed, new_name="Nearest")
    for site_plan in plan.sites:
        site = site_plan.site
        distances = [haversine_km(site.lat, site.lon, s.place.lat, s.place.lon) for s in stops]
        assert site_plan.new_stop is not None
        assert distances[site_plan.new_stop] == pytest.approx(min(distances))
