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
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Trip
from cityplanner.formats.city_lookup import gazetteer_lookup, nearest_city_lookup
from cityplanner.formats.document import ImportOptions, ParsedFile
from cityplanner.formats.importing import ImportPreview, preview, read_import_file
from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store
from cityplanner.ui.exchange._routes import RoutesChoice, track_lines
from cityplanner.ui.shell import TaskRunner, label, number, plural

log = logging.getLogger(__name__)

IMPORT_FILTER = str(
    QT_TRANSLATE_NOOP(
        "ExchangeFeature",
        "Places (*.gpx *.kml *.kmz *.geojson *.json *.csv *.ics *.ical *.ifb);;All files (*)",
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
    QT_TRANSLATE_NOOP("ExportFormat", "CityPlanner trip file"),
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
        self.layers_box = self._layers_section()
        layout.addWidget(self.layers_box)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        self.points_as.currentIndexChanged.connect(self._read)
        self.layers_as.currentIndexChanged.connect(self._on_layers_changed)
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
        gazetteer = self._gazetteer
        options = ImportOptions(
            points_as=str(self.points_as.currentData()),
            routes_as=self.routes.routes_as,
            city_lookup=gazetteer_lookup(gazetteer) if gazetteer is not None else None,
            nearest_city=nearest_city_lookup(gazetteer) if gazetteer is not None else None,
            layers_as=str(self.layers_as.currentData()),
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
        self._show_layers(parsed.layers)
        self._plan()

    # -- My Maps layers ---------------------------------------------------------------
    def _layers_section(self) -> QGroupBox:
        """What the layers of a My Maps file become; shown only for a file that has them."""
        box = QGroupBox(self.tr("Layers of the map"))
        self.layers_as = QComboBox()
        self.layers_as.addItem(self.tr("as the file suggests (folders naming a theme are sites)"),
                               "auto")  # fmt: skip
        self.layers_as.addItem(self.tr("as separate trips, one per layer"), "trips")
        self.layers_as.addItem(self.tr("as groups of sites of one trip, themed by layer"), "sites")
        self.layer_names = QLabel()
        self.layer_names.setWordWrap(True)
        self.layer_names.setTextFormat(Qt.TextFormat.PlainText)
        inner = QFormLayout(box)
        import_layers = QLabel(self.tr("Import &layers"))
        import_layers.setBuddy(self.layers_as)
        inner.addRow(import_layers, self.layers_as)
        inner.addRow(self.layer_names)
        box.hide()
        return box

    def _show_layers(self, layers: list[str]) -> None:
        self.layers_box.setVisible(bool(layers))
        shown = ", ".join(f"“{name}”" for name in layers[:12])
        if len(layers) > 12:
            shown += " " + self.tr("and {n} more").format(n=number(len(layers) - 12))
        self.layer_names.setText(
            self.tr("{n} layers: {names}").format(n=number(len(layers)), names=shown)
        )

    def _on_layers_changed(self) -> None:
        as_trips = self.layers_as.currentData() == "trips"
        # Each layer becomes a new trip: the current trip cannot receive them.
        self.into_current.setEnabled(self._trip is not None and not as_trips)
        if as_trips:
            self.new_trip.setChecked(True)
        self._read()

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
    if plan.parts:
        return _layer_lines(plan, limit=limit)
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
    lines.extend(_not_found_lines(plan.parsed.not_found, limit=limit))
    # The notes come from the file readers, in English (like the core's other messages).
    note = QCoreApplication.translate("ImportPreview", "note: {note}")
    lines.extend("  " + note.format(note=text) for text in plan.notes + plan.parsed.notes)
    return lines


def _not_found_lines(missing: list[str], *, limit: int) -> list[str]:
    """The places the file names but that could not be found: listed, never guessed."""
    if not missing:
        return []
    heading = QCoreApplication.translate(
        "ImportPreview", "Not found, so not imported ({n}): no position given, and the "
        "offline gazetteer knows no such place:"
    )  # fmt: skip
    lines = ["  " + heading.format(n=number(len(missing)))]
    lines.extend(f"    - {name}" for name in missing[:limit])
    if len(missing) > limit:
        more = QCoreApplication.translate("ImportPreview", "… and {n} more")
        lines.append("    " + more.format(n=number(len(missing) - limit)))
    return lines


def _layer_lines(plan: ImportPreview, *, limit: int) -> list[str]:
    """A file whose layers become trips: what each new trip receives."""
    heading = QCoreApplication.translate("ImportPreview", "{file} ({kind}) into {trips}:")
    lines = [
        heading.format(
            file=plan.parsed.label, kind=plan.parsed.kind, trips=plural(len(plan.parts), "trip")
        )
    ]
    new_trip = QCoreApplication.translate("ImportPreview", "a new trip “{name}”:")
    for part in plan.parts:
        lines.append("  " + new_trip.format(name=part.new_trip_name))
        lines.extend("  " + line for line in preview_lines(part, limit=limit)[1:])
    note = QCoreApplication.translate("ImportPreview", "note: {note}")
    lines.extend("  " + note.format(note=text) for text in plan.parsed.notes)
    return lines
