"""Conversions between rows of the photos table and `Photo` objects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.store.rows import Row

#: The columns `PhotoRepository` writes (id and added_at are the database's).
COLUMNS = (
    "uid",
    "trip_id",
    "stop_id",
    "site_id",
    "journal_id",
    "path",
    "original",
    "copied",
    "sha256",
    "size",
    "taken_at",
    "zone",
    "lat",
    "lon",
    "width",
    "height",
    "orientation",
    "caption",
    "placed_by",
    "reason",
)


def photo_from_row(row: Row, copies: Path | None) -> Photo:
    """A photo from its row; a copied photo's file name is resolved in `copies`."""
    path = str(row["path"])
    copied = bool(row["copied"])
    if copied and copies is not None and not Path(path).is_absolute():
        path = str(copies / path)
    taken = row["taken_at"]
    return Photo(
        id=row["id"],
        uid=row["uid"],
        trip_id=int(row["trip_id"]),
        stop_id=row["stop_id"],
        site_id=row["site_id"],
        journal_id=row["journal_id"],
        path=path,
        original=row["original"],
        copied=copied,
        sha256=row["sha256"],
        size=int(row["size"]),
        taken_at=datetime.fromisoformat(str(taken)) if taken else None,
        zone=row["zone"],
        lat=row["lat"],
        lon=row["lon"],
        width=int(row["width"]),
        height=int(row["height"]),
        orientation=int(row["orientation"]),
        caption=row["caption"],
        placed_by=PlacedBy(row["placed_by"]),
        reason=row["reason"],
    )


def photo_to_row(photo: Photo, copies: Path | None) -> Row:
    """The row of a photo; a copy inside `copies` is kept by its name alone."""
    path = photo.path
    if photo.copied and copies is not None and Path(path).parent == copies:
        path = Path(path).name
    return {
        "uid": photo.uid,
        "trip_id": photo.trip_id,
        "stop_id": photo.stop_id,
        "site_id": photo.site_id,
        "journal_id": photo.journal_id,
        "path": path,
        "original": photo.original,
        "copied": int(photo.copied),
        "sha256": photo.sha256,
        "size": photo.size,
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "zone": photo.zone,
        "lat": photo.lat,
        "lon": photo.lon,
        "width": photo.width,
        "height": photo.height,
        "orientation": photo.orientation,
        "caption": photo.caption,
        "placed_by": photo.placed_by.value,
        "reason": photo.reason,
    }
