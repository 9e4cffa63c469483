"""The one *Add site* dialog: name, theme, status and position, checked before it closes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.models import Site, Stop
from cityplanner.domain.validation import check_name
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.ui.shell import ThemePicker, refusal_label

#: Decimals of the coordinate fields: 1e-6 degrees is about 10 cm.
DECIMALS = 6


def _coordinate(limit: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-limit, limit)
    box.setDecimals(DECIMALS)
    box.setValue(value)
    return box


def _column(*widgets: QWidget) -> QWidget:
    """A field with its refusal label under it, as one cell of a form."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in widgets:
        layout.addWidget(widget)
    return cell


class AddSiteDialog(QDialog):
    """Asks for a new site of one stop, in one go.

    Nothing is written until *Add* is pressed; then `commit` receives the site and says
    whether it was stored. A refused value (an empty or overlong name, or a store that
    refuses the site) keeps the dialog open, with what was typed and the reason under
    the field.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        stop: Stop,
        lat: float,
        lon: float,
        approximate: bool,
        commit: Callable[[Site], bool],
        near: str = "",
        theme: Theme | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add site"))
        self._stop, self._commit = stop, commit
        self._start, self._approximate = (lat, lon), approximate
        self._site: Site | None = None
        city = stop.place.name
        where = QLabel(
            self.tr("Near {place}; added to the stop {city}.").format(place=near, city=city)
            if near and near != city
            else self.tr("Added to the stop {city}.").format(city=city)
        )
        where.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("What it is called"))
        self.name_reason = refusal_label()
        self.theme = ThemePicker()
        if theme is not None:
            self.theme.set_theme(theme)
        self.status = QComboBox()
        for status in SiteStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(self.status.findData(SiteStatus.PLANNED.value))
        self.lat = _coordinate(90, lat)
        self.lon = _coordinate(180, lon)
        self.position_hint = QLabel(
            self.tr("The stop's position, until you set where the site is.") if approximate else ""
        )
        self.position_hint.setVisible(approximate)
        self.position_hint.setWordWrap(True)
        self.position_reason = refusal_label()
        coordinates = QHBoxLayout()
        coordinates.setContentsMargins(0, 0, 0, 0)
        coordinates.addWidget(self.lat)
        coordinates.addWidget(self.lon)
        coordinate_row = QWidget()
        coordinate_row.setLayout(coordinates)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Add site"))
        ok.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), _column(self.name, self.name_reason))
        form.addRow(self.tr("&Theme"), self.theme)
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(
            self.tr("&Lat, lon"),
            _column(coordinate_row, self.position_hint, self.position_reason),
        )
        self._set_buddies(form)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textEdited.connect(lambda _text: self.name_reason.hide())
        self.lat.valueChanged.connect(self.position_reason.hide)
        self.lon.valueChanged.connect(self.position_reason.hide)
        self.name.setFocus()

    @property
    def site(self) -> Site | None:
        """The site that was added, once the dialog is accepted."""
        return self._site

    def accept(self) -> None:
        try:
            check_name(self.name.text(), "Site name")
        except CityPlannerError as exc:
            self._refuse(self.name_reason, str(exc), self.name)
            return
        lat, lon = self._position()
        try:
            site = Site(
                stop_id=self._stop.id,
                name=self.name.text(),
                theme=self.theme.theme(),
                status=SiteStatus(self.status.currentData()),
                lat=lat,
                lon=lon,
                approximate=self._approximate and (lat, lon) == self._start,
            )
        except CityPlannerError as exc:
            self._refuse(self.position_reason, str(exc), self.lat)
            return
        if not self._commit(site):
            return
        self._site = site
        super().accept()

    def _position(self) -> tuple[float, float]:
        """The typed position; the given one, unrounded, when it was left as it was."""
        typed = (self.lat.value(), self.lon.value())
        shown = tuple(round(v, DECIMALS) for v in self._start)
        return self._start if typed == shown else typed

    def _refuse(self, reason: QLabel, message: str, field: QWidget) -> None:
        reason.setText(message)
        reason.show()
        field.setAccessibleDescription(message)
        field.setFocus()

    def _set_buddies(self, form: QFormLayout) -> None:
        """Alt+N and Alt+L go to the name and the latitude, not to their cells."""
        for row, field in ((0, self.name), (3, self.lat)):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setBuddy(field)
