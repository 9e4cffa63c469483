"""Editors of the costs table: a calendar for the date, a list for the category."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cityplanner.domain.costs import CostCategory

Index = QModelIndex | QPersistentModelIndex


class DayDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        value = index.data(Qt.ItemDataRole.EditRole)
        edit.setDate(value if isinstance(value, QDate) and value.isValid() else QDate.currentDate())
        return edit

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class CategoryDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.addItems([c.label for c in CostCategory])
        box.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        return box

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
