"""The journal of the shown trip: dated Markdown entries about the trip, a stop or a site."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from cityplanner.domain.models import JournalEntry, Stop
from cityplanner.ui.journal._commands import AddEntryCommand, EditEntryCommand, RemoveEntryCommand
from cityplanner.ui.journal._pane import JournalPane
from cityplanner.ui.shell import WindowContext, make_action


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
