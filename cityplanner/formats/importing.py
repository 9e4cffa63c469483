"""Import a file into a new or existing trip: read, preview what becomes what, then store it.

`read_import_file` validates the whole file before anything is written; `preview`
decides which stop each site joins and flags places the database already holds;
`apply` writes everything in one transaction, so a failure leaves the file as it was.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.sphere import haversine_km
from cityplanner.domain.tracks import Track
from cityplanner.formats.city_lookup import city_stops
from cityplanner.formats.document import ImportOptions, ParsedFile, PendingSite, label_of
from cityplanner.formats.import_matching import SAME_SITE_KM, KnownPlaces, NearestStop
from cityplanner.formats.registry import reader_for
from cityplanner.formats.safety import collector_paused, read_limited
from cityplanner.formats.tracks import ParsedTrack, attach_tracks
from cityplanner.formats.wording import counted
from cityplanner.store import Store
from cityplanner.store.database import writing

log = logging.getLogger(__name__)

#: A place of a file this close to one of its stops repeats that stop, whatever its name.
SAME_POINT_KM = 0.01


def read_import_file(
    path: Path | str, options: ImportOptions | None = None, *, data: bytes | None = None
) -> ParsedFile:
    """Read and validate a file (GPX, KML, KMZ, GeoJSON, CSV or iCalendar); nothing is
    stored."""
    source = Path(path)
    label = label_of(source)
    content = read_limited(source) if data is None else data
    reader = reader_for(source, content)
    with collector_paused():
        parsed = reader(content, label, options or ImportOptions())
    if not parsed.count and not parsed.tracks:
        reasons = list(parsed.notes)
        if parsed.not_found:
            reasons.insert(0, f"not found: {'; '.join(parsed.not_found[:10])}")
        extra = f": {'; '.join(n.rstrip('.') for n in reasons)}" if reasons else ""
        raise ValidationError(f"{label} holds no places to import{extra}.")
    return parsed


@dataclass(frozen=True, slots=True)
class SitePlan:
    """A site and the stop it will join: a new stop (by index) or an existing one (by id)."""

    site: Site
    new_stop: int | None
    existing_stop: int | None
    duplicate_of: str = ""


@dataclass(slots=True)
class ImportPreview:
    """What an import will do, shown to the person before anything is written."""

    parsed: ParsedFile
    trip: Trip | None
    new_trip_name: str
    stops: list[Stop]
    stop_duplicates: list[str]
    sites: list[SitePlan]
    notes: list[str] = field(default_factory=list)
    #: Places of the file left out because they repeat one of its stops.
    merged: int = 0
    #: A file whose layers become trips: one plan per new trip, written together.
    parts: list[ImportPreview] = field(default_factory=list)
    #: The file's tracks and planned lines, stored whole.
    tracks: list[ParsedTrack] = field(default_factory=list)

    @property
    def duplicate_count(self) -> int:
        own = sum(1 for d in self.stop_duplicates if d) + sum(
            1 for s in self.sites if s.duplicate_of
        )
        return own + sum(part.duplicate_count for part in self.parts)

    @property
    def place_count(self) -> int:
        """Stops and sites planned, in every trip of the import."""
        own = len(self.stops) + len(self.sites)
        return own + sum(part.place_count for part in self.parts)

    def lines(self, *, limit: int = 10) -> list[str]:
        """A readable summary: counts, themes, duplicates and notes."""
        if self.parts:
            return self._layer_lines(limit=limit)
        target = f"trip {self.trip.name!r}" if self.trip else f"a new trip {self.new_trip_name!r}"
        lines = [
            f"{self.parsed.label} ({self.parsed.kind}) into {target}:",
            f"  {counted(len(self.stops), 'stop')}, {counted(len(self.sites), 'site')}",
        ]
        if self.tracks:
            lines.extend(self._track_lines(limit))
        if self.merged:
            lines.append(
                f"  {counted(self.merged, 'place')} merged into the "
                f"{'stop it repeats' if self.merged == 1 else 'stops they repeat'}"
            )
        themes = Counter(plan.site.theme.label for plan in self.sites)
        if themes:
            lines.append(
                "  sites by theme: " + ", ".join(f"{n} {t}" for t, n in themes.most_common())
            )
        duplicates = [d for d in self.stop_duplicates if d] + [
            s.duplicate_of for s in self.sites if s.duplicate_of
        ]
        if duplicates:
            lines.append(f"  {counted(len(duplicates), 'place')} already in the database:")
            lines.extend(f"    - {d}" for d in duplicates[:limit])
            if len(duplicates) > limit:
                lines.append(f"    … and {len(duplicates) - limit:,} more")
        if self.parsed.folders:
            folders = ", ".join(f"{name!r} ({n})" for name, n in self.parsed.folders.items())
            lines.append(f"  folders that could become themes: {folders}")
        missing = self.parsed.not_found
        if missing:
            lines.append(f"  {counted(len(missing), 'place')} not found, not imported:")
            lines.extend(f"    - {name}" for name in missing[:limit])
            if len(missing) > limit:
                lines.append(f"    … and {len(missing) - limit:,} more")
        lines.extend(f"  note: {note}" for note in self.notes + self.parsed.notes)
        return lines

    def _layer_lines(self, *, limit: int) -> list[str]:
        lines = [
            f"{self.parsed.label} ({self.parsed.kind}): "
            f"{counted(len(self.parts), 'layer')} into as many new trips:"
        ]
        for part in self.parts:
            lines.append(f"  trip {part.new_trip_name!r}:")
            lines.extend(f"  {line}" for line in part.lines(limit=limit)[1:])
        lines.extend(f"  note: {note}" for note in self.parsed.notes)
        return lines

    def _track_lines(self, limit: int) -> list[str]:
        recorded = [t for t in self.tracks if t.track.kind == "recorded"]
        planned = [t for t in self.tracks if t.track.kind == "planned"]
        lines = []
        for group, noun in ((recorded, "track"), (planned, "planned line")):
            if not group:
                continue
            points = sum(t.track.point_count for t in group)
            km = sum(t.track.km for t in group)
            lines.append(f"  {counted(len(group), noun)}: {counted(points, 'point')}, {km:,.1f} km")
            lines.extend(f"    - {t.describe()}" for t in group[:limit])
            if len(group) > limit:
                lines.append(f"    … and {len(group) - limit:,} more")
        return lines


@dataclass(frozen=True, slots=True)
class ImportResult:
    trip: Trip
    stops: int
    sites: int
    skipped: int
    #: What was written, so that the import can be undone exactly.
    created_trip: bool = False
    stop_ids: tuple[int, ...] = ()
    site_ids: tuple[int, ...] = ()
    #: Every trip the import created, when its layers became trips (`trip` is the first).
    trips: tuple[Trip, ...] = ()

    @property
    def created_trips(self) -> tuple[Trip, ...]:
        """The trips the import made, which undoing it removes."""
        if self.trips:
            return self.trips
        return (self.trip,) if self.created_trip else ()

    track_ids: tuple[int, ...] = ()


def preview(
    store: Store, parsed: ParsedFile, *, trip_id: int | None = None, new_name: str = ""
) -> ImportPreview:
    """Plan the import into trip `trip_id`, or into a new trip called `new_name`.

    A file read with its layers as trips (`ImportOptions.layers_as`) makes new trips only,
    named `new_name` (or the file's) and the layer's.
    """
    if parsed.parts:
        from cityplanner.formats.importing_layers import preview_layers  # it uses `preview`

        return preview_layers(store, parsed, trip_id=trip_id, new_name=new_name)
    trip = store.trips.get(trip_id) if trip_id is not None else None
    name = "" if trip else (new_name.strip() or parsed.trip_name or Path(parsed.label).stem)
    if trip is None:
        Trip(name=name)  # validates the name now rather than halfway through the import
    existing_stops = store.trips.stops(trip.id) if trip and trip.id is not None else []
    stops = list(parsed.stops)
    notes: list[str] = []
    pending = list(parsed.sites)
    if pending and not stops and not existing_stops and parsed.nearest_city is not None:
        # Places meant as sites (saved places, layers as sites) join the cities they are in.
        stops, alone = city_stops([p.site for p in pending], parsed.nearest_city)
        if stops:
            became = "a stop of its own" if alone == 1 else "stops of their own"
            far = (
                f"; {counted(alone, 'place')} far from every city became {became}" if alone else ""
            )
            notes.append(
                f"{counted(len(pending) - alone, 'site')} joined "
                f"{counted(len(stops) - alone, 'stop')} made of the cities they are in, "
                f"as the trip has no stops{far}."
            )
    if pending and not stops and not existing_stops:
        notes.append(
            f"{counted(len(pending), 'place')} became "
            f"{'a stop' if len(pending) == 1 else 'stops'}, as the trip has no stop for "
            f"{'it' if len(pending) == 1 else 'them'} to join."
        )
        stops = [_as_stop(p) for p in pending]
        pending = []
    merged = 0
    if pending and stops:
        own = NearestStop(stops, [])
        kept = [p for p in pending if not _repeats_a_stop(p, stops, own)]
        merged, pending = len(pending) - len(kept), kept
    known = KnownPlaces(store)
    stop_duplicates = [known.stop_duplicate(s) for s in stops]
    nearest = NearestStop(stops, existing_stops)
    sites = [_plan_site(p, stops, existing_stops, known, nearest) for p in pending]
    return ImportPreview(
        parsed, trip, name, stops, stop_duplicates, sites, notes, merged, tracks=list(parsed.tracks)
    )


def _repeats_a_stop(pending: PendingSite, stops: list[Stop], nearest: NearestStop) -> bool:
    """Whether a place of the file copies one of its stops (a GPX waypoint repeating a
    route point): at the same spot, or named alike within `SAME_SITE_KM`.

    A site that names its stop, or has no spot of its own (written at its stop's
    centre), is the file's own and never a copy.
    """
    site = pending.site
    if pending.stop_index is not None or site.approximate or site.lat is None or site.lon is None:
        return False
    index, _ = nearest.find(site.lat, site.lon)
    if index is None:
        return False
    stop = stops[index]
    km = haversine_km(site.lat, site.lon, stop.place.lat, stop.place.lon)
    return km <= SAME_POINT_KM or (
        km <= SAME_SITE_KM and stop.name.casefold() == site.name.casefold()
    )


def apply(store: Store, plan: ImportPreview, *, skip_duplicates: bool = False) -> ImportResult:
    """Store the previewed import in one transaction and return what was added."""
    with collector_paused():
        if plan.parts:
            from cityplanner.formats.importing_layers import apply_layers  # it uses `_apply`

            return apply_layers(store, plan, skip_duplicates=skip_duplicates)
        return _apply(store, plan, skip_duplicates=skip_duplicates)


def _apply(store: Store, plan: ImportPreview, *, skip_duplicates: bool) -> ImportResult:
    keep = [not (skip_duplicates and dup) for dup in plan.stop_duplicates]
    everything = len(plan.stops) + len(plan.sites)
    if skip_duplicates and not plan.tracks and plan.duplicate_count == everything:
        raise ValidationError(
            f"Every place in {plan.parsed.label} is already in the database; nothing was imported."
        )
    with writing(store.db, f"import {plan.parsed.label}"):
        trip = plan.trip or store.trips.create(plan.new_trip_name, _description(plan))
        assert trip.id is not None
        added = store.trips.add_stops(
            trip.id, [s for s, k in zip(plan.stops, keep, strict=True) if k]
        )
        ids: list[int | None] = []
        it: Iterator[Stop] = iter(added)
        for kept in keep:
            ids.append(next(it).id if kept else None)
        sites: list[Site] = []
        for site_plan in plan.sites:
            if skip_duplicates and site_plan.duplicate_of:
                continue
            stop_id = site_plan.existing_stop
            if site_plan.new_stop is not None:
                stop_id = ids[site_plan.new_stop]
            if stop_id is None:
                continue  # its stop was a skipped duplicate
            sites.append(replace(site_plan.site, stop_id=stop_id))
        stored_sites = store.sites.add_many(sites)
        stored_tracks = _store_tracks(store, trip.id, plan.tracks)
    skipped = len(plan.stops) - len(added) + len(plan.sites) - len(sites)
    log.info(
        "Imported %s: %d stops, %d sites, %d tracks",
        plan.parsed.label,
        len(added),
        len(sites),
        len(stored_tracks),
    )
    return ImportResult(
        trip=trip,
        stops=len(added),
        sites=len(sites),
        skipped=skipped,
        created_trip=plan.trip is None,
        stop_ids=tuple(s.id for s in added if s.id is not None),
        site_ids=tuple(s.id for s in stored_sites if s.id is not None),
        track_ids=tuple(t.id for t in stored_tracks if t.id is not None),
    )


def _store_tracks(store: Store, trip_id: int, tracks: list[ParsedTrack]) -> list[Track]:
    """The tracks stored with the stop and the day each belongs to, by the trip's
    schedule as it is now that the file's stops have joined it."""
    if not tracks:
        return []
    start = store.trips.get(trip_id).start
    placed = attach_tracks(tracks, start, store.trips.stops(trip_id))
    return store.tracks.add_many([t.with_changes(trip_id=trip_id) for t in placed])


def _description(plan: ImportPreview) -> str:
    """A new trip's description: the one the file carries (its own trip's), else where it
    came from."""
    return plan.parsed.trip_description or f"Imported from {plan.parsed.label}."


def _as_stop(pending: PendingSite) -> Stop:
    site = pending.site
    if site.lat is None or site.lon is None:
        raise ValidationError(f"{site.name!r} has no coordinates and no stop to belong to.")
    return Stop(place=Place(site.name, site.lat, site.lon), notes=site.description)


def _plan_site(
    pending: PendingSite,
    stops: list[Stop],
    existing: list[Stop],
    known: KnownPlaces,
    nearest: NearestStop,
) -> SitePlan:
    site, index = pending.site, pending.stop_index
    duplicate = known.site_duplicate(site)
    if index is not None:
        if index < len(stops) and stops:
            return SitePlan(site, index, None, duplicate)
        if not stops and index < len(existing):
            return SitePlan(site, None, existing[index].id, duplicate)
    if site.lat is None or site.lon is None:
        raise ValidationError(
            f"The site {site.name!r} has no coordinates and names no stop, so it cannot be placed."
        )
    new_stop, existing_stop = nearest.find(site.lat, site.lon)
    return SitePlan(site, new_stop, existing_stop, duplicate)
