"""The import preview's choice for GPX routes: stops, route after route, or planned lines."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from cityplanner.formats.importing import ImportPreview
from cityplanner.ui.shell import distance, number

log = logging.getLogger(__name__)


class RoutesChoice(QComboBox):
    """What a GPX file's `<rte>`s become (`ImportOptions.routes_as`); other files have none."""

    def __init__(self, path: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("as stops, route after route"), "stops")
        self.addItem(self.tr("as planned lines"), "lines")
        self.setEnabled(path.suffix.lower() == ".gpx")
        self.setToolTip(
            self.tr(
                "Each route of a GPX file can add its points to the trip as stops, or stay "
                "a line on the map, planned rather than recorded."
            )
        )

    @property
    def routes_as(self) -> str:
        return str(self.currentData())


def track_lines(plan: ImportPreview) -> list[str]:
    """The preview's lines about tracks and planned lines, in the window's language."""
    lines = []
    for kind, text in (
        ("recorded", QT_RECORDED),
        ("planned", QT_PLANNED),
    ):
        group = [t.track for t in plan.tracks if t.track.kind == kind]
        if not group:
            continue
        summary = QCoreApplication.translate("ImportPreview", text).format(
            count=number(len(group)),
            points=number(sum(t.point_count for t in group)),
            length=distance(sum(t.km for t in group)),
        )
        lines.append("  " + summary)
        lines.extend(f"    - {t.name}" for t in group[:10])
        if len(group) > 10:
            more = QCoreApplication.translate("ImportPreview", "… and {n} more")
            lines.append("    " + more.format(n=number(len(group) - 10)))
    return lines


QT_RECORDED = str(
    QT_TRANSLATE_NOOP(
        "ImportPreview", "recorded tracks: {count}; points: {points}; length: {length}"
    )
)
QT_PLANNED = str(
    QT_TRANSLATE_NOOP("ImportPreview", "planned lines: {count}; points: {points}; length: {length}")
)
