"""The preview of adding photos: every file read and placed, nothing written yet.

The window and `add-photos` both call `preview_photos` with plain values (paths, the trip's
stops and sites, the hashes already in the trip) and get plain values back, so the window
can run it off the GUI thread, show where each photo will go, and only then hand
`preview.photos(trip_id)` to `PhotoRepository.add_many`. A file that is refused is counted
and listed with its reason; the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.photo_placement import (
    Placement,
    SitePoint,
    Stay,
    place_photo,
    site_points,
    stays_of,
)
from cityplanner.domain.photos import Photo, PhotoFacts, PhotoRefusedError
from cityplanner.domain.schedule import plan_dates
from cityplanner.formats.photo_files import PhotoFile, find_photos, read_photo
from cityplanner.geo.timezones import zone_at, zone_name

log = logging.getLogger(__name__)

#: Counted among the skipped: a photo whose content is already in the trip, or in the batch.
ALREADY_IN_TRIP = "already in the trip"
SAME_AS_ANOTHER = "same photo as another file"

#: Called after each file with (done, total); returning False stops the preview there.
Progress = Callable[[int, int], bool]


@dataclass(frozen=True, slots=True)
class PhotoCandidate:
    """One photo as it would be added: the file, and where it would go and why."""

    file: PhotoFile
    placement: Placement

    def photo(self, trip_id: int) -> Photo:
        """The record `PhotoRepository.add_many` saves for it."""
        facts, placed = self.file.facts, self.placement
        reason = " ".join((placed.reason, *self.file.notes))
        return Photo(
            trip_id=trip_id,
            path=str(self.file.path.absolute()),
            original=str(self.file.path.absolute()),
            sha256=self.file.sha256,
            size=self.file.size,
            taken_at=placed.taken_at,
            zone=placed.zone,
            lat=facts.lat,
            lon=facts.lon,
            width=self.file.width,
            height=self.file.height,
            orientation=self.file.orientation,
            stop_id=placed.stop_id,
            site_id=placed.site_id,
            placed_by=placed.placed_by,
            reason=reason,
        )


@dataclass(frozen=True, slots=True)
class RefusedFile:
    path: Path
    kind: str
    message: str


@dataclass
class PhotoPreview:
    """What adding photos would do: the photos and where they go, and what is left out."""

    candidates: list[PhotoCandidate] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    """How many files were left out, by why (refused files included, by their kind)."""
    not_found: list[Path] = field(default_factory=list)
    cancelled: bool = False

    def photos(self, trip_id: int) -> list[Photo]:
        return [candidate.photo(trip_id) for candidate in self.candidates]


@dataclass(frozen=True, slots=True)
class TripView:
    """A trip as placing photos sees it: stays with dates and zones, sites with positions."""

    stays: list[Stay]
    sites: list[SitePoint]


def trip_view(start: date | None, stops: Sequence[Stop], sites: Sequence[Site]) -> TripView:
    """The stays and sites of a trip, planned from its start, each stop with its zone."""
    planned = plan_dates(start, stops)
    zones = [zone_name(stop.place) for stop in stops]
    return TripView(stays_of(stops, planned, zones), site_points(sites))


def place_file(photo: PhotoFile, view: TripView) -> Placement:
    """Where one read photo goes in the trip."""
    return place_facts(photo.facts, view)


def place_facts(facts: PhotoFacts, view: TripView) -> Placement:
    """Where a photo with these facts goes in the trip (the zone of its position looked up)."""
    gps_zone = (
        zone_at(facts.lat, facts.lon) if facts.lat is not None and facts.lon is not None else ""
    )
    return place_photo(facts, view.stays, view.sites, gps_zone=gps_zone)


def preview_photos(
    paths: Iterable[Path | str],
    view: TripView,
    *,
    known: Collection[str] = (),
    progress: Progress | None = None,
) -> PhotoPreview:
    """Find, read and place the photos under `paths`; `known` are hashes already in the trip."""
    scan = find_photos(paths)
    preview = PhotoPreview(skipped=Counter(scan.skipped), not_found=list(scan.not_found))
    seen = set(known)
    batch: set[str] = set()
    total = len(scan.files)
    for done, path in enumerate(scan.files, start=1):
        try:
            photo = read_photo(path)
        except PhotoRefusedError as exc:
            log.info("Refused %s: %s", path, exc)
            preview.refused.append(RefusedFile(path, exc.kind, str(exc)))
            preview.skipped[exc.kind] += 1
        else:
            if photo.sha256 in seen:
                preview.skipped[
                    ALREADY_IN_TRIP if photo.sha256 not in batch else SAME_AS_ANOTHER
                ] += 1
            else:
                seen.add(photo.sha256)
                batch.add(photo.sha256)
                preview.candidates.append(PhotoCandidate(photo, place_file(photo, view)))
        if progress is not None and not progress(done, total):
            preview.cancelled = True
            break
    return preview
