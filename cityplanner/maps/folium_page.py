"""The map page laid out by folium: the exported, self-contained file (see `cityplanner.maps.page`).

Imported only when such a page is written: folium takes a tenth of a second or more
to import, which the window's start does without.
"""

from __future__ import annotations

import logging
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from cityplanner.maps.assets import SCRIPTS, STYLES, basemap_script_json, embedded_basemap_json
from cityplanner.maps.escape import html_text, json_for_script
from cityplanner.maps.page import (
    MAP_CENTER,
    MAP_ZOOM,
    AssetMode,
    content_security_policy,
    notes_markup,
    script_tag,
    split_notes,
    style_tag,
)

log = logging.getLogger(__name__)

#: Only the exported file has the itinerary panel: the window shows its itinerary beside the map.
PANEL_STYLES = ("panel.css",)
PANEL_SCRIPTS = ("panel.js",)


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


def folium_page(
    payload: dict[str, Any],
    *,
    assets: AssetMode = AssetMode.INLINE,
    bridge_script: str | None = None,
) -> str:
    """The whole HTML page for one trip payload, laid out by folium.

    As in the window's page, the sites' notes come after the script that draws the trip.
    """
    payload, notes = split_notes(payload)
    fmap = OfflineMap(
        location=list(MAP_CENTER),
        zoom_start=MAP_ZOOM,
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
    # Only the shared file reaches the tile server itself; the window's page asks the app.
    header.add_child(
        RawHtml(
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(assets)}">'
            f"<title>{html_text(title)}</title>"
        ),
        name="cp_head",
    )
    styles = list(STYLES)
    if assets is AssetMode.INLINE:
        styles += PANEL_STYLES
    for name in styles:
        header.add_child(RawHtml(style_tag(name, assets)), name=f"cp_{name}")
    scripts = list(SCRIPTS)
    if assets is AssetMode.INLINE:
        scripts += PANEL_SCRIPTS
    if bridge_script:
        scripts.insert(0, bridge_script)
    for name in scripts:
        header.add_child(RawHtml(script_tag(name, assets)), name=f"cp_{name}")
    root.html.add_child(
        RawHtml(
            '<script type="application/json" id="cp-basemap">'
            + (
                embedded_basemap_json(payload)
                if assets is AssetMode.INLINE
                else basemap_script_json()
            )
            + '</script><script type="application/json" id="cp-trip">'
            + json_for_script(payload)
            + "</script>"
        ),
        name="cp_data",
    )
    fmap.add_child(_TripLayers(bridge=bridge_script is not None))
    page, end, rest = str(root.render()).rpartition("</html>")
    return page + notes_markup(notes) + end + rest
