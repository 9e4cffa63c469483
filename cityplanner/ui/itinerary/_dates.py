"""Editing dates: the calendar editor of the arrival column and the trip's start date dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
DATE_FORMAT = "yyyy-MM-dd"


def _date_edit(parent: QWidget | None, day: QDate) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(day if day.isValid() else QDate.currentDate())
    return edit


class ArrivalDelegate(QStyledItemDelegate):
    """Arrivals are edited with a calendar pop-up; a date typed or picked pins the stop."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        value = index.data(Qt.ItemDataRole.EditRole)
        return _date_edit(parent, value if isinstance(value, QDate) else QDate())

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit) and isinstance(value, QDate) and value.isValid():
            editor.setDate(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class StartDateDialog(QDialog):
    """Trip → Set start date…: the first stop's arrival, which every unpinned stop follows."""

    def __init__(self, trip_name: str, start: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set start date"))
        initial = QDate(start.year, start.month, start.day) if start else QDate.currentDate()
        self.edit = _date_edit(self, initial)
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
        picked = self.edit.date()
        return date(picked.year(), picked.month(), picked.day())
