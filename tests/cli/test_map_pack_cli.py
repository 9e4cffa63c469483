"""`export TRIP png|html --map-pack FILE`: a map pack under the trip, in a file to share."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cityplanner.domain.models import Place, Stop
from cityplanner.maps.map_packs import open_pack
from cityplanner.maps.pack_export import embedded_layer
from cityplanner.store import Store
from tests.cli.runner import CliRunner
from tests.maps.pack_files import TOULOUSE, coloured_tiles, make_mbtiles, make_pmtiles

ROOT = Path(__file__).resolve().parents[2]
RED = (200, 30, 30)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "toulouse.db"
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create("Toulouse")
        assert trip.id is not None
        store.trips.add_stops(
            trip.id,
            [
                Stop(place=Place("Capitole", *TOULOUSE, country_code="FR")),
                Stop(place=Place("Saint-Cyprien", 43.5985, 1.4310, country_code="FR")),
            ],
        )
    return path


@pytest.fixture
def cli(db: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    return CliRunner(db, capsys)


def page_packs(page: Path) -> list[dict]:
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="cp-trip">(.*?)</script>', text, re.S)
    assert found is not None
    return json.loads(found.group(1).replace("<\\/", "</"))["packs"]


def test_the_shared_page_holds_the_pack_tiles_around_the_trip(cli, tmp_path) -> None:
    pack = make_mbtiles(tmp_path / "toulouse.mbtiles", coloured_tiles(RED, zooms=(12, 13, 14)))
    page = tmp_path / "toulouse.html"
    out = cli.ok("export", "Toulouse", "html", "-o", str(page), "--map-pack", str(pack))
    assert "Exported Toulouse" in out
    [layer] = page_packs(page)
    assert layer["name"] == "Toulouse test pack" and layer["maxZoom"] == 14
    assert {key.split("/")[0] for key in layer["tiles"]} == {"12", "13", "14"}
    assert all(v.startswith("data:image/png;base64,") for v in layer["tiles"].values())


def test_a_pack_too_big_for_the_page_is_cut_to_lower_zooms_and_said(tmp_path) -> None:
    tiles = coloured_tiles(RED, zooms=(12, 13, 14, 15, 16))
    pack = open_pack(make_pmtiles(tmp_path / "big.pmtiles", tiles))
    payload = {"stops": [{"lat": TOULOUSE[0], "lon": TOULOUSE[1]}]}
    notes: list[str] = []
    layer = embedded_layer(pack, payload, notes=notes, budget=12_000)
    assert layer is not None and layer["maxZoom"] < 16
    assert sum(len(v) for v in layer["tiles"].values()) <= 12_000
    assert len(notes) == 1 and "down to zoom" in notes[0] and "shown enlarged" in notes[0]
    notes.clear()
    assert embedded_layer(pack, payload, notes=notes, budget=100) is None
    assert "left out of the shared map" in notes[0]


def test_a_pack_far_from_the_trip_is_left_out_and_said(cli, tmp_path, capsys) -> None:
    pack = make_mbtiles(tmp_path / "far.mbtiles", coloured_tiles(RED),
                        metadata={"bounds": "10.0,50.0,11.0,51.0"})  # fmt: skip
    page = tmp_path / "t.html"
    code, _out, err = cli("export", "Toulouse", "html", "-o", str(page), "--map-pack", str(pack))
    assert code == 0 and "covers none of this trip's places" in err
    assert page_packs(page) == []


def test_a_bad_pack_is_refused_and_nothing_is_written(cli, tmp_path) -> None:
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"<html>not tiles</html>")
    page = tmp_path / "t.html"
    code, _out, err = cli("export", "Toulouse", "html", "-o", str(page), "--map-pack", str(bad))
    assert code != 0 and "bad.mbtiles is not a map pack" in err
    assert not page.exists()
    pack = make_mbtiles(tmp_path / "ok.mbtiles", coloured_tiles(RED))
    code, _out, err = cli("export", "Toulouse", "gpx", "-o", str(tmp_path / "t.gpx"),
                          "--map-pack", str(pack))  # fmt: skip
    assert code != 0 and "--map-pack is for the png and html exports only" in err


@pytest.mark.slow
def test_the_picture_draws_the_pack_under_the_trip(db, tmp_path) -> None:
    from PIL import Image

    pack = make_mbtiles(tmp_path / "t.mbtiles", coloured_tiles(RED, zooms=(11, 12, 13, 14, 15)))
    picture = tmp_path / "t.png"
    done = subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), "export", "Toulouse", "png",
         "-o", str(picture), "--size", "640x400", "--map-pack", str(pack)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Image.open(picture) as image:
        colours = image.convert("RGB").getcolors(640 * 400) or []
    red = sum(n for n, (r, g, b) in colours if abs(r - 200) < 10 and g < 45 and b < 45)
    assert red > 640 * 400 // 2  # the pack fills most of the picture, under the trip

    bad = tmp_path / "bad.pmtiles"
    bad.write_bytes(b"PMTiles\x03" + bytes(40))
    done = subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), "export", "Toulouse", "png",
         "-o", str(tmp_path / "x.png"), "--map-pack", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "bad.pmtiles" in done.stderr
    assert not (tmp_path / "x.png").exists()
