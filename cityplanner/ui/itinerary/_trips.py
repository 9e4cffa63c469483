"""The trips list and the trip-level changes: new, rename, delete."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.models import Trip
from cityplanner.ui.itinerary._commands import AddTripCommand, DeleteTripCommand, EditTripCommand
from cityplanner.ui.shell import WindowContext, ask_text, icon


class TripsPane(QWidget):
    """The list of the database's trips, with a button for a new one."""

    sig_trip_chosen = Signal(object)
    """The user picked another trip in the list: its id (or None)."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.view = QListView()
        self.view.setModel(ctx.doc.trips)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(self.tr("Trips"))
        # The pane is narrow: long names wrap onto a second line instead of scrolling sideways.
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>Trips</b>")))
        layout.addWidget(self.view, 1)
        self.new_trip_button = QPushButton(icon("new-trip"), self.tr("New trip…"))
        layout.addWidget(self.new_trip_button)
        self.new_trip_button.clicked.connect(self.new_trip)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        ctx.doc.trips.rowsInserted.connect(self._on_trip_inserted)

    def select_trip(self, trip_id: int | None) -> None:
        trips = self._ctx.doc.trips
        row = trips.row_of(trip_id)
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                trips.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.sig_trip_chosen.emit(
            current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        )

    def _on_trip_inserted(self, *_args: object) -> None:
        doc = self._ctx.doc
        if doc.trip_id is None and doc.trips.rowCount() == 1:
            self.select_trip(doc.trips.item_at(0).id)

    # -- changes -----------------------------------------------------------------
    def new_trip(self) -> None:
        ctx = self._ctx
        name = ask_text(
            ctx.window, self.tr("New trip"), self.tr("Name of the trip:"), lambda t: Trip(name=t)
        )
        if name is None:
            return
        command = AddTripCommand(ctx.doc, name)
        if ctx.push(command):
            self.select_trip(command.trip.id)

    def rename_trip(self) -> None:
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None:
            return
        name = ask_text(
            ctx.window,
            self.tr("Rename trip"),
            self.tr("New name:"),
            lambda t: trip.with_changes(name=t),
            text=trip.name,
        )
        if name is not None:
            new = trip.with_changes(name=name)
            if new != trip:
                ctx.push(EditTripCommand(ctx.doc, trip, new))

    def delete_trip(self) -> None:
        ctx = self._ctx
        trip = ctx.doc.trip()
        if trip is None or trip.id is None:
            return
        answer = QMessageBox.question(
            ctx.window,
            self.tr("Delete trip"),
            self.tr("Delete “{name}” with its stops, sites and journal? You can undo this.").format(
                name=trip.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            ctx.push(DeleteTripCommand(ctx.doc, trip.id))
