"""The map: the embedded Leaflet view and its bridge, keeping it in step with the trip, and
drawing it offscreen for exports (HTML, PNG, the travelogue's picture)."""

from cityplanner.ui.map._export import render_png, run_export_png, wait_until_drawn
from cityplanner.ui.map._feature import MapFeature
from cityplanner.ui.map._first_picture import FirstPicture
from cityplanner.ui.map._scheme import BRIDGE_ASSET, register_url_scheme
from cityplanner.ui.map._view import MapView

__all__ = [
    "BRIDGE_ASSET",
    "FirstPicture",
    "MapFeature",
    "MapView",
    "register_url_scheme",
    "render_png",
    "run_export_png",
    "wait_until_drawn",
]
