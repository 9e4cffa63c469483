"""The editors of a stop's fields, one of each: the itinerary table and the details pane
both use them, so a field is edited the same way wherever it is shown.

A travel mode is a drop-down, an arrival a date with a calendar pop-up (its lowest
value reads "not set"), nights a spin box.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cityplanner.domain.validation import MAX_NIGHTS
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.ui.shell._labels import label

Index = QModelIndex | QPersistentModelIndex
#: Dates are typed as ISO dates in every language: 2017-10-02 cannot be misread.
DATE_FORMAT = "yyyy-MM-dd"
#: The lowest date of a date editor stands for "no date" and shows as "not set".
NO_DATE = QDate(1900, 1, 1)


def mode_combo(parent: QWidget | None = None) -> QComboBox:
    """A drop-down of the travel modes, with "(not set)" first; item data is the mode's value."""
    box = QComboBox(parent)
    box.addItem(QCoreApplication.translate("Editors", "(not set)"), "")
    for mode in TravelMode:
        box.addItem(label(mode), mode.value)
    return box


def set_mode(box: QComboBox, mode: TravelMode | None) -> None:
    box.setCurrentIndex(max(0, box.findData(mode.value if mode else "")))


def coordinate_box(limit: float, parent: QWidget | None = None) -> QDoubleSpinBox:
    """A latitude (limit 90) or longitude (limit 180) to six decimals, about 10 cm."""
    box = QDoubleSpinBox(parent)
    box.setRange(-limit, limit)
    box.setDecimals(6)
    box.setKeyboardTracking(False)
    return box


def nights_spin(parent: QWidget | None = None) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, MAX_NIGHTS)
    box.setKeyboardTracking(False)
    box.setAccessibleName(QCoreApplication.translate("Editors", "Nights"))
    return box


class DateEdit(QDateEdit):
    """A date typed as YYYY-MM-DD or picked in a calendar pop-up.

    With `allow_empty`, no date shows as "not set"; as soon as the field takes the focus
    it shows today, so a date can be typed or picked from a calendar that opens on this
    month, and leaving it untouched keeps it "not set".
    """

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = False) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self._allow_empty = allow_empty
        self._standing_in = False  # today shown in place of "not set", not yet changed
        if allow_empty:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText(QCoreApplication.translate("Editors", "not set"))
        self.setDate(QDate.currentDate())
        self.dateChanged.connect(self._on_changed)
        self.calendarWidget().clicked.connect(self._on_changed)  # today picked is a choice too

    def set_day(self, day: date | QDate | None) -> None:
        """Show `day`; no day shows "not set" where allowed, else today."""
        if isinstance(day, date):
            day = QDate(day.year, day.month, day.day)
        self._standing_in = False
        if day is None or not day.isValid():
            day = NO_DATE if self._allow_empty else QDate.currentDate()
        self.blockSignals(True)
        self.setDate(day)
        self.blockSignals(False)

    def day(self) -> date | None:
        """The day shown, or None for "not set"."""
        picked = self.date()
        if self._standing_in or not picked.isValid() or (self._allow_empty and picked == NO_DATE):
            return None
        return date(picked.year(), picked.month(), picked.day())

    def _on_changed(self, _day: QDate) -> None:
        self._standing_in = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        typing = bool(event.text().strip()) or event.key() in steps
        if typing:
            # A key can arrive before the focus does (a table cell opened by typing).
            self._stand_in()
        super().keyPressEvent(event)
        if typing:
            # Typing today's date over the stand-in changes no value, but it is a choice too.
            self._standing_in = False

    def _stand_in(self) -> None:
        if self._allow_empty and self.date() == NO_DATE:
            self.set_day(QDate.currentDate())
            self._standing_in = True
            self.selectAll()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._stand_in()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._standing_in and not (self.calendarWidget() and self.calendarWidget().isVisible()):
            self.set_day(None)


def date_edit(parent: QWidget | None = None, *, allow_empty: bool = False) -> DateEdit:
    return DateEdit(parent, allow_empty=allow_empty)


def set_date(edit: DateEdit, day: date | QDate | None) -> None:
    edit.set_day(day)


def date_of(edit: DateEdit) -> date | None:
    return edit.day()


class ModeDelegate(QStyledItemDelegate):
    """The travel mode column: the same drop-down as the details pane."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = mode_combo(parent)
        # One choice is one edit: picking a mode commits it, as in the details pane.
        box.activated.connect(lambda: self.commitData.emit(box))
        box.activated.connect(lambda: self.closeEditor.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = str(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setCurrentIndex(max(0, editor.findData(value)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class NightsDelegate(QStyledItemDelegate):
    """The nights column: the same spin box as the details pane."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return nights_spin(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "0")
            editor.setValue(int(text) if text.isdigit() else 0)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, str(editor.value()), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """A date column: the calendar editor; with `allow_empty`, "not set" clears the date."""

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = False) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return date_edit(parent, allow_empty=self._allow_empty)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEdit):
            editor.set_day(value if isinstance(value, QDate) else None)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, DateEdit):
            editor.interpretText()
            day = editor.day()
            value = QDate(day.year, day.month, day.day) if day else QDate()
            model.setData(index, value, Qt.ItemDataRole.EditRole)
