"""The trip book's content, arranged once for its PDF and its HTML.

Stops with something to tell (sites, journal entries, photos) get a chapter; those with
nothing beyond their dates are listed together "on the way". Each photo goes where it
was placed: under its site, with its journal entry, or in its stop's own photos; a photo
placed on no stop is not in the book. Journal text is read once into blocks
(`cityplanner.formats.book.journal`), its pictures looked up on this computer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cityplanner.domain.models import JournalEntry, Site, Stop
from cityplanner.domain.photos import Photo
from cityplanner.domain.units import DistanceUnit
from cityplanner.domain.vocabulary import Theme
from cityplanner.domain.wording import MONTHS
from cityplanner.formats.book.journal import Block, Picture, parse_journal, pictures
from cityplanner.formats.document import ExportOptions, TripDocument
from cityplanner.formats.travelogue import Chapter, Travelogue, build_travelogue
from cityplanner.geo.stats import TripStats, trip_stats

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SiteItem:
    site: Site
    #: Its number on the stop's map; 0 when it has no position to be drawn at.
    number: int
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryItem:
    entry: JournalEntry
    blocks: tuple[Block, ...]
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True, slots=True)
class BookChapter:
    """A stop with something to tell."""

    chapter: Chapter
    sites: tuple[tuple[Theme, tuple[SiteItem, ...]], ...]
    entries: tuple[EntryItem, ...]
    #: Photos of the stop that belong to none of its sites or entries.
    photos: tuple[Photo, ...]

    @property
    def stop(self) -> Stop:
        return self.chapter.stop

    @property
    def numbered_sites(self) -> list[Site]:
        """The sites drawn on the stop's map, in the order of their numbers."""
        items = [item for _, group in self.sites for item in group if item.number]
        return [item.site for item in sorted(items, key=lambda i: i.number)]


@dataclass(frozen=True, slots=True)
class Book:
    travelogue: Travelogue
    introduction: tuple[EntryItem, ...]
    chapters: tuple[BookChapter, ...]
    #: Stops with nothing beyond their dates, listed together.
    on_the_way: tuple[Chapter, ...]
    stats: TripStats
    stops: list[Stop]
    sites: list[Site]
    unit: DistanceUnit

    @property
    def title(self) -> str:
        return self.travelogue.title

    def photos(self) -> list[Photo]:
        """Every photo the book prints, in the book's order."""
        found: list[Photo] = [p for item in self.introduction for p in item.photos]
        for chapter in self.chapters:
            for _, group in chapter.sites:
                found.extend(p for item in group for p in item.photos)
            found.extend(p for item in chapter.entries for p in item.photos)
            found.extend(chapter.photos)
        return found

    def pictures(self) -> list[Picture]:
        """Every picture the journal entries show whose file was found."""
        entries = [*self.introduction, *(e for c in self.chapters for e in c.entries)]
        return [p for item in entries for p in pictures(item.blocks) if p.path is not None]


def build_book(doc: TripDocument, options: ExportOptions) -> Book:
    """Arrange the trip into the book; what is left out is told in `options.notes`."""
    travelogue = build_travelogue(doc, options.unit)
    folder = _journal_folder(doc)
    photo_files = {p.sha256: Path(p.path) for p in doc.photos}
    chapter_of_stop = {c.stop.id: c for c in travelogue.chapters}
    by_site: dict[int, list[Photo]] = {}
    by_entry: dict[int, list[Photo]] = {}
    by_stop: dict[int, list[Photo]] = {}
    entry_ids = {e.id for e in doc.journal}
    site_ids = {s.id for s in doc.sites}
    unplaced = 0
    for photo in doc.photos:
        if photo.journal_id is not None and photo.journal_id in entry_ids:
            by_entry.setdefault(photo.journal_id, []).append(photo)
        elif photo.site_id is not None and photo.site_id in site_ids:
            by_site.setdefault(photo.site_id, []).append(photo)
        elif photo.stop_id is not None and photo.stop_id in chapter_of_stop:
            by_stop.setdefault(photo.stop_id, []).append(photo)
        else:
            unplaced += 1
    if unplaced:
        options.notes.append(
            f"{unplaced} photo(s) placed on no stop are not in the book: place them to add them."
        )

    def entry_item(entry: JournalEntry) -> EntryItem:
        blocks = tuple(parse_journal(entry.body, folder=folder, photos=photo_files))
        for picture in pictures(blocks):
            if picture.path is None:
                options.notes.append(
                    f"The picture “{picture.caption}” of the journal entry “{entry.title}” "
                    f"is printed as its caption: {picture.problem}."
                )
        return EntryItem(entry, blocks, tuple(by_entry.get(entry.id or 0, ())))

    chapters: list[BookChapter] = []
    on_the_way: list[Chapter] = []
    for chapter in travelogue.chapters:
        stop_photos = tuple(by_stop.get(chapter.stop.id or 0, ()))
        if chapter.is_empty and not stop_photos:
            on_the_way.append(chapter)
            continue
        number = 0
        sites = []
        for theme, group in chapter.sites_by_theme:
            items = []
            for site in group:
                drawn = site.lat is not None and site.lon is not None
                number += drawn
                items.append(
                    SiteItem(site, number if drawn else 0, tuple(by_site.get(site.id or 0, ())))
                )
            sites.append((theme, tuple(items)))
        entries = tuple(entry_item(e) for e in chapter.journal)
        chapters.append(BookChapter(chapter, tuple(sites), entries, stop_photos))
    kms = doc.legs_km if len(doc.legs_km) == len(doc.stops) else None
    return Book(
        travelogue=travelogue,
        introduction=tuple(entry_item(e) for e in travelogue.introduction),
        chapters=tuple(chapters),
        on_the_way=tuple(on_the_way),
        stats=trip_stats(doc.stops, kms=kms, timezones=False),
        stops=doc.stops,
        sites=doc.sites,
        unit=options.unit,
    )


def photo_caption(photo: Photo) -> str:
    return photo.caption.strip() or photo.file_name


def photo_time(photo: Photo) -> str:
    """When the photo was taken, as a caption says it: 5 Oct 2017, 14:32."""
    when = photo.taken_at
    if when is None:
        return ""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"


def _journal_folder(doc: TripDocument) -> Path | None:
    """Where a journal's relative picture paths start: the database's folder."""
    store = doc.store
    path = getattr(store, "path", None) if store is not None else None
    return Path(path).absolute().parent if path is not None else None


def country_name(code: str) -> str:
    """A country's English name from its ISO code ("" stays "")."""
    if not code:
        return ""
    from babel import Locale  # only the book needs the names

    name = Locale("en").territories.get(code.upper())
    return str(name) if name else code
