"""The export table: each format is one line, including formats made elsewhere."""

from __future__ import annotations

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.formats import registry
from cityplanner.formats.document import TripDocument
from tests.formats.helpers import export_bytes


def test_the_interactive_map_is_one_line_away(
    monkeypatch: pytest.MonkeyPatch, demo: TripDocument
) -> None:
    line = registry.ExportFormat(
        "html", "Interactive map (HTML)", ".html", "text/html",
        page="cityplanner.maps.export:trip_html",
    )  # fmt: skip
    monkeypatch.setitem(registry.EXPORT_FORMATS, "html", line)
    page = export_bytes(demo, "html").decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Toulouse" in page and "leaflet" in page.lower()


def test_a_format_made_by_the_window_is_refused_here(
    monkeypatch: pytest.MonkeyPatch, demo: TripDocument
) -> None:
    line = registry.ExportFormat("png", "Map picture (PNG)", ".png", "image/png",
                                 gui_command="export-png")  # fmt: skip
    monkeypatch.setitem(registry.EXPORT_FORMATS, "png", line)
    with pytest.raises(ValidationError, match="needs the window"):
        export_bytes(demo, "png")


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="use one of: gpx, kml, kmz, geojson, csv, ics"):
        registry.export_format("docx")
