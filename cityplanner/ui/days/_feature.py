"""The Days view: the trip day by day, beside the map and the journal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from cityplanner.domain.errors import CityPlannerError
from cityplanner.domain.schedule import add_days, day_of_stay
from cityplanner.ui.days._commands import ScheduleSiteCommand
from cityplanner.ui.days._model import (
    DATE_ROLE,
    DAY,
    KIND_ROLE,
    SITE,
    SITE_ROLE,
    STOP_ROLE,
    DaysModel,
)
from cityplanner.ui.days._plan_dialog import PlanVisitDialog
from cityplanner.ui.shell import RefreshWhenShown, WindowContext, long_day, make_action

#: Edits arriving faster than this rebuild the days once.
REBUILD_DELAY_MS = 120


class DaysPane(QWidget):
    """The tree of days, or a word on how to give the trip days."""

    def __init__(self, model: DaysModel) -> None:
        super().__init__()
        self.tree = QTreeView()
        self.tree.setModel(model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Days"))
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(self.tree.defaultDropAction().MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.empty = QLabel(
            self.tr(
                "This trip has no dates yet. Choose Trip → Set start date…: each stop then "
                "arrives when the one before it leaves."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setMargin(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)


class DaysFeature(QObject):
    """Builds the Days view; plans sites on days by drag and drop, each move one undo step."""

    sig_stop_selected = Signal(int)
    """A day (or a site in it) was selected: the id of the stop where it is spent."""
    sig_site_selected = Signal(int)
    """A site was selected in the days: its id."""
    sig_day_selected = Signal(int)
    """A day (or something in it) was selected: its number, 1 for the first day."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.model = DaysModel(self)
        self.pane = DaysPane(self.model)
        self.tree = self.pane.tree
        self.later = RefreshWhenShown(self.pane, self.rebuild, delay_ms=REBUILD_DELAY_MS)
        ctx.doc.sig_changed.connect(self.later.schedule)
        ctx.doc.sig_sites_changed.connect(self.later.schedule)
        ctx.doc.sig_trip_shown.connect(self.later.schedule)
        ctx.doc.sig_photos_changed.connect(self.later.schedule)
        self.model.sig_schedule_requested.connect(self.schedule_site)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.act_show_days = make_action(
            ctx.window, self.tr("&Days"), lambda: ctx.request_view(self.pane), shortcut="Ctrl+4"
        )
        self.act_plan_visit = make_action(
            ctx.window, self.tr("Plan &visit…"), self.plan_current_visit, shortcut="Ctrl+T"
        )
        self.tree.addAction(self.act_plan_visit)
        self.tree.activated.connect(lambda _index: self.plan_current_visit())

    def actions(self) -> list[QAction]:
        return [self.act_show_days, self.act_plan_visit]

    def plan_current_visit(self) -> None:
        """Plan the selected site (here or in the itinerary): its day, time and duration."""
        index = self.tree.currentIndex()
        if index.data(KIND_ROLE) != SITE:
            self._ctx.show_message(self.tr("Select a site in the Days view to plan it."), 5000)
            return
        self.plan_visit(int(index.data(SITE_ROLE)))

    def plan_visit(self, site_id: int) -> None:
        doc = self._ctx.doc
        row = doc.sites.row_of(site_id)
        if row < 0 or doc.trip_id is None:
            return
        site = doc.sites.item_at(row)
        stop_row = doc.stops.row_of(site.stop_id)
        stop, dates = doc.stops.stop_at(stop_row), doc.stops.planned()[stop_row]
        if dates.arrival is None:
            self._ctx.show_error(
                self.tr("{city} has no date yet: set the trip's start date first.").format(
                    city=stop.place.name
                )
            )
            return
        days = [d for d in (add_days(dates.arrival, n) for n in range(stop.nights + 1)) if d]
        dialog = PlanVisitDialog(site, days, self._ctx.window)
        if dialog.exec():
            new = dialog.planned(site)
            if new != site:
                text = self.tr("Plan {site}").format(site=site.name)
                self._ctx.push(ScheduleSiteCommand(doc, doc.trip_id, site, new, text))

    def rebuild(self) -> None:
        """Lay the days out again, keeping the selected day selected."""
        doc = self._ctx.doc
        keep_day = _day_of(self.tree.currentIndex())
        self.model.rebuild(
            doc.stops.stops,
            doc.stops.planned(),
            doc.sites.items,
            doc.stops.legs(),
            doc.photos.items,
        )
        has_days = bool(self.model.days)
        self.pane.empty.setVisible(not has_days)
        self.tree.setVisible(has_days)
        self.tree.expandAll()
        if keep_day is not None:
            self._select(keep_day)

    def _select(self, day: date) -> None:
        root = self.model.invisibleRootItem()
        for row in range(root.rowCount()):
            item = root.child(row)
            if item.data(DATE_ROLE) == day:
                # Quietly: the table and the map already show what the user chose.
                blocked = self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(item.index())
                self.tree.selectionModel().blockSignals(blocked)
                return

    def select_day(self, number: int) -> None:
        """Select day `number` (1-based), as a person clicking it would."""
        item = self.model.invisibleRootItem().child(number - 1)
        if item is not None:
            self.tree.setCurrentIndex(item.index())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        day = _day_of(current)
        if day is not None and self.model.days:
            self.sig_day_selected.emit((day - self.model.days[0].date).days + 1)
        stop_id = current.data(STOP_ROLE)
        if current.data(KIND_ROLE) == SITE:
            self.sig_site_selected.emit(int(current.data(SITE_ROLE)))
        elif isinstance(stop_id, int):
            self.sig_stop_selected.emit(stop_id)

    def schedule_site(self, site_id: int, when: date | None) -> None:
        """Plan a site on `when` (a day of its stop's stay, its time kept) or unplan it."""
        ctx = self._ctx
        doc = ctx.doc
        row = doc.sites.row_of(site_id)
        if row < 0 or doc.trip_id is None:
            return
        site = doc.sites.item_at(row)
        stop_row = doc.stops.row_of(site.stop_id)
        stop, dates = doc.stops.stop_at(stop_row), doc.stops.planned()[stop_row]
        try:
            if when is None:
                new = site.with_changes(day_of_stay=None, start_time=None, minutes=None)
                text = self.tr("Unplan {site}").format(site=site.name)
            else:
                offset = day_of_stay(dates.arrival, stop.nights, when)
                new = site.with_changes(day_of_stay=offset)
                text = self.tr("Plan {site} on {day}").format(site=site.name, day=long_day(when))
        except CityPlannerError as exc:
            ctx.show_error(
                self.tr("{site} belongs to the stay in {city}: {reason}").format(
                    site=site.name, city=stop.place.name, reason=exc
                )
            )
            return
        if new != site:
            ctx.push(ScheduleSiteCommand(doc, doc.trip_id, site, new, text))


def _day_of(index: QModelIndex) -> date | None:
    while index.isValid():
        if index.data(KIND_ROLE) == DAY:
            value = index.data(DATE_ROLE)
            return value if isinstance(value, date) else None
        index = index.parent()
    return None
