"""Every theme has one look (group, colour, icon) that every view and export takes.

Run as a module (`python -m tests.domain.test_themes`) to rewrite the map's icon
outlines, resources/web/theme-glyphs.js, from the font the window draws its icons with.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import math
import re
import zipfile
from pathlib import Path

import pytest

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.themes import (
    THEME_LOOKS,
    ThemeGroup,
    guess_theme,
    theme_colour,
    themes_by_group,
)
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.formats.document import ImportOptions, TripDocument, load_document
from cityplanner.formats.importing import read_import_file
from cityplanner.formats.registry import export_trip
from cityplanner.maps.payload import map_payload
from cityplanner.store import Store
from tests.formats.helpers import import_file

ROOT = Path(__file__).resolve().parents[2]
GLYPHS_JS = ROOT / "resources" / "web" / "theme-glyphs.js"
FA_VERSION = "5.15.4"
GENERAL = [Theme.SIGHT, Theme.MUSEUM, Theme.NATURE, Theme.FOOD, Theme.LODGING]
GENERAL += [Theme.TRANSPORT, Theme.SHOPPING, Theme.EVENT, Theme.OTHER]


# -- the table itself -----------------------------------------------------------------


def _font_dir() -> Path:
    """qtawesome's fonts, found without importing it (only the window may import it)."""
    spec = importlib.util.find_spec("qtawesome")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _charmap() -> dict[str, str]:
    path = _font_dir() / f"fontawesome5-solid-webfont-charmap-{FA_VERSION}.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_every_theme_has_a_group_a_colour_and_an_icon_the_font_has() -> None:
    charmap = _charmap()
    assert set(THEME_LOOKS) == set(Theme)
    for theme in Theme:
        look = THEME_LOOKS[theme]
        assert re.fullmatch(r"#[0-9a-f]{6}", look.colour), theme
        assert isinstance(look.group, ThemeGroup)
        assert look.icon in charmap, f"{theme}: no Font Awesome 5 solid icon {look.icon!r}"
        assert theme_colour(theme) == look.colour


def test_themes_for_every_traveller_come_first_then_the_smart_city_ones() -> None:
    groups = themes_by_group()
    assert [(g, ts) for g, ts in groups] == [
        (ThemeGroup.GENERAL, GENERAL),
        (ThemeGroup.SMART_CITY, [t for t in Theme if t not in GENERAL]),
    ]
    assert [t for _g, ts in groups for t in ts] == list(Theme)
    assert [g.label for g, _ts in groups] == ["General", "Smart city"]
    assert Theme.FOOD.label == "Food and drink"
    assert Theme.parse("Food and drink") is Theme.FOOD
    assert Theme.parse("lodging") is Theme.LODGING


def test_colours_and_icons_tell_every_theme_apart() -> None:
    looks = list(THEME_LOOKS.items())
    assert len({look.colour for _t, look in looks}) == len(looks)
    assert len({look.icon for _t, look in looks}) == len(looks)
    for (a, look_a), (b, look_b) in itertools.combinations(looks, 2):
        difference = _delta_e(look_a.colour, look_b.colour)
        floor = 15 if look_a.group is look_b.group else 9
        assert difference >= floor, f"{a} and {b} look alike (ΔE00 {difference:.1f})"


def test_colours_read_on_the_light_basemap_and_differ_from_stops() -> None:
    for theme, look in THEME_LOOKS.items():
        # A badge draws the colour on white (planned) or white on the colour (visited).
        assert _contrast(look.colour, "#ffffff") >= 3.0, theme
        assert _delta_e(look.colour, "#c62828") >= 12, f"{theme} looks like a stop's pin"


# -- one definition, every view -------------------------------------------------------


def _all_themes_trip(store: Store) -> TripDocument:
    trip = store.trips.create("Every theme")
    assert trip.id is not None
    lyon = store.trips.add_stop(trip.id, Stop(place=Place("Lyon", 45.76, 4.83)))
    for i, theme in enumerate(Theme):
        store.sites.add(
            Site(
                name=f"{theme.label} site",
                theme=theme,
                stop_id=lyon.id,
                status=list(SiteStatus)[i % len(SiteStatus)],
                lat=45.70 + i / 100,
                lon=4.80 + i / 100,
                description=f"All about {theme.value}",
            )
        )
    return load_document(store, trip.id)


def _export(doc: TripDocument, key: str) -> bytes:
    out = io.BytesIO()
    export_trip(doc, key, out)
    return out.getvalue()


@pytest.fixture
def store():
    with Store.memory() as opened:
        yield opened


def test_the_map_payload_takes_each_theme_from_the_table(store: Store) -> None:
    doc = _all_themes_trip(store)
    payload = map_payload(doc.trip, doc.stops, doc.sites)
    assert [t["key"] for t in payload["themes"]] == [t.value for t in Theme]
    for entry in payload["themes"]:
        look = THEME_LOOKS[Theme(entry["key"])]
        assert (entry["colour"], entry["glyph"], entry["group"], entry["groupLabel"]) == (
            look.colour,
            look.icon,
            look.group.value,
            look.group.label,
        )


def test_kml_styles_take_each_theme_colour_from_the_table(store: Store) -> None:
    kml = _export(_all_themes_trip(store), "kml").decode("utf-8")
    styles = dict(re.findall(r'<Style id="theme-([a-z-]+)"><IconStyle><color>(\w{8})</color>', kml))
    assert set(styles) == {t.value for t in Theme}
    for theme in Theme:
        rgb = theme_colour(theme)[1:]
        # KML writes colours as aabbggrr.
        assert styles[theme.value].lower() == "ff" + rgb[4:6] + rgb[2:4] + rgb[0:2], theme


def test_the_travelogues_take_each_theme_colour_from_the_table(store: Store) -> None:
    doc = _all_themes_trip(store)
    html = _export(doc, "html-travelogue").decode("utf-8")
    for theme in Theme:
        assert f'style="border-color: {theme_colour(theme)}">{theme.label}' in html, theme

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_export(doc, "pdf")))
    streams = "".join(
        page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for page in reader.pages
    )
    fills = {
        "#" + "".join(f"{round(float(v) * 255):02x}" for v in m)
        for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", streams)
    }
    for theme in Theme:
        assert theme_colour(theme) in fills, theme


def _glyph_outlines(names: list[str]) -> dict[str, tuple[int, str]]:
    """Each icon's advance width and outline as SVG path data, on Font Awesome's grid
    (512 units high, y downwards), as the map draws them."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    charmap = _charmap()
    font = TTFont(_font_dir() / f"fontawesome5-solid-webfont-{FA_VERSION}.ttf")
    glyphs, cmap, metrics = font.getGlyphSet(), font.getBestCmap(), font["hmtx"]
    ascent = font["hhea"].ascent
    result = {}
    for name in names:
        glyph = cmap[int(charmap[name], 16)]
        pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
        glyphs[glyph].draw(TransformPen(pen, (1, 0, 0, -1, 0, ascent)))
        result[name] = (int(metrics[glyph][0]), pen.getCommands())
    return result


def glyphs_script() -> str:
    """The text of resources/web/theme-glyphs.js."""
    names = sorted({look.icon for look in THEME_LOOKS.values()})
    rows = "".join(
        f'    "{name}": {{ width: {width}, d: "{d}" }},\n'
        for name, (width, d) in _glyph_outlines(names).items()
    )
    return (
        "/* CityPlanner map: the outlines of the theme icons, the same ones the window shows.\n"
        f" * Font Awesome Free {FA_VERSION} (solid), by Fonticons, Inc., CC BY 4.0\n"
        " * (https://fontawesome.com/license/free), read from the font qtawesome ships.\n"
        " * Generated by `python -m tests.domain.test_themes`; do not edit by hand.\n"
        " * Each outline sits on a grid `width` wide and 512 high (y downwards).\n"
        " */\n"
        "(function () {\n"
        '  "use strict";\n'
        "  window.CityPlannerGlyphs = Object.freeze({\n"
        f"{rows}"
        "  });\n"
        "})();\n"
    )


def test_the_map_draws_the_same_icon_outlines_as_the_window() -> None:
    assert GLYPHS_JS.read_text(encoding="utf-8") == glyphs_script(), (
        "resources/web/theme-glyphs.js is out of date: run python -m tests.domain.test_themes"
    )


# -- stored and exchanged -------------------------------------------------------------


def test_every_theme_is_stored_and_read_back(store: Store) -> None:
    doc = _all_themes_trip(store)
    assert [s.theme for s in store.sites.for_trip(doc.trip.id or 0)] == list(Theme)
    raw = {row[0] for row in store.db.execute("SELECT theme FROM sites").fetchall()}
    assert raw == {t.value for t in Theme}


@pytest.mark.parametrize("key", ["gpx", "kml", "kmz", "geojson", "csv"])
def test_every_theme_survives_export_and_import(key: str, store: Store, tmp_path: Path) -> None:
    doc = _all_themes_trip(store)
    path = tmp_path / f"themes.{key}"
    path.write_bytes(_export(doc, key))
    if key == "kmz":
        assert zipfile.is_zipfile(path)
    again = load_document(store, import_file(store, path).trip.id or 0)
    assert {s.name: s.theme for s in again.sites} == {s.name: s.theme for s in doc.sites}


# -- guessing a theme from a name -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Museums", Theme.MUSEUM),
        ("Art galleries", Theme.MUSEUM),
        ("Restaurants", Theme.FOOD),
        ("Cafés & bars", Theme.FOOD),
        ("Hotels", Theme.LODGING),
        ("Where we sleep", Theme.LODGING),
        ("Parks and gardens", Theme.NATURE),
        ("Beaches", Theme.NATURE),
        ("Car parks", Theme.PARKING),
        ("Train stations", Theme.TRANSPORT),
        ("Shops", Theme.SHOPPING),
        ("Concerts", Theme.EVENT),
        ("Churches", Theme.SIGHT),
        ("Museum café", Theme.MUSEUM),
        ("Parking", None),  # a smart-city theme's name: Theme.parse finds it, not a guess
        ("Trams", None),
        ("Cities", None),
        ("", None),
    ],
)
def test_names_of_folders_suggest_a_theme(text: str, theme: Theme | None) -> None:
    assert guess_theme(text) is theme


def test_kml_folders_named_for_places_become_sites_of_that_theme(tmp_path: Path) -> None:
    def folder(name: str, place: str, lon: float) -> str:
        return (
            f"<Folder><name>{name}</name><Placemark><name>{place}</name>"
            f"<Point><coordinates>{lon},45.76</coordinates></Point></Placemark></Folder>"
        )

    path = tmp_path / "mymaps.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Lyon</name>'
        + folder("Cities", "Lyon", 4.83)
        + folder("Hotels", "Hôtel-Dieu", 4.836)
        + folder("Restaurants &amp; bars", "Les Halles", 4.85)
        + folder("Parks", "Parc de la Tête d'Or", 4.85)
        + folder("Car parks", "Parking Bellecour", 4.83)
        + folder("Other", "Somewhere", 4.84)
        + "</Document></kml>",
        encoding="utf-8",
    )
    parsed = read_import_file(path)
    assert [s.name for s in parsed.stops] == ["Lyon", "Somewhere"]
    assert [(p.site.name, p.site.theme) for p in parsed.sites] == [
        ("Hôtel-Dieu", Theme.LODGING),
        ("Les Halles", Theme.FOOD),
        ("Parc de la Tête d'Or", Theme.NATURE),
        ("Parking Bellecour", Theme.PARKING),
    ]
    chosen = ImportOptions(folder_themes={"other": Theme.OTHER})
    assert [p.site.theme for p in read_import_file(path, chosen).sites][-1] is Theme.OTHER


# -- colour science, enough for the checks above --------------------------------------


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(colour: str) -> float:
        r, g, b = _rgb(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = _rgb(colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta_e(a: str, b: str) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(a), _lab(b)
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360
    h2 = math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    rc = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    rt = -math.sin(math.radians(2 * rotation)) * rc
    dl, dc = (l2 - l1) / sl, (c2 - c1) / sc
    dhh = big_dh / sh
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rt * dc * dhh)


if __name__ == "__main__":
    GLYPHS_JS.write_text(glyphs_script(), encoding="utf-8")
