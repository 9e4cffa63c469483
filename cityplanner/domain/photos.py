"""Photos of a trip: where each one is kept, when and where it was taken, and where it went.

A photo belongs to a trip and is placed on at most one stop, and then perhaps on one of
that stop's sites or on a journal entry. `placed_by` says how it got there: by the time it
was taken ("time"), by where it was taken ("position"), by hand, or not at all ("none",
waiting to be placed by hand); `reason` says why in a sentence the user can read. The rule
that places photos is `cityplanner.domain.photo_placement`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import check_latitude, check_longitude, check_text

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PlacedBy(StrEnum):
    """How a photo came to be where it is."""

    TIME = "time"
    """Taken during the stop's stay (in the stop's local time)."""
    POSITION = "position"
    """Taken near the stop or site (its GPS position), at no time of a stay."""
    HAND = "hand"
    """Put there by the user."""
    NONE = "none"
    """Not placed: to be placed by hand."""


class PhotoRefusedError(ValidationError):
    """A file that cannot be added as a photo; `kind` names the reason in a batch's counts."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


#: The kinds of `PhotoRefusedError`, as counted in a batch's summary.
NOT_AN_IMAGE = "not a valid image"
TOO_LARGE = "too large"
UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class PhotoFacts:
    """What a photo's file says about when and where it was taken (all of it optional).

    `taken_local` is the wall-clock time the camera wrote (EXIF DateTimeOriginal), with no
    zone; `offset` is the camera's offset from UTC (OffsetTimeOriginal) when it wrote one.
    """

    taken_local: datetime | None = None
    offset: timedelta | None = None
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        if self.taken_local is not None and self.taken_local.tzinfo is not None:
            raise ValidationError("A photo's camera time is a wall-clock time, without a zone.")
        if (self.lat is None) != (self.lon is None):
            raise ValidationError("A photo needs both a latitude and a longitude, or neither.")
        if self.lat is not None and self.lon is not None:
            object.__setattr__(self, "lat", check_latitude(self.lat))
            object.__setattr__(self, "lon", check_longitude(self.lon))

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Photo:
    """One photo of a trip, as the store keeps it.

    `path` is the original (referenced) or its copy in the folder beside the database
    (`copied`); `sha256` and `size` find it again when it moves. `taken_at` is aware when
    the zone or offset of the moment is known, else the camera's wall-clock time; `zone` is
    the IANA zone that time was read in ("" when only an offset, or nothing, is known).
    """

    trip_id: int
    path: str
    sha256: str
    size: int = 0
    taken_at: datetime | None = None
    zone: str = ""
    lat: float | None = None
    lon: float | None = None
    width: int = 0
    height: int = 0
    orientation: int = 1
    """The EXIF orientation (1 to 8): thumbnails are turned by it."""
    caption: str = ""
    stop_id: int | None = None
    site_id: int | None = None
    journal_id: int | None = None
    placed_by: PlacedBy = PlacedBy.NONE
    reason: str = ""
    copied: bool = False
    original: str = ""
    """The path the file had when it was added (a copy's path names only its hash)."""
    id: int | None = None
    uid: str = ""
    """A globally unique id (given by the store)."""

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256):
            raise ValidationError("A photo's content hash must be 64 lower-case hex digits.")
        if not self.path.strip():
            raise ValidationError("A photo needs the path of its file.")
        if (self.lat is None) != (self.lon is None):
            raise ValidationError("A photo needs both a latitude and a longitude, or neither.")
        if self.lat is not None and self.lon is not None:
            object.__setattr__(self, "lat", check_latitude(self.lat))
            object.__setattr__(self, "lon", check_longitude(self.lon))
        if not isinstance(self.placed_by, PlacedBy):
            try:
                object.__setattr__(self, "placed_by", PlacedBy(str(self.placed_by)))
            except ValueError:
                known = ", ".join(p.value for p in PlacedBy)
                raise ValidationError(
                    f"Unknown way of placing a photo {self.placed_by!r}; use one of: {known}."
                ) from None
        if self.orientation not in range(1, 9):
            object.__setattr__(self, "orientation", 1)
        object.__setattr__(self, "caption", check_text(self.caption, "Caption"))
        object.__setattr__(self, "reason", check_text(self.reason, "Reason"))
        if self.site_id is not None and self.stop_id is None:
            raise ValidationError("A photo placed on a site is placed on the site's stop too.")

    @property
    def placed(self) -> bool:
        return self.stop_id is not None or self.journal_id is not None

    @property
    def file_name(self) -> str:
        """The name to show: the original's, even for a copy named by its hash."""
        return re.split(r"[\\/]", self.original or self.path)[-1]

    def with_changes(self, **changes: object) -> Photo:
        return replace(self, **changes)  # type: ignore[arg-type]
