from __future__ import annotations

import json
import os
import re

import pytest

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.export import parse_size, trip_html, write_trip_html
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import map_payload

# What a browser would fetch by itself: scripts, styles, images and frames in the
# markup, and url()/@import in the stylesheets.
_TAG_REF = re.compile(
    r"""<(?:script|img|iframe|embed|source|video|audio|link)\b[^>]*\b(?:src|href)\s*=\s*"""
    r"""["']?([^"'\s>]+)""",
    re.IGNORECASE,
)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_CSS_REF = re.compile(r"""url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
_CDNS = ("cdn.jsdelivr.net", "code.jquery.com", "bootstrapcdn", "cdnjs.cloudflare.com", "unpkg")


def external_references(html: str) -> list[str]:
    refs = [m.group(1) for m in _TAG_REF.finditer(_STYLE.sub("", html))]
    for css in _STYLE.findall(html):
        refs += [a or b for a, b in _CSS_REF.findall(css)]
    return [r for r in refs if not r.startswith(("data:", "#", "assets/"))]


def test_the_exported_page_inlines_everything(demo):
    store, trip_id = demo
    html = trip_html(store, trip_id)
    assert external_references(html) == []
    assert "assets/" not in html
    assert not any(cdn in html for cdn in _CDNS)
    assert "sourceMappingURL" not in html
    assert 'id="cp-basemap"' in html
    assert "L.markerClusterGroup" in html or "markerClusterGroup" in html
    assert "<title>Smart city tour 2017</title>" in html


def test_the_window_page_links_only_its_own_assets(sample_inputs):
    html = build_page(map_payload(*sample_inputs), assets=AssetMode.LINKED)
    refs = [m.group(0) for m in re.finditer(r'(?:src|href)="assets/[^"]+"', html)]
    assert 'src="assets/leaflet.js"' in refs
    assert 'src="assets/leaflet.markercluster.js"' in refs
    assert 'href="assets/itinerary.css"' in refs
    assert external_references(html) == []
    assert not any(cdn in html for cdn in _CDNS)


def test_scripts_load_in_order_before_the_map_is_made(sample_inputs):
    html = build_page(
        map_payload(*sample_inputs), assets=AssetMode.LINKED, bridge_script="qwebchannel.js"
    )
    order = [
        html.index(f'src="assets/{n}"')
        for n in ("qwebchannel.js", "leaflet.js", "leaflet.markercluster.js", "itinerary.js")
    ]
    assert order == sorted(order)
    assert order[-1] < html.index("L.map(") < html.index("CityPlannerMap.init(")
    assert "{bridge: true}" in html


def test_user_text_reaches_the_page_only_as_escaped_json(hostile_trip, injections):
    store, trip_id = hostile_trip
    html = trip_html(store, trip_id)
    data = re.search(
        r'<script type="application/json" id="cp-trip">(.*?)</script>', html, re.DOTALL
    )
    notes = re.search(
        r'<script type="application/json" id="cp-notes">(.*?)</script>', html, re.DOTALL
    )
    # The sites' notes travel in their own JSON element, after the script that draws the trip.
    assert notes and html.index("CityPlannerMap.init(") < notes.start()
    assert set(json.loads(notes.group(1))) & set(injections)
    outside = html.replace(data.group(0), "").replace(notes.group(0), "")
    for name in injections:
        assert name not in outside
    assert "<img src=x" not in html
    assert 'onerror="window' not in html
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert title == "&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;"
    data = re.search(
        r'<script type="application/json" id="cp-trip">(.*?)</script>', html, re.DOTALL
    )
    payload = json.loads(data.group(1))
    assert payload["trip"]["name"] == injections[0]
    assert {s["name"] for s in payload["stops"]} == set(injections)
    # Only the one </script> that ends each element: the data never closes it early.
    assert html.count("</script>") == html.count("<script")


def test_write_trip_html_writes_one_file(demo, tmp_path):
    store, trip_id = demo
    target = write_trip_html(store, trip_id, tmp_path / "trip.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["trip.html"]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not a private temporary file


def test_write_trip_html_into_a_missing_folder_fails_cleanly(demo, tmp_path):
    store, trip_id = demo
    with pytest.raises(CityPlannerError, match="does not exist"):
        write_trip_html(store, trip_id, tmp_path / "nowhere" / "trip.html")
    assert list(tmp_path.iterdir()) == []


def test_write_trip_html_keeps_the_old_file_when_the_trip_is_unknown(store, tmp_path):
    target = tmp_path / "trip.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(CityPlannerError):
        write_trip_html(store, 999, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.html"]


@pytest.mark.parametrize("text, size", [("1600x1000", (1600, 1000)), (" 800X600 ", (800, 600))])
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["1600", "x", "axb", "-1x5", "100x100", "1600x99999"])
def test_parse_size_rejects_bad_sizes(text):
    with pytest.raises(CityPlannerError):
        parse_size(text)


def test_the_basemap_resource_covers_the_demo_countries():
    from cityplanner.maps.basemap import SCALES, country_outlines

    for scale in SCALES:
        codes = {outline.iso for outline in country_outlines(scale)}
        assert {"FR", "NL", "IS", "RU", "AM"} <= codes, scale


def test_template_syntax_in_names_is_not_evaluated(sample_inputs):
    trip, stops, sites = sample_inputs
    name = "{{ 7*7 }} {% for x in [1] %}loop{% endfor %} {# c #}"
    sites = [sites[0].with_changes(name=name, description=name)]
    stops = [stops[0].with_changes(notes=name), stops[1]]
    html = build_page(map_payload(trip.__class__(name, id=1), stops, sites))
    data = re.search(
        r'<script type="application/json" id="cp-trip">(.*?)</script>', html, re.DOTALL
    )
    payload = json.loads(data.group(1))
    assert payload["trip"]["name"] == name
    assert payload["sites"][0][payload["siteFields"].index("name")] == name
    assert payload["stops"][0]["note"] == name
    # The title, the trip name, the site name and note, the stop note: all verbatim.
    assert html.count("{{ 7*7 }}") == 5
    assert "loop" not in html.replace(name, "")
