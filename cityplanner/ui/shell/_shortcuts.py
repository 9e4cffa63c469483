"""The list of every keyboard shortcut (Help → Keyboard shortcuts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

#: An action property: its name in the shortcut list, where its text changes (Undo Add stop).
SHORTCUT_NAME = "shortcutName"


def _name(action: QAction) -> str:
    name = action.property(SHORTCUT_NAME)
    return str(name) if name else action.text().replace("&", "").rstrip("…")


def _keys(action: QAction) -> str:
    return " / ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
    )


def _native(keys: str) -> str:
    """Keys as this system and language name them ("Maj+Tab" in French)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    """Every action that has a keyboard shortcut, in one table."""

    def __init__(self, actions: list[QAction], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(_name(a), _keys(a)) for a in actions if not a.shortcut().isEmpty()]
        rows += [
            (self.tr("Move between panes"), f"{_native('Tab')} / {_native('Shift+Tab')}"),
            (self.tr("Edit the current cell"), _native("F2")),
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
