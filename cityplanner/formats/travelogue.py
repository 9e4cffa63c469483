"""The travelogue: a chapter per stop with its dates, the leg that led there, the sites by
theme and the journal, written as Markdown; the HTML page and the PDF are the trip book
(`cityplanner.formats.book`), which arranges these chapters into a book."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import JournalEntry, Site, Stop
from cityplanner.domain.units import DistanceUnit, distance_text
from cityplanner.domain.vocabulary import SiteStatus, Theme
from cityplanner.formats.document import GENERATOR, ExportOptions, TripDocument
from cityplanner.formats.escape import markdown_text
from cityplanner.formats.markup import demote_headings, safe_markdown
from cityplanner.formats.travelogue_costs import CostsSection, costs_section, markdown_costs

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 32 * 1024 * 1024
EMPTY_CHAPTER = "No sites or journal entries recorded here yet."


@dataclass(frozen=True, slots=True)
class Chapter:
    """One stop as the travelogue tells it."""

    number: int
    stop: Stop
    leg_km: float
    came_from: str
    sites_by_theme: list[tuple[Theme, list[Site]]]
    journal: list[JournalEntry]
    unit: DistanceUnit = DistanceUnit.KM

    @property
    def heading(self) -> str:
        country = f" ({self.stop.place.country_code})" if self.stop.place.country_code else ""
        return f"{self.stop.name}{country}"

    @property
    def title(self) -> str:
        return f"{self.number}. {self.heading}"

    def dates(self) -> str:
        stop = self.stop
        nights = f"{stop.nights} night{'' if stop.nights == 1 else 's'}"
        if stop.arrival is None:
            return nights
        if stop.nights == 0:
            return f"{long_date(stop.arrival)} (day visit)"
        assert stop.departure is not None
        return f"{long_date(stop.arrival)} to {long_date(stop.departure)}, {nights}"

    def where(self) -> str:
        """Region, country, coordinates and time zone of the stop."""
        place = self.stop.place
        lat = f"{abs(place.lat):.4f}° {'N' if place.lat >= 0 else 'S'}"
        lon = f"{abs(place.lon):.4f}° {'E' if place.lon >= 0 else 'W'}"
        parts = [p for p in (place.admin1, place.country_code) if p]
        parts.append(f"{lat}, {lon}")
        if place.timezone:
            parts.append(f"time zone {place.timezone}")
        return " · ".join(parts)

    @property
    def is_empty(self) -> bool:
        return not self.sites_by_theme and not self.journal

    def leg(self) -> str:
        if not self.came_from:
            return "Start of the journey"
        how = f"by {self.stop.mode.label.lower()}" if self.stop.mode else "travel mode not set"
        return f"From {self.came_from} {how}, {distance_text(self.leg_km, self.unit)}"


@dataclass(frozen=True, slots=True)
class Travelogue:
    title: str
    summary: str
    description: str
    introduction: list[JournalEntry]
    chapters: list[Chapter]
    #: What the trip costs; None when it has no costs (the travelogue then says nothing).
    costs: CostsSection | None = None

    def note_missing_rates(self, options: ExportOptions) -> None:
        """Tell the person, after the export, about costs left out for want of a rate."""
        if self.costs is not None and self.costs.missing_note:
            options.notes.append(self.costs.missing_note)


def build_travelogue(doc: TripDocument, unit: DistanceUnit = DistanceUnit.KM) -> Travelogue:
    """Arrange the trip into chapters; journal entries go to their stop (or their site's)."""
    legs = doc.legs_km or [0.0] * len(doc.stops)
    stop_of_site = {s.id: s.stop_id for s in doc.sites}
    entries: dict[int | None, list[JournalEntry]] = {}
    for entry in doc.journal:
        stop_id = entry.stop_id if entry.stop_id is not None else stop_of_site.get(entry.site_id)
        entries.setdefault(stop_id, []).append(entry)
    chapters = []
    for i, stop in enumerate(doc.stops):
        grouped: dict[Theme, list[Site]] = {}
        for site in doc.sites_of(stop):
            grouped.setdefault(site.theme, []).append(site)
        chapters.append(
            Chapter(
                number=i + 1,
                stop=stop,
                leg_km=legs[i],
                came_from=doc.stops[i - 1].name if i else "",
                sites_by_theme=[(t, grouped[t]) for t in Theme if t in grouped],
                journal=entries.get(stop.id, []),
                unit=unit,
            )
        )
    return Travelogue(
        title=doc.trip.name,
        summary=_summary(doc, sum(legs), unit),
        description=doc.trip.description,
        introduction=entries.get(None, []),
        chapters=chapters,
        costs=costs_section(doc),
    )


def _summary(doc: TripDocument, km: float, unit: DistanceUnit) -> str:
    dated = [s for s in doc.stops if s.arrival is not None]
    countries = len({s.place.country_code for s in doc.stops if s.place.country_code})
    parts = [f"{len(doc.stops)} stop{'s' if len(doc.stops) != 1 else ''}", distance_text(km, unit)]
    if countries:
        parts.append(f"{countries} countr{'y' if countries == 1 else 'ies'}")
    if dated:
        first = min(s.arrival for s in dated if s.arrival)
        last = max(s.departure for s in dated if s.departure)
        parts.insert(0, f"{long_date(first)} to {long_date(last)}")
    return " · ".join(parts)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def status_text(site: Site) -> str:
    return {SiteStatus.VISITED: "visited", SiteStatus.PLANNED: "planned",
            SiteStatus.IDEA: "an idea", SiteStatus.SKIPPED: "skipped"}[site.status]  # fmt: skip


def map_image_bytes(image: bytes | Path | None) -> tuple[bytes, str] | None:
    """The map picture and its media type; only PNG and JPEG are accepted."""
    if image is None:
        return None
    if isinstance(image, Path):
        try:
            if image.stat().st_size > MAX_IMAGE_BYTES:
                raise ValidationError(f"The map picture {image.name} is too large.")
            data = image.read_bytes()
        except OSError as exc:
            raise ValidationError(f"Cannot read the map picture {image}: {exc.strerror}.") from None
    else:
        data = image
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data, "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return data, "image/jpeg"
    raise ValidationError("The map picture must be a PNG or JPEG image.")


# -- Markdown ---------------------------------------------------------------------------


def write_markdown(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    book = build_travelogue(doc, options.unit)
    lines = [f"# {markdown_text(book.title)}", "", f"*{markdown_text(book.summary)}*", ""]
    if book.description:
        lines += [markdown_text(book.description), ""]
    image = map_image_bytes(options.map_image)
    if image is not None:
        encoded = base64.b64encode(image[0]).decode("ascii")
        lines += [f"![Map of the trip](data:{image[1]};base64,{encoded})", ""]
    for entry in book.introduction:
        lines += _markdown_entry(entry, level=2)
    for chapter in book.chapters:
        lines += [f"## {chapter.number}. {markdown_text(chapter.heading)}", ""]
        lines += [f"**{markdown_text(chapter.dates())}**  ", markdown_text(chapter.leg()) + "  "]
        lines += [markdown_text(chapter.where()), ""]
        if chapter.stop.notes:
            lines += [markdown_text(chapter.stop.notes), ""]
        if chapter.is_empty:
            lines += [f"*{EMPTY_CHAPTER}*", ""]
        if chapter.sites_by_theme:
            lines += ["### Sites", ""]
            for theme, sites in chapter.sites_by_theme:
                lines += [f"#### {markdown_text(theme.label)}", ""]
                for site in sites:
                    text = f"- **{markdown_text(site.name)}** ({status_text(site)})"
                    if site.description:
                        text += f": {markdown_text(site.description)}"
                    lines.append(text)
                lines.append("")
        if chapter.journal:
            lines += ["### Journal", ""]
            for entry in chapter.journal:
                lines += _markdown_entry(entry, level=4)
    if book.costs is not None:
        lines += markdown_costs(book.costs)
        book.note_missing_rates(options)
    lines += ["---", f"*Written with {GENERATOR}.*", ""]
    out.write("\n".join(lines).encode("utf-8"))


def _markdown_entry(entry: JournalEntry, *, level: int) -> list[str]:
    heading = "#" * level
    # Read and written again as the HTML export reads it: no raw HTML, no hostile link.
    body = safe_markdown(demote_headings(entry.body.strip(), level))
    return [f"{heading} {long_date(entry.day)}: {markdown_text(entry.title)}", "", body, ""]


# -- HTML -------------------------------------------------------------------------------


def write_html(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """The trip book as one self-contained HTML page (`cityplanner.formats.book.html`)."""
    # Imported here: the book builds on this module's chapters.
    from cityplanner.formats.book.html import write_html_book

    write_html_book(doc, out, options)
