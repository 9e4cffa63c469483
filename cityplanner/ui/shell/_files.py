"""Where an export goes: a save dialog that starts in the user's documents folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from cityplanner.ui.shell._context import WindowContext


def ask_export_path(ctx: WindowContext, title: str, suffix: str, pattern: str) -> Path | None:
    """The file the shown trip is exported to, named after it; None if there is no trip or the
    user cancels."""
    trip = ctx.doc.trip()
    if trip is None:
        ctx.show_error(ctx.tr("Select a trip first."))
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in trip.name).strip() or "trip"
    path, _ = QFileDialog.getSaveFileName(
        ctx.window, title, str(Path(folder) / f"{safe}{suffix}"), pattern
    )
    return Path(path) if path else None
