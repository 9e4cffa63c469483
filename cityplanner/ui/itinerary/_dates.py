"""The trip's start date dialog (Trip → Set start date…)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cityplanner.ui.shell import date_edit, date_of, set_date


class StartDateDialog(QDialog):
    """Trip → Set start date…: the first stop's arrival, which every unpinned stop follows."""

    def __init__(self, trip_name: str, start: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set start date"))
        self.edit = date_edit(self)
        set_date(self.edit, start)
        self.edit.setAccessibleName(self.tr("Start date"))
        text = QLabel(
            self.tr(
                "“{trip}” starts on this day. Each stop then arrives when the one before it "
                "leaves, except stops whose arrival is pinned."
            ).format(trip=trip_name)
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(380, 150)

    @property
    def start(self) -> date:
        return date_of(self.edit) or date.today()
