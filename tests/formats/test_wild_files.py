"""Files as they are in the wild (issue 15): what other programs write imports sensibly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.formats import safety
from cityplanner.formats.document import ImportOptions
from cityplanner.formats.importing import preview, read_import_file
from cityplanner.store import Store

KML_NS = "http://www.opengis.net/kml/2.2"
GPX_HEAD = '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="x">'


def kml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="{KML_NS}"><Document>{body}</Document></kml>'


def placemark(name: str, coordinates: str) -> str:
    return f"<Placemark><name>{name}</name><Point><coordinates>{coordinates}</coordinates></Point></Placemark>"


def link(href: str) -> str:
    return f"<NetworkLink><Link><href>{href}</href></Link></NetworkLink>"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def kmz(tmp_path: Path, files: dict[str, str]) -> Path:
    path = tmp_path / "linked.kmz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


# -- KMZ whose doc.kml only links to files inside the archive ---------------------------


def test_kmz_network_links_inside_the_archive_are_followed(tmp_path: Path) -> None:
    path = kmz(
        tmp_path,
        {
            "doc.kml": kml(link("files/a.kml") + link("files/b.kml")),
            # a.kml links back to doc.kml (a cycle), to itself, and to the network.
            "files/a.kml": kml(
                placemark("Paris", "2.35,48.85")
                + placemark("Lyon", "4.83,45.76")
                + link("../doc.kml")
                + link("a.kml")
                + link("https://example.com/more.kml")
            ),
            "files/b.kml": kml(placemark("Nice", "7.26,43.70") + link("../files/a.kml")),
        },
    )
    parsed = read_import_file(path)
    assert parsed.kind == "KMZ"
    assert [s.name for s in parsed.stops] == ["Paris", "Lyon", "Nice"]
    assert any("1 network link to files outside the archive" in n for n in parsed.notes)


@pytest.mark.parametrize("href", ["../../etc/x.kml", "/abs/x.kml", "file:///x.kml", "nope.kml"])
def test_kmz_links_outside_the_archive_are_never_read(tmp_path: Path, href: str) -> None:
    path = kmz(tmp_path, {"doc.kml": kml(link(href))})
    with pytest.raises(ValidationError, match="holds no places to import: 1 network link"):
        read_import_file(path)


def test_plain_kml_network_links_are_counted_and_never_followed(
    store: Store, tmp_path: Path
) -> None:
    # A file beside it that a link names: a plain KML reads only itself, never its folder.
    write(tmp_path, "more.kml", kml(placemark("Nice", "7.26,43.70")))
    body = (
        placemark("Paris", "2.35,48.85")
        + link("more.kml")
        + link("https://example.com/live.kml")
        + link("file:///etc/passwd")
        + "<NetworkLink><name>No target</name></NetworkLink>"
    )
    parsed = read_import_file(write(tmp_path, "linked.kml", kml(body)))
    assert parsed.kind == "KML"
    assert [s.name for s in parsed.stops] == ["Paris"]
    note = "3 network links not followed: CityPlanner reads only the file itself."
    assert note in parsed.notes
    assert f"  note: {note}" in preview(store, parsed).lines()
    one = read_import_file(
        write(tmp_path, "one.kml", kml(placemark("Lyon", "4.83,45.76") + link("a.kml")))
    )
    assert "1 network link not followed: CityPlanner reads only the file itself." in one.notes
    plain = read_import_file(write(tmp_path, "plain.kml", kml(placemark("Lyon", "4.83,45.76"))))
    assert not any("network link" in n for n in plain.notes)


def test_a_plain_kml_of_network_links_only_says_why_nothing_is_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "links.kml", kml(link("https://example.com/a.kml") + link("b.kml")))
    with pytest.raises(
        ValidationError, match="holds no places to import: 2 network links not followed"
    ):
        read_import_file(path)


def test_kmz_linked_files_share_the_archive_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked = kml("".join(placemark(f"P{i}", f"{i % 90},{i % 45}") for i in range(50)))
    document = kml(link("files/a.kml"))
    path = kmz(tmp_path, {"doc.kml": document, "files/a.kml": linked})
    # Each file alone fits, both together do not.
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", len(linked) + 10)
    with pytest.raises(ValidationError, match=r"files/a\.kml"):
        read_import_file(path)


# -- lax KML coordinates; a bad placemark is skipped and counted ------------------------


def test_kml_coordinates_are_read_as_gdal_reads_them(tmp_path: Path) -> None:
    body = (
        placemark("Spaced", "2.3522, 48.8566")
        + placemark("Three", " 4.83 ,\n 45.76 , 170 ")
        + placemark("Stray", ",7.26,43.70,")
        + placemark("Broken", "somewhere")
        + placemark("Far", "200,10")
    )
    parsed = read_import_file(write(tmp_path, "wild.kml", kml(body)))
    assert [(s.name, s.place.lon, s.place.lat) for s in parsed.stops] == [
        ("Spaced", 2.3522, 48.8566),
        ("Three", 4.83, 45.76),
        ("Stray", 7.26, 43.70),
    ]
    assert any(
        n.startswith("2 placemarks that could not be read left out (the first, placemark 4")
        for n in parsed.notes
    )


def test_kml_multigeometry_points_are_each_imported(tmp_path: Path) -> None:
    body = (
        "<Placemark><name>Bridges</name><MultiGeometry>"
        "<Point><coordinates>2.33,48.86</coordinates></Point>"
        "<Point><coordinates>2.34,48.85</coordinates></Point>"
        "</MultiGeometry></Placemark>"
    )
    parsed = read_import_file(write(tmp_path, "multi.kml", kml(body)))
    assert [(s.name, s.place.lon) for s in parsed.stops] == [
        ("Bridges", 2.33),
        ("Bridges (2)", 2.34),
    ]


# -- GeoJSON MultiPoint -----------------------------------------------------------------


def test_geojson_multipoint_imports_each_point(tmp_path: Path) -> None:
    text = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"name":"Fountains"},"geometry":{"type":"MultiPoint","coordinates":'
        "[[2.33,48.86],[2.34,48.85,35],[2.35,48.84]]}},"
        '{"type":"Feature","properties":{"name":"Line"},"geometry":'
        '{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}'
    )
    parsed = read_import_file(write(tmp_path, "multi.geojson", text))
    assert [s.name for s in parsed.stops] == ["Fountains", "Fountains (2)", "Fountains (3)"]
    assert [t.track.name for t in parsed.tracks] == ["Line"]  # a line is a track now
    assert parsed.notes == []


# -- a waypoint that copies a route point -----------------------------------------------


def test_a_waypoint_copying_a_route_point_is_merged(store: Store, tmp_path: Path) -> None:
    text = (
        f"{GPX_HEAD}<wpt lat='48.8566' lon='2.3522'><name>Paris</name></wpt>"
        "<wpt lat='48.85661' lon='2.35221'><name>Town hall</name></wpt>"
        "<wpt lat='48.8606' lon='2.3376'><name>Louvre</name></wpt>"
        "<rte><rtept lat='48.8566' lon='2.3522'><name>Paris</name></rtept>"
        "<rtept lat='45.76' lon='4.83'><name>Lyon</name></rtept></rte></gpx>"
    )
    parsed = read_import_file(write(tmp_path, "route.gpx", text))
    plan = preview(store, parsed)
    assert [s.name for s in plan.stops] == ["Paris", "Lyon"]
    assert [p.site.name for p in plan.sites] == ["Louvre"]
    assert plan.merged == 2
    assert "  2 places merged into the stops they repeat" in plan.lines()


# -- notes that count truthfully --------------------------------------------------------


def test_a_loop_track_makes_one_stop_when_ends_are_asked_for(tmp_path: Path) -> None:
    text = (
        f"{GPX_HEAD}<trk><name>Loop</name><trkseg><trkpt lat='48.85' lon='2.35'/>"
        "<trkpt lat='48.86' lon='2.36'/><trkpt lat='48.85' lon='2.35'/></trkseg></trk>"
        f"<trk><name>Dot</name><trkseg><trkpt lat='45.76' lon='4.83'/></trkseg></trk></gpx>"
    )
    path = write(tmp_path, "loop.gpx", text)
    parsed = read_import_file(path, ImportOptions(points_as="stops"))
    assert [s.name for s in parsed.stops] == ["Loop (start)", "Dot (start)"]
    described = [t.describe() for t in read_import_file(path).tracks]
    assert "3 points" in described[0]
    assert "1 point," in described[1] and "1 points" not in described[1]


def test_kml_notes_use_singular_and_plural(tmp_path: Path) -> None:
    body = (
        placemark("A", "1,2")
        + "<Placemark><name>Nowhere</name></Placemark>"
        + "<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,2 3,4 1,2"
        + "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        + "<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,2 3,4 1,2"
        + "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        + "<Placemark><LineString><coordinates>1,2 3,4</coordinates></LineString></Placemark>"
    )
    parsed = read_import_file(write(tmp_path, "notes.kml", kml(body)))
    assert len(parsed.tracks) == 1
    assert parsed.notes == [
        "2 area or model placemarks left out (they are neither places nor lines).",
        "1 placemark without coordinates left out.",
    ]
    assert not any("(s)" in n for n in parsed.notes)


# -- a CSV without a header row ---------------------------------------------------------


def test_csv_without_header_of_latitude_longitude_name(tmp_path: Path) -> None:
    path = write(tmp_path, "bare.csv", "48.8566,2.3522,Paris\n45.76,4.83,Lyon\n")
    parsed = read_import_file(path)
    assert [(s.name, s.place.lat, s.place.lon) for s in parsed.stops] == [
        ("Paris", 48.8566, 2.3522),
        ("Lyon", 45.76, 4.83),
    ]
    assert any("No header row" in n for n in parsed.notes)


@pytest.mark.parametrize("text", ["1,2,3\n4,5,6\n", "95,2,North\n", "a,b,c\n1,2,X\n"])
def test_csv_without_names_is_still_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValidationError, match="needs a name column"):
        read_import_file(write(tmp_path, "numbers.csv", text))
