"""Which undo the undo keys reach: the field's own typing, or the last change to the trip.

A text field handles Ctrl+Z itself whenever it has an undo history, so right after a
city is added from the search field Ctrl+Z would only bring back the typed text. The
rule here: the focused field undoes its own typing while that typing is not saved yet
(a line edit modified since Enter or since it took the focus, a text area with unsaved
changes); otherwise the keys reach the window's Undo and Redo, which change the trip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_UNDO = (QKeySequence.StandardKey.Undo,)
_REDO = (QKeySequence.StandardKey.Redo,)
#: Redo on every platform, whatever the platform's own key for it.
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo key first, then both common ones, without repeats."""
    keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
    for text in REDO_KEYS:
        key = QKeySequence(text)
        if key not in keys:
            keys.append(key)
    return keys


def _is_undo_or_redo(event: QKeyEvent) -> tuple[bool, bool]:
    combination = event.keyCombination()
    key = QKeySequence(combination)
    undo = any(event.matches(k) for k in _UNDO)
    redo = any(event.matches(k) for k in _REDO) or key in [QKeySequence(t) for t in REDO_KEYS]
    return undo, redo


def has_unsaved_typing(widget: QObject | None) -> bool:
    """Whether `widget` holds typing of its own that its undo key should take back."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit):
        return widget.isModified() and (widget.isUndoAvailable() or widget.isRedoAvailable())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        document = widget.document()
        return document.isModified() and (document.isUndoAvailable() or document.isRedoAvailable())
    return False


class UndoKeyRouter(QObject):
    """An event filter on the window's fields: undo keys go to the trip unless typing is
    unsaved. (Fields only: a Python filter on the whole application would be called for
    every event of every object, some of them while they are being destroyed.)"""

    def watch(self, root: QWidget) -> None:
        """Route the undo keys of every text field and spin box under `root`."""
        for kind in (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit):
            for field in root.findChildren(kind):
                field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo, redo = _is_undo_or_redo(event)
            if (undo or redo) and not has_unsaved_typing(watched):
                # Not accepting the override lets the window's Undo/Redo shortcut fire.
                event.ignore()
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
                watched, QLineEdit
            ):
                # Enter commits what was typed: from then on it is the trip's to undo.
                # With the field as context, the call is dropped if the field is deleted first.
                QTimer.singleShot(0, watched, lambda: watched.setModified(False))
        elif kind == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            watched.setModified(False)
        return False


def mark_saved(widget: QPlainTextEdit | QTextEdit) -> None:
    """A text area's content was saved: its undo key now reaches the trip."""
    widget.document().setModified(False)
