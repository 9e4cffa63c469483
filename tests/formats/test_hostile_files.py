"""Bad, broken and hostile files give a clear message and leave the database unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.formats import safety
from cityplanner.formats.document import TripDocument
from cityplanner.store import Store
from tests.formats.helpers import export_bytes, import_file, snapshot

XXE_GPX = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="1" lon="2"><name>&xxe;</name></wpt></gpx>"""

LAUGHS_KML = b"""<?xml version="1.0"?>
<!DOCTYPE kml [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol4;</name>
<Point><coordinates>1,2</coordinates></Point></Placemark></kml>"""

GPX_HEAD = b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "xxe.gpx": (XXE_GPX, "DTD or XML entities"),
    "laughs.kml": (LAUGHS_KML, "DTD or XML entities"),
    "doctype.gpx": (
        b"<?xml version='1.0'?><!DOCTYPE gpx>" + GPX_HEAD + b"</gpx>",
        "declares a DTD",
    ),
    "entity.gpx": (
        GPX_HEAD + b'<wpt lat="1" lon="2"><name>&xxe;</name></wpt></gpx>',
        "undefined entity",
    ),
    "ssrf.kml": (b'<!DOCTYPE kml SYSTEM "http://127.0.0.1:9/x.dtd"><kml/>', "declares a DTD"),
    "empty.gpx": (b"", "is empty"),
    "blank.csv": (b"  \n\n ", "is empty"),
    "empty.geojson": (b"", "is empty"),
    "broken.gpx": (GPX_HEAD + b"<wpt lat='1' lon='2'>", "XML is broken at line 1"),
    "broken.kml": (b"<kml><Placemark>", "XML is broken"),
    "notgpx.gpx": (b"<html><body>hi</body></html>", "not a GPX file"),
    "broken.geojson": (b'{"type": "FeatureCollection", "features": [', "broken JSON at line 1"),
    "list.geojson": (b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    "nan.geojson": (
        b'{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,1]},"properties":{}}',
        "NaN is not a number",
    ),
    "noname.csv": (b"a,b,c\n1,2,3\n", "needs a name column"),
    "badzip.kmz": (b"PK\x03\x04 not really a zip", "not a valid KMZ"),
    "nokml.kmz": (b"", "holds no .kml document"),  # filled in below
    "latin1.gpx": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + GPX_HEAD
        + b'<wpt lat="1" lon="2"><name>Z\xfcrich</name></wpt></gpx>',
        "another encoding",
    ),
    "utf16.geojson": (
        '{"type":"FeatureCollection","features":[]}'.encode("utf-16-le"),
        "must be UTF-8",
    ),
    "lat.gpx": (
        GPX_HEAD + b'<wpt lat="95" lon="2"><name>North</name></wpt></gpx>',
        "waypoint 1: Latitude 95 is out of range",
    ),
    "lon.kml": (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>X</name>'
        b"<Point><coordinates>200,10</coordinates></Point></Placemark></kml>",
        "placemark 1: Longitude 200 is out of range",
    ),
    "lat.geojson": (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        b'{"name":"A"},"geometry":{"type":"Point","coordinates":[1,-91]}}]}',
        "Latitude -91 is out of range",
    ),
    "lat.csv": (b"name,lat,lon\nGood,1,2\nBad,1,181\n", "line 3: Longitude 181"),
    "text.csv": (b"name,lat,lon\nA,north,2\n", "Latitude must be a number"),
    "theme.csv": (b"name,lat,lon,theme\nA,1,2,cooking\n", "Unknown theme 'cooking'"),
    "date.geojson": (
        b'{"type":"Feature","properties":{"kind":"stop","arrival":"2017-13-45"},'
        b'"geometry":{"type":"Point","coordinates":[1,2]}}',
        "not a valid date",
    ),
    # A line is a track now; an area is still neither a place nor a line.
    "areas.kml": (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs>'
        b"<LinearRing><coordinates>1,2 3,4 5,6 1,2</coordinates></LinearRing>"
        b"</outerBoundaryIs></Polygon></Placemark></kml>",
        "holds no places",
    ),
    "unknown.xyz": (b"<svg></svg>", "not a format CityPlanner imports"),
}


def _no_kml_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


BAD_FILES["nokml.kmz"] = (_no_kml_archive(), "holds no .kml document")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_and_nothing_changes(
    name: str, store: Store, demo: TripDocument, tmp_path: Path
) -> None:
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(store)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(".", r"\.")):
        import_file(store, path, trip_id=demo.trip.id)
    assert snapshot(store) == before


def test_kmz_zip_bomb_is_refused_before_it_is_unpacked(store: Store, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", b"<kml>" + b" " * (50 * 1024 * 1024) + b"</kml>")
    path = tmp_path / "bomb.kmz"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 200_000
    before = snapshot(store)
    with pytest.raises(ValidationError, match="zip bomb"):
        import_file(store, path)
    assert snapshot(store) == before


def test_kmz_whose_directory_lies_about_sizes_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", b"<kml>" + b"x" * 3_000_000 + b"</kml>")
    data = bytearray(buffer.getvalue())
    # Declare a tiny uncompressed size in the central directory, as a crafted bomb would.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(ValidationError, match=r"zip bomb|damaged KMZ"):
        safety.unpack_kmz(bytes(data), "lying.kmz")


def test_file_size_and_feature_limits_give_clear_messages(
    monkeypatch: pytest.MonkeyPatch, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "many.csv"
    path.write_text("name,lat,lon\n" + "".join(f"P{i},1,{i % 180}\n" for i in range(50)))
    monkeypatch.setattr(safety, "MAX_FEATURES", 10)
    with pytest.raises(ValidationError, match="more than 10 rows"):
        import_file(store, path)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="too large to import"):
        safety.read_limited(path)


def test_xml_with_too_many_elements_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch, store: Store, tmp_path: Path
) -> None:
    monkeypatch.setattr(safety, "MAX_XML_TAGS", 1000)
    path = tmp_path / "deep.kml"
    path.write_bytes(b"<kml>" + b"<Folder>" * 600 + b"</Folder>" * 600 + b"</kml>")
    with pytest.raises(ValidationError, match="too many XML elements"):
        import_file(store, path)


def test_a_kmz_named_kml_is_still_read(store: Store, demo: TripDocument, tmp_path: Path) -> None:
    path = tmp_path / "actually-kmz.kml"
    path.write_bytes(export_bytes(demo, "kmz"))
    assert import_file(store, path).stops == len(demo.stops)


def test_a_failure_while_writing_rolls_everything_back(
    store: Store, demo: TripDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trip.gpx"
    path.write_bytes(export_bytes(demo, "gpx"))
    before = snapshot(store)

    def broken(sites: object) -> None:
        raise ValidationError("disk trouble")

    monkeypatch.setattr(store.sites, "add_many", broken)
    with pytest.raises(ValidationError, match="disk trouble"):
        import_file(store, path, new_name="Half")
    assert snapshot(store) == before


def test_the_garbage_collector_runs_again_after_a_failed_import(
    store: Store, tmp_path: Path
) -> None:
    import gc

    path = tmp_path / "bad.gpx"
    path.write_bytes(BAD_FILES["lat.gpx"][0])
    with pytest.raises(ValidationError):
        import_file(store, path)
    assert gc.isenabled()
