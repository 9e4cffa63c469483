"""Building a feature's actions the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from cityplanner.ui.shell._icons import icon


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    *,
    shortcut: str | QKeySequence.StandardKey | None = None,
    icon_name: str = "",
) -> QAction:
    """An action with its (translated) text, an optional shortcut and icon, connected to `slot`."""
    action = QAction(text, parent)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action
