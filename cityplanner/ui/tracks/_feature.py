"""The Tracks view (View → Tracks, Ctrl+7): the shown trip's tracks, removed with undo."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cityplanner.domain.errors import CityPlannerError
from cityplanner.ui.shell import WindowContext, make_action
from cityplanner.ui.tracks._commands import RemoveTracksCommand
from cityplanner.ui.tracks._model import TracksModel

log = logging.getLogger(__name__)


class TracksFeature(QObject):
    """A table of the shown trip's tracks; Delete (or the context menu) removes the chosen."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.model = TracksModel(self._stop_name, self)
        self.pane = QWidget()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Tracks"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TracksModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self.pane)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        w = ctx.window
        self.act_show_tracks = make_action(
            w, self.tr("T&racks"), lambda: ctx.request_view(self.pane), shortcut="Ctrl+7"
        )
        self.act_remove_track = make_action(w, self.tr("Remove track"), self.remove_selected)
        self.act_remove_track.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_remove_track.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.act_remove_track)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        doc = ctx.doc
        doc.sig_trip_shown.connect(lambda _trip_id: self.reload())
        doc.sig_changed.connect(self.model.stops_renamed)
        self.model.modelReset.connect(self._update_heading)
        self.model.rowsInserted.connect(self._update_heading)
        self.model.rowsRemoved.connect(self._update_heading)
        self.reload()

    def actions(self) -> list[QAction]:
        return [self.act_show_tracks]

    def reload(self) -> None:
        """Read the shown trip's tracks (without their points) again."""
        doc = self._ctx.doc
        tracks = []
        if doc.trip_id is not None:
            try:
                tracks = doc.store.tracks.list(doc.trip_id)
            except CityPlannerError as exc:
                log.warning("The tracks could not be read: %s", exc)
        self.model.set_tracks(tracks)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            self._ctx.show_message(self.tr("Choose the tracks to remove first."))
            return
        tracks = [self.model.track_at(row) for row in rows]
        self._ctx.push(RemoveTracksCommand(self._ctx.doc, self.model, tracks))

    def _stop_name(self, stop_id: int | None) -> str:
        stops = self._ctx.doc.stops
        row = stops.row_of(stop_id) if stop_id is not None else -1
        return stops.stops[row].name if row >= 0 else ""

    def _update_heading(self) -> None:
        if self._ctx.doc.trip_id is None:
            self.heading.setText(self.tr("Select a trip first."))
        elif not self.model.rowCount():
            self.heading.setText(
                self.tr(
                    "This trip has no tracks yet. Import a GPX, KML or GeoJSON file with "
                    "File → Import… to keep the tracks you recorded, point for point."
                )
            )
        else:
            self.heading.setText(
                self.tr(
                    "Tracks of the trip: {count}. They are drawn on the map; Delete removes "
                    "the chosen ones (Edit → Undo puts them back)."
                ).format(count=self.model.rowCount())
            )
