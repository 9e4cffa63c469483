"""Render a trip's map to a PNG image offscreen, for the `export … png` command."""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlScheme
from PySide6.QtWidgets import QApplication

from cityplanner.console import complain, say
from cityplanner.domain.errors import CityPlannerError
from cityplanner.maps.export import move_into_place, parse_size, trip_payload
from cityplanner.maps.map_packs import MapPack, open_pack
from cityplanner.maps.pack_export import covers_trip
from cityplanner.store import Store
from cityplanner.ui.map._scheme import SCHEME, register_url_scheme
from cityplanner.ui.map._view import MapView
from cityplanner.ui.shell import wait_until

log = logging.getLogger(__name__)

#: Time for the last frame to be painted once the page reports it has drawn the trip.
SETTLE_MS = 400


def render_png(
    source: Mapping[str, Any],
    path: str | Path,
    *,
    size: tuple[int, int] = (1600, 1000),
    timeout_s: float = 60.0,
    pack: MapPack | None = None,
) -> Path:
    """Draw the map of a trip payload offscreen and save it as a PNG, over `pack`'s tiles.

    Needs a QApplication created after `register_url_scheme()`; `run_export_png`
    sets both up for the command line.
    """
    if QApplication.instance() is None:
        raise CityPlannerError("The map image needs the Qt application to be started first.")
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() != QByteArray(SCHEME):
        raise CityPlannerError("The map's URL scheme was not registered before Qt started.")
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CityPlannerError(f"The folder {folder} does not exist.")
    view = MapView()
    payload = dict(source)
    if pack is not None:
        view.tiles.packs.add(pack)
        payload["packs"] = [pack.info.layer(shown=True)]
    try:
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.resize(*size)
        view.show()
        view.show_payload(payload)
        wait_until_drawn(view, timeout_s)
        image = view.grab().toImage()
    finally:
        if pack is not None:
            view.tiles.packs.take(pack.info.id)
        view.close()
        view.deleteLater()
        # Delete the page (and its profile) now, before Qt or Python shut down.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    handle, temporary = tempfile.mkstemp(prefix=".cityplanner-", suffix=".png", dir=folder)
    os.close(handle)
    try:
        if not image.save(temporary):  # PNG, from the suffix
            raise CityPlannerError(f"The map image cannot be written to {target}.")
        move_into_place(Path(temporary), target)
    except OSError as exc:
        raise CityPlannerError(
            f"The map image cannot be written to {target}: {exc.strerror}."
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    log.info("Saved a %sx%s map image to %s", size[0], size[1], target)
    return target


def wait_until_drawn(view: MapView, timeout_s: float) -> None:
    """Return once the page reports (over its bridge) that the trip is drawn, then let it paint.

    The page's own signal is used rather than polling it with `runJavaScript`:
    PySide6 6.12 loses a reference to None on every such callback, which ends
    in a crash once enough of them have run.
    """
    if not wait_until(lambda: view.is_drawn, timeout_s):
        raise CityPlannerError(f"The map did not finish drawing within {timeout_s:.0f} seconds.")
    wait_until(lambda: False, SETTLE_MS / 1000)


def run_export_png(args: argparse.Namespace) -> int:
    """`cityplanner export TRIP png -o FILE [--size WxH] [--map-pack FILE]`: exit status 0,
    or 1 with a message.

    Expects `args.trip`, `args.output`, `args.size` ("WxH" text or a pair) and `args.db`.
    """
    pack: MapPack | None = None
    try:
        size = _size(getattr(args, "size", None))
        if getattr(args, "map_pack", None) is not None:
            pack = open_pack(args.map_pack)
        register_url_scheme()
        app = QApplication.instance() or QApplication(["cityplanner", "-platform", "offscreen"])
        with Store.open(Path(args.db) if args.db else None) as store:
            trip = store.trips.find(str(args.trip))
            assert trip.id is not None
            payload = trip_payload(store, trip.id)
        notes: list[str] = []
        if pack is not None and not covers_trip(pack, payload, notes):
            pack.close()
            pack = None
        render_png(payload, args.output, size=size, pack=pack)
        del app
        say(f"Saved the map of {trip.name} to {args.output}")
        for note in notes:
            complain(note)
    except CityPlannerError as exc:
        complain(str(exc))
        return 1
    finally:
        if pack is not None:
            pack.close()
    return 0


def run(args: argparse.Namespace) -> int:
    """Entry point for the launcher's Qt command registry."""
    return run_export_png(args)


def _size(value: object) -> tuple[int, int]:
    if value is None:
        return (1600, 1000)
    if isinstance(value, str):
        return parse_size(value)
    if isinstance(value, tuple | list) and len(value) == 2:
        return parse_size(f"{int(value[0])}x{int(value[1])}")
    raise CityPlannerError(f"The size {value!r} is not WIDTHxHEIGHT, e.g. 1600x1000.")
