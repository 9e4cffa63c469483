"""File → Import… (with a preview of what becomes what) and File → Export…."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
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
from cityplanner.ui.shell import TaskRunner

log = logging.getLogger(__name__)

IMPORT_FILTER = "Places (*.gpx *.kml *.kmz *.geojson *.json *.csv);;All files (*)"


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
        self.skip_duplicates = QCheckBox(self.tr("&Skip places already in the database"))
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.new_trip, self.new_name)
        form.addRow(self.into_current)
        form.addRow(self.tr("Import points"), self.points_as)
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
        self.summary.setPlainText("\n".join(self.plan.lines(limit=20)))
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
        for key, label in formats:
            self.format.addItem(label, key)
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
