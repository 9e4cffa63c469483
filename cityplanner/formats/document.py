"""What exporters write and importers read: a trip with its stops, sites, journal and costs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cityplanner.domain.costs import Cost
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry, Site, Stop, Trip
from cityplanner.domain.photos import Photo
from cityplanner.domain.themes import guess_theme
from cityplanner.domain.tracks import Track
from cityplanner.domain.units import DistanceUnit
from cityplanner.domain.validation import plain_line
from cityplanner.domain.vocabulary import Theme
from cityplanner.geo.distance import leg_kms
from cityplanner.store import Store

if TYPE_CHECKING:
    from cityplanner.formats.city_lookup import CityLookup, NearestCity
    from cityplanner.formats.tracks import ParsedTrack

log = logging.getLogger(__name__)

#: Namespace of CityPlanner's own fields inside GPX and KML files.
CITYPLANNER_NS = "urn:x-cityplanner:exchange:1"
GENERATOR = "CityPlanner"
#: What a GPX route can become (`ImportOptions.routes_as`).
ROUTES_AS = ("stops", "lines")


@dataclass(frozen=True)
class TripDocument:
    """A whole trip, read once from the store, as every exporter needs it."""

    trip: Trip
    stops: list[Stop]
    sites: list[Site]
    journal: list[JournalEntry] = field(default_factory=list)
    legs_km: list[float] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    #: The trip's own rates: currency → value of one unit in the trip's home currency.
    rates: dict[str, Decimal] = field(default_factory=dict)
    #: The trip's photos in the order they were taken (the trip book prints them).
    photos: list[Photo] = field(default_factory=list)
    #: The trip's tracks with their points, in the order recorded.
    tracks: list[Track] = field(default_factory=list)
    #: Where it was read from, for formats that read more from the store themselves.
    store: Store | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _by_stop(self) -> dict[int | None, list[Site]]:
        grouped: dict[int | None, list[Site]] = {}
        for site in self.sites:
            grouped.setdefault(site.stop_id, []).append(site)
        return grouped

    @cached_property
    def _stops(self) -> dict[int | None, Stop]:
        return {s.id: s for s in self.stops}

    def sites_of(self, stop: Stop) -> list[Site]:
        return self._by_stop.get(stop.id, [])

    def position_of(self, stop_id: int | None) -> int:
        """1-based position of a stop, as files and people count (0: unknown)."""
        stop = self._stops.get(stop_id)
        return 0 if stop is None else stop.position + 1

    def site_point(self, site: Site) -> tuple[float, float, bool]:
        """A site's (lat, lon, approximate): its stop's centre when it has no spot of its own."""
        if site.lat is not None and site.lon is not None:
            return site.lat, site.lon, site.approximate
        stop = self._stops.get(site.stop_id)
        if stop is None:
            return 0.0, 0.0, True
        return stop.place.lat, stop.place.lon, True


def load_document(store: Store, trip_id: int, *, with_legs: bool = True) -> TripDocument:
    """Read a trip and everything in it for an export.

    The legs' geodesic lengths cost about 80 µs each, so formats that do not show
    them skip them (`with_legs=False`), which matters for trips of many thousand stops.
    """
    trip = store.trips.get(trip_id)
    stops = store.trips.stops(trip_id)
    return TripDocument(
        trip=trip,
        stops=stops,
        sites=store.sites.for_trip(trip_id),
        journal=store.journal.for_trip(trip_id),
        legs_km=leg_kms(stops) if with_legs else [],
        costs=store.costs.for_trip(trip_id),
        rates=store.costs.rates(trip_id),
        photos=store.photos.for_trip(trip_id),
        tracks=store.tracks.list(trip_id, with_points=True),
        store=store,
    )


@dataclass(frozen=True, slots=True)
class PendingSite:
    """A site read from a file, waiting to be attached to a stop."""

    site: Site
    #: Index into the file's stops when the file says which stop it belongs to.
    stop_index: int | None = None
    folder: str = ""


@dataclass(slots=True)
class ParsedFile:
    """Everything an importer found in one file, validated, not yet stored."""

    label: str
    kind: str
    trip_name: str = ""
    #: The trip's description when the file carries one (GPX `<metadata><desc>`,
    #: KML `<Document><description>`, GeoJSON's top-level `description` member).
    trip_description: str = ""
    stops: list[Stop] = field(default_factory=list)
    sites: list[PendingSite] = field(default_factory=list)
    #: One line per thing summarised or left out (tracks, lines, placemarks without a point).
    notes: list[str] = field(default_factory=list)
    #: Folder names that did not match a theme, with how many places each holds.
    folders: dict[str, int] = field(default_factory=dict)
    #: Places named by the file that could not be found (a calendar event's LOCATION not
    #: in the gazetteer), one line each, for the preview to list: they are not imported.
    not_found: list[str] = field(default_factory=list)
    #: The layers of a Google My Maps file (the Document's top-level folders), by name.
    layers: list[str] = field(default_factory=list)
    #: With `ImportOptions.layers_as == "trips"`, one file's worth per layer, each a trip.
    parts: list[ParsedFile] = field(default_factory=list)
    #: Set by readers whose places are meant as sites (saved places, layers as sites):
    #: into a trip without stops they join stops made of the cities they are in.
    nearest_city: NearestCity | None = field(default=None, repr=False, compare=False)

    #: Recorded tracks and planned lines, with every point.
    tracks: list[ParsedTrack] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many places (stops and sites, layers' too); tracks are counted apart."""
        return len(self.stops) + len(self.sites) + sum(p.count for p in self.parts)


#: What the layers of a My Maps file can become (`ImportOptions.layers_as`).
LAYER_CHOICES = ("auto", "sites", "trips")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices the person makes in the import preview."""

    #: "auto" decides per format (see each reader); "stops" or "sites" forces it.
    points_as: str = "auto"
    #: Theme of sites whose file says nothing about it.
    default_theme: Theme = Theme.SHOWCASE
    #: Folder (or category) name → theme, for folders whose name is not a theme.
    folder_themes: dict[str, Theme] = field(default_factory=dict)
    #: Finds a city named without coordinates (CSV rows): see `city_lookup.gazetteer_lookup`.
    city_lookup: CityLookup | None = None
    #: Finds the city a point is in (see `city_lookup.nearest_city_lookup`), for sites
    #: imported into a trip that has no stops for them to join.
    nearest_city: NearestCity | None = None
    #: What the layers (top-level folders) of a My Maps file become: "auto" reads them as
    #: any KML folder, "sites" makes every place of a layer a site (the layer's name giving
    #: its theme), "trips" makes each layer a trip of its own.
    layers_as: str = "auto"
    #: GPX routes: their points become stops ("stops", route after route), or each route
    #: is kept as a planned line ("lines").
    routes_as: str = "stops"

    def __post_init__(self) -> None:
        if self.points_as not in ("auto", "stops", "sites"):
            raise ValidationError(
                f"Points can be imported as 'auto', 'stops' or 'sites', not {self.points_as!r}."
            )
        if self.layers_as not in LAYER_CHOICES:
            raise ValidationError(
                f"Layers can be imported as 'auto', 'sites' or 'trips', not {self.layers_as!r}."
            )
        if self.routes_as not in ROUTES_AS:
            raise ValidationError(
                f"Routes can be imported as 'stops' or 'lines', not {self.routes_as!r}."
            )

    def theme_for_folder(self, folder: str) -> Theme | None:
        """The theme a folder stands for: chosen by the person, named after one, or
        suggested by its words ("Hotels", "Cafés & bars": see `guess_theme`)."""
        cleaned = folder.strip()
        if not cleaned:
            return None
        for name, theme in self.folder_themes.items():
            if name.casefold() == cleaned.casefold():
                return theme
        try:
            named = Theme.parse(cleaned)
        except ValidationError:
            return guess_theme(cleaned)
        # A folder called "Other" says nothing about what it holds.
        return None if named is Theme.OTHER else named


def label_of(path: Path | str) -> str:
    """A file's name for messages, without the invisible characters a name can hold."""
    return plain_line(Path(path).name) or plain_line(str(path))


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the caller adds to an export beyond the trip itself."""

    #: A picture of the trip's map (PNG or JPEG), as bytes or a file, for the travelogue.
    #: Drawing it needs Qt, so the window or the command line supplies it.
    map_image: bytes | Path | None = None
    #: How distances are written for people to read (machine fields stay in km).
    unit: DistanceUnit = DistanceUnit.KM
    #: Whether a trip file carries the photos' files (their records go in any case).
    with_photos: bool = True
    #: What the writer could not put in the file, one line each, for the person to read
    #: once the export has succeeded (the calendar names stops that have no date yet).
    #: The writer appends to it: pass fresh options to each export to read them after.
    notes: list[str] = field(default_factory=list, compare=False, hash=False)
