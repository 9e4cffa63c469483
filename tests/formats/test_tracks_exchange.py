"""Tracks through files: GPX, KML and GeoJSON lines in and out, whole, within bounds."""

from __future__ import annotations

import json
import shutil
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.formats.document import ImportOptions, load_document
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.store import Store
from tests.formats.helpers import DATA, export_bytes, import_file, snapshot

GPX_HEAD = '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1">'
KML_HEAD = (
    '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">'
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["gpx", "kml", "geojson"])
def test_round_trip_keeps_points_length_and_times(store: Store, tmp_path: Path, key: str) -> None:
    first = import_file(store, DATA / "multitrackgpx.gpx")
    doc = load_document(store, first.trip.id or 0)
    assert [t.point_count for t in doc.tracks] == [1966, 1685, 1584]
    path = tmp_path / f"again.{key}"
    path.write_bytes(export_bytes(doc, key))
    again = read_import_file(path)
    assert [t.track.point_count for t in again.tracks] == [1966, 1685, 1584]
    for before, after in zip(doc.tracks, again.tracks, strict=True):
        assert after.track.name == before.name
        assert after.track.km == pytest.approx(before.km, rel=0.001)
        assert after.track.started_at == before.started_at
        assert after.track.ended_at == before.ended_at
        assert after.track.ascent_m == pytest.approx(before.ascent_m, abs=1.0)
        assert before.points is not None
        assert after.points.time.tolist() == before.points.time.tolist()


def test_planned_lines_stay_planned_through_every_format(store: Store, tmp_path: Path) -> None:
    result = import_file(store, DATA / "gdal.gpx", options=ImportOptions(routes_as="lines"))
    doc = load_document(store, result.trip.id or 0)
    kinds = sorted((t.name, t.kind, len(t.points.segments())) for t in doc.tracks if t.points)
    assert kinds == [("route name", "planned", 1), ("track name", "recorded", 2)]
    for key in ("gpx", "kml", "geojson"):
        path = write(tmp_path, f"out.{key}", export_bytes(doc, key).decode())
        # The trip's own route comes back as its stops; the planned line stays a line.
        back = sorted(
            (t.track.name, t.track.kind, len(t.points.segments()))
            for t in read_import_file(path).tracks
        )
        assert back == kinds, key


def test_kml_lines_and_gx_tracks(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lines.kml",
        f"{KML_HEAD}<Document>"
        "<Placemark><name>Ferry</name><LineString><coordinates>"
        "4.83,45.76,170 5.72 , 45.19,210</coordinates></LineString></Placemark>"
        "<Placemark><name>Hike</name><gx:Track>"
        "<when>2024-05-01T08:00:00Z</when><when>2024-05-01T09:30:00Z</when>"
        "<gx:coord>6.1 45.9 500</gx:coord><gx:coord>6.2 45.95 900</gx:coord></gx:Track>"
        "</Placemark>"
        "<Placemark><name>Both</name><MultiGeometry>"
        "<Point><coordinates>2.35,48.85</coordinates></Point>"
        "<LineString><coordinates>2.35,48.85 2.36,48.86</coordinates></LineString>"
        "<LineString><coordinates>2.40,48.80 2.41,48.81</coordinates></LineString>"
        "</MultiGeometry></Placemark></Document></kml>",
    )
    parsed = read_import_file(path)
    ferry, hike, both = (t.track for t in parsed.tracks)
    assert (ferry.name, ferry.point_count, ferry.ascent_m) == ("Ferry", 2, pytest.approx(37.5))
    assert hike.started_at is not None and hike.started_at.hour == 8
    assert hike.duration is not None and hike.duration.total_seconds() == 5400
    assert both.points is not None and both.points.starts == (2,)
    assert [s.name for s in parsed.stops] == ["Both"]  # the point is still a place


def test_geojson_lines_with_times(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {"name": "Tram <b>T1</b>", "coordTimes": ["2024-05-01T08:00:00Z", None]},
        "geometry": {"type": "LineString", "coordinates": [[4.83, 45.76, 170], [4.84, 45.75]]},
    }
    multi = {
        "type": "Feature",
        "properties": {"kind": "planned"},
        "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [1.1, 2]], [[3, 4]]]},
    }
    path = write(
        tmp_path,
        "lines.geojson",
        json.dumps({"type": "FeatureCollection", "features": [feature, multi]}),
    )
    tram, planned = (t.track for t in read_import_file(path).tracks)
    assert tram.name == "Tram <b>T1</b>"  # kept as text; every writer escapes it
    assert tram.started_at is not None and tram.started_at == tram.ended_at
    assert (planned.name, planned.kind, planned.point_count) == ("Line 2", "planned", 3)


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("lat.gpx", f"{GPX_HEAD}<trk><trkseg><trkpt lat='95' lon='1'/></trkseg></trk></gpx>",
         r"lat\.gpx, track 1: point 1: Latitude 95"),
        ("nan.gpx", f"{GPX_HEAD}<trk><trkseg><trkpt lat='nan' lon='1'/></trkseg></trk></gpx>",
         "track 1: point 1: Latitude must be a finite number, not nan"),
        ("word.gpx", f"{GPX_HEAD}<trk><trkseg><trkpt lat='north' lon='1'/></trkseg></trk></gpx>",
         "'north' is not a number"),
        ("line.geojson", '{"type": "Feature", "properties": {}, "geometry": {"type": '
         '"LineString", "coordinates": [[1, 2], ["x", 3]]}}', "the coordinate 'x' is not a number"),
    ],
)  # fmt: skip
def test_bad_track_points_are_refused_and_nothing_is_stored(
    store: Store, tmp_path: Path, name: str, text: str, match: str
) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError, match=match):
        import_file(store, write(tmp_path, name, text))
    assert snapshot(store) == before


def test_a_bad_kml_line_costs_itself_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.kml",
        f"{KML_HEAD}<Placemark><name>Bad</name><LineString><coordinates>1,200 2,3"
        "</coordinates></LineString></Placemark><Placemark><name>Good</name><LineString>"
        "<coordinates>1,2 2,3</coordinates></LineString></Placemark></kml>",
    )
    parsed = read_import_file(path)
    assert [t.track.name for t in parsed.tracks] == ["Good"]
    assert "1 placemark that could not be read left out (the first, placemark 1:" in parsed.notes[0]


def _huge_gpx(path: Path, points: int) -> None:
    """A GPX of `points` track points, written piece by piece (never whole in memory)."""
    row = "<trkpt lat='45.{0:06d}' lon='5.{0:06d}'><ele>300</ele></trkpt>\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{GPX_HEAD}<trk><name>Long</name><trkseg>\n")
        for start in range(0, points, 10_000):
            out.write("".join(row.format(i % 1_000_000) for i in range(start, start + 10_000)))
        out.write("</trkseg></trk></gpx>\n")


@pytest.mark.slow
def test_two_million_points_are_refused_in_bounded_memory(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.gpx"
    _huge_gpx(path, 2_000_000)
    assert path.stat().st_size > 100_000_000
    before = snapshot(store)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match=r"more than 1,000,000 track points") as caught:
            import_file(store, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "nothing was imported" in str(caught.value) and "Split the file" in str(caught.value)
    # The file's bytes (~120 MB) plus a million points' arrays, never a tree of elements.
    assert peak < 300 * 1024 * 1024
    assert snapshot(store) == before
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_tracks_join_the_stop_of_their_day_in_its_time_zone(store: Store, tmp_path: Path) -> None:
    trip = store.trips.create("Japan", "", start=date(2024, 5, 1))
    assert trip.id is not None
    stops = [
        Stop(place=Place("Tokyo", 35.68, 139.69, timezone="Asia/Tokyo"), nights=2),
        Stop(place=Place("Kyoto", 35.01, 135.77, timezone="Asia/Tokyo"), nights=2),
        Stop(place=Place("Nara", 34.68, 135.80), nights=0),
    ]
    tokyo, kyoto, nara = store.trips.add_stops(trip.id, stops)
    text = (
        f"{GPX_HEAD}"
        # 23:30 UTC on 2 May is 08:30 on 3 May in Japan: the Kyoto stay (3–5 May).
        "<trk><name>Temples</name><trkseg><trkpt lat='35.0' lon='135.7'><time>"
        "2024-05-02T23:30:00Z</time></trkpt><trkpt lat='35.02' lon='135.78'><time>"
        "2024-05-03T03:00:00Z</time></trkpt></trkseg></trk>"
        # Undated, near Nara; and undated far from every stop.
        "<trk><name>Deer park</name><trkseg><trkpt lat='34.685' lon='135.84'/>"
        "<trkpt lat='34.686' lon='135.85'/></trkseg></trk>"
        "<trk><name>Elsewhere</name><trkseg><trkpt lat='10' lon='10'/></trkseg></trk>"
        "</gpx>"
    )
    result = import_file(store, write(tmp_path, "days.gpx", text), trip_id=trip.id)
    assert (result.stops, result.sites, len(result.track_ids)) == (0, 0, 3)
    placed = {t.name: (t.stop_id, t.day) for t in store.tracks.list(trip.id)}
    assert placed == {
        "Temples": (kyoto.id, date(2024, 5, 3)),
        "Deer park": (nara.id, None),
        "Elsewhere": (None, None),
    }
    assert tokyo.id not in {stop for stop, _ in placed.values()}


def test_preview_counts_tracks_truthfully(store: Store) -> None:
    plan = preview(store, read_import_file(DATA / "run.gpx"))
    lines = plan.lines()
    assert "  0 stops, 0 sites" in lines
    assert "  1 track: 206 points, 3.1 km" in lines
    result = apply(store, plan)
    assert result.track_ids and store.tracks.count(result.trip.id or 0) == 1


def test_odd_times_and_names_are_read_calmly(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {"name": "Walk\x1b]0;owned\x07 \u202e", "coordTimes": [1e300, "soon"]},
        "geometry": {"type": "LineString", "coordinates": [[4.83, 45.76, 1e308], [4.84, 45.75]]},
    }
    path = write(tmp_path, "odd.geojson", json.dumps(feature))
    (parsed,) = read_import_file(path).tracks
    assert parsed.track.name == "Walk]0;owned"  # control characters and overrides dropped
    assert parsed.track.started_at is None and parsed.track.ascent_m is None
    gpx = write(
        tmp_path,
        "odd.gpx",
        f"{GPX_HEAD}<trk><name>&lt;script&gt;</name><trkseg><trkpt lat='1' lon='2'>"
        "<time>99999-01-01T00:00:00Z</time><ele>high</ele></trkpt></trkseg></trk></gpx>",
    )
    (track,) = read_import_file(gpx).tracks
    assert track.track.name == "<script>" and track.track.started_at is None


def test_times_no_date_can_hold_are_left_out_not_an_internal_error(
    store: Store, tmp_path: Path
) -> None:
    # 23:59 at UTC−1 on the last day of 9999 is already year 10000 in UTC.
    gpx = write(
        tmp_path,
        "edge.gpx",
        f"{GPX_HEAD}<trk><name>Edge</name><trkseg>"
        "<trkpt lat='1' lon='2'><time>9999-12-31T23:59:59-01:00</time></trkpt>"
        "<trkpt lat='1.01' lon='2.01'><time>0001-01-01T00:00:00+01:00</time></trkpt>"
        "</trkseg></trk></gpx>",
    )
    result = import_file(store, gpx)
    (track,) = store.tracks.list(result.trip.id or 0)
    assert track.started_at is None and track.point_count == 2


def test_a_dated_track_no_stay_holds_joins_the_nearest_stop(store: Store, tmp_path: Path) -> None:
    trip = store.trips.create("Undated", "")
    assert trip.id is not None
    albi, toulouse = store.trips.add_stops(
        trip.id,
        [Stop(place=Place("Albi", 43.93, 2.15)), Stop(place=Place("Toulouse", 43.60, 1.44))],
    )
    text = (
        f"{GPX_HEAD}<trk><name>Albi walk</name><trkseg>"
        "<trkpt lat='43.928' lon='2.142'><time>2017-10-06T08:00:00Z</time></trkpt>"
        "<trkpt lat='43.930' lon='2.150'><time>2017-10-06T09:00:00Z</time></trkpt>"
        "</trkseg></trk></gpx>"
    )
    import_file(store, write(tmp_path, "albi.gpx", text), trip_id=trip.id)
    (track,) = store.tracks.list(trip.id)
    assert (track.stop_id, track.day) == (albi.id, date(2017, 10, 6))
    assert toulouse.id != track.stop_id
