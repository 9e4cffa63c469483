"""The details pane: every field of the selected stop or site, edited through undo commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Site, Stop
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.ui.shell import (
    StopsModel,
    ThemePicker,
    coordinate_box,
    date_edit,
    date_of,
    icon,
    label,
    mark_saved,
    mode_combo,
    nights_spin,
    set_date,
    set_mode,
)


class StopEditor(QWidget):
    """Edits one stop; emits a new Stop for every committed change."""

    sig_stop_edited = Signal(object, object, str)
    """(old Stop, new Stop, merge key): the user changed a field."""
    sig_cell_edited = Signal(object, int, object)
    """(Stop, itinerary column, value): an arrival, nights or mode to set as the table does."""
    sig_error = Signal(str)
    """A typed value was refused."""
    sig_add_site = Signal()
    """The user asked to add a site to this stop."""
    sig_site_activated = Signal(int)
    """A site of this stop was chosen: its id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stop: Stop | None = None
        self._shown_arrival: date | None = None
        self._loading = False
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit()
        self.lat = coordinate_box(90)
        self.lon = coordinate_box(180)
        # The same editors as the itinerary table's cells, committed by the same rules.
        self.arrival = date_edit(allow_empty=True)
        self.nights = nights_spin()
        self.mode = mode_combo()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Notes about this stop"))
        self.notes.setTabChangesFocus(True)
        self.sites = QListView()
        self.sites.setMaximumHeight(160)
        self.sites.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.sites.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_site = QPushButton(icon("add-site"), self.tr("Add site…"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        coords = QHBoxLayout()
        coords.addWidget(self.lat)
        coords.addWidget(self.lon)
        form.addRow(self.tr("Lat, lon"), coords)
        form.addRow(self.tr("&Arrival"), self.arrival)
        form.addRow(self.tr("Ni&ghts"), self.nights)
        form.addRow(self.tr("&Mode"), self.mode)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Notes")))
        layout.addWidget(self.notes, 1)
        layout.addWidget(QLabel(self.tr("Sites at this stop")))
        layout.addWidget(self.sites)
        layout.addWidget(self.add_site)
        self._notes_timer = QTimer(self, singleShot=True, interval=600)
        self._notes_timer.timeout.connect(self._commit_notes)
        self.name.editingFinished.connect(self._commit_name)
        self.lat.valueChanged.connect(self._commit_coordinates)
        self.lon.valueChanged.connect(self._commit_coordinates)
        self.arrival.editingFinished.connect(self._commit_arrival)
        # A day picked in the calendar is a choice made: commit it without waiting for Tab.
        self.arrival.calendarWidget().clicked.connect(
            lambda _day: QTimer.singleShot(0, self._commit_arrival)
        )
        self.nights.valueChanged.connect(self._commit_nights)
        self.mode.activated.connect(self._commit_mode)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.add_site.clicked.connect(self.sig_add_site)
        self.sites.activated.connect(
            lambda index: self.sig_site_activated.emit(index.data(Qt.ItemDataRole.UserRole))
        )

    @property
    def stop(self) -> Stop | None:
        return self._stop

    def set_stop(self, stop: Stop, position: int, arrival: date | None = None) -> None:
        """Show `stop`, number `position`; `arrival` is its planned arrival, where it differs."""
        arrival = arrival or stop.arrival
        self._shown_arrival = arrival
        same = self._stop is not None and self._stop.id == stop.id
        self._stop = stop
        self._loading = True
        place = stop.place
        self.heading.setText(f"{position + 1}. {place.name}")
        region = ", ".join(part for part in (place.admin1, place.country_code) if part)
        self.where.setText(
            region + (self.tr(" · approximate position") if place.approximate else "")
        )
        if not (same and self.name.hasFocus()):
            self.name.setText(place.name)
        self.lat.setValue(place.lat)
        self.lon.setValue(place.lon)
        if not (same and self.arrival.hasFocus()):
            set_date(self.arrival, arrival)
        self.arrival.setToolTip(
            self.tr("Pinned: a booked date the stops after it follow.")
            if stop.pinned
            else self.tr("Follows the stop before it; pick or type a date to pin it.")
        )
        font = self.arrival.font()
        font.setBold(stop.pinned)
        self.arrival.setFont(font)
        self.nights.setValue(stop.nights)
        set_mode(self.mode, stop.mode)
        if not (same and self.notes.hasFocus()) and self.notes.toPlainText() != stop.notes:
            self.notes.setPlainText(stop.notes)
        self._loading = False

    def flush(self) -> None:
        """Commit text still being typed (before the selection changes)."""
        if self._notes_timer.isActive():
            self._notes_timer.stop()
            self._commit_notes()

    def _emit(self, key: str, **changes: object) -> None:
        if self._loading or self._stop is None:
            return
        try:
            new = self._stop.with_changes(**changes)
        except ValidationError as exc:
            self.sig_error.emit(str(exc))
            return
        if new != self._stop:
            self.sig_stop_edited.emit(self._stop, new, key)

    def _commit_name(self) -> None:
        if self._stop is None:
            return

        try:
            place = replace(self._stop.place, name=self.name.text())
        except ValidationError as exc:
            self.sig_error.emit(str(exc))
            self.name.setText(self._stop.place.name)
            return
        self._emit("", place=place)

    def _commit_coordinates(self) -> None:
        if self._stop is None or self._loading:
            return

        place = replace(
            self._stop.place, lat=self.lat.value(), lon=self.lon.value(), approximate=False
        )
        self._emit("coordinates", place=place)

    def _commit_arrival(self) -> None:
        if self._stop is None or self._loading:
            return
        day = date_of(self.arrival)
        if day != self._shown_arrival:
            value = QDate(day.year, day.month, day.day) if day else QDate()
            self.sig_cell_edited.emit(self._stop, StopsModel.COL_ARRIVAL, value)

    def _commit_nights(self, value: int) -> None:
        if self._stop is not None and not self._loading and value != self._stop.nights:
            self.sig_cell_edited.emit(self._stop, StopsModel.COL_NIGHTS, str(value))

    def _commit_mode(self) -> None:
        if self._stop is not None and not self._loading:
            self.sig_cell_edited.emit(self._stop, StopsModel.COL_MODE, self.mode.currentData())

    def _commit_notes(self) -> None:
        self._emit("notes", notes=self.notes.toPlainText())
        mark_saved(self.notes)


class SiteEditor(QWidget):
    """Edits one site; emits a new Site for every committed change."""

    sig_site_edited = Signal(object, object, str)
    """(old Site, new Site, merge key)."""
    sig_error = Signal(str)
    """A typed value was refused."""
    sig_back = Signal()
    """The user wants to go back to the site's stop."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._site: Site | None = None
        self._loading = False
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.name = QLineEdit()
        self.theme = ThemePicker()
        self.status = QComboBox()
        for status in SiteStatus:
            self.status.addItem(label(status), status.value)
        self.lat = coordinate_box(90)
        self.lon = coordinate_box(180)
        self.address = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.back = QPushButton(icon("up"), self.tr("Back to the stop"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Theme"), self.theme)
        form.addRow(self.tr("&Status"), self.status)
        coords = QHBoxLayout()
        coords.addWidget(self.lat)
        coords.addWidget(self.lon)
        form.addRow(self.tr("Lat, lon"), coords)
        form.addRow(self.tr("A&ddress"), self.address)
        form.addRow(self.tr("&Web"), self.url)
        form.addRow(self.tr("Ta&gs"), self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Description")))
        layout.addWidget(self.description, 1)
        layout.addWidget(self.back)
        self._text_timer = QTimer(self, singleShot=True, interval=600)
        self._text_timer.timeout.connect(self._commit_description)
        self.name.editingFinished.connect(lambda: self._commit_field("name", self.name.text()))
        self.address.editingFinished.connect(
            lambda: self._commit_field("address", self.address.text())
        )
        self.url.editingFinished.connect(lambda: self._commit_field("url", self.url.text().strip()))
        self.tags.editingFinished.connect(self._commit_tags)
        self.theme.activated.connect(
            lambda: self._commit_field("theme", Theme(self.theme.currentData()))
        )
        self.status.activated.connect(
            lambda: self._commit_field("status", SiteStatus(self.status.currentData()))
        )
        self.lat.valueChanged.connect(self._commit_coordinates)
        self.lon.valueChanged.connect(self._commit_coordinates)
        self.description.textChanged.connect(self._text_timer.start)
        self.back.clicked.connect(self.sig_back)

    @property
    def site(self) -> Site | None:
        return self._site

    def set_site(self, site: Site) -> None:
        self._site = site
        self._loading = True
        self.heading.setText(site.name)
        self.where.setText(
            self.tr("Approximate position: set its coordinates when you know them.")
            if site.approximate
            else ""
        )
        self.where.setVisible(site.approximate)
        for widget, text in (
            (self.name, site.name),
            (self.address, site.address),
            (self.url, site.url),
        ):
            if not widget.hasFocus():
                widget.setText(text)
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(site.tags))
        self.theme.setCurrentIndex(self.theme.findData(site.theme.value))
        self.status.setCurrentIndex(self.status.findData(site.status.value))
        self.lat.setValue(site.lat or 0.0)
        self.lon.setValue(site.lon or 0.0)
        if not self.description.hasFocus() and self.description.toPlainText() != site.description:
            self.description.setPlainText(site.description)
        self._loading = False

    def flush(self) -> None:
        if self._text_timer.isActive():
            self._text_timer.stop()
            self._commit_description()

    def _commit_field(self, field: str, value: object, key: str = "") -> None:
        if self._loading or self._site is None:
            return
        try:
            new = self._site.with_changes(**{field: value})
        except ValidationError as exc:
            self.sig_error.emit(str(exc))
            self.set_site(self._site)
            return
        if new != self._site:
            self.sig_site_edited.emit(self._site, new, key)

    def _commit_tags(self) -> None:
        tags = tuple(t for t in (part.strip() for part in self.tags.text().split(",")) if t)
        self._commit_field("tags", tags)

    def _commit_coordinates(self) -> None:
        if self._loading or self._site is None:
            return
        if self._site.lat is None and self.lat.value() == 0 and self.lon.value() == 0:
            return
        self._commit_field("lat", self.lat.value(), "coordinates")
        if self._site is not None and self._site.lon != self.lon.value():
            self._commit_field("lon", self.lon.value(), "coordinates")

    def _commit_description(self) -> None:
        self._commit_field("description", self.description.toPlainText(), "description")
        mark_saved(self.description)


class DetailsPane(QStackedWidget):
    """Shows nothing, a stop, or a site."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.empty = QLabel(
            self.tr("Select a stop in the itinerary or on the map to see its details.")
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_editor = StopEditor()
        self.site_editor = SiteEditor()
        self.addWidget(self.empty)
        self.addWidget(self.stop_editor)
        self.addWidget(self.site_editor)

    def show_nothing(self) -> None:
        self.flush()
        self.setCurrentWidget(self.empty)

    def show_stop(self, stop: Stop, position: int, arrival: date | None = None) -> None:
        if self.currentWidget() is not self.stop_editor or (
            self.stop_editor.stop is not None and self.stop_editor.stop.id != stop.id
        ):
            self.flush()
        self.stop_editor.set_stop(stop, position, arrival)
        self.setCurrentWidget(self.stop_editor)

    def show_site(self, site: Site) -> None:
        if self.site_editor.site is None or self.site_editor.site.id != site.id:
            self.flush()
        self.site_editor.set_site(site)
        self.setCurrentWidget(self.site_editor)

    def flush(self) -> None:
        self.stop_editor.flush()
        self.site_editor.flush()
