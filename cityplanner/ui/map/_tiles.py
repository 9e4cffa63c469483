"""The map tiles the window's page asks the app for: map packs' and OpenStreetMap's.

`packs/<pack id>/<z>/<x>/<y>` is answered at once from the pack (`PackShelf`), with a
see-through tile where the pack has none or cannot read it, so the offline basemap shows
beneath and the page logs no error. Answering on the GUI thread stays short because each
pack bounds its reads (see cityplanner.maps.map_packs). `osm/<z>/<x>/<y>.png` goes to
`OsmTileServer`, which answers from its cache or, later, from the network.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

from cityplanner.maps.map_packs import PackShelf
from cityplanner.ui.map._osm_tiles import OSM_PREFIX, TRANSPARENT_PNG, OsmTileServer
from cityplanner.ui.map._thumbnails import reply

log = logging.getLogger(__name__)

PACKS_PREFIX = "/packs/"
#: OpenStreetMap's tiles as the window's page asks for them.
OSM_TILES = "osm/{z}/{x}/{y}.png"


class MapTiles(QObject):
    """Answers the tile requests of every map view."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.packs = PackShelf()
        self.osm = OsmTileServer(self)

    def answer(self, job: QWebEngineUrlRequestJob, path: str) -> bool:
        """Answer a GET of `path` if it is a tile's; False when it is not one."""
        if path.startswith(OSM_PREFIX):
            self.osm.answer(job, path)
            return True
        if path.startswith(PACKS_PREFIX):
            try:
                found = self.packs.answer(path)
            except Exception:  # never leave the page's request unanswered
                log.exception("A map pack's tile %s could not be answered", path)
                found = None
            mime, data = found or ("image/png", TRANSPARENT_PNG)
            reply(job, mime.encode(), data)
            return True
        return False
