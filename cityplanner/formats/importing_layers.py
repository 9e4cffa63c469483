"""Imports of a file whose layers become trips: a plan per layer, all written at once."""

from __future__ import annotations

import logging
from pathlib import Path

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import MAX_NAME_LENGTH, plain_line
from cityplanner.formats.document import ParsedFile
from cityplanner.formats.importing import ImportPreview, ImportResult, _apply, preview
from cityplanner.store import Store
from cityplanner.store.database import writing

log = logging.getLogger(__name__)


def preview_layers(
    store: Store, parsed: ParsedFile, *, trip_id: int | None, new_name: str
) -> ImportPreview:
    if trip_id is not None:
        raise ValidationError(
            f"Each layer of {parsed.label} becomes a trip of its own, so it cannot go into "
            "an existing trip: import it into new trips, or its layers as sites."
        )
    base = new_name.strip() or parsed.trip_name or Path(parsed.label).stem
    parts = [
        preview(store, part, new_name=_layer_trip_name(base, part.trip_name))
        for part in parsed.parts
    ]
    return ImportPreview(parsed, None, base, [], [], [], parts=parts)


def _layer_trip_name(base: str, layer: str) -> str:
    """ "Iceland 2025 – Restaurants"; the base alone for places outside every layer."""
    if not layer or layer.casefold() == base.casefold():
        return base
    return plain_line(f"{base} – {layer}")[:MAX_NAME_LENGTH].rstrip()


def apply_layers(store: Store, plan: ImportPreview, *, skip_duplicates: bool) -> ImportResult:
    """Every layer's trip in one transaction: all of them are written, or none."""
    if skip_duplicates and plan.duplicate_count == plan.place_count:
        raise ValidationError(
            f"Every place in {plan.parsed.label} is already in the database; nothing was imported."
        )
    results: list[ImportResult] = []
    with writing(store.db, f"import {plan.parsed.label}"):
        for part in plan.parts:
            if skip_duplicates and part.duplicate_count == part.place_count:
                continue  # a layer of duplicates only makes no empty trip
            results.append(_apply(store, part, skip_duplicates=skip_duplicates))
    first = results[0]
    return ImportResult(
        trip=first.trip,
        stops=sum(r.stops for r in results),
        sites=sum(r.sites for r in results),
        skipped=sum(r.skipped for r in results),
        created_trip=True,
        stop_ids=tuple(i for r in results for i in r.stop_ids),
        site_ids=tuple(i for r in results for i in r.site_ids),
        trips=tuple(r.trip for r in results),
    )
