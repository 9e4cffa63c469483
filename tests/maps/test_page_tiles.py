"""Where the map page may get tiles: the window's page from the app only, the file from OSM."""

from __future__ import annotations

from cityplanner.domain.models import Trip
from cityplanner.maps.assets import SCRIPTS
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import map_payload


def test_the_window_page_reaches_no_tile_server_but_the_shared_file_does() -> None:
    payload = map_payload(Trip(name="t"), [], [])
    window = build_page(payload, assets=AssetMode.LINKED)
    shared = build_page(payload, assets=AssetMode.INLINE)
    assert "tile.openstreetmap.org" not in window.split("<title>")[0]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in shared
    assert "packs.js" in SCRIPTS and SCRIPTS.index("packs.js") < SCRIPTS.index("itinerary.js")
