"""The window at a small laptop's size (1024×700) and at a large one: everything usable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QWidget
from pytestqt.qtbot import QtBot

from cityplanner.store import Store
from cityplanner.ui.shell import Settings
from cityplanner.ui.window import MainWindow


def shown_window(
    qtbot: QtBot, store: Store, settings: Settings, size: tuple[int, int]
) -> MainWindow:
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    return window


def squeezed(window: MainWindow) -> list[str]:
    """Visible widgets smaller than the minimum size their layout asks for."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, QAbstractScrollArea):
            continue  # scroll areas scroll: their hint is a wish, not a minimum
        hint, size = widget.minimumSizeHint(), widget.size()
        low_w = hint.isValid() and size.width() < min(hint.width(), widget.minimumWidth() or 10**6)
        low_h = hint.isValid() and size.height() < min(
            hint.height(), widget.minimumHeight() or 10**6
        )
        explicit = size.width() < widget.minimumWidth() or size.height() < widget.minimumHeight()
        if explicit or (low_w and widget.minimumWidth()) or (low_h and widget.minimumHeight()):
            found.append(f"{type(widget).__name__} {widget.objectName()} {size.toTuple()}")
    return found


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1200), (3840, 2160)])
def test_no_widget_is_below_its_minimum_size(
    qtbot: QtBot, demo_store: Store, settings: Settings, size: tuple[int, int]
) -> None:
    window = shown_window(qtbot, demo_store, settings, size)
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 700
    assert squeezed(window) == []


def test_at_1024x700_the_itinerary_and_journal_have_room(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    window = shown_window(qtbot, demo_store, settings, (1024, 700))
    table = window.itinerary.table
    rows_in_view = table.viewport().height() // table.rowHeight(0)
    assert rows_in_view >= 8  # the whole demo trip, not four rows of it
    assert window.itinerary.trips_pane.width() <= 200  # narrow: trip names wrap
    window.centre_tabs.setCurrentWidget(window.journal.pane)
    qtbot.wait(20)
    body = window.journal.pane.body
    assert body.width() >= 450 and body.height() >= 180


def test_a_layout_the_person_made_is_kept(
    qtbot: QtBot, demo_store: Store, settings: Settings
) -> None:
    first = shown_window(qtbot, demo_store, settings, (1280, 800))
    first.main_split.setSizes([300, 600, 380])
    wanted = first.main_split.sizes()
    first.close()
    second = shown_window(qtbot, demo_store, settings, (1280, 800))
    assert second.main_split.sizes() == wanted
