"""Removing tracks, as one undo step that puts them back exactly (same ids, stops, days)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from cityplanner.domain.tracks import Track, TrackPoints
from cityplanner.store.database import writing
from cityplanner.ui.shell import StoreCommand, TripDocument, saved_id
from cityplanner.ui.tracks._model import TracksModel

log = logging.getLogger(__name__)


class RemoveTracksCommand(StoreCommand):
    """Deletes tracks with their points; undo restores them under their ids and rows."""

    def __init__(self, doc: TripDocument, model: TracksModel, tracks: list[Track]) -> None:
        if len(tracks) == 1:
            text = QCoreApplication.translate("TracksCommands", "Remove track {name}").format(
                name=tracks[0].name
            )
        else:
            text = QCoreApplication.translate("TracksCommands", "Remove {n} tracks").format(
                n=len(tracks)
            )
        super().__init__(text)
        self._doc, self._model = doc, model
        self._tracks = tracks
        self._removed: list[tuple[int, Track, TrackPoints]] = []

    def _do(self) -> None:
        store = self._doc.store
        removed: list[tuple[int, Track, TrackPoints]] = []
        with writing(store.db, "remove the tracks"):
            for track in self._tracks:
                old, points = store.tracks.remove(saved_id(track.id))
                removed.append((self._model.row_of(track.id), old, points))
        for _row, track, _points in removed:
            self._model.remove_track(track.id)
        self._removed = removed
        self._doc.sig_changed.emit()  # the map draws what is left

    def _undo(self) -> None:
        store = self._doc.store
        with writing(store.db, "put the tracks back"):
            for _row, track, points in self._removed:
                store.tracks.restore(track, points)
        for row, track, _points in sorted(self._removed, key=lambda r: r[0]):
            self._model.insert_track(row, track)
        self._doc.sig_changed.emit()
