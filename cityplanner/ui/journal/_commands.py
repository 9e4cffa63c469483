"""Undo commands of the journal."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cityplanner.domain.models import JournalEntry
from cityplanner.domain.photos import Photo
from cityplanner.store.database import writing
from cityplanner.ui.shell import EditCommand, StoreCommand, TripDocument, saved_id


class AddEntryCommand(StoreCommand):
    def __init__(self, doc: TripDocument, entry: JournalEntry) -> None:
        super().__init__(
            QCoreApplication.translate("JournalCommands", "Write “{title}”").format(
                title=entry.title
            )
        )
        self._doc, self._entry = doc, entry

    @property
    def entry(self) -> JournalEntry:
        return self._entry

    def _do(self) -> None:
        self._entry = self._doc.store.journal.add(self._entry)
        self._doc.entry_added(self._entry)

    def _undo(self) -> None:
        self._doc.entry_removed(self._doc.store.journal.remove(saved_id(self._entry.id)))


class EditEntryCommand(EditCommand):
    """Typing in an entry merges into one step per entry."""

    MERGE_ID = 1003

    def __init__(self, doc: TripDocument, old: JournalEntry, new: JournalEntry) -> None:
        text = QCoreApplication.translate("JournalCommands", "Edit “{title}”").format(
            title=new.title
        )
        super().__init__(text, old, new, "entry")
        self._doc = doc

    def _do(self) -> None:
        self._doc.entry_changed(self._doc.store.journal.update(self._new))

    def _undo(self) -> None:
        self._doc.entry_changed(self._doc.store.journal.update(self._old))


class RemoveEntryCommand(StoreCommand):
    def __init__(self, doc: TripDocument, entry_id: int) -> None:
        super().__init__("")
        self._doc = doc
        self._entry = doc.store.journal.get(entry_id)
        self._photos: list[Photo] = []
        self.setText(
            QCoreApplication.translate("JournalCommands", "Delete “{title}”").format(
                title=self._entry.title
            )
        )

    def _do(self) -> None:
        store, entry_id = self._doc.store, saved_id(self._entry.id)
        # Deleting the entry unlinks its photos (a trigger); undo links them again.
        trip_id = self._entry.trip_id
        self._photos = [p for p in store.photos.for_trip(trip_id) if p.journal_id == entry_id]
        self._doc.entry_removed(store.journal.remove(entry_id))
        if self._photos:
            self._doc.photos_added(trip_id)

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "restore the journal entry"):
            entry = store.journal.add(self._entry)
            store.photos.restore(self._photos)
        self._doc.entry_added(entry)
        if self._photos:
            self._doc.photos_added(self._entry.trip_id)
