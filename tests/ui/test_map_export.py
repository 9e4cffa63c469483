"""The exported map file in a real Chromium page, and the PNG export."""

from __future__ import annotations

import argparse
import json

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from cityplanner.domain.models import Place, Site, Stop
from cityplanner.maps.export import trip_payload, write_trip_html
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from cityplanner.ui.map import render_png, run_export_png

pytestmark = pytest.mark.slow

INJECTION = '</script><img src=x onerror="window.__pwned=1">'
TEMPLATE_INJECTION = "back`tick ${alert(1)} `${window.__pwned=2}`"


class RequestRecorder(QWebEngineUrlRequestInterceptor):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info):
        self.urls.append(info.requestUrl().toString())


class RecordingPage(QWebEnginePage):
    def __init__(self, profile):
        super().__init__(profile)
        self.messages: list[tuple[int, str]] = []
        self.dialogs: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source):
        self.messages.append((int(level.value), message))

    def javaScriptAlert(self, origin, message):
        self.dialogs.append(message)


@pytest.fixture
def browser(qtbot):
    """A plain page, as a browser opening the file from disk, that records every request."""
    profile = QWebEngineProfile()
    recorder = RequestRecorder()
    profile.setUrlRequestInterceptor(recorder)
    page = RecordingPage(profile)
    page.recorder = recorder
    view = QWebEngineView()  # shown, so that the page paints and animates
    view.setPage(page)
    view.resize(1000, 700)
    view.show()
    yield page
    view.close()
    view.deleteLater()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    profile.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_file(qtbot, page, path):
    with qtbot.waitSignal(page.loadFinished, timeout=30_000) as blocker:
        page.load(QUrl.fromLocalFile(str(path)))
    assert blocker.args == [True]


def test_exported_file_loads_offline_with_every_marker(qtbot, browser, js, tmp_path):
    with Store.memory() as store:
        trip = load_demo(store)
        path = write_trip_html(store, trip.id, tmp_path / "trip.html")
    open_file(qtbot, browser, path)
    js.wait_for(browser, "window.CityPlannerMap && window.CityPlannerMap.ready")
    counts = json.loads(js(browser, "JSON.stringify(CityPlannerMap.counts())"))
    assert counts == {"stops": 8, "sites": 11, "legs": 7}
    assert js(browser, "document.querySelectorAll('.leaflet-marker-pane .cp-stop').length") == 8
    assert js(browser, "document.querySelectorAll('.cp-legend').length") == 1
    assert js(browser, "document.querySelectorAll('.leaflet-control-layers').length") == 1
    outside = [u for u in browser.recorder.urls if not u.startswith(("file:", "data:"))]
    assert outside == []
    assert [m for level, m in browser.messages if level > 0] == []


def test_exported_file_shows_injected_names_as_text(qtbot, browser, js, tmp_path):
    with Store.memory() as store:
        trip = store.trips.create(INJECTION, TEMPLATE_INJECTION)
        stops = store.trips.add_stops(
            trip.id,
            [Stop(Place(INJECTION, 43.6, 1.44)), Stop(Place(TEMPLATE_INJECTION, 48.8, 2.3))],
        )
        site = store.sites.add(
            Site(
                TEMPLATE_INJECTION,
                "water",
                stop_id=stops[0].id,
                lat=45.0,
                lon=0.0,
                description=INJECTION,
            )
        )
        path = write_trip_html(store, trip.id, tmp_path / "trip.html")
    open_file(qtbot, browser, path)
    js.wait_for(browser, "window.CityPlannerMap && window.CityPlannerMap.ready")
    js(browser, f"CityPlannerMap.selectSite({site.id}); 1")
    js.wait_for(browser, "document.querySelector('.leaflet-popup-content h3')")
    assert js(browser, "document.querySelector('.leaflet-popup-content h3').textContent") == (
        TEMPLATE_INJECTION
    )
    assert INJECTION in js(browser, "document.querySelector('.leaflet-popup-content').textContent")
    assert js(browser, "document.title") == INJECTION
    assert js(browser, "typeof window.__pwned") == "undefined"
    assert browser.dialogs == []


def test_render_png_draws_the_map_at_the_requested_size(qtbot, tmp_path):
    with Store.memory() as store:
        trip = load_demo(store)
        payload = trip_payload(store, trip.id)
    target = render_png(payload, tmp_path / "map.png", size=(800, 500))
    image = QImage(str(target))
    assert (image.width(), image.height()) == (800, 500)
    colours = {image.pixelColor(x, y).name() for x in range(0, 800, 40) for y in range(0, 500, 40)}
    assert len(colours) > 3  # sea, land, borders, route: not a blank page
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_run_export_png_reports_an_unknown_trip(qtbot, tmp_path, capsys):
    db = tmp_path / "trips.db"
    Store.open(db).close()
    args = argparse.Namespace(
        trip="nope", output=str(tmp_path / "x.png"), size="800x500", db=str(db)
    )
    assert run_export_png(args) == 1
    assert "nope" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_run_export_png_writes_the_image(qtbot, tmp_path):
    db = tmp_path / "trips.db"
    Store.open(db).close()  # a new file gets the demo trip
    args = argparse.Namespace(trip="1", output=str(tmp_path / "x.png"), size="640x400", db=str(db))
    assert run_export_png(args) == 0
    assert QImage(str(tmp_path / "x.png")).width() == 640
