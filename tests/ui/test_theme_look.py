"""One look everywhere: a theme has the same colour in the lists, on the map page (its
badges and its legend) and in the KML export."""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.themes import theme_colour
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.formats.document import load_document
from cityplanner.formats.registry import export_trip
from cityplanner.maps.export import trip_payload
from cityplanner.store import Store
from cityplanner.ui.map import MapView
from cityplanner.ui.shell import theme_icon

pytestmark = pytest.mark.slow

# Each theme's colour on the page: its site badges' and its legend row's, by theme label.
PAGE_COLOURS = """JSON.stringify((function () {
  function colour(node) { return node.style.getPropertyValue('--cp-colour').trim(); }
  var legend = {};
  document.querySelectorAll('.cp-legend-row').forEach(function (row) {
    var badge = row.querySelector('.cp-badge');
    if (badge) legend[row.textContent.trim()] = colour(badge);
  });
  var badges = [...document.querySelectorAll('.leaflet-marker-pane .cp-site .cp-badge')].map(colour);
  return {legend: legend, badges: badges};
})())"""


def list_colour(theme: Theme) -> str:
    image = theme_icon(theme, SiteStatus.VISITED).pixmap(64, 64).toImage()
    colours = Counter(
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    )
    return colours.most_common(1)[0][0]


def kml_colours(store: Store, trip_id: int) -> dict[str, str]:
    """KML writes aabbggrr: back to #rrggbb, by theme value."""
    out = io.BytesIO()
    export_trip(load_document(store, trip_id), "kml", out)
    found = re.findall(
        r'<Style id="theme-([a-z-]+)"><IconStyle><color>(\w{8})</color>', out.getvalue().decode()
    )
    return {key: "#" + abgr[6:8] + abgr[4:6] + abgr[2:4] for key, abgr in found}


def test_every_theme_has_one_colour_in_lists_map_legend_and_kml(qtbot, js):
    with Store.memory() as store:
        trip = store.trips.create("Every theme")
        lyon = store.trips.add_stop(trip.id, Stop(place=Place("Lyon", 45.76, 4.83)))
        for i, theme in enumerate(Theme):
            # Far enough apart to be drawn one by one, not clustered.
            store.sites.add(
                Site(name=theme.label, theme=theme, stop_id=lyon.id, lat=45 + i * 0.4, lon=4.8)
            )
        payload = trip_payload(store, trip.id)
        kml = kml_colours(store, trip.id)
    view = MapView()
    view.resize(900, 1400)
    view.show()
    try:
        with qtbot.waitSignal(view.sig_ready, timeout=30_000):
            view.show_payload(payload)
        page = view.page()
        js.wait_for(page, "CityPlannerMap.ready")
        js(page, "CityPlannerMap.map().setView([48.8, 4.8], 7, {animate: false}); 1")
        js.wait_for(page, f"document.querySelectorAll('.cp-site').length === {len(Theme)}")
        on_page = json.loads(js(page, PAGE_COLOURS))
    finally:
        view.close()
        view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    in_payload = {entry["key"]: entry["colour"] for entry in payload["themes"]}
    assert sorted(on_page["badges"]) == sorted(theme_colour(t) for t in Theme)
    for theme in Theme:
        expected = theme_colour(theme)
        assert list_colour(theme) == expected, theme
        assert in_payload[theme.value] == expected, theme
        assert on_page["legend"][theme.label] == expected, theme
        assert kml[theme.value] == expected, theme
