"""The trip book as one self-contained HTML page: the PDF's content, for a browser.

Maps are inline SVG, photos data: URIs of copies at most 1200 px across, and a content
security policy forbids any load or script. Printed from a browser, each chapter starts
a page.
"""

from __future__ import annotations

import base64
import logging
from typing import BinaryIO

from cityplanner.domain.themes import theme_colour
from cityplanner.domain.units import distance_text
from cityplanner.domain.vocabulary import TravelMode
from cityplanner.domain.wording import short_date
from cityplanner.formats.book.html_parts import (
    Images,
    blocks_html,
    legend_html,
    map_html,
    photos_html,
)
from cityplanner.formats.book.images import SCREEN_SIZE
from cityplanner.formats.book.model import Book, BookChapter, EntryItem, country_name
from cityplanner.formats.book.pdf_lists import ITINERARY, ON_THE_WAY, STATISTICS
from cityplanner.formats.book.prepare import prepare
from cityplanner.formats.book.progress import Cancelled, Progress, Steps
from cityplanner.formats.document import GENERATOR, ExportOptions, TripDocument
from cityplanner.formats.markup import html_text
from cityplanner.formats.travelogue import long_date, map_image_bytes, status_text
from cityplanner.formats.travelogue_costs import HTML_CSS, html_costs
from cityplanner.geo.stats import UNSPECIFIED
from cityplanner.maps import book_maps

log = logging.getLogger(__name__)

_CSS = """
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 48em; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 2.3em; margin-bottom: .2em; }
h2 { border-bottom: 2px solid #c0392b; padding-bottom: .2em; margin-top: 2.5em; }
.summary, .meta, .note { color: #555; }
.meta strong { color: #222; }
.note { font-size: .85em; font-style: italic; }
.theme { border-left: 6px solid; padding-left: .5em; }
.status { color: #666; font-size: .9em; }
.num { display: inline-block; min-width: 1.4em; border-radius: .7em; color: #fff;
       text-align: center; font-size: .75em; font-weight: bold; margin-right: .3em; }
figure { margin: 1.2em 0; }
figure.map { position: relative; }
figure.map svg { width: 100%; height: auto; display: block; }
figure.map .inset { position: absolute; top: 3%; right: 1.5%; width: 26%;
                    border: 2px solid #fff; }
figure.picture img, .photos img { max-width: 100%; height: auto; }
figure.picture { text-align: center; }
figcaption { font-size: .85em; color: #555; }
.photos { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr));
          gap: 1em; }
.photos.small { grid-template-columns: repeat(auto-fill, minmax(9em, 1fr)); }
.photos figure { margin: 0; }
.when { color: #777; font-style: italic; }
.legend { list-style: none; padding: 0; columns: 3; font-size: .85em; }
.legend svg { vertical-align: middle; }
table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }
th, td { border-bottom: 1px solid #ccc; padding: .25em .6em; vertical-align: top; }
th { background: #eee9de; text-align: left; }
table.journal th, table.journal td { border: 1px solid #ccc; }
td.n { text-align: right; }
blockquote { border-left: 4px solid #c0392b; margin-left: 0; padding-left: 1em;
             color: #555; font-style: italic; }
article.entry h5, article.entry h6 { font-size: 1em; margin: 1em 0 .3em; }
article.entry { background: #faf8f2; padding: .5em 1em; margin: 1em 0; border-radius: 4px; }
nav ol { padding-left: 1.5em; }
footer { margin-top: 3em; color: #888; font-size: .85em; }
@media print {
  body { max-width: none; margin: 0; }
  section.chapter, section.part { break-before: page; }
  figure, tr, .photos figure { break-inside: avoid; }
  a { color: inherit; }
}
"""


def write_html_book(
    doc: TripDocument,
    out: BinaryIO,
    options: ExportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write the book as one HTML page (see `write_book_pdf` for progress and cancel)."""
    steps = Steps(progress, cancelled)
    # Cover and itinerary, done.
    book, images = prepare(
        doc, options, steps, photo_size=SCREEN_SIZE, picture_size=SCREEN_SIZE, other_steps=2
    )
    costs = book.travelogue.costs
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta name="generator" content="{GENERATOR}">\n',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n",
        f"<title>{html_text(book.title)}</title>\n",
        f"<style>{_CSS}{HTML_CSS if costs is not None else ''}</style>\n</head>\n<body>\n",
        _cover(book, options),
        _contents(book),
        _itinerary(book),
    ]
    steps.step("Cover and itinerary")
    if book.introduction:
        parts.append('<section class="part" id="introduction"><h2>Introduction</h2>\n')
        parts.extend(_entry(item, images) for item in book.introduction)
        parts.append("</section>\n")
    for number, chapter in enumerate(book.chapters, start=1):
        parts.append(_chapter(book, chapter, images))
        steps.step(f"Chapter {number} of {len(book.chapters)}: {chapter.stop.name}")
    if book.on_the_way:
        parts.append(_on_the_way(book))
    parts.append(_statistics(book))
    if costs is not None:
        parts.append(html_costs(costs))
        book.travelogue.note_missing_rates(options)
    parts.append(f"<footer>Written with {GENERATOR}.</footer>\n</body>\n</html>\n")
    data = "".join(parts).encode("utf-8")
    steps.check()
    out.write(data)
    steps.step("Done")


def _cover(book: Book, options: ExportOptions) -> str:
    parts = [
        f"<header><h1>{html_text(book.title)}</h1>\n",
        f'<p class="summary">{html_text(book.travelogue.summary)}</p>\n',
    ]
    if book.travelogue.description:
        parts.append(f"<p>{html_text(book.travelogue.description)}</p>\n")
    image = map_image_bytes(options.map_image)
    if image is not None:
        encoded = base64.b64encode(image[0]).decode("ascii")
        parts.append(
            f'<figure class="picture"><img src="data:{image[1]};base64,{encoded}" '
            'alt="Map of the trip"></figure>\n'
        )
    elif book.stops:
        svg = book_maps.trip_map_svg(
            book.stops, book.sites, title=f"Map of {book.title}", unit=book.unit
        )
        parts.append(map_html(svg))
    if book.stops:
        parts.append(legend_html(book))
        route = " · ".join(f"{i} {stop.name}" for i, stop in enumerate(book.stops, start=1))
        parts.append(f'<p class="note">The route: {html_text(route)}</p>\n')
    parts.append("</header>\n")
    return "".join(parts)


def _contents(book: Book) -> str:
    links = [("itinerary", ITINERARY)]
    if book.introduction:
        links.append(("introduction", "Introduction"))
    links += [(f"stop-{c.chapter.number}", c.chapter.title) for c in book.chapters]
    if book.on_the_way:
        links.append(("on-the-way", ON_THE_WAY))
    links.append(("statistics", STATISTICS))
    items = "".join(f'<li><a href="#{key}">{html_text(text)}</a></li>' for key, text in links)
    return f"<nav><h2>Contents</h2><ol>{items}</ol></nav>\n"


def _itinerary(book: Book) -> str:
    rows = []
    for chapter in book.travelogue.chapters:
        stop, first = chapter.stop, chapter.number == 1
        cells = [
            str(chapter.number),
            stop.name,
            country_name(stop.place.country_code),
            short_date(stop.arrival, year=True) if stop.arrival else "",
            str(stop.nights),
            "" if first or stop.mode is None else stop.mode.label,
            "" if first else distance_text(chapter.leg_km, book.unit),
        ]
        numeric = ('<td class="n">' if i in (0, 4, 6) else "<td>" for i in range(len(cells)))
        row = "".join(f"{tag}{html_text(c)}</td>" for tag, c in zip(numeric, cells, strict=True))
        rows.append(f"<tr>{row}</tr>\n")
    head = "".join(
        f"<th>{h}</th>" for h in ("#", "Stop", "Country", "Arrival", "Nights", "Arrived by", "Leg")
    )
    return (
        f'<section class="part" id="itinerary"><h2>{ITINERARY}</h2>\n<table>'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody></table>\n"
        "</section>\n"
    )


def _chapter(book: Book, item: BookChapter, images: Images) -> str:
    chapter = item.chapter
    parts = [
        f'<section class="chapter" id="stop-{chapter.number}">\n',
        f"<h2>{html_text(chapter.title)}</h2>\n",
        f'<p class="meta"><strong>{html_text(chapter.dates())}</strong><br>'
        f"{html_text(chapter.leg())}<br>{html_text(chapter.where())}</p>\n",
    ]
    if chapter.stop.notes:
        parts.append(f"<p>{html_text(chapter.stop.notes)}</p>\n")
    numbered = item.numbered_sites
    main, inset = book_maps.stop_map_svg(
        book.stops,
        book.sites,
        item.stop,
        numbered,
        title=f"Map of {chapter.heading}",
        key=f"stop-{chapter.number}",
        unit=book.unit,
    )
    parts.append(map_html(main, inset))
    if item.sites:
        parts.append("<h3>Sites</h3>\n")
        for theme, sites in item.sites:
            colour = theme_colour(theme)
            parts.append(
                f'<h4 class="theme" style="border-color: {colour}">'
                f"{html_text(theme.label)}</h4>\n<ul>\n"
            )
            for site_item in sites:
                site = site_item.site
                number = (
                    f'<span class="num" style="background: {colour}">{site_item.number}</span>'
                    if site_item.number
                    else ""
                )
                text = (
                    f"{number}<strong>{html_text(site.name)}</strong> "
                    f'<span class="status">({html_text(status_text(site))})</span>'
                )
                if site.description:
                    text += f": {html_text(site.description)}"
                parts.append(
                    f"<li>{text}{photos_html(site_item.photos, images, small=True)}</li>\n"
                )
            parts.append("</ul>\n")
    if item.entries:
        parts.append("<h3>Journal</h3>\n")
        parts.extend(_entry(entry, images) for entry in item.entries)
    if item.photos:
        parts.append("<h3>Photos</h3>\n" + photos_html(item.photos, images))
    parts.append("</section>\n")
    return "".join(parts)


def _entry(item: EntryItem, images: Images) -> str:
    entry = item.entry
    return (
        f'<article class="entry"><h4>{html_text(long_date(entry.day))}: '
        f"{html_text(entry.title)}</h4>\n{blocks_html(item.blocks, images)}"
        f"{photos_html(item.photos, images)}</article>\n"
    )


def _on_the_way(book: Book) -> str:
    rows = "".join(
        f'<tr><td class="n">{c.number}</td><td>{html_text(c.heading)}</td>'
        f"<td>{html_text(c.dates())}</td><td>{html_text(c.leg())}</td>"
        f"<td>{html_text(' '.join(c.stop.notes.split()))}</td></tr>\n"
        for c in book.on_the_way
    )
    return (
        f'<section class="part" id="on-the-way"><h2>{ON_THE_WAY}</h2>\n'
        '<p class="note">Stops of the trip with no sites, journal entries or photos '
        "recorded.</p>\n<table><thead><tr><th>#</th><th>Stop</th><th>When</th><th>How</th>"
        f"<th>Notes</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n</section>\n"
    )


def _statistics(book: Book) -> str:
    stats, unit = book.stats, book.unit
    facts = [
        ("Stops", f"{stats.stops:,}"),
        ("Days", f"{stats.days:,}"),
        ("Nights", f"{stats.nights:,}"),
        ("Countries", ", ".join(country_name(c) for c in stats.countries) or "0"),
        ("Distance", distance_text(stats.km, unit)),
        ("Travel time", f"about {stats.hours:,.1f} h"),
        ("CO2e", f"about {stats.co2e_kg:,.0f} kg"),
        ("Photos in this book", f"{len(book.photos()):,}"),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{html_text(v)}</td></tr>\n" for k, v in facts)
    modes = "".join(
        f'<tr><td>{html_text(_mode_label(key))}</td><td class="n">{t.legs}</td>'
        f'<td class="n">{html_text(distance_text(t.km, unit))}</td>'
        f'<td class="n">{"" if t.co2e_kg is None else f"{t.co2e_kg:,.0f}"}</td></tr>\n'
        for key, t in sorted(stats.by_mode.items(), key=lambda kv: -kv[1].km)
    )
    nights = "".join(
        f"<tr><td>{html_text(country_name(code) or 'Country not known')}</td>"
        f'<td class="n">{count}</td></tr>\n'
        for code, count in stats.nights_by_country.items()
        if count
    )
    return (
        f'<section class="part" id="statistics"><h2>{STATISTICS}</h2>\n<table>{rows}</table>\n'
        f"<h3>Distance by travel mode</h3>\n<table><thead><tr><th>Mode</th><th>Legs</th>"
        f"<th>Distance</th><th>kg CO2e</th></tr></thead>\n<tbody>{modes}</tbody></table>\n"
        "<h3>Nights by country</h3>\n<table><thead><tr><th>Country</th><th>Nights</th></tr>"
        f"</thead>\n<tbody>{nights}</tbody></table>\n"
        f'<p class="note">Travel times and CO2e are estimates. CO2e factors: '
        f"{html_text(stats.co2e_source)}.</p>\n</section>\n"
    )


def _mode_label(key: str) -> str:
    return "Not set" if key == UNSPECIFIED else TravelMode(key).label
