"""The tables of export and import formats that the command line and the window offer.

Adding an export format is one line in `EXPORT_FORMATS`. Its code is named as
"module:function" and imported only when used, so a format may live in another
package of the same layer (the interactive map in `cityplanner.maps`) without this
package importing it. A format names one of:

- `writer`: `write(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None`;
- `page`: `page(store: Store, trip_id: int) -> str`, the whole file as text, for
  formats that read the store themselves;
- `gui_command`: a command of `cityplanner.ui.launch.GUI_COMMANDS`, for formats
  that need Qt; the command line then hands the export to the window's launcher
  (the map picture; the travelogues draw their own maps and need no Qt).

For example, the interactive map and its picture:

    ExportFormat("html", "Interactive map (HTML)", ".html", "text/html",
                 page="cityplanner.maps.export:trip_html"),
    ExportFormat("png", "Map picture (PNG)", ".png", "image/png", gui_command="export-png"),
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.document import (
    ExportOptions,
    ImportOptions,
    ParsedFile,
    TripDocument,
    load_document,
)
from cityplanner.store import Store

log = logging.getLogger(__name__)

Writer = Callable[[TripDocument, BinaryIO, ExportOptions], None]
Page = Callable[..., str]
Reader = Callable[[bytes, str, ImportOptions], ParsedFile]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One way to export a trip."""

    key: str
    label: str
    extension: str
    media_type: str
    writer: str = ""
    gui_command: str = ""
    #: Whether the journal and the legs' distances are read for it (the travelogue needs them).
    full: bool = False
    page: str = ""

    def load_writer(self) -> Writer:
        """The function that writes this format, imported now."""
        if self.writer:
            writer: Writer = _load(self.writer)
            return writer
        if self.page:
            return self._page_writer(_load(self.page))
        raise ValidationError(f"Exporting to {self.label} needs the window; use the app for it.")

    @staticmethod
    def _page_writer(page: Page) -> Writer:
        def write(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
            if doc.store is None or doc.trip.id is None:
                raise ValidationError("This format is made from a stored trip only.")
            # Photos go into the shared page as small pictures of their own (at most 200).
            from cityplanner.formats.thumbnails import make_thumbnail

            text = page(doc.store, doc.trip.id, thumbnails=make_thumbnail, notes=options.notes)
            out.write(text.encode("utf-8"))

        return write


def _load(target: str) -> Any:
    """The function named "module:function", imported now."""
    module_name, _, function = target.partition(":")
    return getattr(importlib.import_module(module_name), function)


_F = "cityplanner.formats."

EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.key: f
    for f in (
        ExportFormat("gpx", "GPX 1.1", ".gpx", "application/gpx+xml", _F + "gpx:write_gpx"),
        ExportFormat("kml", "KML", ".kml", "application/vnd.google-earth.kml+xml",
                     _F + "kml:write_kml"),
        ExportFormat("kmz", "KMZ", ".kmz", "application/vnd.google-earth.kmz",
                     _F + "kml:write_kmz"),
        ExportFormat("geojson", "GeoJSON", ".geojson", "application/geo+json",
                     _F + "geo_json:write_geojson"),
        ExportFormat("csv", "CSV table", ".csv", "text/csv", _F + "csv_table:write_csv"),
        ExportFormat("ics", "iCalendar", ".ics", "text/calendar", _F + "ics:write_ics", full=True),
        ExportFormat("costs-csv", "Costs (CSV)", ".costs.csv", "text/csv",
                     _F + "costs_csv:write_costs_csv"),
        ExportFormat("md", "Travelogue (Markdown)", ".md", "text/markdown",
                     _F + "travelogue:write_markdown", full=True),
        # The trip book draws its maps without Qt (cityplanner.maps.static_map).
        ExportFormat("html-travelogue", "Travelogue (HTML)", ".html", "text/html",
                     _F + "travelogue:write_html", full=True),
        ExportFormat("pdf", "Travelogue (PDF)", ".pdf", "application/pdf",
                     _F + "travelogue_pdf:write_pdf", full=True),
        ExportFormat("html", "Interactive map (HTML)", ".html", "text/html",
                     page="cityplanner.maps.export:trip_html"),
        ExportFormat("png", "Map picture (PNG)", ".png", "image/png", gui_command="export-png"),
        # The whole trip, photos included, for another CityPlanner (formats/trip_file.py).
        ExportFormat("cityplanner", "CityPlanner trip file", ".cptrip",
                     "application/vnd.cityplanner.trip+zip", _F + "trip_file:write_trip_file"),
    )
}  # fmt: skip


def export_format(key: str) -> ExportFormat:
    found = EXPORT_FORMATS.get(key.strip().lower())
    if found is None:
        known = ", ".join(EXPORT_FORMATS)
        raise ValidationError(f"Unknown export format {key!r}; use one of: {known}.")
    return found


# -- import ---------------------------------------------------------------------------

_READERS_BY_SUFFIX = {
    ".gpx": "gpx:read_gpx",
    ".kml": "kml:read_kml",
    ".kmz": "kml:read_kmz",
    ".geojson": "geo_json:read_geojson",
    ".json": "geo_json:read_geojson",
    ".csv": "csv_table:read_csv",
    ".tsv": "csv_table:read_csv",
    ".txt": "csv_table:read_csv",
    ".ics": "ics_import:read_ics",
    ".ical": "ics_import:read_ics",
    ".ifb": "ics_import:read_ics",
}
#: A CityPlanner trip file: a whole trip, imported by `trip_file_import`, not as places.
TRIP_FILE_SUFFIX = ".cptrip"
IMPORT_SUFFIXES = (*_READERS_BY_SUFFIX, TRIP_FILE_SUFFIX)


def is_trip_file(path: Path) -> bool:
    """Whether `path` is a CityPlanner trip file (by its name, or a zip holding trip.json)."""
    from cityplanner.formats.trip_file import looks_like_trip_file

    return looks_like_trip_file(path)


def reader_for(path: Path, data: bytes) -> Reader:
    """The reader for a file: by its extension, else by a look at its first bytes."""
    if data.startswith(b"PK\x03\x04"):
        target: str | None = "kml:read_kmz"  # a zip archive, whatever its name says
    else:
        target = _READERS_BY_SUFFIX.get(path.suffix.lower()) or _sniff(data)
    if target is None:
        raise ValidationError(
            f"{path.name} is not a format CityPlanner imports; use GPX, KML, KMZ, GeoJSON, CSV "
            "or iCalendar."
        )
    reader: Reader = _load(_F + target)
    return reader


def _sniff(data: bytes) -> str | None:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"pk\x03\x04"):
        return "kml:read_kmz"
    if head.startswith(b"<"):
        if b"<gpx" in head:
            return "gpx:read_gpx"
        if b"<kml" in head:
            return "kml:read_kml"
        return None
    if head.startswith(b"{"):
        return "geo_json:read_geojson"
    if head.startswith(b"begin:vcalendar"):
        return "ics_import:read_ics"
    return "csv_table:read_csv"


def export_trip(
    doc: TripDocument, key: str, out: BinaryIO, options: ExportOptions | None = None
) -> None:
    """Write `doc` in the format named `key`."""
    export_format(key).load_writer()(doc, out, options or ExportOptions())


def export_to_file(
    store: Store, trip_id: int, key: str, path: str | Path, options: ExportOptions | None = None
) -> Path:
    """Export a stored trip to `path`; the file appears only once complete."""
    fmt = export_format(key)
    writer = fmt.load_writer()
    _checked_target(path)  # before reading the trip, which can take a while
    doc = load_document(store, trip_id, with_legs=fmt.full)
    target = write_file(path, lambda out: writer(doc, out, options or ExportOptions()))
    log.info("Exported trip %s as %s to %s", trip_id, fmt.key, target)
    return target


def write_file(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write` with a file beside `path`, then put it in place: the file appears only
    once complete, and an error (or a cancelled export) leaves nothing behind."""
    target = _checked_target(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise ValidationError(f"Cannot write in {target.parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, target)
    except OSError as exc:
        raise ValidationError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
    return target


def _checked_target(path: str | Path) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(f"{target} is a folder; give a file name to write to.")
    if not target.parent.is_dir():
        raise ValidationError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    return target


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
