"""File dialogs that remember, per purpose, the folder they last showed.

Exports start where the last export went (else the documents folder), imports where the
last import came from (else the downloads folder), databases beside the open one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog

from cityplanner.ui.shell._context import WindowContext

_FALLBACK = {
    "export": QStandardPaths.StandardLocation.DocumentsLocation,
    "import": QStandardPaths.StandardLocation.DownloadLocation,
    "database": QStandardPaths.StandardLocation.DocumentsLocation,
}


def start_folder(ctx: WindowContext, purpose: str) -> Path:
    """The folder a dialog for `purpose` opens in: the last one used, if it still exists."""
    last = ctx.settings.last_folder(purpose)
    if last and Path(last).is_dir():
        return Path(last)
    location = _FALLBACK.get(purpose, QStandardPaths.StandardLocation.HomeLocation)
    return Path(QStandardPaths.writableLocation(location))


def remember_folder(ctx: WindowContext, purpose: str, chosen: Path) -> None:
    ctx.settings.set_last_folder(purpose, str(chosen.parent))


def ask_open_path(ctx: WindowContext, purpose: str, title: str, pattern: str) -> Path | None:
    """A file to open for `purpose`, or None if the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        ctx.window, title, str(start_folder(ctx, purpose)), pattern
    )
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(ctx, purpose, path)
    return path


def ask_export_path(ctx: WindowContext, title: str, suffix: str, pattern: str) -> Path | None:
    """The file the shown trip is exported to, named after it; None if there is no trip or the
    user cancels."""
    trip = ctx.doc.trip()
    if trip is None:
        ctx.show_error(QCoreApplication.translate("Files", "Select a trip first."))
        return None
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in trip.name).strip() or "trip"
    path, _ = QFileDialog.getSaveFileName(
        ctx.window, title, str(start_folder(ctx, "export") / f"{safe}{suffix}"), pattern
    )
    if not path:
        return None
    remember_folder(ctx, "export", Path(path))
    return Path(path)
