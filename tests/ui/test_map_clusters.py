"""How the map clusters sites (resources/web/sites.js): every site counted once in view,
clusters that open when clicked, rings that show the themes inside, and the sites of
the view drawn again as the map moves, across the antimeridian too."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.themes import theme_colour
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.maps.payload import map_payload
from tests.ui.conftest import console_errors as errors
from tests.ui.test_map_sites import SHOWN_SITES, show

pytestmark = pytest.mark.slow


# Each cluster shown now: its count and the colours of its ring.
CLUSTER_RINGS = """JSON.stringify([...document.querySelectorAll('.leaflet-marker-pane .cp-cluster')]
  .map(function (n) {
    var ring = n.querySelector('.cp-cluster-ring');
    return [Number(n.textContent), ring.style.background];
  }))"""


def grid_of_sites(rows: int, cols: int, *, lat: float, lon: float, step: float, themes=None):
    """Sites on a regular grid around (lat, lon), `step` degrees apart."""
    stop = Stop(Place("Centre", lat, lon), id=1, arrival=date(2024, 5, 1), nights=2)
    themes = themes or [Theme.WATER]
    sites = []
    for r in range(rows):
        for c in range(cols):
            n = r * cols + c
            sites.append(
                Site(
                    f"Site {n}",
                    themes[n % len(themes)],
                    stop_id=1,
                    status=SiteStatus.PLANNED,
                    lat=lat + (r - rows / 2) * step,
                    lon=lon + (c - cols / 2) * step,
                    id=n + 1,
                )
            )
    return map_payload(Trip("Grid", id=1), [stop], sites)


def set_view(js, page, lat, lon, zoom):
    js(page, f"CityPlannerMap.map().setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")


def test_every_site_in_view_is_counted_once_at_every_zoom(qtbot, view, js):
    payload = grid_of_sites(30, 30, lat=48.85, lon=2.35, step=0.01)
    show(qtbot, js, view, payload)
    page = view.page()
    # The whole grid (0.3° across) is in view up to zoom 9: each of the 900 sites is
    # counted once, alone or in a cluster.
    for zoom in (3, 5, 7, 9):
        set_view(js, page, 48.85, 2.35, zoom)
        qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 900)
    # Closer in, no site is clustered: every site in view is drawn, each alone, and the
    # rest of the grid is not.
    set_view(js, page, 48.85, 2.35, 16)
    qtbot.waitUntil(
        lambda: (
            js(page, "document.querySelectorAll('.leaflet-marker-pane .cp-cluster').length") == 0
        )
    )
    south, west, north, east = json.loads(
        js(
            page,
            "(function () { var b = CityPlannerMap.map().getBounds();"
            " return JSON.stringify([b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]); })()",
        )
    )
    fields = payload["siteFields"]
    lat, lon, ident = fields.index("lat"), fields.index("lon"), fields.index("id")
    in_view = {
        row[ident]
        for row in payload["sites"]
        if south <= row[lat] <= north and west <= row[lon] <= east
    }
    drawn = set(
        json.loads(
            js(
                page,
                "JSON.stringify([...document.querySelectorAll('.leaflet-marker-pane .cp-site')]"
                ".map(function (n) { return Number(n.getAttribute('data-site-id')); }))",
            )
        )
    )
    assert in_view and in_view <= drawn
    assert len(drawn) < 900
    assert errors(view) == []


def test_a_cluster_clicked_opens_into_smaller_ones_or_sites(qtbot, view, js):
    payload = grid_of_sites(10, 10, lat=45.76, lon=4.83, step=0.004)
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, 45.76, 4.83, 10)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 100)
    before = js(page, "CityPlannerMap.map().getZoom()")
    clusters = json.loads(js(page, CLUSTER_RINGS))
    assert clusters and sum(count for count, _ring in clusters) <= 100
    js(
        page,
        "document.querySelector('.leaflet-marker-pane .cp-cluster').dispatchEvent("
        "new MouseEvent('click', {bubbles: true})); 1",
    )
    qtbot.waitUntil(lambda: js(page, "CityPlannerMap.map().getZoom()") > before)
    # Closer in, the same sites are there in more, smaller pieces (or alone).
    qtbot.waitUntil(
        lambda: (
            js(
                page,
                "document.querySelectorAll('.leaflet-marker-pane .cp-site,"
                " .leaflet-marker-pane .cp-cluster').length",
            )
            > len(clusters)
        )
    )
    assert errors(view) == []


def test_a_cluster_ring_shows_the_colour_of_each_theme_inside(qtbot, view, js):
    themes = [Theme.WATER, Theme.ENERGY, Theme.MUSEUM]
    payload = grid_of_sites(6, 6, lat=43.6, lon=1.44, step=0.002, themes=themes)
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, 43.6, 1.44, 9)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 36)
    rings = json.loads(js(page, CLUSTER_RINGS))
    assert len(rings) == 1 and rings[0][0] == 36
    background = rings[0][1]
    rgb = js(
        page,
        "JSON.stringify("
        + json.dumps([theme_colour(t) for t in themes])
        + ".map(function (hex) { var d = document.createElement('div'); d.style.color = hex;"
        " return d.style.color; }))",
    )
    for colour in json.loads(rgb):
        assert colour in background, (colour, background)


def test_the_sites_of_a_new_view_are_drawn_after_a_pan(qtbot, view, js):
    # Two groups of sites far apart: at city zoom only the group in view is drawn.
    stops = [
        Stop(Place("Arles", 43.677, 4.630), id=1, arrival=date(2024, 5, 1), nights=2),
        Stop(Place("Albi", 43.930, 2.148), id=2, arrival=date(2024, 5, 3), nights=2),
    ]
    sites = [
        Site(f"Arles {i}", Theme.WATER, stop_id=1, lat=43.677 + i * 0.001, lon=4.630, id=i + 1)
        for i in range(5)
    ] + [
        Site(f"Albi {i}", Theme.ENERGY, stop_id=2, lat=43.930, lon=2.148 + i * 0.001, id=i + 10)
        for i in range(7)
    ]
    show(qtbot, js, view, map_payload(Trip("Two towns", id=1), stops, sites))
    page = view.page()
    set_view(js, page, 43.679, 4.630, 17)
    qtbot.waitUntil(lambda: js(page, "document.querySelectorAll('.cp-site').length") == 5)
    set_view(js, page, 43.930, 2.151, 17)
    qtbot.waitUntil(lambda: js(page, "document.querySelectorAll('.cp-site').length") == 7)
    ids = json.loads(
        js(
            page,
            "JSON.stringify([...document.querySelectorAll('.cp-site')].map(function (n) {"
            " return Number(n.getAttribute('data-site-id')); }).sort(function (a, b) {"
            " return a - b; }))",
        )
    )
    assert ids == list(range(10, 17))
    assert errors(view) == []


def test_sites_either_side_of_the_antimeridian_are_drawn_together(qtbot, view, js):
    stop = Stop(Place("Taveuni", -16.8, 179.98), id=1, arrival=date(2024, 5, 1), nights=2)
    sites = [
        Site("East", Theme.WATER, stop_id=1, lat=-16.8, lon=179.99, id=1),
        Site("West", Theme.WATER, stop_id=1, lat=-16.81, lon=-179.99, id=2),
    ]
    show(qtbot, js, view, map_payload(Trip("Date line", id=1), [stop], sites))
    page = view.page()
    set_view(js, page, -16.805, 180.0, 13)
    # Both are drawn inside the map, on either side of the line, not on another copy of
    # the world.
    inside = """(function () {
      var box = CityPlannerMap.map().getContainer().getBoundingClientRect();
      return [...document.querySelectorAll('.leaflet-marker-pane .cp-site')].filter(function (n) {
        var r = n.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right && r.top >= box.top
          && r.bottom <= box.bottom;
      }).length;
    })()"""
    qtbot.waitUntil(lambda: js(page, inside) == 2)
    assert errors(view) == []


def test_notes_come_after_the_trip_and_still_reach_the_popups(qtbot, view, js):
    stop = Stop(Place("Albi", 43.93, 2.148), id=1, arrival=date(2024, 5, 1), nights=2)
    sites = [
        Site(
            f"Site {i}",
            Theme.WATER,
            stop_id=1,
            lat=43.93 + i * 0.01,
            lon=2.148,
            description=f"Note of site {i}: </script><b>bold</b>",
            id=i + 1,
        )
        for i in range(3)
    ]
    show(qtbot, js, view, map_payload(Trip("Notes", id=1), [stop], sites))
    page = view.page()
    # The trip's own data holds no note: they come in their own element, after it.
    trip = json.loads(js(page, "document.getElementById('cp-trip').textContent"))
    note = trip["siteFields"].index("note")
    assert [row[note] for row in trip["sites"]] == ["", "", ""]
    js.wait_for(page, "document.getElementById('cp-notes')")
    view.select_site(2)
    js.wait_for(page, "document.querySelector('.leaflet-popup-content .cp-note')")
    text = js(page, "document.querySelector('.leaflet-popup-content .cp-note').textContent")
    assert text == "Note of site 1: </script><b>bold</b>"
    assert js(page, "document.querySelectorAll('.leaflet-popup-content b').length") == 0


def date_line_sites():
    """Five sites just east of the antimeridian and five just west of it."""
    stop = Stop(Place("Taveuni", -16.8, 179.98), id=1, arrival=date(2024, 5, 1), nights=2)
    sites = [
        Site(
            f"East {i}",
            Theme.WATER,
            stop_id=1,
            lat=-16.8 + i * 0.01,
            lon=179.9 + i * 0.001,
            id=i + 1,
        )
        for i in range(5)
    ] + [
        Site(
            f"West {i}",
            Theme.WATER,
            stop_id=1,
            lat=-16.8 + i * 0.01,
            lon=-179.9 - i * 0.001,
            id=i + 10,
        )
        for i in range(5)
    ]
    return map_payload(Trip("Date line", id=1), [stop], sites)


# The clusters and sites drawn inside the map's box, as [count, x, y] (sites count 1).
DRAWN_INSIDE = """JSON.stringify((function () {
  var box = CityPlannerMap.map().getContainer().getBoundingClientRect();
  return [...document.querySelectorAll('.leaflet-marker-pane .cp-site, .leaflet-marker-pane .cp-cluster')]
    .map(function (n) {
      var r = n.getBoundingClientRect();
      var count = n.classList.contains('cp-cluster') ? Number(n.textContent) : 1;
      return [count, (r.left + r.right) / 2 - box.left, (r.top + r.bottom) / 2 - box.top];
    })
    .filter(function (p) { return p[1] >= 0 && p[1] <= box.width && p[2] >= 0 && p[2] <= box.height; });
})())"""


@pytest.mark.parametrize("zoom", [1, 3, 6])
def test_sites_either_side_of_the_antimeridian_cluster_together(qtbot, view, js, zoom):
    show(qtbot, js, view, date_line_sites())
    page = view.page()
    set_view(js, page, -16.8, 180.0, zoom)
    # Twenty kilometres apart, they make one cluster of ten, in view where the map is
    # centred on the line (not two rings on top of each other, nor half of them on the
    # copy of the world off the screen).
    qtbot.waitUntil(lambda: [p[0] for p in json.loads(js(page, DRAWN_INSIDE))] == [10])
    assert errors(view) == []


def test_a_cluster_across_the_antimeridian_opens_there(qtbot, view, js):
    show(qtbot, js, view, date_line_sites())
    page = view.page()
    set_view(js, page, -16.8, 180.0, 6)
    qtbot.waitUntil(lambda: [p[0] for p in json.loads(js(page, DRAWN_INSIDE))] == [10])
    js(
        page,
        "document.querySelector('.leaflet-marker-pane .cp-cluster').dispatchEvent("
        "new MouseEvent('click', {bubbles: true})); 1",
    )
    qtbot.waitUntil(lambda: js(page, "CityPlannerMap.map().getZoom()") > 6)
    # Closer in, all ten are still in view, in smaller clusters or alone.
    qtbot.waitUntil(
        lambda: (
            len(json.loads(js(page, DRAWN_INSIDE))) > 1
            and sum(p[0] for p in json.loads(js(page, DRAWN_INSIDE))) == 10
        )
    )
    assert errors(view) == []


def test_a_cluster_and_a_site_answer_enter_from_the_keyboard(qtbot, view, js):
    payload = grid_of_sites(10, 10, lat=45.76, lon=4.83, step=0.004)
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, 45.76, 4.83, 10)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 100)
    target = view.focusProxy() or view
    js(page, "document.querySelector('.leaflet-marker-pane .cp-cluster').focus(); 1")
    assert js(page, "document.activeElement.classList.contains('cp-cluster')")
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: js(page, "CityPlannerMap.map().getZoom()") > 10)
    # The focus stays on the map, from where Tab goes on to what the cluster held.
    assert js(page, "CityPlannerMap.map().getContainer().contains(document.activeElement)")
    js.wait_for(page, "document.querySelector('.leaflet-zoom-anim') === null")
    set_view(js, page, 45.76, 4.83, 17)
    js.wait_for(page, "document.querySelector('.leaflet-marker-pane .cp-site')")
    site_id = js(
        page,
        "(function () { var n = document.querySelector('.leaflet-marker-pane .cp-site');"
        " n.focus(); return Number(n.getAttribute('data-site-id')); })()",
    )
    with qtbot.waitSignal(view.sig_site_clicked, timeout=5_000) as clicked:
        QTest.keyClick(target, Qt.Key.Key_Return)
    assert clicked.args == [site_id]
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    assert errors(view) == []


def test_selecting_a_site_at_a_fractional_zoom_does_not_zoom_out(qtbot, view, js):
    stops = [
        Stop(Place("Arles", 43.677, 4.630), id=1, arrival=date(2024, 5, 1), nights=2),
        Stop(Place("Albi", 43.930, 2.148), id=2, arrival=date(2024, 5, 3), nights=2),
    ]
    sites = [
        Site("Arles site", Theme.WATER, stop_id=1, lat=43.677, lon=4.631, id=1),
        Site("Albi site", Theme.ENERGY, stop_id=2, lat=43.930, lon=2.149, id=2),
    ]
    show(qtbot, js, view, map_payload(Trip("Two towns", id=1), stops, sites))
    page = view.page()
    set_view(js, page, 43.677, 4.631, 12.75)
    js(page, "CityPlannerMap.selectSite(2); 1")
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    assert js(page, "CityPlannerMap.map().getZoom()") >= 12.75
    assert (
        js(page, "document.querySelector('.leaflet-popup-content h3').textContent") == "Albi site"
    )
    assert errors(view) == []


def arles_and_albi():
    """Three sites 5 km apart at Arles (clustered at zoom 8), one at Albi."""
    stops = [
        Stop(Place("Arles", 43.677, 4.630), id=1, arrival=date(2024, 5, 1), nights=2),
        Stop(Place("Albi", 43.930, 2.148), id=2, arrival=date(2024, 5, 3), nights=2),
    ]
    sites = [
        Site(f"Arles {i}", Theme.WATER, stop_id=1, lat=43.677 + i * 0.05, lon=4.630, id=i + 1)
        for i in range(3)
    ]
    sites.append(Site("Albi site", Theme.ENERGY, stop_id=2, lat=43.930, lon=2.149, id=10))
    return map_payload(Trip("Two towns", id=1), stops, sites)


POPUP_TITLE = (
    "(function () { var h = document.querySelector('.leaflet-popup-content h3');"
    " return h ? h.textContent : null; })()"
)


def show_arles_and_albi(qtbot, js, view):
    """The two towns at zoom 8, where Arles's sites are one cluster; the view's page."""
    show(qtbot, js, view, arles_and_albi())
    page = view.page()
    set_view(js, page, 43.8, 3.4, 8)
    js.wait_for(page, "document.querySelector('.leaflet-marker-pane .cp-cluster')")
    return page


def test_the_last_site_selected_is_the_one_shown(qtbot, view, js):
    page = show_arles_and_albi(qtbot, js, view)
    # Down the list of sites quickly: the first needs the map to zoom in (a short
    # animation), the second is in view already. The second wins, popup and all.
    js(page, "CityPlannerMap.selectSite(2); CityPlannerMap.selectSite(10); 1")
    qtbot.wait(1500)
    assert js(page, POPUP_TITLE) == "Albi site"
    inside = js(
        page,
        "CityPlannerMap.map().getBounds().contains(CityPlannerMap.markerAt('site', 10))",
    )
    assert inside is True
    assert errors(view) == []


def test_a_pan_after_selecting_a_site_in_view_is_the_person_s(qtbot, view, js):
    show(qtbot, js, view, arles_and_albi())
    page = view.page()
    set_view(js, page, 43.8, 3.4, 8)
    js.wait_for(
        page, "document.querySelector('.leaflet-marker-pane .cp-site[data-site-id=\"10\"]')"
    )
    js(page, "CityPlannerMap.zoomToTrip(); 1")
    js.wait_for(page, "CityPlannerMap.followState().fitted")
    # Albi's site is drawn alone in view: its popup opens where it is, and no move of
    # the page's own is left pending to swallow the person's next drag.
    js.wait_for(
        page, "document.querySelector('.leaflet-marker-pane .cp-site[data-site-id=\"10\"]')"
    )
    js(page, "CityPlannerMap.selectSite(10); 1")
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    js(page, "CityPlannerMap.map().closePopup(); 1")
    target = view.focusProxy() or view
    start = QPoint(500, 120)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        QTest.mouseMove(target, start + QPoint(-12 * step, 6 * step), 20)
    QTest.mouseRelease(
        target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(-120, 60)
    )
    js.wait_for(page, "CityPlannerMap.followState().user")
    assert js(page, "CityPlannerMap.followState().button") is True
    assert errors(view) == []


def test_a_site_changed_while_the_map_flies_to_it_opens_as_it_is_now(qtbot, view, js):
    payload = arles_and_albi()
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, 43.8, 3.4, 8)
    js.wait_for(page, "document.querySelector('.leaflet-marker-pane .cp-cluster')")
    # The window sends the trip again (the site was renamed elsewhere) while the map is
    # still on its way to the site selected.
    fields = payload["siteFields"]
    renamed = json.loads(json.dumps(payload))
    for row in renamed["sites"]:
        if row[fields.index("id")] == 2:
            row[fields.index("name")] = "Arles, renamed"
    js(
        page,
        "CityPlannerMap.selectSite(2); CityPlannerMap.update(" + json.dumps(renamed) + "); 1",
    )
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    qtbot.wait(600)
    assert js(page, POPUP_TITLE) == "Arles, renamed"
    assert errors(view) == []


def test_in_a_view_of_the_whole_world_sites_stay_by_their_stops(qtbot, view, js):
    stop = Stop(Place("Lyon", 45.76, 4.83), id=1, arrival=date(2024, 5, 1), nights=2)
    site = Site("Confluence", Theme.WATER, stop_id=1, lat=45.74, lon=4.82, id=1)
    show(qtbot, js, view, map_payload(Trip("Lyon", id=1), [stop], [site]))
    page = view.page()
    # Panned far east at the widest zoom, the map shows the world several times over;
    # the stop's pin is on one copy, and its site is drawn on that one too.
    set_view(js, page, 20.0, 200.0, 1)
    js.wait_for(page, "document.querySelector('.leaflet-marker-pane .cp-site')")
    centre_x = (
        "(function (selector) { var r = document.querySelector(selector)"
        ".getBoundingClientRect(); return (r.left + r.right) / 2; })"
    )
    site_x = js(page, centre_x + "('.leaflet-marker-pane .cp-site')")
    stop_x = js(page, centre_x + "('.leaflet-marker-pane .cp-stop')")
    assert abs(site_x - stop_x) < 30
    assert errors(view) == []


def test_the_panel_s_second_site_clicked_quickly_is_the_only_one_flown_to(qtbot, view, js):
    page = show_arles_and_albi(qtbot, js, view)
    # Every popup opened and every place the map stopped at, from now on.
    js(
        page,
        "window.cpSeen = []; var m = CityPlannerMap.map();"
        " m.on('popupopen', function (e) { var h = e.popup.getElement().querySelector('h3');"
        " window.cpSeen.push('popup ' + (h ? h.textContent : '')); });"
        " m.on('moveend', function () { window.cpSeen.push('at ' + m.getCenter().lng.toFixed(1)); });"
        " 1",
    )
    # Two entries of the shared page's list clicked one after the other.
    js(
        page,
        "CityPlannerMap.flyToSite(2, {duration: 0.3}); CityPlannerMap.flyToSite(10, {duration: 0.3}); 1",
    )
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    qtbot.wait(800)
    assert js(page, POPUP_TITLE) == "Albi site"
    seen = json.loads(js(page, "JSON.stringify(window.cpSeen)"))
    assert "popup Arles 1" not in seen
    assert "at 4.6" not in seen  # the map never went to Arles
    assert errors(view) == []


def test_a_site_of_a_hidden_theme_selected_during_a_flight_is_shown_there(qtbot, view, js):
    page = show_arles_and_albi(qtbot, js, view)
    # Energy turned off in the layer control: Albi's site is no longer drawn.
    js(
        page,
        "var m = CityPlannerMap.map(); m.eachLayer(function (l) {"
        " if (l.cpThemeIndex !== undefined && CityPlannerMap.siteThemes().length > 1"
        " && l.cpThemeIndex === CityPlannerMap.siteThemes()[1]) m.removeLayer(l); }); 1",
    )
    js.wait_for(page, "CityPlannerMap.siteThemes().length === 1")
    js(page, "CityPlannerMap.selectSite(2); CityPlannerMap.selectSite(10); 1")
    js.wait_for(page, "document.querySelector('.leaflet-popup-content h3') !== null")
    qtbot.wait(800)
    assert js(page, POPUP_TITLE) == "Albi site"
    assert js(page, "CityPlannerMap.map().getBounds().contains([43.930, 2.149])") is True
    assert errors(view) == []


def test_space_opens_a_cluster_as_enter_does(qtbot, view, js):
    payload = grid_of_sites(10, 10, lat=45.76, lon=4.83, step=0.004)
    show(qtbot, js, view, payload)
    page = view.page()
    set_view(js, page, 45.76, 4.83, 10)
    qtbot.waitUntil(lambda: js(page, SHOWN_SITES) == 100)
    target = view.focusProxy() or view
    js(page, "document.querySelector('.leaflet-marker-pane .cp-cluster').focus(); 1")
    QTest.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: js(page, "CityPlannerMap.map().getZoom()") > 10)
    assert errors(view) == []


def test_a_legend_folded_by_the_person_stays_folded_when_the_trip_changes(qtbot, view, js):
    payload = grid_of_sites(3, 3, lat=45.76, lon=4.83, step=0.01)
    show(qtbot, js, view, payload)
    page = view.page()
    js.wait_for(page, "CityPlannerMap.ready")
    legend = "document.querySelector('details.cp-legend')"
    assert js(page, f"{legend}.open") is True
    js(page, f"{legend}.querySelector('summary').click(); 1")
    assert js(page, f"{legend}.open") is False
    more = grid_of_sites(4, 4, lat=45.76, lon=4.83, step=0.01)
    js(page, f"CityPlannerMap.update({json.dumps(more)}); 1")
    js.wait_for(page, "CityPlannerMap.ready && CityPlannerMap.counts().sites === 16")
    assert js(page, f"{legend}.open") is False
    # Opened again, it stays open too.
    js(page, f"{legend}.querySelector('summary').click(); 1")
    js(page, f"CityPlannerMap.update({json.dumps(payload)}); 1")
    js.wait_for(page, "CityPlannerMap.ready && CityPlannerMap.counts().sites === 9")
    assert js(page, f"{legend}.open") is True
    assert errors(view) == []
