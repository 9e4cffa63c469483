"""Google My Maps files: each layer a trip of its own, or a group of sites of one trip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.store import Store
from tests.cli.runner import CliRunner
from tests.formats.helpers import snapshot


def placemark(name: str, lon: float, lat: float, style: str = "icon-1899-0288D1") -> str:
    return (
        f"<Placemark><name>{name}</name><description>About {name}</description>"
        f"<styleUrl>#{style}</styleUrl>"
        '<ExtendedData><Data name="Notes"><value>saved in My Maps</value></Data></ExtendedData>'
        f"<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"
    )


def my_maps_kmz(*layers: tuple[str, list[str]], loose: str = "") -> bytes:
    """A KMZ shaped as Google My Maps exports one: doc.kml with styles and a folder per layer."""
    folders = "".join(
        f"<Folder><name>{name}</name>{''.join(marks)}</Folder>" for name, marks in layers
    )
    kml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Iceland 2025</name>'
        "<description>Our ring road trip</description>"
        '<Style id="icon-1899-0288D1-normal"><IconStyle><color>ffd18802</color><scale>1</scale>'
        "<Icon><href>images/icon-1.png</href></Icon></IconStyle></Style>"
        '<StyleMap id="icon-1899-0288D1"><Pair><key>normal</key>'
        "<styleUrl>#icon-1899-0288D1-normal</styleUrl></Pair></StyleMap>"
        f"{folders}{loose}</Document></kml>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
        archive.writestr("images/icon-1.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return out.getvalue()


ROUTE = ("Day 1", [placemark("Reykjavík", -21.8954, 64.1355), placemark("Vík", -19.006, 63.419)])
HOTELS = (
    "Hotels",
    [placemark("Hotel Borg", -21.9396, 64.1474), placemark("Hótel Vík", -19.01, 63.42)],
)
MUSEUMS = ("Museums", [placemark("Perlan", -21.9189, 64.1292)])
EMPTY = ("Ideas", [])


@pytest.fixture
def kmz(tmp_path: Path) -> Path:
    path = tmp_path / "Iceland 2025.kmz"
    path.write_bytes(my_maps_kmz(ROUTE, HOTELS, MUSEUMS, EMPTY))
    return path


def test_the_layers_of_a_my_maps_file_are_listed_and_read_as_any_folder_by_default(
    kmz: Path,
) -> None:
    parsed = read_import_file(kmz)
    assert parsed.layers == ["Day 1", "Hotels", "Museums", "Ideas"]
    assert [s.name for s in parsed.stops] == ["Reykjavík", "Vík"]
    assert {p.site.name: p.site.theme for p in parsed.sites} == {
        "Hotel Borg": Theme.LODGING, "Hótel Vík": Theme.LODGING, "Perlan": Theme.MUSEUM,
    }  # fmt: skip


def test_layers_as_trips_make_one_trip_each_in_one_transaction(kmz: Path, store: Store) -> None:
    parsed = read_import_file(kmz, ImportOptions(layers_as="trips"))
    assert [p.trip_name for p in parsed.parts] == ["Day 1", "Hotels", "Museums"]
    assert any("1 layer without places left out: Ideas" in n for n in parsed.notes)
    plan = preview(store, parsed, new_name="Ring road")
    names = [part.new_trip_name for part in plan.parts]
    assert names == ["Ring road – Day 1", "Ring road – Hotels", "Ring road – Museums"]
    text = "\n".join(plan.lines())
    assert "3 layers into as many new trips" in text and "trip 'Ring road – Hotels'" in text
    before = len(store.trips.list())
    result = apply(store, plan)
    assert [t.name for t in result.created_trips] == names
    assert len(store.trips.list()) == before + 3
    assert result.stops + result.sites == 5
    hotels = result.created_trips[1]
    assert hotels.id is not None
    # A layer whose places are all sites, alone in its trip, becomes its stops (as any file).
    assert [s.name for s in store.trips.stops(hotels.id)] == ["Hotel Borg", "Hótel Vík"]


def test_a_failure_in_one_layer_writes_no_trip_at_all(
    kmz: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = preview(store, read_import_file(kmz, ImportOptions(layers_as="trips")))
    before = snapshot(store)
    original = store.trips.add_stops
    calls: list[int] = []

    def fail_on_third(trip_id: int, stops: list[Stop]) -> list[Stop]:
        calls.append(trip_id)
        if len(calls) == 3:
            raise ValidationError("The disk is full.")
        return original(trip_id, stops)

    monkeypatch.setattr(store.trips, "add_stops", fail_on_third)
    with pytest.raises(ValidationError, match="disk is full"):
        apply(store, plan)
    assert snapshot(store) == before


def test_layers_as_trips_cannot_go_into_an_existing_trip(kmz: Path, store: Store) -> None:
    trip = store.trips.create("Existing")
    with pytest.raises(ValidationError, match="becomes a trip of its own"):
        preview(store, read_import_file(kmz, ImportOptions(layers_as="trips")), trip_id=trip.id)


def test_layers_as_sites_give_their_places_the_layers_theme(kmz: Path, store: Store) -> None:
    trip = store.trips.create("Iceland")
    assert trip.id is not None
    store.trips.add_stop(trip.id, Stop(Place("Reykjavík", 64.1355, -21.8954)))
    options = ImportOptions(layers_as="sites", folder_themes={"Day 1": Theme.SIGHT})
    parsed = read_import_file(kmz, options)
    assert parsed.stops == []
    themes = {p.site.name: p.site.theme for p in parsed.sites}
    assert themes["Vík"] is Theme.SIGHT and themes["Hotel Borg"] is Theme.LODGING
    assert themes["Perlan"] is Theme.MUSEUM
    result = apply(store, preview(store, parsed, trip_id=trip.id))
    assert result.sites == 5 and result.stops == 0

    unnamed = read_import_file(kmz, ImportOptions(layers_as="sites"))
    assert unnamed.folders == {"Day 1": 2}  # listed as a folder that could become a theme
    assert {p.site.theme for p in unnamed.sites if p.folder == "Day 1"} == {Theme.SHOWCASE}


def test_places_outside_every_layer_make_a_trip_named_after_the_map(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "map.kmz"
    path.write_bytes(my_maps_kmz(MUSEUMS, loose=placemark("Akureyri", -18.0878, 65.6835)))
    plan = preview(store, read_import_file(path, ImportOptions(layers_as="trips")))
    assert [p.new_trip_name for p in plan.parts] == ["Iceland 2025 – Museums", "Iceland 2025"]


def test_the_command_line_imports_layers_as_trips(
    kmz: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = CliRunner(tmp_path / "trips.db", capsys)
    out = cli.ok("import", str(kmz), "--layers", "trips")
    assert "Imported 5 stops and 0 sites into 3 new trips" in out
    assert "Iceland 2025 – Hotels" in cli.ok("trips")
    code, _, err = cli("import", str(kmz), "--layers", "trips", "--trip", "1")
    assert code == 1 and "becomes a trip of its own" in err
    with pytest.raises(SystemExit) as exited:
        cli("import", str(kmz), "--layers", "lines")
    assert exited.value.code == 2 and "invalid choice: 'lines'" in capsys.readouterr().err


def test_hostile_layer_names_make_plain_trip_names(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "map.kmz"
    hostile = (
        "&lt;script&gt;alert(1)&lt;/script&gt;\u202e\n",
        [placemark("Perlan", -21.9, 64.1)],
    )
    path.write_bytes(my_maps_kmz(hostile))
    plan = preview(store, read_import_file(path, ImportOptions(layers_as="trips")))
    assert [p.new_trip_name for p in plan.parts] == ["Iceland 2025 – <script>alert(1)</script>"]


def test_layers_as_sites_into_a_new_trip_join_stops_made_of_their_cities(
    kmz: Path, store: Store
) -> None:
    from cityplanner.geo.gazetteer_match import PlaceMatch

    reykjavik = PlaceMatch(1, "Reykjavík", "IS", "Iceland", "", 64.1355, -21.8954, 118918,
                           "Atlantic/Reykjavik")  # fmt: skip
    vik = PlaceMatch(2, "Vík", "IS", "Iceland", "", 63.419, -19.006, 300, "Atlantic/Reykjavik")

    def nearest(lat: float, lon: float) -> PlaceMatch | None:
        return reykjavik if lat > 64 else vik

    parsed = read_import_file(kmz, ImportOptions(layers_as="sites", nearest_city=nearest))
    plan = preview(store, parsed, new_name="Ring road")
    assert [s.name for s in plan.stops] == ["Reykjavík", "Vík"]
    assert [s.place.timezone for s in plan.stops] == ["Atlantic/Reykjavik"] * 2
    # The places of "Day 1" named after the cities, at their centres, are those stops.
    assert plan.merged == 2 and [p.site.name for p in plan.sites] == [
        "Hotel Borg", "Hótel Vík", "Perlan",
    ]  # fmt: skip
    result = apply(store, plan)
    assert (result.stops, result.sites) == (2, 3)
