"""What of a trip file's record is compared in a merge, and how a person names it."""

from __future__ import annotations

from typing import Any

from cityplanner.store.sync_records import Record

#: The trip's own record, beside the kinds of `cityplanner.store.sync.KINDS`.
TRIP = "trip"

#: Fields that are not compared: stamps, derived values, where a photo's file is.
_NOT_COMPARED = frozenset({"modified_at", "created_at", "leg_km", "position", "file", "added_at"})


def compared(kind: str, record: Record | None) -> dict[str, Any] | None:
    """The fields of a record that say something about the object (see the module)."""
    if record is None:
        return None
    fields = {k: v for k, v in record.items() if k not in _NOT_COMPARED}
    if kind == "stops" and not record.get("pinned"):
        fields["arrival"] = None
    if kind == "tracks":
        # The points are compared by their hash, and read as a person tells them apart.
        count, sha = fields.pop("point_count"), str(fields.pop("sha256"))
        fields["points"] = f"{count:,} points ({sha[:8]}…)"
    return fields


def label(kind: str, record: Record) -> str:
    """How a person recognises an object in a list of changes."""
    if kind in (TRIP, "stops", "sites", "tracks"):
        return str(record["name"])
    if kind == "journal":
        return f"{record['day']} {record['title']}"
    if kind == "costs":
        what = record["note"] or record["category"]
        return f"{what} ({record['amount']} {record['currency']})"
    return str(record["caption"] or record["original"])
