"""File → Print trip book…: the book's PDF made in the background, then a print preview.

The book is the PDF that `export TRIP pdf` writes (cityplanner.formats.book), made into a
temporary file on the task runner while a progress dialog shows its steps and can stop
it. The preview then paints the PDF's pages onto the printer with QtPdf, one page at a
time, each rendered at the printer's resolution (at most `MAX_DPI`; the preview, which
keeps every page in memory, at `PREVIEW_DPI`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.units import DistanceUnit
from cityplanner.formats.book.html import write_html_book
from cityplanner.formats.book.pdf import write_book_pdf
from cityplanner.formats.book.progress import ExportCancelled
from cityplanner.formats.document import ExportOptions, TripDocument, load_document
from cityplanner.formats.registry import write_file
from cityplanner.ui.shell import WindowContext

log = logging.getLogger(__name__)

TASK = "print-book"
#: Pages are rendered at the printer's resolution, but no finer than this.
MAX_DPI = 300
#: The resolution of the pages in the preview, which holds them all at once (A4 at
#: 110 dpi is 5.5 MB a page).
PREVIEW_DPI = 110


class BookPrintJob(QObject):
    """One Print trip book… (or export of the book): its progress dialog, then its preview.

    For a print, the PDF goes to a temporary folder, removed once the preview closes;
    with `export_to`, the book (PDF, or HTML with `html`) is written there instead.
    """

    def __init__(
        self,
        ctx: WindowContext,
        doc: TripDocument,
        options: ExportOptions,
        parent: QWidget,
        *,
        export_to: Path | None = None,
        html: bool = False,
    ) -> None:
        super().__init__(ctx)
        self._ctx, self._doc, self._options, self._parent = ctx, doc, options, parent
        self._stop = threading.Event()
        self._html = html
        self._export_to = export_to
        self._folder: Path | None = None
        if export_to is None:
            self._folder = Path(tempfile.mkdtemp(prefix="cityplanner-print-"))
        self.pdf_path = export_to or self._folder_path() / "trip-book.pdf"
        self.progress = QProgressDialog(
            self.tr("Making the trip book…"), self.tr("Cancel"), 0, 0, parent
        )
        self.progress.setWindowTitle(self.tr("Print trip book"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._stop.set)
        #: Set when the book was printed or previewed (for tests and the status bar).
        self.finished_with: str = ""

    def _folder_path(self) -> Path:
        assert self._folder is not None
        return self._folder

    def start(self) -> None:
        doc, options, target, stop = self._doc, self._options, self.pdf_path, self._stop
        writer = write_html_book if self._html else write_book_pdf

        def make(progress: Callable[..., None]) -> Path:
            return write_file(
                target,
                lambda out: writer(doc, out, options, progress=progress, cancelled=stop.is_set),
            )

        self.progress.show()
        self._ctx.runner.submit(
            TASK,
            make,
            on_result=self._on_made,
            on_error=self._on_failed,
            on_progress=self._on_progress,
        )

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self._stop.is_set():
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(what)

    def _on_made(self, path: Path) -> None:
        self.progress.close()
        if self._export_to is not None:
            self._clean_up()
            self.finished_with = "exported"
            done = self.tr("Exported {trip} to {path}").format(trip=self._doc.trip.name, path=path)
            self._ctx.show_message(done, 8000)
            if self._options.notes:
                # What could not go into the book: said rather than left out silently.
                QMessageBox.information(
                    self._parent, self.tr("Trip book"), "\n\n".join([done, *self._options.notes])
                )
            return
        try:
            self.preview(path)
        finally:
            self._clean_up()
        if self._options.notes:
            self._ctx.show_message(" ".join(self._options.notes), 10000)

    def _on_failed(self, error: BaseException) -> None:
        self.progress.close()
        self._clean_up()
        if isinstance(error, ExportCancelled):
            self.finished_with = "cancelled"
            if self._export_to is None:
                self._ctx.show_message(self.tr("Printing cancelled."), 5000)
            else:
                self._ctx.show_message(self.tr("Export cancelled; no file was written."), 5000)
        elif isinstance(error, CityPlannerError):
            self.finished_with = "failed"
            self._ctx.show_error(str(error))
        else:
            raise error

    def preview(self, path: Path) -> None:
        """Show the print preview of the book's PDF; printing from it paints the pages."""
        document = QPdfDocument(self)
        status = document.load(str(path))
        if status != QPdfDocument.Error.None_:
            self._ctx.show_error(
                self.tr("The trip book cannot be shown: {error}.").format(error=status.name)
            )
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._doc.trip.name)
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print trip book"))
        dialog.paintRequested.connect(lambda target: paint_pdf(document, target))
        dialog.exec()
        self.finished_with = "previewed"
        document.close()

    def _clean_up(self) -> None:
        if self._folder is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self._folder)
        self.deleteLater()


def print_book(ctx: WindowContext, *, parent: QWidget | None = None) -> BookPrintJob | None:
    """Make the shown trip's book and open a print preview of it (File → Print trip book…).

    Returns the job (already started), or None when no trip is shown. Edits still being
    typed are saved first, and the trip is read here, on the GUI thread; the PDF is then
    made on `ctx.runner`.
    """
    doc, options = _read_trip(ctx)
    if doc is None:
        return None
    job = BookPrintJob(ctx, doc, options, parent or ctx.window)
    job.start()
    return job


def export_book(
    ctx: WindowContext, key: str, target: Path, *, parent: QWidget | None = None
) -> BookPrintJob | None:
    """Write the shown trip's book to `target` in the background, with the same progress
    dialog (cancellable: nothing is written then); `key` is "pdf" or "html-travelogue"."""
    doc, options = _read_trip(ctx)
    if doc is None:
        return None
    job = BookPrintJob(
        ctx, doc, options, parent or ctx.window, export_to=target, html=key == "html-travelogue"
    )
    job.start()
    return job


def _read_trip(ctx: WindowContext) -> tuple[TripDocument | None, ExportOptions]:
    options = ExportOptions(unit=DistanceUnit.parse(ctx.settings.distance_unit()))
    trip = ctx.doc.trip()
    if trip is None or trip.id is None:
        ctx.show_error(QCoreApplication.translate("BookPrintJob", "Select a trip first."))
        return None, options
    ctx.flush_edits()
    try:
        return load_document(ctx.store, trip.id), options
    except CityPlannerError as exc:
        ctx.show_error(str(exc))
        return None, options


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint the document's pages (those the printer asks for) onto the printer's pages."""
    count = document.pageCount()
    first = max(1, printer.fromPage()) - 1 if printer.fromPage() else 0
    last = min(count, printer.toPage()) - 1 if printer.toPage() else count - 1
    painter = QPainter()
    if not painter.begin(printer):
        log.warning("The printer cannot be painted on")
        return
    engine = painter.paintEngine()
    # The preview keeps every page as a picture in memory: a screen's resolution will do.
    previewing = engine is not None and engine.type() == QPaintEngine.Type.Picture
    dpi = PREVIEW_DPI if previewing else min(printer.resolution(), MAX_DPI)
    try:
        for index in range(first, last + 1):
            if index > first:
                printer.newPage()
            page = printer.pageLayout().paintRectPixels(printer.resolution())
            size = document.pagePointSize(index)
            if size.width() <= 0 or size.height() <= 0:
                continue
            scale = min(page.width() / size.width(), page.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            image = document.render(
                index, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            )
            left, top = (page.width() - width) / 2, (page.height() - height) / 2
            painter.drawImage(QRectF(left, top, width, height), image)
    finally:
        painter.end()
