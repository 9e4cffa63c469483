"""How the main window copes with a big trip: 2,000 stops and 10,000 sites.

Measures, in one run:
- open: building the window on the trip until it has drawn, against a peer that
  fills a QTableWidget with the same rows (the simplest way to show them); its phases
  are shown too: the table, the map drawn (as the page reports it; the target is 2 s
  for 2,000 stops), and the page's own marks of its drawing steps;
- edit: the first stop's nights changed through the undo stack — which re-dates every
  later stop, in the store and in the table — until the table and the totals show it,
  against a peer that re-reads the trip and recomputes totals from scratch (what a
  reset-based model would do);
- days: `cityplanner days TRIP --json` for the trip, against a peer that reads the
  stops' rows with sqlite3 and writes them as JSON (the least such a listing costs);
- trips: `cityplanner trips` with one trip of 100,000 stops in the file, against the peer
  that measures every leg of every trip again on each call (what `trips` did before the
  store kept the legs' lengths).

Run: python benchmarks/ui_scale.py [--stops 2000] [--sites 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cityplanner.ui.launch import prepare_qt_environment

prepare_qt_environment()  # WebEngine and the map's URL scheme, before the QApplication
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

from cityplanner.cli import main as cli_main
from cityplanner.domain import Place, Site, Stop, Theme, TravelMode
from cityplanner.geo.distance import leg_kms, trip_totals
from cityplanner.store import Store
from cityplanner.ui.main import DeferredStart
from cityplanner.ui.map import MapView
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def build_trip(path: Path, n_stops: int, n_sites: int) -> int:
    rng = random.Random(7)
    with Store.open(path, seed_demo=False) as store:
        trip = store.trips.create("Big trip", start=date(2030, 1, 1))
        assert trip.id is not None
        stops = [
            Stop(
                place=Place(f"City {i}", rng.uniform(-60, 70), rng.uniform(-179, 179), "FR"),
                nights=rng.randint(0, 4),
                mode=rng.choice(list(TravelMode)),
            )
            for i in range(n_stops)
        ]
        added = store.trips.add_stops(trip.id, stops)
        themes = list(Theme)
        store.sites.add_many(
            [
                Site(
                    stop_id=added[i % n_stops].id,
                    name=f"Site {i}",
                    theme=themes[i % len(themes)],
                    lat=added[i % n_stops].place.lat,
                    lon=added[i % n_stops].place.lon,
                )
                for i in range(n_sites)
            ]
        )
        return trip.id


def page_marks(app: QApplication, view: MapView) -> dict[str, float]:
    """The page's own marks of its drawing phases (`mark` in itinerary.js), in ms."""
    found: dict[str, str] = {}
    view.page().runJavaScript(
        "JSON.stringify(performance.getEntriesByType('mark').map("
        "function (m) { return [m.name, m.startTime]; }))",
        0,
        lambda text: found.setdefault("marks", text),
    )
    deadline = time.monotonic() + 10
    while "marks" not in found and time.monotonic() < deadline:
        app.processEvents()
    marks: dict[str, float] = {}
    for name, ms in json.loads(found.get("marks") or "[]"):
        marks.setdefault(name.removeprefix("cp-"), ms)  # the first draw's, not a redraw's
    return marks


def timed(fn, repeat: int = 1) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stops", type=int, default=2000)
    parser.add_argument("--sites", type=int, default=10000)
    parser.add_argument("--listing-stops", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = folder / "big.db"
    trip_id = build_trip(path, args.stops, args.sites)
    store = Store.open(path)
    settings = Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))

    windows: list[MainWindow] = []

    phases: dict[str, float] = {}
    page_phases: dict[str, float] = {}

    def open_window() -> None:
        start = time.perf_counter()

        def elapsed() -> float:
            return time.perf_counter() - start

        # As the app opens a window (cityplanner/ui/main.py): what the first picture does
        # without (the city index check, the reference rates) waits until the map is painted.
        window = MainWindow(store, settings, defer_start=True)
        DeferredStart(window)
        phases["window built (trip read, table filled)"] = elapsed()
        view = window.map.view
        # When the page's navigation starts: the page's own marks below count from there.
        view.page().loadStarted.connect(
            lambda: phases.setdefault("map page requested (navigation starts)", elapsed())
        )
        view.sig_drawn.connect(
            lambda: phases.setdefault(
                "map drawn (the page reports it)", time.perf_counter() - start
            )
        )
        window.show()
        app.processEvents()
        phases["table and totals shown"] = time.perf_counter() - start
        window.wait_until_ready()
        phases["map drawn, then 0.4 s settle for pictures"] = time.perf_counter() - start
        windows.append(window)
        page_phases.update(page_marks(app, view))

    def open_peer() -> None:
        stops = store.trips.stops(trip_id)
        legs = leg_kms(stops)
        table = QTableWidget(len(stops), 6)
        for row, (stop, leg) in enumerate(zip(stops, legs, strict=True)):
            cells = [
                stop.place.name,
                stop.place.country_code,
                "",
                str(stop.nights),
                stop.mode or "",
                f"{leg:,.0f}",
            ]
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(str(text)))
        store.sites.for_trip(trip_id)
        trip_totals(stops)
        table.show()
        app.processEvents()
        table.close()

    open_s = timed(open_window)
    peer_open_s = timed(open_peer)
    window = windows[-1]
    doc = window.doc
    row = 0  # the first stop: every later stop moves

    def edit() -> None:
        old = doc.stops.stop_at(row)
        new = old.with_changes(nights=(old.nights + 1) % 30)
        # As a user does: an edit of the table's cell, which pushes one undo command.
        doc.stops.setData(
            doc.stops.index(row, doc.stops.COL_NIGHTS), new.nights, Qt.ItemDataRole.EditRole
        )
        app.processEvents()
        assert doc.stops.data(doc.stops.index(row, doc.stops.COL_NIGHTS)) == str(new.nights)
        last = doc.stops.stop_at(doc.stops.rowCount() - 1)
        assert last.arrival == store.trips.stop(last.id or 0).arrival  # re-dated, and saved

    def edit_peer() -> None:
        old = store.trips.stop(doc.stops.stop_at(row).id or 0)
        store.trips.update_stop(old.with_changes(nights=(old.nights + 1) % 30))
        doc.stops.set_stops(store.trips.stops(trip_id), store.trips.get(trip_id).start)
        trip_totals(doc.stops.stops)
        app.processEvents()

    edit_s = timed(edit, repeat=15)
    peer_edit_s = timed(edit_peer, repeat=5)

    def days_json() -> None:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = cli_main(["--db", str(path), "days", str(trip_id), "--json"])
        assert status == 0 and json.loads(out.getvalue())["days"]

    def days_peer() -> None:
        conn = sqlite3.connect(path)
        cursor = conn.execute("SELECT * FROM stops WHERE trip_id = ? ORDER BY position", [trip_id])
        names = [d[0] for d in cursor.description]
        json.dumps([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
        conn.close()

    days_s = timed(days_json, repeat=5)
    peer_days_s = timed(days_peer, repeat=5)
    print(f"trip: {args.stops} stops, {args.sites} sites")
    for phase, seconds in sorted(phases.items(), key=lambda item: item[1]):
        print(f"  open: {phase:45s} {seconds * 1000:8.1f} ms")
    print("  in the page, from the start of its navigation (resources/web/itinerary.js marks):")
    print("   ", "  ".join(f"{name} {ms:.0f}" for name, ms in page_phases.items()))
    print(
        f"open window      {open_s * 1000:8.1f} ms   peer QTableWidget fill {peer_open_s * 1000:8.1f} ms"
        f"   ratio {open_s / peer_open_s:5.2f}x"
    )
    print(
        f"edit one stop    {edit_s * 1000:8.2f} ms   peer reload + totals   {peer_edit_s * 1000:8.1f} ms"
        f"   ratio {peer_edit_s / edit_s:5.1f}x faster"
    )
    print(
        f"days --json      {days_s * 1000:8.1f} ms   peer sqlite3 rows → JSON {peer_days_s * 1000:8.1f} ms"
        f"   ratio {days_s / peer_days_s:5.1f}x the peer's time"
    )
    window.close()
    store.close()

    listing = folder / "listing.db"
    build_trip(listing, args.listing_stops, 0)

    def trips_listing() -> None:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli_main(["--db", str(listing), "trips", "--json"]) == 0

    def trips_peer() -> None:
        with Store.open(listing) as big:
            for summary in big.trips.summaries():
                trip_totals(big.trips.stops(summary.trip.id or 0))

    trips_s = timed(trips_listing, repeat=5)
    peer_trips_s = timed(trips_peer, repeat=1)
    print(
        f"trips ({args.listing_stops:,} stops) {trips_s * 1000:8.1f} ms   peer measuring every leg "
        f"{peer_trips_s * 1000:8.1f} ms   ratio {peer_trips_s / trips_s:5.0f}x faster"
    )


if __name__ == "__main__":
    main()
