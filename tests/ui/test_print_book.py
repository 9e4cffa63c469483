"""File → Print trip book…: the book made in the background, then previewed and printed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

import pypdf
import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.exchange import _print
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class PrintingPreview(QObject):
    """Stands in for the preview dialog: the person presses Print at once."""

    paintRequested = Signal(QPrinter)
    printed: ClassVar[list[Path]] = []
    folder: ClassVar[Path] = Path()

    def __init__(self, printer: QPrinter, parent: object = None) -> None:
        super().__init__()
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:
        self.title = title

    def exec(self) -> int:
        target = self.folder / f"printed-{len(self.printed)}.pdf"
        self.paintRequested.emit(pdf_printer(target))
        self.printed.append(target)
        return 0


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: Settings) -> MainWindow:
    shown = MainWindow(demo_store, settings)
    qtbot.addWidget(shown)
    return shown


@pytest.fixture
def preview(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[PrintingPreview]:
    monkeypatch.setattr(PrintingPreview, "printed", [])
    monkeypatch.setattr(PrintingPreview, "folder", tmp_path)
    monkeypatch.setattr(_print, "QPrintPreviewDialog", PrintingPreview)
    return PrintingPreview


def test_the_book_is_made_then_every_page_printed(
    qtbot: QtBot, window: MainWindow, preview: type[PrintingPreview], tmp_path: Path
) -> None:
    from cityplanner.formats.registry import export_to_file

    trip = window.ctx.doc.trip()
    assert trip is not None and trip.id is not None
    exported = export_to_file(window.ctx.store, trip.id, "pdf", tmp_path / "exported.pdf")
    job = _print.print_book(window.ctx)
    assert job is not None
    made, folder = job.pdf_path, job.pdf_path.parent
    assert job.progress.isVisible()
    qtbot.waitUntil(lambda: len(preview.printed) == 1, timeout=60_000)
    printed = pypdf.PdfReader(preview.printed[0])
    # The book of `export TRIP pdf`, each page printed as a picture of that page.
    assert len(printed.pages) == len(pypdf.PdfReader(exported).pages) >= 8
    assert all(len(page.images) == 1 for page in printed.pages)
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5000)  # the temporary file is gone
    assert not made.exists()


def test_cancelling_stops_the_book_and_shows_no_preview(
    qtbot: QtBot,
    window: MainWindow,
    preview: type[PrintingPreview],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _print.write_book_pdf

    def slow(*args: object, cancelled: object, **kwargs: object) -> None:
        deadline = time.monotonic() + 20
        while not cancelled() and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.01)
        real(*args, cancelled=cancelled, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_print, "write_book_pdf", slow)
    job = _print.print_book(window.ctx)
    assert job is not None
    folder = job.pdf_path.parent
    cancel = job.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Printing cancelled.", timeout=30_000
    )
    assert preview.printed == []
    assert not folder.exists()


def test_the_pages_asked_for_are_painted(qtbot: QtBot, tmp_path: Path) -> None:
    from cityplanner.formats.registry import export_to_file
    from cityplanner.store.demo import load_demo

    with Store.memory() as store:
        trip = load_demo(store)
        assert trip.id is not None
        source = export_to_file(store, trip.id, "pdf", tmp_path / "book.pdf")
    document = QPdfDocument()
    assert document.load(str(source)) == QPdfDocument.Error.None_
    printer = pdf_printer(tmp_path / "two.pdf")
    printer.setFromTo(2, 3)
    _print.paint_pdf(document, printer)
    assert len(pypdf.PdfReader(tmp_path / "two.pdf").pages) == 2


def test_the_real_preview_opens_and_closes(qtbot: QtBot, window: MainWindow) -> None:
    closed: list[str] = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if (
            dialog is not None
            and dialog.windowTitle() == "Print trip book"
            and (type(dialog).__name__ == "QPrintPreviewDialog")
        ):
            closed.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(100, close_preview)

    QTimer.singleShot(100, close_preview)
    job = _print.print_book(window.ctx)
    assert job is not None
    qtbot.waitUntil(lambda: closed == ["Print trip book"], timeout=60_000)


def test_no_trip_no_book(
    qtbot: QtBot, empty_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = MainWindow(empty_store, settings)
    qtbot.addWidget(shown)
    errors: list[str] = []
    monkeypatch.setattr(shown.ctx, "show_error", errors.append)
    assert _print.print_book(shown.ctx) is None
    assert errors == ["Select a trip first."]


@pytest.mark.parametrize("key", ["pdf", "html-travelogue"])
def test_the_book_is_exported_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    told: list[str] = []
    monkeypatch.setattr(_print.QMessageBox, "information", lambda *a: told.append(a[2]))
    target = tmp_path / f"book.{key}"
    job = _print.export_book(window.ctx, key, target)
    assert job is not None
    qtbot.waitUntil(lambda: target.exists(), timeout=60_000)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=5000)
    head = target.read_bytes()[:15]
    assert head.startswith(b"%PDF" if key == "pdf" else b"<!DOCTYPE html>")
    assert told == []  # the demo trip's book leaves nothing out
