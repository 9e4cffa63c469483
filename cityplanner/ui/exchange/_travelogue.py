"""Travelogues in HTML and PDF (the trip book), which draw their own maps without Qt."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

from cityplanner.console import complain, say
from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.units import DistanceUnit
from cityplanner.formats.document import ExportOptions
from cityplanner.formats.registry import export_format, export_to_file
from cityplanner.maps.export import parse_size
from cityplanner.store import Store
from cityplanner.ui.map import register_url_scheme

log = logging.getLogger(__name__)


def export_travelogue(
    store: Store,
    trip_id: int,
    key: str,
    target: Path,
    *,
    map_image: Path | None,
    size: tuple[int, int],
    notes: list[str] | None = None,
    unit: DistanceUnit = DistanceUnit.KM,
) -> Path:
    """Write the travelogue; a picture given (`map_image`) replaces the cover's map.

    What could not go into it (costs without a rate…) is added to `notes`.
    """
    options = ExportOptions(map_image=map_image, unit=unit)
    # The book draws its own maps (cityplanner.maps.static_map): no picture of the
    # window's map, with its zoom buttons and legend, goes into it; `size` is unused.
    try:
        return export_to_file(store, trip_id, key, target, options)
    finally:
        if notes is not None:
            notes.extend(options.notes)


def run(args: argparse.Namespace) -> int:
    """`cityplanner export TRIP html-travelogue|pdf -o FILE [--map-image PNG] [--size WxH]`."""
    try:
        fmt = export_format(args.format)
        size = parse_size(str(args.size))
        register_url_scheme()
        app = QApplication.instance() or QApplication(["cityplanner", "-platform", "offscreen"])
        with Store.open(Path(args.db) if args.db else None) as store:
            trip = store.trips.find(str(args.trip))
            assert trip.id is not None
            notes: list[str] = []
            target = export_travelogue(
                store,
                trip.id,
                fmt.key,
                Path(args.output),
                map_image=args.map_image,
                size=size,
                notes=notes,
                unit=getattr(args, "unit", DistanceUnit.KM),
            )
        del app
    except CityPlannerError as exc:
        complain(str(exc))
        return 1
    say(f"Exported {trip.name} as {fmt.label} to {target}")
    for note in notes:
        complain(note)
    return 0
