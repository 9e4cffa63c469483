"""The offline map in a real Chromium page: tiles fetched as the view needs them, land drawn
where land is, at the world's, a region's and a city's scale; and in the exported file."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView

from cityplanner.domain.models import Place, Stop
from cityplanner.maps.export import trip_payload, write_trip_html
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from tests.ui.conftest import console_errors as errors

pytestmark = pytest.mark.slow

LAND = QColor("#f6f2e8")
SEA = QColor("#d7e5ec")
LAYER = """(function () {
  var found = null;
  CityPlannerMap.map().eachLayer(function (layer) {
    if (layer instanceof L.GridLayer && layer.options.pane === 'cp-basemap') found = layer;
  });
  return found;
})()"""
SETTLED = f"!{LAYER}.isLoading() && document.querySelectorAll('.leaflet-tile-loaded').length > 0"
TILE_FETCHES = f"JSON.stringify({LAYER}.cpSource.fetched)"


@pytest.fixture
def store():
    with Store.memory() as store:
        yield store


def iceland(store: Store) -> int:
    trip = store.trips.create("Ring road")
    stops = [
        ("Reykjavík", 64.146, -21.942),
        ("Vík í Mýrdal", 63.42, -19.01),
        ("Höfn", 64.25, -15.21),
        ("Akureyri", 65.683, -18.088),
    ]
    store.trips.add_stops(trip.id, [Stop(Place(n, lat, lon)) for n, lat, lon in stops])
    return trip.id


def show_at(qtbot, js, view, payload, lat, lon, zoom):
    with qtbot.waitSignal(view.sig_drawn, timeout=30_000):
        view.show_payload(payload)
    js(view.page(), f"CityPlannerMap.map().setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    js.wait_for(view.page(), SETTLED)
    qtbot.wait(300)  # let the tiles reach the screen


def colour_at(js, page, image: QImage, lat: float, lon: float) -> QColor:
    """The most common colour in a small square around a point (names and lines aside)."""
    point = json.loads(
        js(page, f"JSON.stringify(CityPlannerMap.map().latLngToContainerPoint([{lat}, {lon}]))")
    )
    x, y = round(point["x"]), round(point["y"])
    assert 5 <= x < image.width() - 5 and 5 <= y < image.height() - 5, (lat, lon)
    counts = Counter(
        image.pixelColor(x + dx, y + dy).name() for dx in range(-5, 6) for dy in range(-5, 6)
    )
    return QColor(counts.most_common(1)[0][0])


def near(colour: QColor, expected: QColor) -> bool:
    return (
        max(
            abs(colour.red() - expected.red()),
            abs(colour.green() - expected.green()),
            abs(colour.blue() - expected.blue()),
        )
        <= 6
    )


@pytest.mark.parametrize(
    "zoom, centre, land, sea",
    [
        (2, (20.0, 0.0), [(55.0, 60.0), (5.0, 20.0)], [(-30.0, -120.0), (30.0, -40.0)]),
        (6, (64.9, -18.6), [(65.0, -17.0), (64.6, -20.0)], [(63.0, -18.0), (66.0, -18.35)]),
    ],
    ids=["world", "iceland"],
)
def test_land_is_drawn_where_land_is(qtbot, js, view, store, zoom, centre, land, sea):
    trip_id = load_demo(store).id if zoom == 2 else iceland(store)
    show_at(qtbot, js, view, trip_payload(store, trip_id), *centre, zoom)
    image = view.grab().toImage()
    for point in land:
        assert near(colour_at(js, view.page(), image, *point), LAND), point
    for point in sea:
        assert near(colour_at(js, view.page(), image, *point), SEA), point
    assert errors(view) == []


def trip_of(store: Store, stops) -> int:
    trip = store.trips.create("Lakes")
    store.trips.add_stops(trip.id, [Stop(Place(n, lat, lon)) for n, lat, lon in stops])
    return trip.id


@pytest.mark.parametrize(
    "zoom, centre, land, water",
    [
        (
            5,
            (45.5, -84.0),
            [(45.0, -89.5), (46.6, -80.0), (42.5, -84.5)],
            [(47.7, -87.5), (44.0, -87.0), (44.8, -82.3), (42.3, -81.3)],
        ),
        (8, (46.42, 6.55), [(46.6, 6.7), (46.25, 6.3)], [(46.43, 6.53), (46.45, 6.75)]),
    ],
    ids=["great lakes", "lake geneva"],
)
def test_lakes_are_drawn_as_water(qtbot, js, view, store, zoom, centre, land, water):
    # The trip is far away, so that none of its markers covers a point looked at.
    show_at(qtbot, js, view, trip_payload(store, iceland(store)), *centre, zoom)
    image = view.grab().toImage()
    for point in land:
        assert near(colour_at(js, view.page(), image, *point), LAND), point
    for point in water:
        assert near(colour_at(js, view.page(), image, *point), SEA), point
    assert errors(view) == []


def bluish(image: QImage, x: int, y: int, reach: int) -> int:
    """How many pixels around (x, y) are much bluer than both the land and the sea."""
    count = 0
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            c = image.pixelColor(x + dx, y + dy)
            if c.blue() - c.red() > 35:
                count += 1
    return count


def test_rivers_are_drawn_on_land(qtbot, js, view, store):
    # The Mississippi between Memphis and Baton Rouge, far from the sea and from lakes.
    stops = [("Memphis", 35.15, -90.05), ("Baton Rouge", 30.45, -91.19)]
    show_at(qtbot, js, view, trip_payload(store, trip_of(store, stops)), 33.0, -90.5, 7)
    image = view.grab().toImage()
    page = view.page()
    # Along 33° N, the river crosses the view once, west of Vicksburg's meridian.
    point = json.loads(
        js(page, "JSON.stringify(CityPlannerMap.map().latLngToContainerPoint([33.0, -91.1]))")
    )
    west = json.loads(
        js(page, "JSON.stringify(CityPlannerMap.map().latLngToContainerPoint([33.0, -92.2]))")
    )
    y = round(point["y"])
    row = [bluish(image, x, y, 0) for x in range(round(west["x"]), round(point["x"]) + 60)]
    assert sum(row) >= 1  # the river, a thin line of its own blue
    assert near(colour_at(js, page, image, 33.0, -92.2), LAND)
    assert errors(view) == []


def test_only_the_tiles_in_view_are_fetched(qtbot, js, view, store):
    show_at(qtbot, js, view, trip_payload(store, iceland(store)), 64.9, -18.6, 6)
    fetched = json.loads(js(view.page(), TILE_FETCHES))
    assert fetched and len(fetched) == len(set(fetched))  # each tile asked for once
    # The view shows about 5 × 4 tiles at zoom 6; the fitted view before it about as many.
    assert len(fetched) < 60
    assert all(int(key.split("/")[0]) <= 7 for key in fetched)
    assert errors(view) == []


def test_a_city_view_enlarges_the_finest_tiles_and_names_places(qtbot, js, view, store):
    trip = store.trips.create("Toulouse")
    store.trips.add_stops(trip.id, [Stop(Place("Capitole", 43.6045, 1.444))])
    show_at(qtbot, js, view, trip_payload(store, trip.id), 43.60, 1.44, 12)
    image = view.grab().toImage()
    assert near(colour_at(js, view.page(), image, 43.57, 1.50), LAND)
    fetched = json.loads(js(view.page(), TILE_FETCHES))
    assert "7/64/46" in fetched  # Toulouse's zoom-7 tile, drawn 32 times larger
    assert not [key for key in fetched if int(key.split("/")[0]) > 7]
    assert errors(view) == []


def test_the_layer_switch_names_the_offline_map(qtbot, js, view, store):
    show_at(qtbot, js, view, trip_payload(store, iceland(store)), 64.9, -18.6, 6)
    labels = js(view.page(), "document.querySelector('.leaflet-control-layers').textContent")
    assert "Offline map" in labels and "Place names (offline)" in labels
    attribution = js(
        view.page(), "document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert "Natural Earth" in attribution and "GeoNames" in attribution


class _Page(QWebEnginePage):
    def __init__(self, profile):
        super().__init__(profile)
        self.messages: list[tuple[int, str]] = []

    def javaScriptConsoleMessage(self, level, message, line, source):
        self.messages.append((int(level.value), message))


def test_the_exported_file_draws_its_embedded_tiles_offline(qtbot, js, tmp_path):
    with Store.memory() as store:
        path = write_trip_html(store, iceland(store), tmp_path / "trip.html")
    profile = QWebEngineProfile()
    page = _Page(profile)
    browser = QWebEngineView()
    browser.setPage(page)
    browser.resize(1000, 700)
    browser.show()
    try:
        with qtbot.waitSignal(page.loadFinished, timeout=30_000):
            page.load(QUrl.fromLocalFile(str(path)))
        js.wait_for(page, "window.CityPlannerMap && window.CityPlannerMap.ready")
        js(page, "CityPlannerMap.map().setView([64.9, -18.6], 7, {animate: false}); 1")
        js.wait_for(page, SETTLED)
        qtbot.wait(300)
        image = browser.grab().toImage()
        assert near(colour_at(js, page, image, 65.0, -17.0), LAND)
        assert near(colour_at(js, page, image, 63.5, -17.5), SEA)
        assert json.loads(js(page, TILE_FETCHES)) == []
        assert [m for level, m in page.messages if level > 0] == []
    finally:
        browser.close()
        browser.deleteLater()
        page.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        profile.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
