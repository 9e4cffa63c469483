"""Small dialogs: a stop typed by hand, the keyboard shortcut list."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place


class PlaceDialog(QDialog):
    """Enter a place by name and coordinates (for places no gazetteer knows)."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a stop by coordinates"))
        self.name = QLineEdit(name)
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText("FR")
        self.lat = QDoubleSpinBox()
        self.lat.setRange(-90, 90)
        self.lat.setDecimals(6)
        self.lon = QDoubleSpinBox()
        self.lon.setRange(-180, 180)
        self.lon.setDecimals(6)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Country code"), self.country)
        form.addRow(self.tr("&Latitude"), self.lat)
        form.addRow(self.tr("L&ongitude"), self.lon)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.place: Place | None = None

    def accept(self) -> None:
        try:
            self.place = Place(
                name=self.name.text(),
                lat=self.lat.value(),
                lon=self.lon.value(),
                country_code=self.country.text(),
            )
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class ShortcutsDialog(QDialog):
    """Every action that has a keyboard shortcut, in one table."""

    def __init__(self, actions: list[QAction], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [
            (a.text().replace("&", "").rstrip("…"), a.shortcut().toString())
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        rows += [
            (self.tr("Move between panes"), "Tab / Shift+Tab"),
            (self.tr("Edit the current cell"), "F2"),
        ]
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(460, 520)
