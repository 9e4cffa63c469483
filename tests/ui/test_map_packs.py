"""Map packs and the online layer's cache in a real Chromium page, and in the window."""

from __future__ import annotations

import http.server
import socket
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from cityplanner import APP_NAME, __version__
from cityplanner.domain.models import Place, Stop
from cityplanner.maps.export import trip_payload
from cityplanner.maps.map_packs import open_pack
from cityplanner.maps.tile_cache import TileCache
from cityplanner.store import Store
from cityplanner.ui.map import MapView
from cityplanner.ui.map._osm_tiles import USER_AGENT
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow
from tests.maps.pack_files import (
    TOULOUSE,
    coloured_tiles,
    make_mbtiles,
    make_pmtiles,
    tile_picture,
    tile_xy,
)
from tests.ui.conftest import console_errors as errors

pytestmark = pytest.mark.slow

RED = (200, 30, 30)
GREEN = (30, 160, 60)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[MapView]:
    view = MapView()
    view.resize(800, 600)
    view.show()
    yield view
    view.tiles.packs.close()
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def toulouse(tmp_path: Path) -> Iterator[tuple[Store, int]]:
    with Store.memory() as store:
        trip = store.trips.create("Toulouse")
        assert trip.id is not None
        store.trips.add_stops(
            trip.id, [Stop(place=Place("Toulouse", *TOULOUSE, country_code="FR"))]
        )
        yield store, trip.id


def load(qtbot: QtBot, view: MapView, payload: dict) -> None:
    with qtbot.waitSignal(view.sig_ready, timeout=30_000):
        view.show_payload(payload)


def look_at_toulouse(js, view: MapView, zoom: int = 13) -> None:
    js(view.page(), f"CityPlannerMap.map().setView([{TOULOUSE[0]}, {TOULOUSE[1]}], {zoom}, "
                    "{animate: false}); true")  # fmt: skip


def colour_at_middle(qtbot: QtBot, view: MapView, wanted: tuple[int, int, int]) -> bool:
    """Whether a point near the middle of the view (beside the stop's marker) has a colour."""
    image = view.grab().toImage()
    pixel = image.pixelColor(image.width() // 2 + 80, image.height() // 2 + 80)
    found = (pixel.red(), pixel.green(), pixel.blue())
    return all(abs(a - b) <= 12 for a, b in zip(found, wanted, strict=True))


@pytest.mark.parametrize("kind", ["mbtiles", "pmtiles"])
def test_a_pack_draws_its_tiles_where_they_are(qtbot, view, toulouse, js, tmp_path, kind) -> None:
    store, trip_id = toulouse
    tiles = coloured_tiles(RED)
    path = (make_mbtiles if kind == "mbtiles" else make_pmtiles)(tmp_path / f"t.{kind}", tiles)
    pack = open_pack(path)
    view.tiles.packs.add(pack)
    extra = {"packs": [pack.info.layer(shown=True)], "osmShown": False}
    load(qtbot, view, {**trip_payload(store, trip_id), **extra})
    look_at_toulouse(js, view)
    qtbot.waitUntil(lambda: colour_at_middle(qtbot, view, RED), timeout=15_000)
    control = js(view.page(), "document.querySelector('.leaflet-control-layers').textContent")
    assert pack.info.name in control
    attribution = js(
        view.page(), "document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert "Test tiles" in attribution
    # Far from the pack: nothing of it, the offline basemap instead, and no error.
    js(view.page(), "CityPlannerMap.map().setView([48.85, 2.35], 13, {animate: false}); true")
    qtbot.waitUntil(lambda: not colour_at_middle(qtbot, view, RED), timeout=10_000)
    assert errors(view) == []


def test_a_pack_named_with_markup_is_shown_as_text(qtbot, view, toulouse, js, tmp_path) -> None:
    store, trip_id = toulouse
    hostile = '<img src=x onerror="window.__pwned=1">Carte'
    path = make_mbtiles(tmp_path / "h.mbtiles", coloured_tiles(RED), metadata={"name": hostile,
                        "attribution": '<script>window.__pwned=2</script>Tiles'})  # fmt: skip
    pack = open_pack(path)
    view.tiles.packs.add(pack)
    extra = {"packs": [{**pack.info.layer(shown=True), "name": hostile}], "osmShown": False}
    load(qtbot, view, {**trip_payload(store, trip_id), **extra})
    look_at_toulouse(js, view)
    qtbot.waitUntil(lambda: colour_at_middle(qtbot, view, RED), timeout=15_000)
    assert js(view.page(), "window.__pwned === undefined") is True
    control = js(view.page(), "document.querySelector('.leaflet-control-layers').textContent")
    assert hostile in control


def test_a_pack_deleted_while_shown_leaves_the_map_working(qtbot, view, toulouse, js, tmp_path):
    store, trip_id = toulouse
    path = make_mbtiles(tmp_path / "d.mbtiles", coloured_tiles(RED, zooms=(12, 13, 14, 15)))
    pack = open_pack(path)
    view.tiles.packs.add(pack)
    extra = {"packs": [pack.info.layer(shown=True)], "osmShown": False}
    load(qtbot, view, {**trip_payload(store, trip_id), **extra})
    pack.close()
    path.unlink()
    look_at_toulouse(js, view, 15)
    js.wait_for(view.page(), "document.querySelectorAll('.leaflet-tile-loaded').length > 0")
    assert not colour_at_middle(qtbot, view, RED)
    assert js(view.page(), "CityPlannerMap.counts().stops") == 1
    assert errors(view) == []


@pytest.mark.parametrize("failure", [MemoryError, zlib.error, EOFError, RuntimeError])
def test_a_pack_that_fails_to_read_still_answers_every_tile(
    qtbot, view, toulouse, js, tmp_path, failure
) -> None:
    store, trip_id = toulouse
    pack = open_pack(make_pmtiles(tmp_path / "p.pmtiles", coloured_tiles(RED)))
    asked: list[tuple[int, int, int]] = []

    def damaged(z: int, x: int, y: int) -> bytes | None:
        asked.append((z, x, y))
        raise failure("the directory is damaged")

    pack._read = damaged
    view.tiles.packs.add(pack)
    extra = {"packs": [pack.info.layer(shown=True)], "osmShown": False}
    load(qtbot, view, {**trip_payload(store, trip_id), **extra})
    look_at_toulouse(js, view)
    # Every tile the page asked of the pack was answered (a see-through picture).
    tiles = (
        "[...document.querySelectorAll('img.leaflet-tile')]"
        f".filter(t => t.src.includes('/packs/{pack.info.id}/'))"
    )
    js.wait_for(view.page(), f"{tiles}.length > 0")
    js.wait_for(view.page(), f"{tiles}.every(t => t.classList.contains('leaflet-tile-loaded'))")
    assert asked and pack.problem == "the directory is damaged"
    assert not colour_at_middle(qtbot, view, RED)
    assert js(view.page(), "CityPlannerMap.counts().stops") == 1
    assert errors(view) == []


class _TileServer(http.server.ThreadingHTTPServer):
    """A stand-in for the tile server, on this machine only."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _TileHandler)
        self.requests: list[tuple[str, str, str]] = []  # path, User-Agent, If-None-Match
        self.picture = tile_picture(GREEN)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _TileHandler(http.server.BaseHTTPRequestHandler):
    server: _TileServer

    def do_GET(self) -> None:
        self.server.requests.append(
            (self.path, self.headers.get("User-Agent", ""), self.headers.get("If-None-Match", ""))
        )
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Cache-Control", "max-age=60")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.server.picture)))
        self.end_headers()
        self.wfile.write(self.server.picture)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tile_server() -> Iterator[_TileServer]:
    server = _TileServer()
    # A machine cut off from every network, loopback included (`unshare -n` leaves `lo`
    # down), cannot host the fake server: say so rather than time out.
    try:
        socket.create_connection(server.server_address[:2], timeout=2).close()
    except OSError as exc:
        server.server_close()
        pytest.skip(f"no loopback network to serve fake tiles on: {exc}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_online_tiles_are_kept_and_shown_again_with_the_network_cut(
    qtbot, view, toulouse, js, tmp_path, tile_server
) -> None:
    store, trip_id = toulouse
    osm = view.tiles.osm
    cache = TileCache(tmp_path / "tiles.sqlite")
    osm.set_cache(cache)
    osm.base_url = tile_server.url
    try:
        extra = {"packs": [], "osmShown": True}
        load(qtbot, view, {**trip_payload(store, trip_id), **extra})
        look_at_toulouse(js, view)
        qtbot.waitUntil(lambda: colour_at_middle(qtbot, view, GREEN), timeout=15_000)
        qtbot.waitUntil(lambda: not osm.busy, timeout=10_000)
        asked = len(tile_server.requests)
        assert asked > 0 and cache.count() == asked
        # Every request names the application and its version (OSM's tile usage policy).
        assert all(ua == USER_AGENT for _, ua, _ in tile_server.requests)
        assert USER_AGENT.startswith(f"CityPlanner/{__version__} ")
        # The network goes away: the same view again comes from the cache alone.
        tile_server.shutdown()
        tile_server.server_close()
        load(qtbot, view, {**trip_payload(store, trip_id), **extra})
        look_at_toulouse(js, view)
        qtbot.waitUntil(lambda: colour_at_middle(qtbot, view, GREEN), timeout=15_000)
        assert len(tile_server.requests) == asked
        assert errors(view) == []
    finally:
        osm.base_url = "https://tile.openstreetmap.org"
        osm.set_cache(lambda: TileCache())


def test_a_stale_tile_is_asked_for_with_its_etag(qtbot, view, toulouse, js, tmp_path, tile_server):
    store, trip_id = toulouse
    osm = view.tiles.osm
    cache = TileCache(tmp_path / "tiles.sqlite")
    z, x, y = 13, *tile_xy(*TOULOUSE, 13)
    cache.put(f"osm/{z}/{x}/{y}", tile_picture(GREEN), mime="image/png",
              headers={"etag": '"v1"'}, now=0)  # fmt: skip
    osm.set_cache(cache)
    osm.base_url = tile_server.url
    try:
        extra = {"packs": [], "osmShown": True}
        load(qtbot, view, {**trip_payload(store, trip_id), **extra})
        look_at_toulouse(js, view)
        qtbot.waitUntil(lambda: any(p == f"/{z}/{x}/{y}.png" for p, _, _ in tile_server.requests))
        qtbot.waitUntil(lambda: not osm.busy, timeout=10_000)
        conditional = [tag for p, _, tag in tile_server.requests if p == f"/{z}/{x}/{y}.png"]
        assert conditional == ['"v1"']
        tile = cache.get(f"osm/{z}/{x}/{y}")
        assert tile is not None and tile.is_fresh()
    finally:
        osm.base_url = "https://tile.openstreetmap.org"
        osm.set_cache(lambda: TileCache())


def test_a_cache_that_cannot_be_written_still_shows_tiles_and_says_so_once(
    qtbot, view, toulouse, js, tmp_path, tile_server
) -> None:
    store, trip_id = toulouse
    osm = view.tiles.osm
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("in the way")
    osm.set_cache(TileCache(blocked / "tiles.sqlite"))
    osm.base_url = tile_server.url
    said: list[str] = []
    osm.sig_cache_unwritable.connect(said.append)
    try:
        extra = {"packs": [], "osmShown": True}
        load(qtbot, view, {**trip_payload(store, trip_id), **extra})
        look_at_toulouse(js, view)
        qtbot.waitUntil(lambda: colour_at_middle(qtbot, view, GREEN), timeout=15_000)
        qtbot.waitUntil(lambda: not osm.busy, timeout=10_000)
        assert len(tile_server.requests) > 1 and len(said) == 1
    finally:
        osm.sig_cache_unwritable.disconnect(said.append)
        osm.base_url = "https://tile.openstreetmap.org"
        osm.set_cache(lambda: TileCache())


# -- the window -------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: Settings) -> Iterator[MainWindow]:
    opened = MainWindow(demo_store, settings)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened
    opened.map.view.tiles.packs.close()


def map_menu(window: MainWindow):
    menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
    return next(m for m in menus if m.title() == "&Map")


def test_adding_a_pack_lists_it_remembers_it_and_undo_takes_it_away(
    qtbot, window, settings, tmp_path, monkeypatch
) -> None:
    path = make_mbtiles(tmp_path / "toulouse.mbtiles", coloured_tiles(RED))
    texts = [a.text() for a in map_menu(window).actions()]
    assert texts[:2] == ["Add map &pack…", "&Remove map pack"] and "C&lear map cache…" in texts
    assert window.map.packs.act_add.shortcut().toString() == "Ctrl+Alt+M"
    assert window.map.packs.add_file(path)
    layers = window.map.packs.page_layers()["packs"]
    assert [(p["name"], p["shown"]) for p in layers] == [("Toulouse test pack", True)]
    assert settings.map_packs() == [str(path)]
    menu = window.map.packs.remove_menu
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()] == ["Toulouse test pack"]
    window.ctx.undo_stack.undo()
    assert window.map.packs.page_layers()["packs"] == [] and settings.map_packs() == []
    window.ctx.undo_stack.redo()
    assert settings.map_packs() == [str(path)]
    # Removing, from the submenu, is undoable too.
    menu.aboutToShow.emit()
    menu.actions()[0].trigger()
    assert settings.map_packs() == [] and window.map.packs.page_layers()["packs"] == []
    window.ctx.undo_stack.undo()
    assert settings.map_packs() == [str(path)]


def test_a_bad_pack_is_refused_with_one_message_and_changes_nothing(
    qtbot, window, settings, tmp_path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    bad = tmp_path / "holiday.mbtiles"
    bad.write_bytes(b"\x00" * 400)
    before = window.ctx.undo_stack.count()
    assert not window.map.packs.add_file(bad)
    assert len(shown) == 1 and "holiday.mbtiles is not a map pack" in shown[0]
    assert settings.map_packs() == [] and window.ctx.undo_stack.count() == before


def test_remembered_packs_come_back_and_a_missing_one_is_said(
    qtbot, demo_store, settings, tmp_path
) -> None:
    kept = make_mbtiles(tmp_path / "kept.mbtiles", coloured_tiles(RED))
    settings.set_map_packs([str(kept), str(tmp_path / "gone.mbtiles")])
    opened = MainWindow(demo_store, settings)
    qtbot.addWidget(opened)
    try:
        layers = opened.map.packs.page_layers()["packs"]
        assert [p["name"] for p in layers] == ["Toulouse test pack"]
        assert "gone.mbtiles" in opened.statusBar().currentMessage()
        opened.map.view.sig_layer_shown.emit(layers[0]["id"], False)
        assert layers[0]["id"] not in settings.shown_map_layers()
        assert opened.map.packs.page_layers()["packs"][0]["shown"] is False
    finally:
        opened.map.view.tiles.packs.close()


def test_clear_map_cache_says_its_size_and_empties_it(qtbot, window, tmp_path, monkeypatch) -> None:
    cache = TileCache(tmp_path / "tiles.sqlite")
    for n in range(5):
        cache.put(f"osm/9/{n}/0", bytes(300_000), mime="image/png", headers={})
    window.map.view.tiles.osm.set_cache(cache)
    asked: list[str] = []

    def question(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    window.map.packs.act_clear_cache.trigger()
    assert len(asked) == 1 and "5 online map tiles" in asked[0] and "1.5 MB" in asked[0]
    assert cache.count() == 0
    assert "Cleared the map cache (1.5 MB)" in window.statusBar().currentMessage()


def test_the_cache_limit_is_a_preference_the_map_follows(qtbot, window, settings) -> None:
    from cityplanner.ui.shell._preferences import PreferencesDialog

    dialog = PreferencesDialog(settings, window)
    qtbot.addWidget(dialog)
    assert dialog.map_cache.value() == 300
    dialog.map_cache.setValue(50)
    dialog.accept()
    assert settings.map_cache_megabytes() == 50
    limit = window.map.view.tiles.osm.cache_limit
    assert limit is not None and limit() == 50_000_000


def test_the_layer_the_person_turns_off_stays_off(qtbot, window, settings, tmp_path, js) -> None:
    path = make_mbtiles(tmp_path / "toulouse.mbtiles", coloured_tiles(RED))
    window.centre_tabs.setCurrentWidget(window.map.view)
    window.wait_until_ready(30)
    assert window.map.packs.add_file(path)
    page = window.map.view.page()
    js.wait_for(page, "CityPlannerPacks.shown().length === 1")
    pack_id = open_pack(path).info.id
    # The person opens the layer control, then unticks the pack and ticks the online layer.
    js(page, "document.querySelector('.leaflet-control-layers')"
             ".dispatchEvent(new MouseEvent('mouseenter')); true")  # fmt: skip
    qtbot.wait(100)
    for label in ("Toulouse test pack", "OpenStreetMap (online)"):
        js(
            page,
            f"""[...document.querySelectorAll('.leaflet-control-layers-overlays label')]
            .find(l => l.textContent.trim() === {label!r}).querySelector('input').click(); true""",
        )
    qtbot.waitUntil(lambda: settings.shown_map_layers() == ["osm"])
    assert window.map.packs.page_layers()["packs"][0]["shown"] is False
    # An edit redraws the map: the pack stays off, the online layer on.
    window.map.controller.refresh()
    window.wait_until_ready(30)
    js.wait_for(page, "CityPlannerMap.ready")
    assert js(page, "JSON.stringify(CityPlannerPacks.shown())") == "[]"
    assert js(page, "CityPlannerMap.map().hasLayer(CityPlannerMap.map()._layers && "
                    "Object.values(CityPlannerMap.map()._layers).find(l => l.options && "
                    "l.options.cpLayerId === 'osm'))") is True  # fmt: skip
    assert pack_id not in settings.shown_map_layers()


def test_the_window_s_web_page_export_holds_the_packs_on_the_map(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.cli.test_map_pack_cli import page_packs

    world = {"bounds": "-180,-85,180,85", "name": "Europe, coarse"}
    path = make_mbtiles(tmp_path / "europe.mbtiles", coloured_tiles(RED, zooms=(2, 3, 4)),
                        metadata=world)  # fmt: skip
    assert window.map.packs.add_file(path)
    target = tmp_path / "trip.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.map.act_export_map.trigger()
    qtbot.waitUntil(lambda: "Saved the map" in window.statusBar().currentMessage(), timeout=20_000)
    [layer] = page_packs(target)
    assert layer["name"] == "Europe, coarse" and layer["tiles"]
    assert "cityplanner://" not in target.read_text("utf-8")


def test_an_error_naming_a_file_full_of_markup_is_shown_as_plain_text(
    qtbot, window, tmp_path
) -> None:
    bad = tmp_path / "<font color=red size=7>Database damaged: delete it<!--.pmtiles"
    bad.write_bytes(b"\x00" * 400)
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        label = box.findChild(QLabel, "qt_msgbox_label")
        shown = QTextDocument()
        if label.textFormat() == Qt.TextFormat.PlainText or not Qt.mightBeRichText(label.text()):
            shown.setPlainText(label.text())
        else:
            shown.setHtml(label.text())
        seen.update(text=shown.toPlainText(), title=box.windowTitle(), icon=box.icon())
        box.accept()

    QTimer.singleShot(200, look_and_close)
    assert not window.map.packs.add_file(bad)
    assert seen["text"] == f"{bad.name} is not a map pack: CityPlanner reads MBTiles (.mbtiles) " \
        "and PMTiles (.pmtiles) files."  # fmt: skip
    assert (seen["title"], seen["icon"]) == (APP_NAME, QMessageBox.Icon.Warning)
