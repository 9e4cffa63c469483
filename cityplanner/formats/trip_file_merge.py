"""Updating a stored trip from a trip file: a three-way merge, field by field, by uid.

Three states of each object are compared: *mine* (the stored trip), *theirs* (the file),
and the *base*: the object as it was in the trip file that both last held, their common
ancestor (`cityplanner.store.sync_bases.common_base`: the file names the exchanges it
descends from, and this database remembers the last files it wrote and read). A field
that only one side changed since the base takes that side's value; a field both sides
changed to different values is a *conflict*, and so is an object changed on one side and
removed on the other. A conflict is never settled silently: the preview lists it, and it
is settled by a choice per conflict (`Side.MINE` keeps the stored value, `Side.THEIRS`
takes the file's); the default is to keep mine.

Merging against any other state would lose edits: against this database's latest export,
say, when the file comes from someone who received an earlier one, each edit made here
since would read as one undone there, and be reverted. So when the file's ancestor is not
known here (`known` false: a file from an older CityPlanner, or from a chain of exchanges
this database never saw), the base only tells what either side removed since the last file
read here, and every difference between the two sides is a conflict, since nothing tells
which side changed; so it is too with no base at all (a trip never exchanged).

Some fields are derived, and compared by what they derive from: a stop's arrival only
when it is pinned (otherwise it follows the schedule), its leg length never. The stops'
order is merged as a whole: if only one side reordered the stops they share, its order
wins; if both did, the order is one more conflict. Stops added on either side keep their
place after the stop they followed. An object kept by one side keeps what it belongs to:
a stop removed by the file stays if a site added here is still on it. A removal that is
not applied (kept in a conflict, or for such a site) takes back what only followed from
it on the side that removed it: the stop's sites, removed with it, and the references to
it that its removal cleared (a cost's stop or leg, a journal entry's or photo's stop and
site), so that a kept stop keeps its costs.

A recorded track is never edited in place, so it is merged whole: a track that differs
between the two sides takes the side that changed it, and if both did, the conflict
chooses one side's track entire (its fields are listed only to show what differs).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cityplanner.formats.trip_file_compare import TRIP, compared, label
from cityplanner.formats.trip_file_followers import keep_followers
from cityplanner.store.sync import KINDS, TripRecords
from cityplanner.store.sync_records import Record

ORDER = "order"


#: The fields that name another object, and the kind of object they name.
_REFERENCES = {"stop": "stops", "leg_stop": "stops", "site": "sites", "entry": "journal"}


class Side(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """One object the update adds, changes or removes (`fields`: those that change)."""

    kind: str
    uid: str
    label: str
    action: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """An object changed here and in the file since they last met; `fields` () when one
    side removed it. `mine`/`theirs` say what each side holds, for a person to choose."""

    kind: str
    uid: str
    label: str
    fields: tuple[str, ...]
    mine: str
    theirs: str
    mine_modified: str = ""
    theirs_modified: str = ""

    @property
    def key(self) -> Key:
        return (self.kind, self.uid)


@dataclass
class Merge:
    """What the stored trip becomes: its records, and the changes and conflicts on the way."""

    records: TripRecords
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    added_photos: list[str] = field(default_factory=list)
    """Uids of photos the update adds (their files are to be copied)."""


def merge(
    mine: TripRecords | None,
    theirs: TripRecords,
    base: TripRecords | None,
    choices: Mapping[Key, Side] | None = None,
    default: Side = Side.MINE,
    *,
    known: bool = True,
) -> Merge:
    """What the stored trip `mine` becomes with `theirs`; None: the trip is new here.

    `known`: `base` is the common ancestor of both sides (else it only tells removals)."""
    choices = choices or {}
    if mine is None:
        result = Merge(copy.deepcopy(theirs))
        result.changes.append(Change(TRIP, theirs.uid, label(TRIP, theirs.trip), "added"))
        for kind in KINDS:
            for uid, record in theirs.of(kind).items():
                result.changes.append(Change(kind, uid, label(kind, record), "added"))
        result.added_photos = list(theirs.of("photos"))
        return result
    merger = _Merger(mine, theirs, base, choices, default, known=known)
    return merger.run()


class _Merger:
    def __init__(
        self,
        mine: TripRecords,
        theirs: TripRecords,
        base: TripRecords | None,
        choices: Mapping[Key, Side],
        default: Side,
        *,
        known: bool,
    ) -> None:
        self.mine, self.theirs, self.base = mine, theirs, base
        self.known = known and base is not None
        self.choices, self.default = choices, default
        self.out = Merge(TripRecords({}))

    def side(self, key: Key) -> Side:
        return self.choices.get(key, self.default)

    def run(self) -> Merge:
        base_trip = self.base.trip if self.base else None
        trip = self.one(TRIP, self.mine.uid, base_trip, self.mine.trip, self.theirs.trip)
        self.out.records.trip = trip or self.mine.trip
        for kind in KINDS:
            merged = self.out.records.of(kind)
            base = self.base.of(kind) if self.base else {}
            mine, theirs = self.mine.of(kind), self.theirs.of(kind)
            for uid in [*mine, *(u for u in theirs if u not in mine)]:
                record = self.one(kind, uid, base.get(uid), mine.get(uid), theirs.get(uid))
                if record is not None:
                    merged[uid] = record
        self.keep_owners()
        self.skip_twin_photos()
        self.order_stops()
        self.list_changes()
        return self.out

    # -- one object ---------------------------------------------------------------------
    def one(
        self, kind: str, uid: str, base: Record | None, mine: Record | None, theirs: Record | None
    ) -> Record | None:
        b, m, t = compared(kind, base), compared(kind, mine), compared(kind, theirs)
        if m == t:
            return mine
        if mine is None or theirs is None:
            present = mine if mine is not None else theirs
            assert present is not None
            if b is None:  # added on one side since they last met (or never met)
                return present
            if self.known and (t if theirs is not None else m) == b:  # left alone there
                return None
            self.conflict(kind, uid, present, (), mine, theirs)
            return mine if self.side((kind, uid)) is Side.MINE else theirs
        assert m is not None and t is not None
        if not self.known:
            b = None  # an unknown base tells nothing of who changed a field
        if kind == "tracks":
            return self.whole(kind, uid, b, mine, theirs)
        merged = dict(mine)
        clashing: list[str] = []
        for key in {*m, *t}:
            mv, tv = m.get(key), t.get(key)
            if mv == tv:
                continue
            if b is not None and mv == b.get(key):
                merged[key] = theirs.get(key)
            elif b is not None and tv == b.get(key):
                continue
            else:
                clashing.append(key)
        if clashing:
            self.conflict(kind, uid, mine, tuple(sorted(clashing)), mine, theirs)
            if self.side((kind, uid)) is Side.THEIRS:
                merged.update({key: theirs.get(key) for key in clashing})
        if compared(kind, merged) == t:
            merged["modified_at"] = theirs["modified_at"]
        elif compared(kind, merged) != m:
            merged["modified_at"] = max(str(mine["modified_at"]), str(theirs["modified_at"]))
        if kind == "photos":
            merged["file"] = theirs.get("file")
        return merged

    def whole(
        self, kind: str, uid: str, b: dict[str, Any] | None, mine: Record, theirs: Record
    ) -> Record:
        """The side that changed an object merged whole; both: a conflict on the fields."""
        if b is not None and compared(kind, mine) == b:
            return theirs
        if b is not None and compared(kind, theirs) == b:
            return mine
        self.conflict(kind, uid, mine, _changed_fields(kind, mine, theirs), mine, theirs)
        return mine if self.side((kind, uid)) is Side.MINE else theirs

    def conflict(
        self,
        kind: str,
        uid: str,
        record: Record,
        fields: tuple[str, ...],
        mine: Record | None,
        theirs: Record | None,
    ) -> None:
        def say(side: Record | None, where: str) -> str:
            if side is None:
                return f"removed {where}"
            if not fields:
                return f"changed {where}"
            shown = (compared(kind, side) or {}) if kind == "tracks" else side
            return "; ".join(f"{key}: {_shown(self.named(key, shown.get(key)))}" for key in fields)

        self.out.conflicts.append(
            Conflict(
                kind,
                uid,
                label(kind, record),
                fields,
                say(mine, "here"),
                say(theirs, "in the file"),
                str(mine.get("modified_at", "")) if mine else "",
                str(theirs.get("modified_at", "")) if theirs else "",
            )
        )

    def named(self, key: str, value: object) -> object:
        """A reference as a person reads it: the stop's, site's or entry's name, not its uid."""
        kind = _REFERENCES.get(key)
        if kind is None or not isinstance(value, str):
            return value
        record = self.mine.of(kind).get(value) or self.theirs.of(kind).get(value)
        return label(kind, record) if record is not None else value

    # -- the whole -----------------------------------------------------------------------
    def keep_owners(self) -> None:
        """A kept object keeps its stop and site; a lost reference is let go, as the store
        does when a stop or site is removed."""
        records = self.out.records
        stops, sites = records.of("stops"), records.of("sites")
        for uid, site in list(sites.items()):
            stop = site["stop"]
            if stop not in stops:
                back = self.mine.of("stops").get(stop) or self.theirs.of("stops").get(stop)
                if back is None:
                    del sites[uid]
                    continue
                stops[stop] = back
                self.out.notes.append(
                    f"The stop {back['name']} stays: the site {site['name']} is still on it."
                )
        keep_followers(records, self.mine, self.theirs)
        for kind in ("journal", "costs", "photos", "tracks"):
            for uid, record in records.of(kind).items():
                fixed = dict(record)
                for key, pool in (("stop", stops), ("leg_stop", stops), ("site", sites),
                                  ("entry", records.of("journal"))):  # fmt: skip
                    if fixed.get(key) is not None and fixed[key] not in pool:
                        fixed[key] = None
                if kind == "photos" and fixed["stop"] is None:
                    fixed["site"] = None
                if fixed != record:
                    records.of(kind)[uid] = fixed

    def skip_twin_photos(self) -> None:
        """A trip holds each photo once: a new photo of a content already here is left out."""
        photos = self.out.records.of("photos")
        known = {p["sha256"] for uid, p in self.mine.of("photos").items() if uid in photos}
        for uid, record in list(photos.items()):
            if uid in self.mine.of("photos"):
                continue
            if record["sha256"] in known:
                del photos[uid]
                self.out.notes.append(
                    f"The photo {record['original']} is in this trip already; it is not added again."
                )
            else:
                known.add(record["sha256"])
                self.out.added_photos.append(uid)

    def order_stops(self) -> None:
        stops = self.out.records.of("stops")
        mine = _order(self.mine.of("stops"))
        theirs = _order(self.theirs.of("stops"))
        base = _order(self.base.of("stops")) if self.base else []
        shared = set(mine) & set(theirs) & (set(base) if self.base else set(mine))
        m, t, b = ([u for u in order if u in shared] for order in (mine, theirs, base))
        if m == t or (self.known and t == b):
            first, other = mine, theirs
        elif self.known and m == b:
            first, other = theirs, mine
        else:
            trip = self.mine.trip
            self.out.conflicts.append(
                Conflict(ORDER, trip["uid"], "Order of the stops", ("order",),
                         _names(self.mine.of("stops"), m), _names(self.theirs.of("stops"), t))
            )  # fmt: skip
            chosen = self.side((ORDER, trip["uid"]))
            first, other = (mine, theirs) if chosen is Side.MINE else (theirs, mine)
        order = [u for u in first if u in stops]
        for i, uid in enumerate(other):
            if uid in stops and uid not in order:
                before = next((u for u in reversed(other[:i]) if u in order), None)
                order.insert(0 if before is None else order.index(before) + 1, uid)
        order += [u for u in stops if u not in order]  # kept for a site (keep_owners)
        for position, uid in enumerate(order):
            if stops[uid]["position"] != position:
                stops[uid] = {**stops[uid], "position": position}

    def list_changes(self) -> None:
        out, mine = self.out, self.mine
        changed = _changed_fields(TRIP, mine.trip, out.records.trip)
        if changed:
            out.changes.append(Change(TRIP, mine.uid, label(TRIP, mine.trip), "changed", changed))
        for kind in KINDS:
            now, before = out.records.of(kind), mine.of(kind)
            for uid, record in now.items():
                if uid not in before:
                    out.changes.append(Change(kind, uid, label(kind, record), "added"))
                elif fields := _changed_fields(kind, before[uid], record):
                    out.changes.append(Change(kind, uid, label(kind, record), "changed", fields))
            for uid, record in before.items():
                if uid not in now:
                    out.changes.append(Change(kind, uid, label(kind, record), "removed"))
        kept = [u for u in _order(out.records.of("stops")) if u in mine.of("stops")]
        if kept != [u for u in _order(mine.of("stops")) if u in out.records.of("stops")]:
            out.changes.append(Change(ORDER, mine.uid, "Order of the stops", "changed", ("order",)))


def _changed_fields(kind: str, before: Record, after: Record) -> tuple[str, ...]:
    b, a = compared(kind, before) or {}, compared(kind, after) or {}
    return tuple(sorted(k for k in {*a, *b} if a.get(k) != b.get(k)))


def _order(stops: Mapping[str, Record]) -> list[str]:
    return [uid for uid, _ in sorted(stops.items(), key=lambda i: (i[1]["position"], i[0]))]


def _names(stops: Mapping[str, Record], order: list[str]) -> str:
    return ", ".join(str(stops[u]["name"]) for u in order)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    text = " ".join(str(value).split())
    return text if len(text) <= 160 else text[:159] + "…"
