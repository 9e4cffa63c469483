"""KML and KMZ: a folder and a style per theme, the route as a line; placemarks on import."""

from __future__ import annotations

import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from typing import BinaryIO
from xml.etree.ElementTree import Element

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import plain_text
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import (
    ExportOptions,
    ImportOptions,
    ParsedFile,
    PendingSite,
    TripDocument,
)
from cityplanner.formats.escape import coordinate, xml_text
from cityplanner.formats.fields import (
    KIND_ROUTE,
    KIND_SITE,
    KIND_STOP,
    clean_name,
    make_site,
    make_stop,
    site_fields,
    stop_fields,
    stop_reference,
)
from cityplanner.formats.kml_tracks import GX_NS, TRACK_FIELD, read_line, tracks_folder
from cityplanner.formats.safety import KmzArchive, check_feature_count, parse_xml
from cityplanner.formats.theme_colours import ROUTE_COLOUR, STOP_COLOUR, theme_colour
from cityplanner.formats.tracks import PointBudget, TooManyPoints
from cityplanner.formats.wording import counted, first_reason

log = logging.getLogger(__name__)

KML_NS = "http://www.opengis.net/kml/2.2"
STOPS_FOLDER = "Stops"
_COMMA_SPACES = re.compile(r"\s*,\s*")


# -- export ---------------------------------------------------------------------------


def write_kml(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    out.write(kml_bytes(doc))


def write_kmz(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """A KMZ is a zip archive whose first entry, doc.kml, is the document."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml_bytes(doc))
    out.write(buffer.getvalue())


def kml_bytes(doc: TripDocument) -> bytes:
    gx = f' xmlns:gx="{GX_NS}"' if doc.tracks else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<kml xmlns="{KML_NS}"{gx}>\n<Document>\n',
        f"<name>{xml_text(doc.trip.name)}</name>\n",
        f"<description>{xml_text(doc.trip.description)}</description>\n"
        if doc.trip.description
        else "",
        _icon_style(KIND_STOP, STOP_COLOUR, scale=1.2),
        f'<Style id="{KIND_ROUTE}"><LineStyle><color>{_kml_colour(ROUTE_COLOUR)}</color>'
        "<width>3</width></LineStyle></Style>\n",
    ]
    themes = [t for t in Theme if any(s.theme is t for s in doc.sites)]
    parts.extend(_icon_style(f"theme-{t.value}", theme_colour(t), scale=0.9) for t in themes)
    parts.append(f"<Folder>\n<name>{STOPS_FOLDER}</name>\n")
    for stop in doc.stops:
        parts.append(
            _placemark(
                stop.name,
                stop.notes,
                KIND_STOP,
                KIND_STOP,
                stop_fields(stop),
                f"{coordinate(stop.place.lon)},{coordinate(stop.place.lat)}",
            )
        )
    parts.append("</Folder>\n")
    if len(doc.stops) > 1:
        line = " ".join(f"{coordinate(s.place.lon)},{coordinate(s.place.lat)}" for s in doc.stops)
        parts.append(
            f"<Placemark><name>{xml_text(doc.trip.name)}</name><styleUrl>#{KIND_ROUTE}</styleUrl>"
            f'<ExtendedData><Data name="kind"><value>{KIND_ROUTE}</value></Data></ExtendedData>'
            f"<LineString><tessellate>1</tessellate><coordinates>{line}</coordinates>"
            "</LineString></Placemark>\n"
        )
    for theme in themes:
        parts.append(f"<Folder>\n<name>{xml_text(theme.label)}</name>\n")
        for site in doc.sites:
            if site.theme is not theme:
                continue
            lat, lon, approximate = doc.site_point(site)
            fields = site_fields(site, doc.position_of(site.stop_id), approximate=approximate)
            parts.append(
                _placemark(
                    site.name,
                    site.description,
                    f"theme-{theme.value}",
                    KIND_SITE,
                    fields,
                    f"{coordinate(lon)},{coordinate(lat)}",
                )
            )
        parts.append("</Folder>\n")
    parts.append(tracks_folder(doc.tracks))
    parts.append("</Document>\n</kml>\n")
    return "".join(parts).encode("utf-8")


def _icon_style(style_id: str, colour: str, *, scale: float) -> str:
    return (
        f'<Style id="{style_id}"><IconStyle><color>{_kml_colour(colour)}</color>'
        f"<scale>{scale}</scale></IconStyle></Style>\n"
    )


def _placemark(
    name: str, description: str, style: str, kind: str, fields: dict[str, str], point: str
) -> str:
    data = "".join(
        f'<Data name="{key}"><value>{xml_text(value)}</value></Data>'
        for key, value in {"kind": kind, **fields}.items()
    )
    desc = f"<description>{xml_text(description)}</description>" if description else ""
    return (
        f"<Placemark><name>{xml_text(name)}</name>{desc}<styleUrl>#{style}</styleUrl>"
        f"<ExtendedData>{data}</ExtendedData>"
        f"<Point><coordinates>{point}</coordinates></Point></Placemark>\n"
    )


def _kml_colour(rgb: str) -> str:
    """KML writes colours as aabbggrr."""
    red, green, blue = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"ff{blue}{green}{red}".lower()


# -- import ---------------------------------------------------------------------------


def read_kmz(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """The archive's main KML and the KML files inside it that it links to."""
    roots, outside = _kmz_documents(data, label)
    parsed = _read_roots(roots, label, options)
    parsed.kind = "KMZ"
    if outside:
        parsed.notes.append(
            f"{counted(outside, 'network link')} to files outside the archive left out "
            "(CityPlanner reads only the files inside it)."
        )
    return parsed


def read_kml(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Point placemarks become stops, or sites when their folder names a theme. Network
    links are never followed, to the network or to a file beside it: only the file chosen
    is read (a KMZ follows the links inside its own archive only)."""
    root = _kml_root(data, label)
    parsed = _read_roots([root], label, options)
    if links := sum(1 for _ in _link_hrefs(root)):
        parsed.notes.append(
            f"{counted(links, 'network link')} not followed: CityPlanner reads only the file "
            "itself."
        )
    return parsed


def _kml_root(data: bytes, label: str) -> Element:
    root = parse_xml(data, label, "KML")
    if _local(root.tag) != "kml":
        raise ValidationError(f"{label} is not a KML file (its root element is not <kml>).")
    return root


def _kmz_documents(data: bytes, label: str) -> tuple[list[Element], int]:
    """The main document and every KML file inside the archive it links to, with how
    many links point elsewhere (the network, or files the archive does not hold).

    Each file is read once, which ends link cycles; the archive bounds how many
    files and bytes there can be.
    """
    roots: list[Element] = []
    outside = 0
    with KmzArchive(data, label) as archive:
        queue, seen = [archive.main], {archive.main}
        while queue:
            name = queue.pop(0)
            where = label if name == archive.main else f"{label} ({name})"
            root = _kml_root(archive.read(name), where)
            roots.append(root)
            for href in _link_hrefs(root):
                target = archive.find(href, relative_to=name)
                if target is None:
                    outside += 1
                elif target not in seen:
                    seen.add(target)
                    queue.append(target)
    return roots, outside


def _link_hrefs(root: Element) -> Iterator[str]:
    for link in root.iter():
        if _local(link.tag) != "NetworkLink":
            continue
        for child in link:
            if _local(child.tag) in ("Link", "Url") and (href := _child_text(child, "href")):
                yield href


def _read_roots(roots: list[Element], label: str, options: ImportOptions) -> ParsedFile:
    parsed = ParsedFile(label=label, kind="KML")
    document = next((c for c in roots[0] if _local(c.tag) in ("Document", "Folder")), None)
    if document is not None:
        parsed.trip_name = clean_name(_child_text(document, "name"), "")
        parsed.trip_description = plain_text(_child_text(document, "description")).strip()
    placemarks = [found for root in roots for found in _placemarks(root, "")]
    check_feature_count(len(placemarks), label)
    # Imported here: the layers are read with this module's placemark functions.
    from cityplanner.formats import kml_layers

    parsed.layers = kml_layers.layer_names(document)
    if options.layers_as == "trips" and parsed.layers:
        parsed.parts = kml_layers.layer_trips(parsed, roots, document, options)
    elif options.layers_as == "sites" and parsed.layers:
        kml_layers.read_layers_as_sites(parsed, placemarks, options)
    else:
        read_placemarks(parsed, placemarks, options)
    return parsed


def read_placemarks(
    parsed: ParsedFile, placemarks: list[tuple[Element, str]], options: ImportOptions
) -> None:
    """Add each placemark to `parsed`, noting what was left out and why."""
    outcomes: Counter[str] = Counter()
    first_bad = ""
    budget = PointBudget(parsed.label)
    for index, (placemark, folder) in enumerate(placemarks, start=1):
        stops, sites, tracks = len(parsed.stops), len(parsed.sites), len(parsed.tracks)
        try:
            outcomes[_add_placemark(parsed, placemark, folder, index, options, budget)] += 1
        except TooManyPoints:
            raise
        except ValidationError as exc:
            # One broken placemark costs itself, not the file (as GDAL reads it).
            del parsed.stops[stops:], parsed.sites[sites:], parsed.tracks[tracks:]
            outcomes["bad"] += 1
            first_bad = first_bad or f"placemark {index}: {first_reason(exc)}"
    if outcomes["line"]:
        parsed.notes.append(
            f"{counted(outcomes['line'], 'area or model placemark')} left out "
            "(they are neither places nor lines)."
        )
    if outcomes["empty"]:
        parsed.notes.append(
            f"{counted(outcomes['empty'], 'placemark')} without coordinates left out."
        )
    if outcomes["bad"]:
        parsed.notes.append(
            f"{counted(outcomes['bad'], 'placemark')} that could not be read left out "
            f"(the first, {first_bad})."
        )


def _placemarks(element: Element, folder: str) -> Iterator[tuple[Element, str]]:
    """Placemarks with the name of their folder, in document order.

    The walk keeps its own stack rather than recursing: `parse_xml` already bounds the
    depth, and this way no nesting can exhaust Python's.
    """
    stack: list[tuple[Iterator[Element], str]] = [(iter(element), folder)]
    while stack:
        children, current = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        name = _local(child.tag)
        if name == "Placemark":
            yield child, current
        elif name == "Folder":
            stack.append((iter(child), clean_name(_child_text(child, "name"), "")))
        elif name == "Document":
            stack.append((iter(child), current))


def _add_placemark(
    parsed: ParsedFile,
    placemark: Element,
    folder: str,
    index: int,
    options: ImportOptions,
    budget: PointBudget,
) -> str:
    fields = _extended_data(placemark)
    kind = fields.pop("kind", "").strip().lower()
    if kind == KIND_ROUTE:
        return "route"
    points = _points(placemark)
    name = clean_name(_child_text(placemark, "name"), f"Placemark {index}")
    description = _child_text(placemark, "description")
    line = read_line(placemark, name, fields.pop(TRACK_FIELD, ""), budget)
    if line is not None:
        parsed.tracks.append(line)
    if not points and not (kind == KIND_SITE and fields.get("stop")):
        if line is not None:
            return "track"
        return "line" if _has_geometry(placemark) else "empty"
    folder_theme = options.theme_for_folder(folder) if folder != STOPS_FOLDER else None
    if kind in (KIND_STOP, KIND_SITE):
        as_site = kind == KIND_SITE
    elif options.points_as == "auto":
        as_site = folder_theme is not None
    else:
        as_site = options.points_as == "sites"
    # A MultiGeometry holds several points: each is a place, numbered after the first.
    names = [name] + [f"{name} ({n})" for n in range(2, len(points) + 1)]
    pairs: list[tuple[str | None, str | None]] = [*points] or [(None, None)]
    if not as_site:
        fields.setdefault("notes", description)
        parsed.stops.extend(
            make_stop(n, lat, lon, fields) for n, (lon, lat) in zip(names, pairs, strict=True)
        )
        if folder and folder != STOPS_FOLDER and kind != KIND_STOP:
            parsed.folders[folder] = parsed.folders.get(folder, 0) + len(pairs)
        return "stop"
    fields.setdefault("description", description)
    theme = folder_theme or options.default_theme
    stop_index = stop_reference(fields)
    parsed.sites.extend(
        PendingSite(make_site(n, lat, lon, fields, theme=theme), stop_index, folder)
        for n, (lon, lat) in zip(names, pairs, strict=True)
    )
    return "site"


def _extended_data(placemark: Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for block in placemark:
        if _local(block.tag) != "ExtendedData":
            continue
        for item in block.iter():
            tag = _local(item.tag)
            if tag == "Data" and item.get("name"):
                fields[str(item.get("name"))] = _child_text(item, "value")
            elif tag == "SimpleData" and item.get("name"):
                fields[str(item.get("name"))] = (item.text or "").strip()
    return fields


def _points(placemark: Element) -> list[tuple[str, str]]:
    """(longitude, latitude) of each Point of a placemark, also inside a MultiGeometry."""
    points: list[tuple[str, str]] = []
    for element in placemark.iter():
        if _local(element.tag) == "Point" and (text := _child_text(element, "coordinates")):
            points.append(_lax_pair(text))
    return points


def _lax_pair(text: str) -> tuple[str, str]:
    """The first position of a <coordinates> text, read as laxly as GDAL reads it:
    spaces or line breaks around the commas, an altitude or not, stray commas."""
    tuples = _COMMA_SPACES.sub(",", text).split()
    parts = [part for part in tuples[0].split(",") if part] if tuples else []
    if len(parts) < 2:
        shown = text if len(text) <= 40 else f"{text[:40]}…"
        raise ValidationError(f"The coordinates {shown!r} are not 'longitude,latitude'.")
    return parts[0], parts[1]


def _has_geometry(placemark: Element) -> bool:
    shapes = {"Polygon", "LinearRing", "Model"}
    return any(_local(e.tag) in shapes for e in placemark.iter())


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
