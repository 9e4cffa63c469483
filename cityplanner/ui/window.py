"""The main window: trips on the left, the selected trip's itinerary on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
)

from cityplanner import APP_NAME
from cityplanner.geo.distance import leg_kms, trip_totals
from cityplanner.store import Store


class MainWindow(QMainWindow):
    """Shows the trips of one database and the selected trip's stops."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        name = store.path.name if store.path else self.tr("in-memory database")
        self.setWindowTitle(f"{name} — {APP_NAME}")
        self.trips = QListWidget()
        self.stops = QTableWidget(0, 7)
        self.stops.setHorizontalHeaderLabels(
            [self.tr(h) for h in ("City", "Country", "Arrival", "Nights", "Mode", "Leg km", "")]
        )
        self.stops.setColumnCount(6)
        self.stops.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.stops.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter()
        splitter.addWidget(self.trips)
        splitter.addWidget(self.stops)
        splitter.setSizes([250, 750])
        self.setCentralWidget(splitter)
        self.resize(1100, 650)
        self.trips.currentItemChanged.connect(self._on_trip_changed)
        for trip in store.trips.list():
            item = QListWidgetItem(trip.name)
            item.setData(Qt.ItemDataRole.UserRole, trip.id)
            self.trips.addItem(item)
        if self.trips.count():
            self.trips.setCurrentRow(0)

    def _on_trip_changed(self, item: QListWidgetItem | None) -> None:
        self.stops.setRowCount(0)
        if item is None:
            return
        stops = self._store.trips.stops(item.data(Qt.ItemDataRole.UserRole))
        for row, (stop, leg) in enumerate(zip(stops, leg_kms(stops), strict=True)):
            self.stops.insertRow(row)
            cells = [
                stop.place.name,
                stop.place.country_code,
                stop.arrival.isoformat() if stop.arrival else "",
                str(stop.nights),
                stop.mode.label if stop.mode else "",
                f"{leg:,.0f}",
            ]
            for column, text in enumerate(cells):
                self.stops.setItem(row, column, QTableWidgetItem(text))
        totals = trip_totals(stops)
        self.statusBar().showMessage(
            self.tr("{km} km · {nights} nights · {countries} countries").format(
                km=f"{totals.km:,.0f}", nights=totals.nights, countries=totals.countries
            )
        )
