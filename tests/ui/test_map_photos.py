"""Photos on the window's map: thumbnails served by the map's own URL scheme (made off the
GUI thread when not cached), markers that cluster, popups whose texts stay text, the
window kept in step, and the shared web page that shows them with nothing to fetch."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob
from PySide6.QtWidgets import QFileDialog

from cityplanner.domain.photos import Photo
from cityplanner.formats.thumbnails import cached_thumbnail, make_thumbnail
from cityplanner.maps.export import write_trip_html
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from cityplanner.ui.map._scheme import MapSchemeHandler
from cityplanner.ui.map._thumbnails import PLACEHOLDER, ThumbnailServer
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.maps.test_photo_payload import HOSTILE_CAPTION, photo_file
from tests.ui.conftest import console_errors as errors
from tests.ui.test_map_export import browser, open_file  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

NOT_FOUND = QWebEngineUrlRequestJob.Error.UrlNotFound
#: Toulouse at city zoom: its photos taken there, one by one.
TOULOUSE = (43.598, 1.425, 13)
#: The layer control's checkbox of the photos, as the person clicks it.
PHOTOS_BOX = (
    "[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
    ".find(l => l.textContent.trim() === 'Photos').querySelector('input')"
)


class FakeJob(QObject):
    """Stands in for QtWebEngine's request job: records how it was answered."""

    def __init__(self, url: str, method: bytes = b"GET") -> None:
        super().__init__()
        self._url, self._method = QUrl(url), QByteArray(method)
        self.answer: tuple[bytes, bytes] | None = None
        self.failed: QWebEngineUrlRequestJob.Error | None = None

    def requestUrl(self) -> QUrl:
        return self._url

    def requestMethod(self) -> QByteArray:
        return self._method

    def reply(self, mime: QByteArray, device) -> None:
        self.answer = (bytes(mime.data()), bytes(device.readAll().data()))

    def fail(self, error: QWebEngineUrlRequestJob.Error) -> None:
        self.failed = error


@pytest.fixture
def original(tmp_path: Path) -> Photo:
    return photo_file(tmp_path / "original.jpg")


@pytest.fixture
def handler(qapp, original: Photo):
    handler = MapSchemeHandler()
    handler.set_page("map-t", "<html></html>")
    handler.set_photo_files("map-t", {original.sha256: original.path})
    yield handler
    handler.thumbnails.shutdown()
    handler.deleteLater()


def ask(handler, url: str, method: bytes = b"GET") -> FakeJob:
    job = FakeJob(url, method)
    handler.requestStarted(job)
    return job


def test_the_scheme_handler_serves_only_a_known_hash_in_exactly_its_form(handler, original):
    sha = original.sha256
    other = "0" * 64
    for path in (
        f"/thumb/{sha.upper()}.jpg",  # not lower-case hex
        f"/thumb/{sha[:63]}.jpg",  # too short
        f"/thumb/{sha}0.jpg",  # too long
        f"/thumb/{sha}.png",
        f"/thumb/{sha}.jpg/..",
        f"/thumb/{other}.jpg",  # well formed, but no photo of this view
        "/thumb/../assets/leaflet.js",
        "/thumb/%2e%2e%2fassets%2fleaflet.js",
        "/thumb/..%2F..%2Fetc%2Fpasswd",
        "/thumb/",
        "/thumb/x" * 300,
    ):
        job = ask(handler, "cityplanner://map-t" + path)
        assert (job.failed, job.answer) == (NOT_FOUND, None), path
    # Another view's photos, or a request that is not a GET, are refused too.
    assert ask(handler, f"cityplanner://map-other/thumb/{sha}.jpg").failed == NOT_FOUND
    assert ask(handler, f"cityplanner://map-t/thumb/{sha}.jpg", b"POST").failed == NOT_FOUND


def test_a_cached_thumbnail_is_served_at_once(handler, original):
    made = make_thumbnail(Path(original.path), original.sha256)
    job = ask(handler, f"cityplanner://map-t/thumb/{original.sha256}.jpg")
    assert job.failed is None
    assert job.answer == (b"image/jpeg", made.read_bytes())


def test_a_thumbnail_not_cached_is_made_off_the_gui_thread_while_the_window_keeps_working(
    qtbot, original
):
    threads: list[int] = []

    def slow_make(source: Path, sha: str) -> Path:
        threads.append(threading.get_ident())
        time.sleep(0.4)  # a large photo on a slow disk
        return make_thumbnail(source, sha)

    server = ThumbnailServer(make=slow_make)
    server.set_files("map-t", {original.sha256: original.path})
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    url = f"cityplanner://map-t/thumb/{original.sha256}.jpg"
    jobs = [FakeJob(url), FakeJob(url)]
    started = time.monotonic()
    for job in jobs:
        server.answer(job, "map-t", job.requestUrl().path())
    assert time.monotonic() - started < 0.1  # handed over, not made here
    assert all(job.answer is None for job in jobs)
    with qtbot.waitSignal(server.sig_made, timeout=10_000):
        pass
    timer.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(threads) == 1  # two requests for one photo: made once
    assert len(ticks) >= 8  # the event loop kept turning meanwhile
    made = cached_thumbnail(original.sha256)
    assert made is not None
    assert [job.answer for job in jobs] == [(b"image/jpeg", made.read_bytes())] * 2
    server.shutdown()


def test_a_request_whose_page_went_away_is_dropped_and_a_lost_file_gets_a_placeholder(
    qtbot, original
):
    Path(original.path).unlink()
    server = ThumbnailServer()
    server.set_files("map-t", {original.sha256: original.path})
    url = f"cityplanner://map-t/thumb/{original.sha256}.jpg"
    gone, waiting = FakeJob(url), FakeJob(url)
    server.answer(gone, "map-t", gone.requestUrl().path())
    server.answer(waiting, "map-t", waiting.requestUrl().path())
    shiboken6.delete(gone)  # as QtWebEngine deletes the job of a page that is closed
    with qtbot.waitSignal(server.sig_made, timeout=10_000):
        pass
    assert waiting.answer == (b"image/svg+xml", PLACEHOLDER)
    server.shutdown()


# -- in a real page --------------------------------------------------------------------


def add_photos(store: Store, tmp_path: Path, trip_id: int) -> list[Photo]:
    """Ten photos on the map of the demo trip, and one with no place at all.

    Six were taken around Toulouse (own positions a kilometre apart), two are placed on a
    site of Toulouse and two on the stop of Amsterdam (neither with a position).
    """
    stops = {s.name: s for s in store.trips.stops(trip_id)}
    site = store.sites.for_trip(trip_id)[0]
    toulouse, amsterdam = stops["Toulouse"].id, stops["Amsterdam"].id
    photos = [
        photo_file(
            tmp_path / f"own{i}.jpg",
            stop_id=toulouse,
            lat=43.585 + 0.012 * (i // 3),
            lon=1.405 + 0.016 * (i % 3),
            taken_at=datetime(2017, 10, 3, 10 + i, 0),
            caption=HOSTILE_CAPTION if i == 0 else f"Toulouse {i}",
        )
        for i in range(6)
    ]
    photos += [
        photo_file(tmp_path / f"site{i}.jpg", stop_id=toulouse, site_id=site.id) for i in range(2)
    ]
    photos += [photo_file(tmp_path / f"ams{i}.jpg", stop_id=amsterdam) for i in range(2)]
    photos.append(photo_file(tmp_path / "nowhere.jpg"))
    return store.photos.add_many(trip_id, photos)


def counts(js, page) -> dict[str, int]:
    return json.loads(js(page, "JSON.stringify(CityPlannerMap.photoCounts())"))


def zoom(js, page, lat: float, lon: float, level: int) -> None:
    js(page, f"CityPlannerMap.map().setView([{lat}, {lon}], {level}, {{animate: false}}); 1")


def test_thumbnails_reach_the_page_through_its_own_scheme_only(qtbot, view, js, tmp_path):
    with Store.memory() as store:
        trip = load_demo(store)
        photos = add_photos(store, tmp_path, trip.id)
        with qtbot.waitSignal(view.sig_ready, timeout=30_000):
            view.show_trip(store, trip.id)
    page = view.page()
    js.wait_for(page, "CityPlannerMap.ready")
    zoom(js, page, 43.6, 1.43, 13)
    # None was cached: each was made on a worker, then handed to the page.
    js.wait_for(
        page,
        "[...document.querySelectorAll('.cp-photo-img')].length >= 6 && "
        "[...document.querySelectorAll('.cp-photo-img')].every(i => i.complete && i.naturalWidth)",
    )
    assert cached_thumbnail(photos[0].sha256) is not None
    # The page may not fetch (its policy says so): it asks as an image would.
    load = (
        "window.__got = {}; ['thumb/{sha}.jpg', 'thumb/{SHA}.jpg', 'thumb/{sha}0.jpg',"
        " 'thumb/%2e%2e/index.html', 'thumb/..%2F..%2Findex.html', 'thumb/{zero}.jpg']"
        ".forEach(function (u) { var i = new Image();"
        " i.onload = function () { window.__got[u] = i.naturalWidth; };"
        " i.onerror = function () { window.__got[u] = 0; }; i.src = u; }); 1"
    )
    sha = photos[0].sha256
    js(page, load.replace("{sha}", sha).replace("{SHA}", sha.upper()).replace("{zero}", "0" * 64))
    js.wait_for(page, "Object.keys(window.__got).length === 6")
    got = json.loads(js(page, "JSON.stringify(window.__got)"))
    assert got.pop(f"thumb/{sha}.jpg") > 0
    assert set(got.values()) == {0}


@pytest.fixture
def window(qtbot, demo_store: Store, settings: Settings, tmp_path: Path):
    trip_id = demo_store.trips.list()[0].id
    photos = add_photos(demo_store, tmp_path, trip_id)
    window = MainWindow(demo_store, settings)
    qtbot.addWidget(window)
    window.show()
    window.wait_until_ready(30)
    window.photos_added = photos
    return window


def test_the_window_map_shows_photo_markers_that_cluster_when_zoomed_out(window, js):
    page = window.map.view.page()
    js.wait_for(page, "CityPlannerMap.ready")
    assert counts(js, page)["photos"] == 10
    labels = js(page, "document.querySelector('.leaflet-control-layers').textContent")
    assert "Photos" in labels
    # The world: Toulouse's eight photos in one stack, Amsterdam's two in another.
    zoom(js, page, 30, 10, 2)
    js.wait_for(page, "CityPlannerMap.photoCounts().clusters === 2")
    assert counts(js, page) == {"photos": 10, "alone": 0, "clustered": 10, "clusters": 2}
    stack = js(page, "document.querySelector('.cp-photo-cluster .cp-photo-count').textContent")
    assert stack in {"8", "2"}
    # A region: the south of France, Toulouse's photos still together.
    zoom(js, page, 43.6, 2.5, 7)
    js.wait_for(page, "CityPlannerMap.photoCounts().clusters === 1")
    assert counts(js, page)["clustered"] == 8
    # The city: the photos taken a kilometre apart stand on their own; the two placed on
    # one site share its point.
    zoom(js, page, *TOULOUSE)
    js.wait_for(page, "CityPlannerMap.photoCounts().alone === 6")
    assert counts(js, page) == {"photos": 10, "alone": 6, "clustered": 2, "clusters": 1}
    shown = js(page, "document.querySelectorAll('.leaflet-marker-pane [data-photo-id]').length")
    assert shown == 6
    assert errors(window.map.view) == []


def test_clicking_a_photo_shows_it_as_text_and_selects_its_stop(window, qtbot, js):
    view = window.map.view
    page = view.page()
    js.wait_for(page, "CityPlannerMap.ready")
    first = window.photos_added[0]
    zoom(js, page, *TOULOUSE)
    selector = f"document.querySelector('[data-photo-id=\"{first.id}\"]')"
    js.wait_for(page, selector)
    window.itinerary.select_stop(window.doc.stops.stop_at(4).id)  # Amsterdam
    with qtbot.waitSignal(view.sig_photo_clicked, timeout=5_000) as clicked:
        js(page, f"{selector}.click(); 1")
    assert clicked.args == [first.id]
    qtbot.waitUntil(lambda: window.itinerary.current_stop_row() == 0)  # Toulouse
    js.wait_for(page, "document.querySelector('.leaflet-popup-content .cp-photo-popup')")
    qtbot.wait(500)  # the window's answer (show the stop) must leave the photo's popup open
    popup = "document.querySelector('.leaflet-popup-content .cp-photo-popup')"
    assert js(page, f"!!{popup}") is True
    assert js(page, f"{popup}.querySelector('.cp-photo-caption').textContent") == HOSTILE_CAPTION
    assert js(page, f"{popup}.querySelector('time').dateTime") == "2017-10-03T10:00:00"
    assert js(page, f"{popup}.querySelector('img.cp-photo-large').src").endswith(
        f"/thumb/{first.sha256}.jpg"
    )
    assert js(page, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert js(page, "typeof window.__pwned") == "undefined"
    assert not view.map_page.dialogs
    # A photo placed on a site selects that site.
    on_site = window.photos_added[6]
    js(page, f"CityPlannerMap.selectPhoto({on_site.id}); 1")
    marker = f"document.querySelector('[data-photo-id=\"{on_site.id}\"]')"
    js.wait_for(page, marker)
    with qtbot.waitSignal(view.sig_site_clicked, timeout=5_000) as site_clicked:
        js(page, f"{marker}.click(); 1")
    assert site_clicked.args == [on_site.site_id]
    assert errors(view) == []


def test_changed_photos_reach_the_page_without_reloading_it(window, js):
    doc, page = window.doc, window.map.view.page()
    trip_id = doc.trip_id
    js.wait_for(page, "CityPlannerMap.ready")
    js(page, "window.__same_page = true; 1")
    first = window.photos_added[0]
    captioned = doc.store.photos.set_caption(first.id, "Capitole at noon")
    doc.photos_changed(trip_id, [captioned])
    zoom(js, page, *TOULOUSE)
    marker = f"document.querySelector('[data-photo-id=\"{first.id}\"]')"
    js.wait_for(page, f"{marker} && {marker}.title === 'Capitole at noon'")

    def remove(photos):
        ids = [p.id for p in photos]
        doc.store.photos.remove_many(ids)
        doc.photos_removed(trip_id, ids)

    remove(window.photos_added[3:])
    js.wait_for(page, "CityPlannerMap.photoCounts().photos === 3")
    # Turned off by the person, photos stay off when they change again.
    js(page, PHOTOS_BOX + ".click(); 1")
    js.wait_for(page, f"!{PHOTOS_BOX}.checked")
    remove(window.photos_added[2:3])
    js.wait_for(page, "CityPlannerMap.photoCounts().photos === 2 && CityPlannerMap.ready")
    assert counts(js, page)["alone"] + counts(js, page)["clustered"] == 0
    assert js(page, f"{PHOTOS_BOX}.checked") is False
    remove(window.photos_added[:2])
    js.wait_for(page, "CityPlannerMap.photoCounts().photos === 0")
    labels = js(page, "document.querySelector('.leaflet-control-layers').textContent")
    assert "Photos" not in labels
    assert js(page, "window.__same_page") is True
    assert errors(window.map.view) == []


def test_the_shared_page_shows_the_photos_from_inside_itself(qtbot, browser, js, tmp_path):  # noqa: F811
    with Store.memory() as store:
        trip = load_demo(store)
        add_photos(store, tmp_path, trip.id)
        notes: list[str] = []
        path = write_trip_html(
            store, trip.id, tmp_path / "shared.html", thumbnails=make_thumbnail, notes=notes
        )
    assert notes == []
    html = path.read_text("utf-8")
    assert "cityplanner://" not in html and "file:" not in html
    open_file(qtbot, browser, path)
    js.wait_for(browser, "window.CityPlannerMap && window.CityPlannerMap.ready")
    assert js(browser, "CityPlannerMap.photoCounts().photos") == 10
    zoom(js, browser, *TOULOUSE)
    js.wait_for(
        browser,
        "[...document.querySelectorAll('.cp-photo-img')].length >= 6 && [...document"
        ".querySelectorAll('.cp-photo-img')].every(i => i.complete && i.naturalWidth > 0)",
    )
    sources = json.loads(
        js(browser, "JSON.stringify([...document.querySelectorAll('img')].map(i => i.src))")
    )
    photo_sources = [s for s in sources if "base64" in s]
    assert len(photo_sources) >= 6
    assert all(s.startswith("data:image/jpeg;base64,") for s in photo_sources)
    outside = [u for u in browser.recorder.urls if not u.startswith(("file:", "data:"))]
    assert outside == []
    assert [m for level, m in browser.messages if level > 0] == []


def test_the_window_exports_the_shared_page_in_the_background_with_its_photos(
    window, qtbot, tmp_path, monkeypatch
):
    target = tmp_path / "shared" / "trip.html"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    # A photo whose file was gone before any thumbnail of it was made.
    lost = Photo(0, str(tmp_path / "lost.jpg"), "ab" * 32, stop_id=window.photos_added[0].stop_id)
    window.doc.store.photos.add_many(window.doc.trip_id, [lost])
    window.doc.photos_added(window.doc.trip_id)
    window.map.act_export_map.trigger()
    assert "Saving the map" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Saved the map" in window.statusBar().currentMessage(), timeout=20_000)
    message = window.statusBar().currentMessage()
    assert "1 photo was left out of the shared map" in message
    html = target.read_text("utf-8")
    assert html.count("data:image/jpeg;base64,") == 10
    assert "cityplanner://" not in html and "file:" not in html
