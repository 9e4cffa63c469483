"""Plan a visit: the day of the stay, and optionally a time of day and how long it takes."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from cityplanner.domain.models import Site
from cityplanner.ui.shell import long_day


class PlanVisitDialog(QDialog):
    """The site's day among the days of its stop's stay (or none), its time and duration."""

    def __init__(self, site: Site, days: list[date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan visit — {site}").format(site=site.name))
        self.day = QComboBox()
        self.day.addItem(self.tr("Not planned"), None)
        for index, day in enumerate(days):
            self.day.addItem(
                self.tr("Day {n} of the stay · {date}").format(n=index + 1, date=long_day(day)),
                index,
            )
        if site.day_of_stay is not None and site.day_of_stay < len(days):
            self.day.setCurrentIndex(site.day_of_stay + 1)
        self.timed = QCheckBox(self.tr("at"))
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        start = site.start_time or time(10, 0)
        self.at.setTime(QTime(start.hour, start.minute))
        self.timed.setChecked(site.start_time is not None)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setSpecialValueText(self.tr("no set duration"))
        self.minutes.setValue(site.minutes or 0)
        when = QHBoxLayout()
        when.addWidget(self.timed)
        when.addWidget(self.at, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("&Day:"), self.day)
        form.addRow(self.tr("&Time:"), when)
        form.addRow(self.tr("&Takes:"), self.minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.day.currentIndexChanged.connect(self._on_day)
        self.timed.toggled.connect(self.at.setEnabled)
        self.at.setEnabled(self.timed.isChecked())
        self._on_day()

    def _on_day(self) -> None:
        planned = self.day.currentData() is not None
        for widget in (self.timed, self.minutes):
            widget.setEnabled(planned)
        self.at.setEnabled(planned and self.timed.isChecked())

    def planned(self, site: Site) -> Site:
        """The site with the chosen plan."""
        day = self.day.currentData()
        if day is None:
            return site.with_changes(day_of_stay=None, start_time=None, minutes=None)
        picked = self.at.time()
        return site.with_changes(
            day_of_stay=int(day),
            start_time=time(picked.hour(), picked.minute()) if self.timed.isChecked() else None,
            minutes=self.minutes.value() or None,
        )
