"""KML and KMZ: a folder and a style per theme, the route as a line; placemarks on import."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import BinaryIO
from xml.etree.ElementTree import Element

from cityplanner.domain.errors import ValidationError
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
    FeaturePosition,
    clean_name,
    make_site,
    make_stop,
    site_fields,
    stop_fields,
    stop_reference,
)
from cityplanner.formats.safety import check_feature_count, parse_xml, unpack_kmz
from cityplanner.formats.theme_colours import ROUTE_COLOUR, STOP_COLOUR, theme_colour

log = logging.getLogger(__name__)

KML_NS = "http://www.opengis.net/kml/2.2"
STOPS_FOLDER = "Stops"


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
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<kml xmlns="{KML_NS}">\n<Document>\n',
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
    parsed = read_kml(unpack_kmz(data, label), label, options)
    parsed.kind = "KMZ"
    return parsed


def read_kml(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Point placemarks become stops, or sites when their folder names a theme."""
    root = parse_xml(data, label, "KML")
    if _local(root.tag) != "kml":
        raise ValidationError(f"{label} is not a KML file (its root element is not <kml>).")
    parsed = ParsedFile(label=label, kind="KML")
    document = next((c for c in root if _local(c.tag) in ("Document", "Folder")), None)
    if document is not None:
        parsed.trip_name = clean_name(_child_text(document, "name"), "")
    placemarks = list(_placemarks(root, ""))
    check_feature_count(len(placemarks), label)
    skipped_lines = skipped_empty = 0
    with FeaturePosition(label, "placemark") as where:
        for index, (placemark, folder) in enumerate(placemarks, start=1):
            where.index = index
            outcome = _add_placemark(parsed, placemark, folder, index, options)
            skipped_lines += outcome == "line"
            skipped_empty += outcome == "empty"
    if skipped_lines:
        parsed.notes.append(
            f"{skipped_lines} line, area or track placemark(s) left out (they are not places)."
        )
    if skipped_empty:
        parsed.notes.append(f"{skipped_empty} placemark(s) without coordinates left out.")
    return parsed


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
    parsed: ParsedFile, placemark: Element, folder: str, index: int, options: ImportOptions
) -> str:
    fields = _extended_data(placemark)
    kind = fields.pop("kind", "").strip().lower()
    if kind == KIND_ROUTE:
        return "route"
    point = _point(placemark)
    name = clean_name(_child_text(placemark, "name"), f"Placemark {index}")
    description = _child_text(placemark, "description")
    if point is None and not (kind == KIND_SITE and fields.get("stop")):
        return "line" if _has_geometry(placemark) else "empty"
    lon, lat = point if point is not None else (None, None)
    folder_theme = options.theme_for_folder(folder) if folder != STOPS_FOLDER else None
    if kind in (KIND_STOP, KIND_SITE):
        as_site = kind == KIND_SITE
    elif options.points_as == "auto":
        as_site = folder_theme is not None
    else:
        as_site = options.points_as == "sites"
    if not as_site:
        if folder and folder != STOPS_FOLDER and kind != KIND_STOP:
            parsed.folders[folder] = parsed.folders.get(folder, 0) + 1
        fields.setdefault("notes", description)
        parsed.stops.append(make_stop(name, lat, lon, fields))
        return "stop"
    fields.setdefault("description", description)
    site = make_site(name, lat, lon, fields, theme=folder_theme or options.default_theme)
    parsed.sites.append(PendingSite(site=site, stop_index=stop_reference(fields), folder=folder))
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


def _point(placemark: Element) -> tuple[str, str] | None:
    for element in placemark.iter():
        if _local(element.tag) != "Point":
            continue
        text = _child_text(element, "coordinates")
        if not text:
            return None
        first = text.split()[0].split(",")
        if len(first) < 2:
            raise ValidationError(f"The coordinates {text!r} are not 'longitude,latitude'.")
        return first[0], first[1]
    return None


def _has_geometry(placemark: Element) -> bool:
    shapes = {"LineString", "Polygon", "LinearRing", "Track", "MultiTrack", "Model"}
    return any(_local(e.tag) in shapes for e in placemark.iter())


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
