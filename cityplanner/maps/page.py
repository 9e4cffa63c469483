"""The map page: a Leaflet map whose layers the page's own script draws from JSON data.

The stops, route, sites, legend and layer control come from `resources/web/itinerary.js`,
which reads the trip from a JSON script element and writes every piece of text with
`textContent`. Assets are either linked under `assets/` (served by the window's URL
scheme) or inlined (for a file that works from disk).

The exported file is laid out by folium (`cityplanner.maps.folium_page`), with its CDN
links switched off. The window's page is the same document written here directly:
folium takes longer to import than the whole page takes to load, and the window shows
its map at start (issue 13). tests/ui/test_startup.py checks that the two stay the same.
"""

from __future__ import annotations

import logging
import uuid
from enum import Enum
from typing import Any, Final

from cityplanner.maps.assets import SCRIPTS, STYLES, asset, basemap_script_json
from cityplanner.maps.escape import html_text, inline_code, json_for_script

log = logging.getLogger(__name__)

#: The shared file: only the tile server may be reached, and only when the user turns
#: that layer on (the file has no application behind it to fetch tiles for it).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    "script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org; "
    "font-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
#: The window's page reaches nothing but the application: online tiles come through it
#: (`osm/...`, cached for offline use) like the map packs' (`packs/...`).
#: It also fetches the offline basemap's tiles from its own origin.
WINDOW_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    " https://tile.openstreetmap.org", ""
).replace("connect-src 'none'", "connect-src 'self'")


class AssetMode(Enum):
    """How the page gets its scripts and styles."""

    LINKED = "linked"  # `assets/<name>` next to the page, served by the window
    INLINE = "inline"  # everything inside the one HTML file


def content_security_policy(mode: AssetMode) -> str:
    """The page's policy: a linked page (the window's) reaches only the application, a
    self-contained file only the online tile server."""
    if mode is AssetMode.LINKED:
        return WINDOW_CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY


#: Where the map starts, before the page's script fits it to the trip.
MAP_CENTER: Final = (20.0, 0.0)
MAP_ZOOM: Final = 2


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
    if assets is AssetMode.INLINE:
        from cityplanner.maps.folium_page import folium_page

        return folium_page(payload, assets=assets, bridge_script=bridge_script)
    return window_page(payload, bridge_script=bridge_script)


def window_page(payload: dict[str, Any], *, bridge_script: str | None = None) -> str:
    """The page with linked assets, as folium lays it out, written without folium.

    The sites' notes, most of a big trip's data, come after the script that draws the
    trip (`split_notes`): the browser runs that script as soon as it has read it, and the
    trip is on the map while the rest of the page arrives.
    """
    payload, notes = split_notes(payload)
    title = str(payload.get("trip", {}).get("name") or "Trip map")
    scripts = [bridge_script, *SCRIPTS] if bridge_script else list(SCRIPTS)
    name = f"map_{uuid.uuid4().hex}"
    head = "\n    ".join(
        [
            '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />',
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(AssetMode.LINKED)}">'
            f"<title>{html_text(title)}</title>",
            *(style_tag(item, AssetMode.LINKED) for item in STYLES),
            *(script_tag(item, AssetMode.LINKED) for item in scripts),
        ]
    )
    return _WINDOW_PAGE.format(
        head=head,
        name=name,
        data='<script type="application/json" id="cp-basemap">'
        + basemap_script_json()
        + '</script><script type="application/json" id="cp-trip">'
        + json_for_script(payload)
        + "</script>",
        zoom=MAP_ZOOM,
        center=", ".join(str(x) for x in MAP_CENTER),
        bridge="true" if bridge_script else "false",
        notes=notes_markup(notes),
    )


def notes_markup(notes: list[str]) -> str:
    """The sites' notes (see `split_notes`), and the call that gives them to the page."""
    if not notes:
        return ""
    return (
        '<script type="application/json" id="cp-notes">'
        + json_for_script(notes)
        + "</script><script>CityPlannerMap.addNotes();</script>"
    )


def split_notes(payload: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The payload without its sites' notes, and the notes by site row ([] if none)."""
    fields = list(payload.get("siteFields") or [])
    rows = payload.get("sites") or []
    if "note" not in fields or not any(row[fields.index("note")] for row in rows):
        return payload, []
    at = fields.index("note")
    notes = [str(row[at] or "") for row in rows]
    bare = [[*row[:at], "", *row[at + 1 :]] for row in rows]
    return {**payload, "sites": bare}, notes


# folium's own layout of a map with a scale and no tiles (folium/folium.py, branca's Figure).
_WINDOW_PAGE = """<!DOCTYPE html>
<html>
<head>
    {head}
    <meta name="viewport" content="width=device-width,
        initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <style>
        #{name} {{
            position: relative;
            width: 100.0%;
            height: 100.0%;
            left: 0.0%;
            top: 0.0%;
        }}
        .leaflet-container {{ font-size: 1rem; }}
    </style>
    <style>html, body {{
        width: 100%;
        height: 100%;
        margin: 0;
        padding: 0;
    }}
    </style>
    <style>#map {{
        position:absolute;
        top:0;
        bottom:0;
        right:0;
        left:0;
        }}
    </style>
    <script>
        L_NO_TOUCH = false;
        L_DISABLE_3D = false;
    </script>
</head>
<body>
    {data}
    <div class="folium-map" id="{name}" ></div>
</body>
<script>
    var {name} = L.map(
        "{name}",
        {{
            center: [{center}],
            crs: L.CRS.EPSG3857,
            ...{{
  "zoom": {zoom},
  "zoomControl": true,
  "preferCanvas": false,
  "worldCopyJump": false,
}}

        }}
    );
    L.control.scale().addTo({name});
    CityPlannerMap.init({name}, {{bridge: {bridge}}});
</script>
{notes}
</html>
"""


def style_tag(name: str, mode: AssetMode) -> str:
    if mode is AssetMode.INLINE:
        return f"<style>{inline_code(asset(name).text)}</style>"
    return f'<link rel="stylesheet" href="assets/{html_text(name)}">'


def script_tag(name: str, mode: AssetMode) -> str:
    if mode is AssetMode.INLINE:
        return f"<script>{inline_code(asset(name).text)}</script>"
    return f'<script src="assets/{html_text(name)}"></script>'
