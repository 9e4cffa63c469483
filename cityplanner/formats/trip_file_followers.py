"""What a stop kept against its removal keeps with it, in a trip file merge.

The merge (`trip_file_merge`) decides each object on its own. A stop removed on one side
and kept (in a conflict, or for a site added on the other side) would still lose what the
store did on the removing side when it removed the stop: it deleted the stop's sites and
cleared the costs', journal entries' and photos' references to the stop and to its sites.
Those are no edits of that side's, only consequences of the removal that is not applied,
so they are taken back from the side that kept the stop.
"""

from __future__ import annotations

from collections.abc import Mapping

from cityplanner.store.sync import TripRecords
from cityplanner.store.sync_records import Record


def keep_followers(records: TripRecords, mine: TripRecords, theirs: TripRecords) -> None:
    """A stop kept although one side removed it keeps what only followed from that
    removal on that side: the stop's sites (removed with it) and the references to the
    stop and its sites (cleared with it) of journal entries, costs, photos and tracks.
    Both sides' records are read: the side that removed the stop no longer tells."""
    stops, sites = records.of("stops"), records.of("sites")
    for side, other in ((mine, theirs), (theirs, mine)):
        for uid, site in side.of("sites").items():
            if uid not in sites and site["stop"] in stops and site["stop"] not in (
                other.of("stops")
            ) and uid not in other.of("sites"):  # fmt: skip
                sites[uid] = site
    pools = {"stop": stops, "leg_stop": stops, "site": sites}
    for kind in ("journal", "costs", "photos", "tracks"):
        merged = records.of(kind)
        for uid, record in list(merged.items()):
            back = _followed(kind, uid, record, pools, (mine, theirs))
            if not back:
                continue
            fixed = {**record, **back}
            on = sites.get(fixed.get("site") or "")
            if kind == "photos" and on is not None and on["stop"] != fixed["stop"]:
                fixed["site"] = None  # a photo's site is on its own stop
            merged[uid] = fixed


def _followed(
    kind: str,
    uid: str,
    record: Record,
    pools: Mapping[str, Mapping[str, Record]],
    sides: tuple[TripRecords, TripRecords],
) -> dict[str, str]:
    """The references of `record` cleared only because one side removed what they name,
    with the value the other side keeps (while what they name is kept)."""
    mine, theirs = sides
    for side, other in ((mine, theirs), (theirs, mine)):
        kept, cleared = side.of(kind).get(uid), other.of(kind).get(uid)
        if kept is None or cleared is None:
            continue
        back = {
            key: kept[key]
            for key, pool in pools.items()
            if key in record and record[key] is None and cleared[key] is None
            and kept[key] is not None and kept[key] in pool
            and kept[key] not in other.of("stops" if key != "site" else "sites")
        }  # fmt: skip
        if kind == "costs" and any(record[key] is not None for key in pools):
            continue  # a cost names one of them at most: it has one already
        if back:
            return back
    return {}
