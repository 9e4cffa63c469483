"""The days of the shown trip as a tree: each day, the sites planned on it, and those not yet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.photos import Photo
from cityplanner.domain.schedule import Day, StopDates, trip_days
from cityplanner.domain.wording import clock_change
from cityplanner.geo.timezones import clock_change_hours
from cityplanner.geo.travel import travel_hours
from cityplanner.ui.shell import (
    conflict_icon,
    distance,
    format_hours,
    icon,
    label,
    long_day,
    mode_phrase,
    number,
    photos_icon,
    plural,
    theme_icon,
)

SITE_MIME = "application/x-cityplanner-site-id"
Index = QModelIndex | QPersistentModelIndex

#: What a row is, and what it stands for.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
STOP_ROLE = Qt.ItemDataRole.UserRole + 3
SITE_ROLE = Qt.ItemDataRole.UserRole + 4
DAY, SITE, TRAVEL, UNPLANNED, PHOTOS = "day", "site", "travel", "unplanned", "photos"


class DaysModel(QStandardItemModel):
    """Rebuilt from the schedule whenever the trip changes (it is derived, not edited).

    Sites can be dragged onto a day of their stop's stay or onto its "not planned"
    group; the move is requested, not made: it goes through the undo stack.
    """

    sig_schedule_requested = Signal(int, object)
    """A site was dropped: (site id, the date to plan it on, or None to unplan it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.days: list[Day] = []

    def rebuild(
        self,
        stops: Sequence[Stop],
        planned: Sequence[StopDates],
        sites: Sequence[Site],
        legs_km: Sequence[float],
        photos: Sequence[Photo] = (),
    ) -> None:
        self.clear()
        self.days = trip_days(stops, planned, sites)
        unplanned = _unplanned_by_stop(stops, planned, sites)
        taken = _photos_by_day(photos)
        root = self.invisibleRootItem()
        for day in self.days:
            item = _item(_day_text(day, stops), DAY)
            item.setIcon(icon("days"))
            item.setData(day.date, DATE_ROLE)
            stop_index = day.sleep if day.sleep is not None else (day.arrivals or (None,))[-1]
            if stop_index is not None:
                item.setData(stops[stop_index].id, STOP_ROLE)
            font = QFont()
            font.setBold(True)
            item.setFont(font)
            if day.clashes:
                item.setIcon(conflict_icon())
                clash = self.tr("Two stays claim this night: see the red rows.")
                item.setToolTip(f"{item.text()}\n{clash}")
            item.setDropEnabled(True)
            for index in day.arrivals:
                item.appendRow(_travel_item(stops[index - 1], stops[index], legs_km[index], day))
            for site in day.sites:
                item.appendRow(_site_item(site, stops))
            for index in day.arrivals if day.number > 1 else (0, *day.arrivals):
                waiting = unplanned.get(stops[index].id)
                if waiting:
                    item.appendRow(_unplanned_item(stops[index], waiting))
            if day.date in taken:
                item.appendRow(_photos_item(taken[day.date]))
            root.appendRow(item)

    # -- drag and drop ------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [SITE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        for index in indexes:
            if index.data(KIND_ROLE) == SITE:
                mime.setData(SITE_MIME, QByteArray(str(index.data(SITE_ROLE)).encode()))
                break
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(SITE_MIME) and self._target(parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        target = self._target(parent)
        if not data.hasFormat(SITE_MIME) or target is None:
            return False
        try:
            site_id = int(bytes(data.data(SITE_MIME).data()).decode())
        except ValueError:
            return False
        kind, when = target
        self.sig_schedule_requested.emit(site_id, when if kind == DAY else None)
        return False  # the tree is rebuilt once the change is made

    def _target(self, parent: Index) -> tuple[str, date | None] | None:
        """Dropped on a day (or a site of it): that day; on a "not planned" group: unplan."""
        if isinstance(parent, QModelIndex):
            index = parent
        elif parent.isValid():
            index = self.index(parent.row(), parent.column(), parent.parent())
        else:
            index = QModelIndex()
        while index.isValid():
            kind = index.data(KIND_ROLE)
            if kind == UNPLANNED:
                return UNPLANNED, None
            if kind == DAY:
                when = index.data(DATE_ROLE)
                return (DAY, when) if isinstance(when, date) else None
            index = index.parent()
        return None

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def _item(text: str, kind: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setDragEnabled(False)
    item.setDropEnabled(False)
    return item


def _site_item(site: Site, stops: Sequence[Stop]) -> QStandardItem:
    when = site.start_time.strftime("%H:%M") + " · " if site.start_time else ""
    length = f" ({format_hours(site.minutes / 60)})" if site.minutes else ""
    item = _item(f"{when}{site.name}{length}", SITE)
    item.setIcon(theme_icon(site.theme, site.status))
    item.setData(site.id, SITE_ROLE)
    item.setData(site.stop_id, STOP_ROLE)
    item.setToolTip(f"{label(site.theme)} · {label(site.status)}")
    item.setDragEnabled(True)
    return item


def _unplanned_item(stop: Stop, sites: Sequence[Site]) -> QStandardItem:
    text = QCoreApplication.translate("DaysModel", "Not planned yet in {city} ({n})")
    group = _item(text.format(city=stop.place.name, n=number(len(sites))), UNPLANNED)
    group.setData(stop.id, STOP_ROLE)
    group.setDropEnabled(True)
    group.setToolTip(
        QCoreApplication.translate(
            "DaysModel", "Drag a site onto a day of the stay to plan it; drag it here to unplan it."
        )
    )
    for site in sites:
        group.appendRow(_site_item(site, [stop]))
    return group


def _photos_by_day(photos: Sequence[Photo]) -> dict[date, list[Photo]]:
    """A photo's day is the date of its taken_at, in the time where it was taken."""
    out: dict[date, list[Photo]] = {}
    for photo in photos:
        if photo.taken_at is not None:
            out.setdefault(photo.taken_at.date(), []).append(photo)
    return out


def _photos_item(photos: Sequence[Photo]) -> QStandardItem:
    """The line "3 photos" of a day, standing for the stop where most of them were placed."""
    item = _item(plural(len(photos), "photo"), PHOTOS)
    item.setIcon(photos_icon())
    stops = Counter(p.stop_id for p in photos if p.stop_id is not None)
    if stops:
        item.setData(stops.most_common(1)[0][0], STOP_ROLE)
    return item


def _unplanned_by_stop(
    stops: Sequence[Stop], planned: Sequence[StopDates], sites: Sequence[Site]
) -> dict[int | None, list[Site]]:
    nights = {s.id: s.nights for s in stops}
    out: dict[int | None, list[Site]] = {}
    for site in sites:
        beyond = site.day_of_stay is not None and site.day_of_stay > nights.get(site.stop_id, 0)
        if site.day_of_stay is None or beyond:
            out.setdefault(site.stop_id, []).append(site)
    return out


def _day_text(day: Day, stops: Sequence[Stop]) -> str:
    """Day 3 · Wed 4 Oct 2017 — Arles, night 1 of 2."""
    heading = QCoreApplication.translate("DaysModel", "Day {n} · {date}").format(
        n=day.number, date=long_day(day.date)
    )
    if day.sleep is not None:
        stop = stops[day.sleep]
        text = QCoreApplication.translate(
            "DaysModel", "{heading} — {city}, night {night} of {nights}"
        ).format(heading=heading, city=stop.place.name, night=day.night, nights=stop.nights)
        for index, night in day.clashes:
            other = stops[index]
            text += " ⚠ " + QCoreApplication.translate(
                "DaysModel", "also night {night} of {nights} in {city}"
            ).format(night=night, nights=other.nights, city=other.place.name)
        return text
    if day.number > 1:
        return QCoreApplication.translate("DaysModel", "{heading} — the trip ends").format(
            heading=heading
        )
    return QCoreApplication.translate("DaysModel", "{heading} — no night planned").format(
        heading=heading
    )


def _travel_item(origin: Stop, destination: Stop, km: float, day: Day) -> QStandardItem:
    item = _item(travel_text(origin, destination, km, day.date), TRAVEL)
    mode = destination.mode
    item.setIcon(icon(f"mode-{mode.value}") if mode is not None else icon("travel"))
    item.setData(destination.id, STOP_ROLE)
    return item


def travel_text(origin: Stop, destination: Stop, km: float, on: date) -> str:
    """Albi → Arles by car, 202 km, about 3 h 22, clock +1 h (as `travel_words` in English)."""
    mode = destination.mode
    text = f"{origin.place.name} → {destination.place.name} "
    text += (
        mode_phrase(mode) if mode else QCoreApplication.translate("DaysModel", "(no travel mode)")
    )
    text += ", " + distance(km)
    if mode is not None:
        minutes = round(travel_hours(km, mode) * 60)
        if minutes:
            text += ", " + _about(minutes)
    clock = clock_change_hours(origin.place, destination.place, on)
    if clock:
        text += ", " + QCoreApplication.translate("DaysModel", "clock {change}").format(
            change=clock_change(clock)
        )
    return text


def _about(minutes: int) -> str:
    """About 3 h 22, about 45 min: an estimate, to the minute."""
    if minutes < 60:
        return QCoreApplication.translate("DaysModel", "about {minutes} min").format(
            minutes=minutes
        )
    whole, rest = divmod(minutes, 60)
    if not rest:
        return QCoreApplication.translate("DaysModel", "about {hours} h").format(hours=whole)
    return QCoreApplication.translate("DaysModel", "about {hours} h {minutes}").format(
        hours=whole, minutes=f"{rest:02d}"
    )
