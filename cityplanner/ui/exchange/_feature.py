"""Import and export: files in other programs' formats, travelogues, files dropped on the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from cityplanner.domain.errors import CityPlannerError
from cityplanner.formats.document import ExportOptions
from cityplanner.formats.registry import (
    EXPORT_FORMATS,
    IMPORT_SUFFIXES,
    export_to_file,
    is_trip_file,
)
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.maps.export import trip_payload
from cityplanner.ui.exchange._commands import ImportCommand
from cityplanner.ui.exchange._dialogs import (
    IMPORT_FILTER,
    ExportDialog,
    ImportDialog,
    format_label,
)
from cityplanner.ui.exchange._print import export_book, print_book
from cityplanner.ui.exchange._travelogue import export_travelogue
from cityplanner.ui.exchange._trip_file import TRIP_FILE_FILTER, TripFileCommand, TripFileDialog
from cityplanner.ui.map import render_png
from cityplanner.ui.shell import (
    WindowContext,
    ask_export_path,
    ask_open_path,
    distance_unit,
    make_action,
    plural,
)

#: Export formats that are the trip book (PDF, or the same content as one web page).
BOOK_FORMATS = frozenset({"pdf", "html-travelogue"})


class ExchangeFeature(QObject):
    """File → Import and File → Export, and imports of files dropped on the window."""

    sig_trip_imported = Signal(int)
    """An import was written into a trip: its id (show it)."""

    def __init__(self, ctx: WindowContext, *, gazetteer: Callable[[], Gazetteer | None]) -> None:
        super().__init__(ctx)
        self._ctx, self._gazetteer = ctx, gazetteer
        w = ctx.window
        self.act_import = make_action(
            w, self.tr("&Import places…"), self.import_file, shortcut="Ctrl+I", icon_name="import"
        )
        self.act_open_trip_file = make_action(
            w,
            self.tr("Open &trip file…"),
            self.open_trip_file,
            shortcut="Ctrl+Shift+T",
            icon_name="import",
        )
        self.act_export = make_action(
            w,
            self.tr("E&xport trip…"),
            self.export_trip,
            shortcut="Ctrl+Shift+E",
            icon_name="export",
        )
        self.act_print = make_action(
            w,
            self.tr("&Print trip book…"),
            lambda: print_book(self._ctx),
            shortcut=QKeySequence.StandardKey.Print,
            icon_name="print",
        )

    def actions(self) -> list[QAction]:
        return [self.act_import, self.act_open_trip_file, self.act_export, self.act_print]

    def import_file(self, path: Path | None = None) -> None:
        """Import places from a file (chosen here, or dropped on the window) after a preview."""
        ctx = self._ctx
        if path is None:
            path = ask_open_path(ctx, "import", self.tr("Import places"), self.tr(IMPORT_FILTER))
            if path is None:
                return
        if is_trip_file(path):
            self.open_trip_file(path)
            return
        dialog = ImportDialog(
            path, ctx.store, ctx.doc.trip(), ctx.runner, self._gazetteer(), ctx.window
        )
        if dialog.exec() and dialog.plan is not None:
            command = ImportCommand(
                ctx.doc, dialog.plan, skip_duplicates=dialog.skip_duplicates.isChecked()
            )
            if ctx.push(command) and command.result is not None:
                result = command.result
                self.sig_trip_imported.emit(result.trip.id)
                ctx.show_message(
                    self.tr("Imported {stops} and {sites} from {name}.").format(
                        stops=plural(result.stops, "stop"),
                        sites=plural(result.sites, "site"),
                        name=path.name,
                    ),
                    8000,
                )

    def open_trip_file(self, path: Path | None = None) -> None:
        """Add the trip of a CityPlanner trip file, or update it in place, after a preview."""
        ctx = self._ctx
        if path is None:
            path = ask_open_path(
                ctx, "trip-file", self.tr("Open trip file"), self.tr(TRIP_FILE_FILTER)
            )
            if path is None:
                return
        dialog = TripFileDialog(path, ctx.store, ctx.runner, ctx.window)
        if not dialog.exec() or dialog.preview is None:
            return
        command = TripFileCommand(ctx.doc, dialog.preview)
        if ctx.push(command) and command.done is not None:
            self.sig_trip_imported.emit(command.done.trip_id)
            message = (
                self.tr("Updated {trip} from {name}.")
                if dialog.preview.is_update
                else self.tr("Imported {trip} from {name}.")
            )
            ctx.show_message(message.format(trip=dialog.preview.trip_name, name=path.name), 8000)
            if command.done.notes:
                QMessageBox.information(ctx.window, path.name, "\n\n".join(command.done.notes))

    def export_trip(self) -> None:
        """Export the shown trip in any format: exchange files, travelogues, the map."""
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None or trip.id is None:
            ctx.show_error(self.tr("Select a trip first."))
            return
        dialog = ExportDialog([(f.key, f.label) for f in EXPORT_FORMATS.values()], ctx.window)
        if not dialog.exec():
            return
        fmt = EXPORT_FORMATS[dialog.key]
        name = format_label(fmt.label)
        target = ask_export_path(
            ctx, self.tr("Export {format}").format(format=name), fmt.extension,
            f"{name} (*{fmt.extension})",
        )  # fmt: skip
        if target is None:
            return
        options = ExportOptions(unit=distance_unit())
        try:
            with ctx.busy_cursor():
                if fmt.key == "png":
                    render_png(trip_payload(ctx.store, trip.id), target, size=(1600, 1000))
                elif fmt.key in BOOK_FORMATS:
                    # The book is made in the background, with progress and Cancel.
                    export_book(ctx, fmt.key, target)
                    return
                elif fmt.gui_command == "export-travelogue":
                    export_travelogue(
                        ctx.store,
                        trip.id,
                        fmt.key,
                        target,
                        map_image=None,
                        size=(1600, 1000),
                        notes=options.notes,
                        unit=distance_unit(),
                    )
                else:
                    export_to_file(ctx.store, trip.id, fmt.key, target, options)
        except CityPlannerError as exc:
            ctx.show_error(str(exc))
            return
        done = self.tr("Exported {trip} to {path}").format(trip=trip.name, path=target)
        ctx.show_message(done, 8000)
        if options.notes:
            # Something could not go into the file: say so rather than leave it out silently.
            QMessageBox.information(ctx.window, name, "\n\n".join([done, *options.notes]))

    # -- files dropped on the window ------------------------------------------------
    def accepts(self, mime: QMimeData) -> bool:
        """True if a drop carries a file this feature can import."""
        return dropped_file(mime) is not None

    def drop(self, mime: QMimeData) -> bool:
        """Import the dropped file once the drop has ended; False if there is none."""
        path = dropped_file(mime)
        if path is None:
            return False
        # Leave the drop handler first, so that the dragging application is released.
        QTimer.singleShot(0, lambda: self.import_file(path))
        return True


def dropped_file(mime: QMimeData) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMPORT_SUFFIXES:
                return path
    return None
