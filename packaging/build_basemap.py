"""Rebuild the offline basemap under resources/maps/ from the `countryinfo` package.

Run from the repository root: `python packaging/build_basemap.py` (needs the `data`
extra). The outlines in `countryinfo` are Natural Earth's 1:110m countries (public
domain) by way of the world.geo.json collection; the package itself is MIT-licensed.
Coordinates are rounded to 0.01° (about 1 km), which is finer than the source scale.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "resources" / "maps"
DIGITS = 2


def main() -> None:
    countries: list[dict[str, Any]] = []
    capitals: list[dict[str, Any]] = []
    for entry in sorted(files("countryinfo").joinpath("data").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        iso = data.get("ISO", {}).get("alpha2", "")
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = _compact(feature.get("geometry"))
            if geometry:
                countries.append(
                    {
                        "type": "Feature",
                        "properties": {"name": data["name"].title(), "iso": iso},
                        "geometry": geometry,
                    }
                )
        latlng = data.get("capital_latlng") or []
        if data.get("capital") and len(latlng) == 2:
            capitals.append(
                {
                    "name": data["capital"],
                    "iso": iso,
                    "lat": round(latlng[0], 3),
                    "lon": round(latlng[1], 3),
                }
            )
    OUT.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", "features": countries}
    (OUT / "countries.geojson").write_text(_dump(collection), encoding="utf-8")
    (OUT / "capitals.json").write_text(_dump(capitals), encoding="utf-8")


def _compact(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    if not geometry:
        return None
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [_polygon(geometry["coordinates"])]
    elif kind == "MultiPolygon":
        polygons = [_polygon(p) for p in geometry["coordinates"]]
    else:
        return None
    polygons = [p for p in polygons if p]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    out = []
    for ring in rings:
        points: list[list[float]] = []
        for lon, lat, *_ in ring:
            point = [round(lon, DIGITS), round(lat, DIGITS)]
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 4:
            out.append(points)
    return out


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    main()
