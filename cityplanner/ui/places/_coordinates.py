"""A stop typed by hand: a name and coordinates."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
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
