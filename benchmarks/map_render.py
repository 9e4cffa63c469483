"""How fast a trip map with many sites is built and loaded, against naive folium.

Run from the repository root: `python benchmarks/map_render.py [--sizes 100,1000,10000]`.

For each number of sites it measures, in this run, on this machine:
- build: trip data → complete HTML page, for CityPlanner (`map_payload` + `build_page`,
  as the window does) and for the peer, folium with one `Marker` + `Popup` per site;
- load: from asking QtWebEngine to load the page until every site is on the map
  (CityPlanner: `CityPlannerMap.ready`, after clustering; the peer: the document's
  load event, after its inline script made every marker).
Both pages get Leaflet from the same local files through the same URL scheme, so the
network plays no part. Prints the seconds and the ratio peer/CityPlanner.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import folium
import xstatic.pkg.jquery
from branca.element import Element
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.maps.escape import inline_code
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import map_payload
from cityplanner.ui.map import BRIDGE_ASSET, MapView, register_url_scheme

CITIES = [
    ("Toulouse", 43.604, 1.444), ("Albi", 43.930, 2.148), ("Arles", 43.677, 4.630),
    ("Carcassonne", 43.216, 2.349), ("Amsterdam", 52.374, 4.890),
    ("Reykjavík", 64.135, -21.895), ("Moscow", 55.752, 37.618), ("Yerevan", 40.178, 44.513),
]  # fmt: skip


def make_trip(site_count: int, seed: int = 7) -> tuple[Trip, list[Stop], list[Site]]:
    rng = random.Random(seed)
    trip = Trip("Benchmark tour", id=1)
    start = date(2017, 10, 2)
    stops = [
        Stop(Place(name, lat, lon), id=i + 1, arrival=start + timedelta(days=2 * i), nights=2,
             mode=None if i == 0 else rng.choice(list(TravelMode)), notes=f"Stay in {name}.")
        for i, (name, lat, lon) in enumerate(CITIES)
    ]  # fmt: skip
    themes, statuses = list(Theme), list(SiteStatus)
    sites = []
    for i in range(site_count):
        stop = stops[i % len(stops)]
        sites.append(
            Site(
                f"Site {i} <{rng.randint(0, 999)}>",
                rng.choice(themes),
                stop_id=stop.id,
                status=rng.choice(statuses),
                lat=stop.place.lat + rng.uniform(-0.4, 0.4),
                lon=stop.place.lon + rng.uniform(-0.6, 0.6),
                description="A smart-city project seen on the tour. " * 3,
                id=i + 1,
            )
        )
    return trip, stops, sites


def build_ours(trip: Trip, stops: list[Stop], sites: list[Site]) -> str:
    payload = map_payload(trip, stops, sites)
    return build_page(payload, assets=AssetMode.LINKED, bridge_script=BRIDGE_ASSET)


class _PeerMap(folium.Map):
    """Folium as it comes, except that its scripts are local: Leaflet from the same files
    as ours, and jQuery (which folium's popups use) inlined from xstatic-jquery."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.default_js = [("leaflet", "assets/leaflet.js")]
        self.default_css = [("leaflet_css", "assets/leaflet.css")]
        jquery = Path(xstatic.pkg.jquery.BASE_DIR, "jquery.min.js").read_text("utf-8")
        self.get_root().header.add_child(
            Element("<script>" + inline_code(jquery) + "</script>"), name="jquery"
        )


def build_peer(trip: Trip, stops: list[Stop], sites: list[Site]) -> str:
    fmap = _PeerMap(location=[50, 10], zoom_start=4, tiles=None)
    folium.PolyLine([(s.place.lat, s.place.lon) for s in stops]).add_to(fmap)
    for stop in stops:
        folium.Marker((stop.place.lat, stop.place.lon), popup=folium.Popup(stop.name)).add_to(fmap)
    for site in sites:
        assert site.lat is not None and site.lon is not None
        folium.Marker(
            (site.lat, site.lon), popup=folium.Popup(f"{site.name}<br>{site.description}")
        ).add_to(fmap)
    return str(fmap.get_root().render())


def time_build(build, inputs, repeats: int) -> tuple[float, str]:
    times, html = [], ""
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        html = build(*inputs)
        times.append(time.perf_counter() - started)
    return min(times), html


def time_load(view: MapView, html: str, condition: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        times.append(_load_once(view, html, condition))
    return statistics.median(times)


def _load_once(view: MapView, html: str, condition: str) -> float:
    loop = QEventLoop()
    state = {"at": 0.0, "marked": False}

    # Mark the page being replaced, so that its own readiness is not mistaken for the new one's.
    view.page().runJavaScript("window.__stale = true; 1", 0, lambda _: state.update(marked=True))
    while not state["marked"]:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)

    def ask() -> None:
        view.page().runJavaScript(f"!window.__stale && !!({condition})", 0, answer)

    def answer(value: object) -> None:
        if value is True:
            state["at"] = time.perf_counter()
            loop.quit()
        else:
            QTimer.singleShot(5, ask)

    started = time.perf_counter()
    view.show_html(html)
    QTimer.singleShot(5, ask)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    if not state["at"]:
        raise RuntimeError("the page did not finish loading within two minutes")
    return state["at"] - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    register_url_scheme()
    from PySide6.QtWidgets import QApplication

    app = QApplication(["map_render"])
    view = MapView()
    view.resize(1200, 800)
    view.show()
    # Warm Chromium and both pages' scripts up, so the first measurement is not start-up.
    warm = make_trip(100)
    time_load(view, build_ours(*warm), "window.CityPlannerMap && CityPlannerMap.ready", 3)
    time_load(view, build_peer(*warm), "document.readyState === 'complete'", 3)

    print("peer: folium 0.20 with one Marker + Popup per site (Leaflet from the same local files)")
    print(
        f"{'sites':>6}  {'build ours':>10}  {'build peer':>10}  {'ratio':>6}  {'load ours':>9}  "
        f"{'load peer':>9}  {'ratio':>6}  {'page ours':>9}  {'page peer':>9}"
    )
    for count in sizes:
        inputs = make_trip(count)
        build_us, html_us = time_build(build_ours, inputs, args.repeats)
        build_peer_s, html_peer = time_build(build_peer, inputs, 1 if count >= 10000 else 2)
        load_us = time_load(
            view, html_us, "window.CityPlannerMap && CityPlannerMap.ready", args.repeats
        )
        load_peer = time_load(view, html_peer, "document.readyState === 'complete'", args.repeats)
        print(
            f"{count:>6}  {build_us:>9.3f}s  {build_peer_s:>9.3f}s  "
            f"{build_peer_s / build_us:>5.1f}x  {load_us:>8.3f}s  {load_peer:>8.3f}s  "
            f"{load_peer / load_us:>5.1f}x  "
            f"{len(html_us) / 1e6:>7.2f}MB  {len(html_peer) / 1e6:>7.2f}MB"
        )
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del app
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # Skip the interpreter's final garbage collection, which can crash in PySide's
    # bindings once Qt is gone; everything worth keeping has been printed.
    os._exit(status)
