"""The map page: a folium map whose layers the page's own script draws from JSON data.

folium lays out the document and creates the Leaflet map; the stops, route, sites,
legend and layer control come from `resources/web/itinerary.js`, which reads the
trip from a JSON script element and writes every piece of text with `textContent`.
Folium's CDN links are switched off: assets are either linked under `assets/`
(served by the window's URL scheme) or inlined (for a file that works from disk).
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from cityplanner.maps.assets import SCRIPTS, STYLES, asset, basemap_script_json
from cityplanner.maps.escape import html_text, inline_code, json_for_script

log = logging.getLogger(__name__)

#: Only the tile server may be reached, and only when the user turns that layer on.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    "script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org; "
    "font-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


class AssetMode(Enum):
    """How the page gets its scripts and styles."""

    LINKED = "linked"  # `assets/<name>` next to the page, served by the window
    INLINE = "inline"  # everything inside the one HTML file


class OfflineMap(folium.Map):
    """A folium map that brings no CDN scripts or stylesheets of its own."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # folium would add Leaflet, jQuery, Bootstrap and Font Awesome from CDNs.
        self.default_js = []
        self.default_css = []


class RawHtml(Element):
    """Markup placed in the page as it is.

    branca's `Element(text)` compiles its text as a Jinja template, which would run
    `{{ … }}` found in a trip's names; here the text is a value, never a template.
    """

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _TripLayers(MacroElement):
    """Hands the folium map and the trip data to the page's script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CityPlannerMap.init({{ this._parent.get_name() }}, {bridge: {{ this.bridge }}});
        {% endmacro %}
        """
    )

    def __init__(self, *, bridge: bool) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TripLayers"
        self.bridge = "true" if bridge else "false"


def build_page(
    payload: dict[str, Any],
    *,
    assets: AssetMode = AssetMode.LINKED,
    bridge_script: str | None = None,
) -> str:
    """The whole HTML page for one trip payload (see `cityplanner.maps.payload`).

    `bridge_script` is the asset name of Qt's `qwebchannel.js`, which the window
    serves; with it the page reports clicks to the application.
    """
    fmap = OfflineMap(
        location=[20.0, 0.0],
        zoom_start=2,
        tiles=None,
        control_scale=True,
        world_copy_jump=False,
        min_zoom=1,
        max_zoom=18,
    )
    root = fmap.get_root()
    assert isinstance(root, Figure)
    header = root.header
    title = str(payload.get("trip", {}).get("name") or "Trip map")
    header.add_child(
        RawHtml(
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
            f"<title>{html_text(title)}</title>"
        ),
        name="cp_head",
    )
    for name in STYLES:
        header.add_child(RawHtml(_style_tag(name, assets)), name=f"cp_{name}")
    scripts = list(SCRIPTS)
    if bridge_script:
        scripts.insert(0, bridge_script)
    for name in scripts:
        header.add_child(RawHtml(_script_tag(name, assets)), name=f"cp_{name}")
    root.html.add_child(
        RawHtml(
            '<script type="application/json" id="cp-basemap">'
            + basemap_script_json()
            + '</script><script type="application/json" id="cp-trip">'
            + json_for_script(payload)
            + "</script>"
        ),
        name="cp_data",
    )
    fmap.add_child(_TripLayers(bridge=bridge_script is not None))
    return str(root.render())


def _style_tag(name: str, mode: AssetMode) -> str:
    if mode is AssetMode.INLINE:
        return f"<style>{inline_code(asset(name).text)}</style>"
    return f'<link rel="stylesheet" href="assets/{html_text(name)}">'


def _script_tag(name: str, mode: AssetMode) -> str:
    if mode is AssetMode.INLINE:
        return f"<script>{inline_code(asset(name).text)}</script>"
    return f'<script src="assets/{html_text(name)}"></script>'
