"""Which trip file a trip file is, and which exchanges its trip descends from.

Two optional members of trip.json (version 1 readers ignore them, and files without them
still read): `export_id`, the file's own identifier, and `based_on`, the identifiers of
the trip files its writer's database remembers for the trip, latest first
(`cityplanner.store.sync_bases`). An import looks among them for one it remembers too,
the common ancestor to merge against. A file that names no id, as older CityPlanners
wrote them, is named by the time it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.trip_file_fields import Fields

#: Most exchanges a file may say it is based on (a writer names at most 40).
MAX_BASED_ON = 100


@dataclass(frozen=True)
class Lineage:
    """A file's id (empty: it names none) and the exchanges it is based on."""

    export_id: str = ""
    based_on: tuple[str, ...] = field(default_factory=tuple)


def read_lineage(document: dict[str, Any], label: str) -> Lineage:
    """The file's `export_id` and `based_on`, each identifier checked as a uid is."""
    envelope = Fields(document, label)
    export_id = envelope.uid("export_id") if document.get("export_id") else ""
    based_on = document.get("based_on", [])
    if not isinstance(based_on, list) or len(based_on) > MAX_BASED_ON:
        raise envelope.fail("based_on", f"a list of at most {MAX_BASED_ON} identifiers")
    names = []
    for number, value in enumerate(based_on):
        item = Fields({"based_on": value}, label)
        try:
            names.append(item.uid("based_on"))
        except ValidationError:
            raise envelope.fail(
                "based_on", f"a list of at most {MAX_BASED_ON} identifiers (item {number + 1})"
            ) from None
    return Lineage(export_id, tuple(dict.fromkeys(names)))
