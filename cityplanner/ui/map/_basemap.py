"""The offline map's tiles, answered through the map's URL scheme (read by
`cityplanner.maps.basemap_tiles`): one tile's JSON, `{}` at sea, a refusal for any path
that names no tile."""

from __future__ import annotations

import logging

from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.basemap_tiles import tile_json
from cityplanner.ui.map._thumbnails import reply

log = logging.getLogger(__name__)


def answer_tile(job: QWebEngineUrlRequestJob, path: str) -> None:
    """Answer a request for `assets/basemap/{z}/{x}/{y}.json`."""
    try:
        data = tile_json(path)
    except CityPlannerError as exc:
        log.warning("%s", exc)
        data = None
    if data is None:
        job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
        return
    reply(job, b"application/json", data)
