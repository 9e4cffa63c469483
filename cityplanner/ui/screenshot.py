"""`cityplanner screenshot`: the main window with a trip, drawn offscreen into a PNG."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from cityplanner.console import complain, say
from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.shell import Settings


def run(args: argparse.Namespace) -> int:
    """Render the window offscreen; returns the exit status."""
    # Must be chosen before the QApplication exists; a screen is not needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cityplanner.ui.main import create_application

    try:
        check_output(args.output)
        app = create_application()
        with Store.open(Path(args.db) if args.db else None) as store:
            trip = store.trips.find(args.trip) if args.trip else None
            image = render(store, trip.id if trip else None, args.size)
            target = Path(args.output)
            if not image.save(str(target)):  # the name ends in .png (checked above)
                raise CityPlannerError(f"Cannot write {target}.")
        del app
    except CityPlannerError as exc:
        complain(str(exc))
        return 1
    say(f"Saved {args.output}")
    return 0


def check_output(path: str) -> None:
    if not path.lower().endswith(".png"):
        raise ValidationError(f"{path!r} must end in .png.")


def render(store: Store, trip_id: int | None, size: tuple[int, int]) -> QImage:
    """The window at `size`, showing `trip_id` (or the first trip), as a QImage."""
    from cityplanner.ui.window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        # A private settings file: a screenshot neither reads nor changes the user's layout.
        settings = Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        # City search shows as ready only when its index already exists; none is built here.
        gazetteer = Gazetteer.open()
        window = MainWindow(
            store, settings, gazetteer=gazetteer if gazetteer.index_is_current() else None
        )
        window.resize(*size)
        if trip_id is not None:
            window.select_trip(trip_id)
        window.show()
        window.wait_until_ready()
        image = window.grab().toImage()
        window.close()
    return image
