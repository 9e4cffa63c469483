"""The layers of a Google My Maps file: each a trip of its own, or a group of sites.

A My Maps export (KML, or KMZ with doc.kml) holds one Folder per layer directly inside
its Document, its placemarks styled and carrying ExtendedData; which layer a place is in
is often all that says what it is ("Hotels", "Day 2"). `ImportOptions.layers_as` decides.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from xml.etree.ElementTree import Element

from cityplanner.domain.validation import plain_text
from cityplanner.formats.document import ImportOptions, ParsedFile
from cityplanner.formats.fields import clean_name
from cityplanner.formats.kml import _child_text, _local, _placemarks, read_placemarks
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)


def layer_names(document: Element | None) -> list[str]:
    """The names of a file's layers, in order; [] for a file without any."""
    return [name for name, _ in _layers(document)]


def _layers(document: Element | None) -> list[tuple[str, Element]]:
    """The layers of a Google My Maps file: the folders directly inside its Document,
    each named (after its position when it has no name)."""
    if document is None or _local(document.tag) != "Document":
        return []
    folders = [child for child in document if _local(child.tag) == "Folder"]
    return [
        (clean_name(_child_text(folder, "name"), f"Layer {number}"), folder)
        for number, folder in enumerate(folders, start=1)
    ]


def layer_trips(
    parsed: ParsedFile, roots: list[Element], document: Element | None, options: ImportOptions
) -> list[ParsedFile]:
    """One file's worth per layer, read as any KML; places outside every layer make one
    more, named after the document."""
    parts: list[ParsedFile] = []
    layers = _layers(document)
    inside = {id(folder) for _, folder in layers}
    for name, folder in layers:
        part = ParsedFile(label=parsed.label, kind=parsed.kind, trip_name=name)
        part.trip_description = plain_text(_child_text(folder, "description")).strip()
        read_placemarks(part, list(_placemarks(folder, name)), options)
        parts.append(part)
    loose: list[tuple[Element, str]] = []
    for number, root in enumerate(roots):
        for child in document if number == 0 and document is not None else root:
            if id(child) not in inside:
                loose.extend(_placemarks(_wrapped(child), ""))
    if loose:
        part = ParsedFile(label=parsed.label, kind=parsed.kind, trip_name=parsed.trip_name)
        read_placemarks(part, loose, options)
        parts.append(part)
    empty = [p.trip_name for p in parts if not p.count]
    if empty:
        parsed.notes.append(
            f"{counted(len(empty), 'layer')} without places left out: {', '.join(empty)}."
        )
    return [p for p in parts if p.count]


def _wrapped(element: Element) -> Element:
    """An element inside a container of its own, for `_placemarks` to walk."""
    holder = Element("Document")
    holder.append(element)
    return holder


def read_layers_as_sites(
    parsed: ParsedFile, placemarks: list[tuple[Element, str]], options: ImportOptions
) -> None:
    """Every place of a layer is a site, its theme the one its layer's name gives
    (`ImportOptions.theme_for_folder`), else the default theme."""
    as_sites = replace(options, points_as="sites")
    parsed.nearest_city = options.nearest_city
    in_layers = [pair for pair in placemarks if pair[1]]
    loose = [pair for pair in placemarks if not pair[1]]
    read_placemarks(parsed, in_layers, as_sites)
    read_placemarks(parsed, loose, options)
    for site in parsed.sites:
        if site.folder and options.theme_for_folder(site.folder) is None:
            parsed.folders[site.folder] = parsed.folders.get(site.folder, 0) + 1
