"""Salvage keeps copied photos usable: their files come beside the saved database."""

from __future__ import annotations

from pathlib import Path

from cityplanner.formats.photo_import import preview_photos, trip_view
from cityplanner.store import Store
from cityplanner.store.salvage import salvage
from tests.formats.photo_images import make_photo


def test_copied_photos_are_not_missing_after_a_salvage(tmp_path: Path) -> None:
    make_photo(tmp_path / "camera" / "capitole.jpg", taken="2017:10:03 11:00:00")
    with Store.open(tmp_path / "trips.db") as store:
        trip = store.trips.list()[0]
        assert trip.id is not None
        view = trip_view(trip.start, store.trips.stops(trip.id), store.sites.for_trip(trip.id))
        photos = preview_photos([tmp_path / "camera"], view).photos(trip.id)
        (added,) = store.photos.add_many(trip.id, photos, copy=True)
        trip_id = trip.id
    salvage(tmp_path / "trips.db", tmp_path / "trips-saved.db")
    with Store.open(tmp_path / "trips-saved.db", seed_demo=False) as rescued:
        (photo,) = rescued.photos.for_trip(trip_id)
        assert photo.sha256 == added.sha256 and Path(photo.path).is_file()
        assert Path(photo.path).parent == tmp_path / "trips-saved.db.photos"
        assert rescued.photos.missing(trip_id) == []
    assert (tmp_path / "trips.db.photos").is_dir()  # the damaged file's copies stay too
