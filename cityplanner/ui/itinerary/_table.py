"""The itinerary table of the shown trip, and the totals line that adds it up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from cityplanner.domain.schedule import trip_span
from cityplanner.geo.stats import quick_totals
from cityplanner.ui.shell import StopsModel, distance, number, plural, span_label


class StopsTable(QTableView):
    """A table whose columns fit their contents only while it is shown.

    Qt sizes the columns of a hidden table from every row, since no row is in view yet:
    selecting the first stop of a 2,000-stop trip as the window is built read all 14,000
    cells (0.4 s before the first picture). Hidden, the columns keep their widths; shown,
    they fit the rows in view.
    """

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_columns(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._fit_columns(False)

    def _fit_columns(self, fit: bool) -> None:
        header, mode = self.horizontalHeader(), QHeaderView.ResizeMode
        wanted = mode.ResizeToContents if fit else mode.Interactive
        for column in range(header.count()):
            if header.sectionResizeMode(column) not in (wanted, mode.Stretch):
                header.setSectionResizeMode(column, wanted)


def stops_table(model: StopsModel) -> QTableView:
    """The stops in order: edited in place, reordered by dragging rows."""
    table = StopsTable()
    table.setModel(model)
    table.setAccessibleName(QCoreApplication.translate("Itinerary", "Itinerary"))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    table.setDragEnabled(True)
    table.setAcceptDrops(True)
    table.setDropIndicatorShown(True)
    table.setDefaultDropAction(Qt.DropAction.MoveAction)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    # Rows as tall as the text needs (the style's default is taller): more stops in view.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    # Columns fit their contents once shown (see StopsTable), from the rows in view
    # only: a 2,000-stop trip stays fast to edit.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(0)
    header.setSectionResizeMode(model.COL_CITY, QHeaderView.ResizeMode.Stretch)
    return table


def totals_text(model: StopsModel) -> str:
    """One line for the status bar: km, nights, countries, CO2e, stops."""
    # The table already holds the legs: a one-stop edit must not measure the trip again.
    stops = model.stops_as_listed()
    if not stops:
        return QCoreApplication.translate("Itinerary", "No stops yet")
    stats = quick_totals(stops, model.legs())
    planned = model.planned()
    span = trip_span(planned)
    parts = [
        distance(stats.km),
        plural(stats.nights, "night"),
        *([span_label(span)] if span else []),
        plural(stats.countries, "country"),
        QCoreApplication.translate("Itinerary", "{co2} kg CO2e").format(co2=number(stats.co2e_kg)),
        plural(len(stops), "stop"),
    ]
    conflicts = sum(1 for d in planned if d.conflict)
    if conflicts:
        parts.append("⚠ " + plural(conflicts, "conflict"))
    return " · ".join(parts)
