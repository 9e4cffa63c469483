"""Undo commands of photos: each adds, removes, captions, places or relinks in one step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from cityplanner.domain.photos import Photo
from cityplanner.store.database import writing
from cityplanner.ui.shell import StoreCommand, TripDocument, plural, saved_id


class AddPhotosCommand(StoreCommand):
    """Adds a batch of photos; undo forgets them all, redo puts them back under the same ids."""

    def __init__(
        self, doc: TripDocument, trip_id: int, photos: Sequence[Photo], *, copy: bool
    ) -> None:
        super().__init__(
            QCoreApplication.translate("PhotoCommands", "Add {photos}").format(
                photos=plural(len(photos), "photo")
            )
        )
        self._doc, self._trip_id, self._copy = doc, trip_id, copy
        self._photos = list(photos)
        self._added: list[Photo] | None = None

    @property
    def added(self) -> list[Photo]:
        """The photos as saved (with their ids); empty before the first run."""
        return list(self._added or [])

    def _do(self) -> None:
        photos = self._doc.store.photos
        if self._added is None:
            self._added = photos.add_many(self._trip_id, self._photos, copy=self._copy)
            self.setText(
                QCoreApplication.translate("PhotoCommands", "Add {photos}").format(
                    photos=plural(len(self._added), "photo")
                )
            )
        else:
            photos.restore(self._added)
        self._doc.photos_added(self._trip_id)

    def _undo(self) -> None:
        ids = [saved_id(p.id) for p in self._added or []]
        self._doc.store.photos.remove_many(ids)
        self._doc.photos_removed(self._trip_id, ids)


class RemovePhotosCommand(StoreCommand):
    """Forgets photos (their files stay where they are); undo puts them back as they were."""

    def __init__(self, doc: TripDocument, trip_id: int, photo_ids: Sequence[int]) -> None:
        super().__init__(
            QCoreApplication.translate("PhotoCommands", "Remove {photos}").format(
                photos=plural(len(photo_ids), "photo")
            )
        )
        self._doc, self._trip_id, self._ids = doc, trip_id, list(photo_ids)
        self._removed: list[Photo] = []

    def _do(self) -> None:
        self._removed = self._doc.store.photos.remove_many(self._ids)
        self._doc.photos_removed(self._trip_id, self._ids)

    def _undo(self) -> None:
        self._doc.store.photos.restore(self._removed)
        self._doc.photos_added(self._trip_id)


class CaptionPhotoCommand(StoreCommand):
    def __init__(self, doc: TripDocument, photo: Photo, caption: str) -> None:
        super().__init__(
            QCoreApplication.translate("PhotoCommands", "Caption {name}").format(
                name=photo.file_name
            )
        )
        self._doc, self._old, self._caption = doc, photo, caption

    def _do(self) -> None:
        new = self._doc.store.photos.set_caption(saved_id(self._old.id), self._caption)
        self._doc.photos_changed(self._old.trip_id, [new])

    def _undo(self) -> None:
        old = self._doc.store.photos.set_caption(saved_id(self._old.id), self._old.caption)
        self._doc.photos_changed(self._old.trip_id, [old])


class PlacePhotosCommand(StoreCommand):
    """Places photos by hand on a stop or a site, or takes them off (both ids None)."""

    def __init__(
        self,
        doc: TripDocument,
        photos: Sequence[Photo],
        *,
        stop_id: int | None,
        site_id: int | None,
        where: str,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("PhotoCommands", "Move {photos} to {place}").format(
                photos=plural(len(photos), "photo"), place=where
            )
        )
        self._doc, self._old = doc, list(photos)
        self._stop_id, self._site_id = stop_id, site_id

    def _do(self) -> None:
        store = self._doc.store
        with writing(store.db, "place the photos"):
            # A photo moved to another stop stays in the journal entry it was put in.
            placed = [
                store.photos.place(
                    saved_id(p.id),
                    stop_id=self._stop_id,
                    site_id=self._site_id,
                    journal_id=p.journal_id if self._stop_id is not None else None,
                )
                for p in self._old
            ]
        self._doc.photos_changed(self._old[0].trip_id, placed)

    def _undo(self) -> None:
        self._doc.store.photos.restore(self._old)
        self._doc.photos_changed(self._old[0].trip_id, self._old)


class RelinkPhotosCommand(StoreCommand):
    """Points photos at where their files were found again; undo points them back."""

    def __init__(self, doc: TripDocument, before: Sequence[Photo], after: Sequence[Photo]) -> None:
        super().__init__(
            QCoreApplication.translate("PhotoCommands", "Find {photos} again").format(
                photos=plural(len(after), "photo")
            )
        )
        self._doc, self._before, self._after = doc, list(before), list(after)

    def _do(self) -> None:
        self._point_at(self._after)

    def _undo(self) -> None:
        self._point_at(self._before)

    def _point_at(self, files: Sequence[Photo]) -> None:
        # Only the file each record points at changes: a caption typed, a photo moved or
        # removed while the folder was searched stays as it is now.
        photos = self._doc.store.photos
        updated = photos.set_files(files)
        self._doc.thumbnails.forget_files()
        self._doc.photos_changed(files[0].trip_id, [photos.get(i) for i in updated])
