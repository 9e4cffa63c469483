"""Thousands of sites on the map: hidden by theme from the layer control, and each still
found, named and opened from its cluster."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.maps.payload import map_payload
from tests.ui.conftest import console_errors as errors

pytestmark = pytest.mark.slow

CITIES = [("Toulouse", 43.604, 1.444), ("Arles", 43.677, 4.630), ("Yerevan", 40.178, 44.513)]
THEMES = [Theme.WATER, Theme.ENERGY, Theme.MUSEUM]

# The sites in view now: alone, or counted in their clusters (a cluster's animation
# leaves hidden copies for a moment).
SHOWN_SITES = """(function () {
  var shown = [...document.querySelectorAll('.leaflet-marker-pane .cp-site, .leaflet-marker-pane .cp-cluster')]
    .filter(function (n) { return n.style.opacity !== '0'; });
  return shown.reduce(function (sum, n) {
    return sum + (n.classList.contains('cp-cluster') ? Number(n.textContent) : 1);
  }, 0);
})()"""

# The themes of the sites drawn now (alone or clustered), by their index.
CLUSTERED_THEMES = "JSON.stringify(CityPlannerMap.siteThemes())"


def many_sites(count: int, *, seed: int = 3) -> dict[str, object]:
    rng = random.Random(seed)
    stops = [
        Stop(Place(name, lat, lon), id=i + 1, arrival=date(2024, 5, 1 + 2 * i), nights=2)
        for i, (name, lat, lon) in enumerate(CITIES)
    ]
    sites = []
    for i in range(count):
        stop = stops[i % len(stops)]
        sites.append(
            Site(
                f"Site {i} <b>&amp;</b>",
                THEMES[i % len(THEMES)],
                stop_id=stop.id,
                status=rng.choice(list(SiteStatus)),
                lat=stop.place.lat + rng.uniform(-0.3, 0.3),
                lon=stop.place.lon + rng.uniform(-0.4, 0.4),
                description=f"Seen on day {i % 5}.",
                id=i + 1,
            )
        )
    return map_payload(Trip("Many sites", id=1), stops, sites)


def show(qtbot, js, view, payload):
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_payload(payload)
    js.wait_for(view.page(), "CityPlannerMap.tripReady")


def theme_box(theme_label: str) -> str:
    """The layer control's checkbox of a theme, found by its label."""
    return (
        "[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
        f".find(function (l) {{ return l.textContent.trim() === {json.dumps(theme_label)}; }})"
        ".querySelector('input')"
    )


def test_a_theme_turned_off_in_the_layer_control_hides_its_sites_only(qtbot, view, js):
    show(qtbot, js, view, many_sites(900))
    page = view.page()
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 900)
    js(page, theme_box("Water") + ".click(); 1")
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 600)
    js(page, theme_box("Energy") + ".click(); 1")
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 300)
    # Every site left is a museum.
    themes = js(page, CLUSTERED_THEMES)
    assert json.loads(themes) == [list(Theme).index(Theme.MUSEUM)]
    js(page, theme_box("Water") + ".click(); 1")
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 600)
    assert errors(view) == []


def test_a_site_among_thousands_opens_its_popup_and_names_itself(qtbot, view, js):
    payload = many_sites(3000)
    show(qtbot, js, view, payload)
    page = view.page()
    view.select_site(1234)
    name = "Site 1233 <b>&amp;</b>"
    js.wait_for(
        page,
        "document.querySelector('.leaflet-popup-content h3') && document.querySelector("
        f"'.leaflet-popup-content h3').textContent === {json.dumps(name)}",
    )
    assert "Seen on day 3." in js(
        page, "document.querySelector('.leaflet-popup-content').textContent"
    )
    # Its marker, shown alone now, is named under the mouse.
    js.wait_for(page, "document.querySelector('[data-site-id=\"1234\"]')")
    js(
        page,
        "document.querySelector('[data-site-id=\"1234\"]').dispatchEvent("
        "new MouseEvent('mouseover', {bubbles: true})); 1",
    )
    js.wait_for(page, "document.querySelector('.cp-site-tooltip')")
    assert js(page, "document.querySelector('.cp-site-tooltip').textContent") == name
    assert errors(view) == []


def test_the_trip_is_ready_once_every_site_is_in_and_again_after_new_data(qtbot, view, js):
    payload = many_sites(600)
    show(qtbot, js, view, payload)
    page = view.page()
    js.wait_for(page, "CityPlannerMap.ready")
    marks = json.loads(
        js(
            page,
            "JSON.stringify(['cp-trip', 'cp-drawn', 'cp-ready'].map(function (n) {"
            " var e = performance.getEntriesByName(n); return e.length ? e[e.length - 1].startTime : null; }))",
        )
    )
    assert None not in marks
    assert marks[0] <= marks[2] and marks[1] <= marks[2]
    more = many_sites(900)
    # The new sites are all in as soon as the update returns, and only then is it ready.
    seen = js(
        page,
        "window.__seen = []; CityPlannerMap.update(" + json.dumps(more) + ");"
        " window.__seen = [CityPlannerMap.tripReady, CityPlannerMap.counts().sites]; 1",
    )
    assert seen == 1
    assert json.loads(js(page, "JSON.stringify(window.__seen)")) == [True, 900]
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 900)
    assert errors(view) == []
