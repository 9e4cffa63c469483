"""The journal of the shown trip: dated Markdown entries about the trip, a stop or a site."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListView, QVBoxLayout

from cityplanner.domain.models import JournalEntry, Stop
from cityplanner.domain.photos import Photo
from cityplanner.ui.journal._commands import AddEntryCommand, EditEntryCommand, RemoveEntryCommand
from cityplanner.ui.journal._pane import JournalPane
from cityplanner.ui.shell import TripDocument, WindowContext, make_action


class PhotoChooser(QDialog):
    """The trip's photos as thumbnails, to choose the one to insert in an entry."""

    def __init__(self, doc: TripDocument, stop_id: int | None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Insert photo"))
        self._doc = doc
        self.view = QListView()
        self.view.setModel(doc.photos)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setIconSize(QSize(96, 72))
        self.view.setGridSize(QSize(116, 104))
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        first = next((p for p in doc.photos if p.stop_id == stop_id), None)
        row = doc.photos.row_of(first.id) if first is not None else 0
        self.view.setCurrentIndex(doc.photos.index(row))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Insert"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)

    @property
    def chosen(self) -> Photo | None:
        index = self.view.currentIndex()
        return self._doc.photos.item_at(index.row()) if index.isValid() else None


class JournalFeature(QObject):
    """Builds the journal pane and its actions; a new entry is about the current stop."""

    def __init__(self, ctx: WindowContext, *, current_stop: Callable[[], Stop | None]) -> None:
        super().__init__(ctx)
        self._ctx, self._current_stop = ctx, current_stop
        doc = ctx.doc
        self.pane = JournalPane(doc)
        self.pane.sig_new_entry.connect(self.new_entry)
        self.pane.sig_delete_entry.connect(
            lambda entry_id: ctx.push(RemoveEntryCommand(doc, entry_id))
        )
        self.pane.sig_entry_edited.connect(
            lambda old, new: ctx.push(EditEntryCommand(doc, old, new))
        )
        self.pane.sig_error.connect(ctx.show_error)
        self.pane.sig_insert_photo.connect(self.insert_photo)
        ctx.on_flush(self.pane.flush)
        w = ctx.window
        self.act_new_entry = make_action(
            w, self.tr("New &journal entry"), self.new_entry, shortcut="Ctrl+J", icon_name="journal"
        )
        self.act_show_journal = make_action(
            w, self.tr("&Journal"), lambda: ctx.request_view(self.pane), shortcut="Ctrl+2"
        )

    def actions(self) -> list[QAction]:
        return [self.act_new_entry, self.act_show_journal]

    def insert_photo(self) -> None:
        """Choose one of the trip's photos and insert it at the cursor of the entry."""
        doc = self._ctx.doc
        if not len(doc.photos):
            self._ctx.show_error(
                self.tr("This trip has no photos yet: add some first (File → Add photos…).")
            )
            return
        entry = self.pane.entry
        dialog = PhotoChooser(doc, entry.stop_id if entry else None, self._ctx.window)
        if dialog.exec() and dialog.chosen is not None:
            self.pane.insert_photo(dialog.chosen)

    def new_entry(self) -> None:
        ctx = self._ctx
        if ctx.doc.trip_id is None:
            ctx.show_error(self.tr("Create or select a trip first."))
            return
        stop = self._current_stop()
        day = (stop.arrival if stop and stop.arrival else None) or date.today()
        title = (
            self.tr("Notes from {city}").format(city=stop.place.name)
            if stop
            else self.tr("Trip notes")
        )
        entry = JournalEntry(
            trip_id=ctx.doc.trip_id, stop_id=stop.id if stop else None, day=day, title=title
        )
        command = AddEntryCommand(ctx.doc, entry)
        if ctx.push(command):
            ctx.request_view(self.pane)
            self.pane.select_entry(command.entry.id)
            self.pane.title.setFocus()
            self.pane.title.selectAll()
