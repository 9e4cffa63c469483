"""The category editor of the costs table (dates use the shared calendar editor)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cityplanner.domain.costs import CostCategory
from cityplanner.ui.shell import label

Index = QModelIndex | QPersistentModelIndex


class CategoryDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for category in CostCategory:
            box.addItem(label(category), category.value)
        box.setCurrentIndex(max(0, box.findData(str(index.data(Qt.ItemDataRole.EditRole) or ""))))
        return box

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
