"""The exported map file's itinerary panel, in a real Chromium page opened from disk."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.maps.export import write_trip_html
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from tests.ui.test_map_export import browser, open_file  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=alert(1)>"
READY = (
    "window.CityPlannerMap && window.CityPlannerMap.ready && document.getElementById('cp-panel')"
)


def _open(qtbot, page, js, path):
    open_file(qtbot, page, path)
    js.wait_for(page, READY)


def _demo_page(qtbot, page, js, tmp_path):
    with Store.memory() as store:
        trip = load_demo(store)
        stops = store.trips.stops(trip.id)
        sites = store.sites.for_trip(trip.id)
        path = write_trip_html(store, trip.id, tmp_path / "trip.html")
    _open(qtbot, page, js, path)
    return stops, sites


def _rect(js, page, selector):
    return json.loads(
        js(page, f"JSON.stringify(document.querySelector({selector!r}).getBoundingClientRect())")
    )


def _map_metres_from(js, page, lat, lon):
    return js(page, f"CityPlannerMap.map().getCenter().distanceTo(L.latLng({lat}, {lon}))")


def test_the_panel_lists_the_trip_and_opens_with_no_request_and_no_error(
    qtbot,
    browser,  # noqa: F811
    js,
    tmp_path,
):
    stops, sites = _demo_page(qtbot, browser, js, tmp_path)
    assert js(browser, "document.querySelector('.cp-panel-title').textContent") == (
        "Smart city tour 2017"
    )
    summary = js(browser, "document.querySelector('.cp-panel-summary').textContent")
    assert summary == "2 Oct 2017 – 22 Oct 2017 · 20 nights · 8 stops"
    names = json.loads(
        js(
            browser,
            "JSON.stringify([...document.querySelectorAll('.cp-panel-stop-button "
            ".cp-panel-name')].map(n => n.textContent))",
        )
    )
    assert names == [stop.name for stop in stops]
    listed = json.loads(
        js(
            browser,
            "JSON.stringify([...document.querySelectorAll('button.cp-panel-site')]"
            ".map(b => Number(b.dataset.siteId)))",
        )
    )
    assert listed == [site.id for site in sites]
    first_site = js(browser, "document.querySelector('.cp-panel-site').textContent")
    assert sites[0].name in first_site and "Connected city · Visited" in first_site
    # The site's badge is the map's own, in the theme's colour.
    assert js(browser, "document.querySelectorAll('.cp-panel-site .cp-badge svg').length") == 11
    legs = json.loads(
        js(
            browser,
            "JSON.stringify([...document.querySelectorAll('.cp-panel-leg')]"
            ".map(n => n.textContent))",
        )
    )
    assert legs[0] == "Train · 67 km"
    assert len(legs) == 7 and all(leg.endswith(" km") for leg in legs)
    outside = [u for u in browser.recorder.urls if not u.startswith(("file:", "data:"))]
    assert outside == []
    assert [m for level, m in browser.messages if level > 0] == []


def test_a_hostile_name_shows_as_text_and_runs_nothing(qtbot, browser, js, tmp_path):  # noqa: F811
    with Store.memory() as store:
        trip = store.trips.create(HOSTILE)
        stops = store.trips.add_stops(trip.id, [Stop(Place(HOSTILE, 43.6, 1.44))])
        store.sites.add(Site(HOSTILE, "water", stop_id=stops[0].id, lat=43.61, lon=1.45))
        store.sites.add(Site(HOSTILE, "energy", stop_id=stops[0].id))  # not on the map
        path = write_trip_html(store, trip.id, tmp_path / "trip.html")
    _open(qtbot, browser, js, path)
    names = json.loads(
        js(
            browser,
            "JSON.stringify([...document.querySelectorAll('#cp-panel .cp-panel-name,"
            " #cp-panel .cp-panel-title')].map(n => n.textContent))",
        )
    )
    assert names == [HOSTILE, HOSTILE, HOSTILE, HOSTILE]
    assert HOSTILE in js(browser, "document.getElementById('cp-panel').textContent")
    assert "not on the map" in js(
        browser, "document.querySelector('.cp-panel-unplaced').textContent"
    )
    assert js(browser, "document.querySelectorAll('img').length") == 0
    assert browser.dialogs == []


def test_a_click_on_a_stop_or_a_site_flies_the_map_there_and_opens_its_popup(
    qtbot,
    browser,  # noqa: F811
    js,
    tmp_path,
):
    stops, sites = _demo_page(qtbot, browser, js, tmp_path)
    moscow = next(stop for stop in stops if stop.name == "Moscow")
    assert _map_metres_from(js, browser, moscow.place.lat, moscow.place.lon) > 500_000
    js(browser, f"document.querySelector('#cp-panel [data-stop-id=\"{moscow.id}\"]').click(); 1")
    js.wait_for(
        browser,
        f"CityPlannerMap.map().getCenter().distanceTo(L.latLng({moscow.place.lat}, "
        f"{moscow.place.lon})) < 2000 && document.querySelector('.leaflet-popup-content h3')",
    )
    assert js(browser, "document.querySelector('.leaflet-popup-content h3').textContent") == (
        "7. Moscow"
    )
    assert js(browser, "CityPlannerMap.map().getZoom()") >= 10
    assert js(browser, "document.querySelector('[aria-current]').dataset.stopId") == str(moscow.id)
    site = sites[3]
    js(browser, f"document.querySelector('#cp-panel [data-site-id=\"{site.id}\"]').click(); 1")
    js.wait_for(
        browser,
        "document.querySelector('.leaflet-popup-content h3') && document.querySelector("
        f"'.leaflet-popup-content h3').textContent === {json.dumps(site.name)}",
    )
    assert _map_metres_from(js, browser, site.lat, site.lon) < 1000
    assert [m for level, m in browser.messages if level > 0] == []


def test_the_panel_folds_to_a_button_by_keyboard_and_the_map_takes_the_room(
    qtbot,
    browser,  # noqa: F811
    js,
    tmp_path,
):
    _demo_page(qtbot, browser, js, tmp_path)
    panel, map_box = _rect(js, browser, ".cp-panel"), _rect(js, browser, ".folium-map")
    assert map_box["left"] >= panel["right"] - 1  # beside the map, not over it
    width = js(browser, "window.innerWidth")
    assert js(browser, "CityPlannerMap.map().getSize().x") == pytest.approx(
        width - panel["width"], abs=2
    )
    # The list scrolls by itself when it is longer than the window.
    assert js(browser, "getComputedStyle(document.querySelector('.cp-panel-body')).overflowY") == (
        "auto"
    )
    assert js(browser, "document.scrollingElement.scrollHeight <= window.innerHeight")
    js(browser, "document.querySelector('.cp-panel-stop-button').focus(); 1")
    view = QWebEngineView.forPage(browser)
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_Escape)
    js.wait_for(browser, "!document.documentElement.classList.contains('cp-panel-open')")
    toggle = "document.querySelector('.cp-panel-toggle')"
    assert js(browser, f"document.activeElement === {toggle}")
    assert js(browser, f"{toggle}.getAttribute('aria-expanded')") == "false"
    assert js(browser, f"{toggle}.textContent") == "Itinerary"
    assert js(browser, f"getComputedStyle({toggle}).outlineStyle") == "solid"  # focus shows
    assert js(browser, "getComputedStyle(document.querySelector('.cp-panel-body')).display") == (
        "none"
    )
    assert js(browser, "CityPlannerMap.map().getSize().x") == width
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_Return)
    js.wait_for(browser, "document.documentElement.classList.contains('cp-panel-open')")
    assert js(browser, f"{toggle}.getAttribute('aria-expanded')") == "true"
    assert js(browser, "CityPlannerMap.map().getSize().x") == pytest.approx(
        width - panel["width"], abs=2
    )
    # With nothing focused, Escape folds it too.
    js(browser, "document.activeElement.blur(); 1")
    QTest.keyClick(QWebEngineView.forPage(browser).focusProxy(), Qt.Key.Key_Escape)
    js.wait_for(browser, "!document.documentElement.classList.contains('cp-panel-open')")


def test_on_a_narrow_window_the_panel_is_a_sheet_under_the_map(
    qtbot,
    browser,  # noqa: F811
    js,
    tmp_path,
):
    QWebEngineView.forPage(browser).resize(600, 800)
    _demo_page(qtbot, browser, js, tmp_path)
    js.wait_for(browser, "window.innerWidth === 600")
    panel, map_box = _rect(js, browser, ".cp-panel"), _rect(js, browser, ".folium-map")
    assert panel["width"] == 600
    assert map_box["bottom"] <= panel["top"] + 1
    assert map_box["height"] >= 400  # the map keeps more than half the window
    assert js(browser, "CityPlannerMap.map().getSize().y") == pytest.approx(
        map_box["height"], abs=1
    )


def test_printed_the_map_comes_first_then_the_itinerary_without_buttons(
    qtbot,
    browser,  # noqa: F811
    js,
    tmp_path,
):
    stops, sites = _demo_page(qtbot, browser, js, tmp_path)
    # The print style applies to the page's own elements.
    hidden = json.loads(
        js(
            browser,
            """JSON.stringify((() => {
              const rules = [];
              for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
                if (rule.media && rule.media.mediaText === 'print') rules.push(...rule.cssRules);
              return ['.leaflet-control-zoom', '.leaflet-control-layers', '.cp-panel-toggle']
                .map(s => document.querySelector(s))
                .map(node => rules.some(r => r.style && r.style.display === 'none'
                  && node.matches(r.selectorText)))
                .concat([rules.some(r => r.style && r.style.position === 'static'
                  && document.getElementById('cp-panel').matches(r.selectorText))]);
            })())""",
        )
    )
    assert hidden == [True, True, True, True]  # and the panel is not fixed
    # In the flow of the page after the map, not fixed beside it.
    assert js(
        browser,
        "!!(document.querySelector('.folium-map').compareDocumentPosition("
        "document.getElementById('cp-panel')) & Node.DOCUMENT_POSITION_FOLLOWING)",
    )
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
    )
    with qtbot.waitSignal(browser.pdfPrintingFinished, timeout=30_000) as done:
        browser.printToPdf(str(tmp_path / "trip.pdf"), layout)
    assert done.args[1] is True
    pages = PdfReader(io.BytesIO((tmp_path / "trip.pdf").read_bytes())).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "Hide the itinerary" not in text and "Itinerary" not in text
    # The map (its legend) and the start of the list share the first page.
    assert "Legend" in pages[0].extract_text()
    assert "Smart city tour 2017" in pages[0].extract_text()
    assert "Zoom to trip" not in text
    # The list's entries ("2 Albi" on a line of its own), in order; the map's labels
    # name stops too, with their dates on the same line.
    where = [text.index(f"\n{n} {stop.name}\n") for n, stop in enumerate(stops, start=1)]
    assert where == sorted(where)
    for site in sites:
        assert " ".join(site.name.split()) in " ".join(text.split())
    # The screen's layout comes back after printing.
    assert js(browser, "document.documentElement.classList.contains('cp-printing')") is False
    assert js(browser, "document.documentElement.classList.contains('cp-panel-open')") is True


def test_a_trip_without_stops_says_so_with_no_error(qtbot, browser, js, tmp_path):  # noqa: F811
    with Store.memory() as store:
        trip = store.trips.create("Nothing yet")
        path = write_trip_html(store, trip.id, tmp_path / "trip.html")
    _open(qtbot, browser, js, path)
    assert js(browser, "document.querySelector('.cp-panel-empty').textContent") == (
        "This trip has no stops yet."
    )
    assert js(browser, "document.querySelector('.cp-panel-summary').textContent") == "0 stops"
    assert [m for level, m in browser.messages if level > 0] == []
