"""The itinerary table of a big trip: its columns fit what is in view once it is shown, and
nothing done to it before then reads every one of its rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from cityplanner.domain import Place, Stop, TravelMode
from cityplanner.ui.itinerary._table import stops_table
from cityplanner.ui.shell import StopsModel


class CountingModel(StopsModel):
    """Counts the rows whose cells were read."""

    def __init__(self) -> None:
        super().__init__()
        self.rows_read: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        self.rows_read.add(index.row())
        return super().data(index, role)


def big_model(count: int = 2000) -> CountingModel:
    model = CountingModel()
    model.set_stops(
        [
            Stop(
                place=Place(f"City {i}" + " with a long name" * (i == count - 1), 40, i % 170),
                id=i + 1,
                mode=TravelMode.TRAIN,
            )
            for i in range(count)
        ]
    )
    return model


def select_first(table: Any, model: StopsModel) -> None:
    table.selectionModel().setCurrentIndex(
        model.index(0, model.COL_CITY),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_selecting_a_stop_before_the_table_is_shown_reads_no_row(qtbot: QtBot) -> None:
    model = big_model()
    table = stops_table(model)
    qtbot.addWidget(table)
    model.rows_read.clear()
    select_first(table, model)  # as the window does when it opens a trip, before it is shown
    assert model.rows_read == set()


def test_once_shown_the_columns_fit_the_rows_in_view(qtbot: QtBot) -> None:
    model = big_model()
    table = stops_table(model)
    qtbot.addWidget(table)
    select_first(table, model)
    table.resize(900, 300)
    model.rows_read.clear()
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(model.COL_MODE) >= table.sizeHintForColumn(4))
    for column in (model.COL_COUNTRY, model.COL_NIGHTS, model.COL_MODE, model.COL_LEG):
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)
    assert header.sectionResizeMode(model.COL_CITY) == QHeaderView.ResizeMode.Stretch
    # Only the rows in view (and a few around them) were read to size the columns.
    assert model.rows_read and max(model.rows_read) < 100
    assert model.data(model.index(1, model.COL_MODE), Qt.ItemDataRole.DisplayRole) == "Train"
    # Hidden again (its window closed, say): a new trip shown reads no row either.
    table.hide()
    model.rows_read.clear()
    model.set_stops(big_model().stops)
    select_first(table, model)
    assert model.rows_read == set()
