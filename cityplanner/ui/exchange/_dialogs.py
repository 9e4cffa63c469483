"""File → Import… (with a preview of what becomes what) and File → Export…."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Trip
from cityplanner.formats.city_lookup import gazetteer_lookup
from cityplanner.formats.document import ImportOptions, ParsedFile
from cityplanner.formats.importing import ImportPreview, preview, read_import_file
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.exchange._routes import RoutesChoice, track_lines
from cityplanner.ui.shell import TaskRunner, label, number, plural

log = logging.getLogger(__name__)

IMPORT_FILTER = str(
    QT_TRANSLATE_NOOP(
        "ExchangeFeature", "Places (*.gpx *.kml *.kmz *.geojson *.json *.csv);;All files (*)"
    )
)
#: The export formats' names (`cityplanner.formats.registry`), translated when listed.
FORMAT_LABELS = (
    QT_TRANSLATE_NOOP("ExportFormat", "Interactive map (HTML)"),
    QT_TRANSLATE_NOOP("ExportFormat", "Map picture (PNG)"),
    QT_TRANSLATE_NOOP("ExportFormat", "GPX 1.1"),
    QT_TRANSLATE_NOOP("ExportFormat", "KML"),
    QT_TRANSLATE_NOOP("ExportFormat", "KMZ"),
    QT_TRANSLATE_NOOP("ExportFormat", "GeoJSON"),
    QT_TRANSLATE_NOOP("ExportFormat", "CSV table"),
    QT_TRANSLATE_NOOP("ExportFormat", "iCalendar"),
    QT_TRANSLATE_NOOP("ExportFormat", "Costs (CSV)"),
    QT_TRANSLATE_NOOP("ExportFormat", "Travelogue (Markdown)"),
    QT_TRANSLATE_NOOP("ExportFormat", "Travelogue (HTML)"),
    QT_TRANSLATE_NOOP("ExportFormat", "Travelogue (PDF)"),
)


def format_label(english: str) -> str:
    """An export format's name in the window's language."""
    return QCoreApplication.translate("ExportFormat", english)


class ImportDialog(QDialog):
    """Reads the file in the background, previews the import, and returns the plan to apply."""

    def __init__(
        self,
        path: Path,
        store: Store,
        current_trip: Trip | None,
        runner: TaskRunner,
        gazetteer: Gazetteer | None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import {name}").format(name=path.name))
        self._path, self._store, self._trip, self._runner = path, store, current_trip, runner
        self._gazetteer = gazetteer
        self._parsed: ParsedFile | None = None
        self.plan: ImportPreview | None = None
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.status = QLabel(self.tr("Reading {name}…").format(name=path.name))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.new_trip = QRadioButton(self.tr("Into a &new trip named"))
        self.new_name = QLineEdit(path.stem)
        self.into_current = QRadioButton(
            self.tr("Into the &current trip, {name}").format(name=current_trip.name)
            if current_trip
            else self.tr("Into the current trip")
        )
        self.into_current.setEnabled(current_trip is not None)
        self.new_trip.setChecked(True)
        self.points_as = QComboBox()
        self.points_as.addItem(self.tr("as the file suggests"), "auto")
        self.points_as.addItem(self.tr("as stops"), "stops")
        self.points_as.addItem(self.tr("as sites"), "sites")
        self.routes = RoutesChoice(path)
        self.skip_duplicates = QCheckBox(self.tr("&Skip places already in the database"))
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.new_trip, self.new_name)
        form.addRow(self.into_current)
        form.addRow(self.tr("Import points"), self.points_as)
        form.addRow(self.tr("Import GPX &routes"), self.routes)
        form.addRow(self.skip_duplicates)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Import"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        self.points_as.currentIndexChanged.connect(self._read)
        self.routes.currentIndexChanged.connect(self._read)
        for widget in (self.new_trip, self.into_current):
            widget.toggled.connect(self._plan)
        self.new_name.editingFinished.connect(self._plan)
        self._read()

    def _read(self) -> None:
        """Parse the file off the GUI thread (it may hold 100,000 places)."""
        self.ok_button.setEnabled(False)
        self.progress.show()
        self.status.setText(self.tr("Reading {name}…").format(name=self._path.name))
        options = ImportOptions(
            points_as=str(self.points_as.currentData()),
            routes_as=self.routes.routes_as,
            city_lookup=gazetteer_lookup(self._gazetteer) if self._gazetteer is not None else None,
        )
        path = self._path
        self._runner.submit(
            "import-read",
            lambda: read_import_file(path, options),
            on_result=self._on_read,
            on_error=self._on_failed,
        )

    def _on_read(self, parsed: ParsedFile) -> None:
        self._parsed = parsed
        self._plan()

    def _plan(self) -> None:
        if self._parsed is None:
            return
        self.progress.hide()
        try:
            trip_id = self._trip.id if self.into_current.isChecked() and self._trip else None
            self.plan = preview(
                self._store, self._parsed, trip_id=trip_id, new_name=self.new_name.text()
            )
        except CityPlannerError as exc:
            self.plan = None
            self.status.setText(str(exc))
            self.ok_button.setEnabled(False)
            return
        self.status.setText(self.tr("Nothing is written until you choose Import."))
        self.summary.setPlainText("\n".join(preview_lines(self.plan, limit=20)))
        self.ok_button.setEnabled(True)

    def _on_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.plan = None
        if isinstance(error, CityPlannerError):
            self.status.setText(self.tr("{error} Nothing was imported.").format(error=error))
        else:
            log.error("Reading %s failed", self._path, exc_info=error)
            self.status.setText(
                self.tr("{name} could not be read: {error}").format(
                    name=self._path.name, error=error
                )
            )


class ExportDialog(QDialog):
    """Choose a format; the caller then asks where to save it."""

    def __init__(self, formats: list[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export trip"))
        self.format = QComboBox()
        for key, name in formats:
            self.format.addItem(format_label(name), key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Format"), self.format)
        form.addRow(buttons)

    @property
    def key(self) -> str:
        return str(self.format.currentData())


def preview_lines(plan: ImportPreview, *, limit: int = 10) -> list[str]:
    """What an import will do, in the window's language (`ImportPreview.lines` in English)."""

    target = (
        QCoreApplication.translate("ImportPreview", "trip “{name}”").format(name=plan.trip.name)
        if plan.trip
        else QCoreApplication.translate("ImportPreview", "a new trip “{name}”").format(
            name=plan.new_trip_name
        )
    )
    lines = [
        QCoreApplication.translate("ImportPreview", "{file} ({kind}) into {target}:").format(
            file=plan.parsed.label, kind=plan.parsed.kind, target=target
        ),
        f"  {plural(len(plan.stops), 'stop')}, {plural(len(plan.sites), 'site')}",
        *track_lines(plan),
    ]
    themes = Counter(site.site.theme for site in plan.sites)
    if themes:
        counted = ", ".join(f"{number(n)} {label(t)}" for t, n in themes.most_common())
        by_theme = QCoreApplication.translate("ImportPreview", "sites by theme: {themes}")
        lines.append("  " + by_theme.format(themes=counted))
    duplicates = [d for d in plan.stop_duplicates if d]
    duplicates += [s.duplicate_of for s in plan.sites if s.duplicate_of]
    if duplicates:
        lines.append(
            "  "
            + QCoreApplication.translate("ImportPreview", "{n} already in the database:").format(
                n=number(len(duplicates))
            )
        )
        lines.extend(f"    - {d}" for d in duplicates[:limit])
        if len(duplicates) > limit:
            more = QCoreApplication.translate("ImportPreview", "… and {n} more")
            lines.append("    " + more.format(n=number(len(duplicates) - limit)))
    if plan.parsed.folders:
        folders = ", ".join(f"“{name}” ({n})" for name, n in plan.parsed.folders.items())
        lines.append(
            "  "
            + QCoreApplication.translate(
                "ImportPreview", "folders that could become themes: {folders}"
            ).format(folders=folders)
        )
    # The notes come from the file readers, in English (like the core's other messages).
    note = QCoreApplication.translate("ImportPreview", "note: {note}")
    lines.extend("  " + note.format(note=text) for text in plan.notes + plan.parsed.notes)
    return lines
