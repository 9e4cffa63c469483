"""Where a photo goes: the stop whose stay covers the moment it was taken, else the nearest.

The moment. EXIF gives a wall-clock time (DateTimeOriginal) and perhaps the camera's offset
from UTC (OffsetTimeOriginal). With a GPS position, the position's time zone (looked up by
the caller, offline) says what that clock meant; an offset that differs from that zone's by
more than `OFFSET_TOLERANCE` is taken for a camera set to the wrong zone, and the position
wins (the reason says so). With an offset and no position, the offset fixes the moment.
With neither, the time is read as local time wherever it is compared: each stop's own.

The stays. A stay covers its arrival day from 00:00 to its departure day at 24:00, in the
stop's own time zone. The days strictly inside it are the stay's own; its arrival and
departure days are travel days, which the stop being left and the stop arrived at share.
A photo goes to the stay whose own day it was taken on (in that stop's time, so 23:30 in
Reykjavík on the last night is Reykjavík's even where Moscow is already a day ahead). On a
travel day the position decides: the nearest of the sharing stops within `STOP_RADIUS_KM`
wins, so a photo taken before boarding stays where it was taken. Without a position (or
taken far from both, on the way), the day is shared by clock: the stop being left until
noon, the stop arrived at from noon (with more stops on one day, equal parts in trip
order). Stays that overlap (a pinned arrival before the previous departure) go to the
later stop, as the days view does, unless the position says otherwise. A photo whose
position is far from the stop its time gives but near another stop of the trip (the plan
changed, or the dates are wrong) goes where it was taken, by position, and says so.

Without a time, or at a time no stay covers, the position places it: the nearest site
within `SITE_RADIUS_KM`, else the nearest stop within `STOP_RADIUS_KM`. A photo placed by
time also goes to the nearest of its stop's sites within `SITE_RADIUS_KM`. Anything else
stays unplaced, to be placed by hand.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cityplanner.domain.models import Site, Stop
from cityplanner.domain.photos import PhotoFacts, PlacedBy
from cityplanner.domain.schedule import StopDates

#: How far from a stop a photo may be taken and still be placed on it by position.
STOP_RADIUS_KM = 50.0
#: How far from a site, for a photo to be placed on that site.
SITE_RADIUS_KM = 2.0
#: A camera offset further than this from the position's zone is taken to be wrong.
OFFSET_TOLERANCE = timedelta(hours=1)
_EARTH_KM = 6371.0088


class Stay(NamedTuple):
    """A stop as the rule sees it: its planned days, its zone and its position."""

    stop_id: int
    name: str
    arrival: date | None
    departure: date | None
    zone: str
    lat: float
    lon: float


class SitePoint(NamedTuple):
    """A site with a position, which photos taken near it go to."""

    site_id: int
    stop_id: int
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one photo goes, how, why, and when it was taken as far as is known."""

    stop_id: int | None
    site_id: int | None
    placed_by: PlacedBy
    reason: str
    taken_at: datetime | None
    """Aware when a zone or offset is known; else the camera's wall-clock time."""
    zone: str
    """The IANA zone `taken_at` is in; "" for a bare offset or no zone."""


def stays_of(
    stops: Sequence[Stop], planned: Sequence[StopDates], zones: Sequence[str]
) -> list[Stay]:
    """The rule's view of a trip's saved stops, with their planned dates and zone names."""
    return [
        Stay(
            stop.id,
            stop.place.name,
            dates.arrival,
            dates.departure,
            zone,
            stop.place.lat,
            stop.place.lon,
        )
        for stop, dates, zone in zip(stops, planned, zones, strict=True)
        if stop.id is not None
    ]


def site_points(sites: Sequence[Site]) -> list[SitePoint]:
    """The saved sites that have a position."""
    return [
        SitePoint(site.id, site.stop_id, site.name, site.lat, site.lon)
        for site in sites
        if site.id is not None
        and site.stop_id is not None
        and site.lat is not None
        and site.lon is not None
    ]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance: close enough to tell near from far."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@dataclass(frozen=True, slots=True)
class Moment:
    """When a photo was taken: an aware instant, or only a wall-clock time."""

    instant: datetime | None
    local: datetime | None
    zone: str
    note: str = ""


def resolve_moment(facts: PhotoFacts, gps_zone: str = "") -> Moment:
    """The moment of `facts`, given the zone of its GPS position ("" if none)."""
    local = facts.taken_local
    if local is None:
        return Moment(None, None, "")
    at_position = _zone(gps_zone)
    if facts.offset is not None:
        camera = local.replace(tzinfo=timezone(facts.offset))
        if at_position is None:
            return Moment(camera, local, "")
        expected = local.replace(tzinfo=at_position).utcoffset() or timedelta(0)
        if abs(expected - facts.offset) > OFFSET_TOLERANCE:
            note = (
                f"The camera's offset ({_offset(facts.offset)}) does not match the time zone "
                f"where it was taken ({gps_zone}, {_offset(expected)}): that zone was used."
            )
            return Moment(local.replace(tzinfo=at_position), local, gps_zone, note)
        return Moment(camera, local, gps_zone if expected == facts.offset else "")
    if at_position is not None:
        return Moment(local.replace(tzinfo=at_position), local, gps_zone)
    return Moment(None, local, "")


class _Claim(NamedTuple):
    order: int
    """The stay's place in the trip."""
    stay: Stay
    local: datetime
    inner: bool
    """The day is one of the stay's own, not a travel day it shares."""


def place_photo(
    facts: PhotoFacts,
    stays: Sequence[Stay],
    sites: Sequence[SitePoint] = (),
    *,
    gps_zone: str = "",
) -> Placement:
    """Where the photo described by `facts` goes among `stays` and `sites` (the module's rule)."""
    moment = resolve_moment(facts, gps_zone)
    claims = _claims(moment, stays)
    if claims:
        claim, why = _choose(claims, facts)
        if not _taken_elsewhere(claim.stay, facts, stays):
            return _by_time(claim, why, facts, moment, sites)
        lead = f"Taken {_when(moment)}, when the plan has you in {claim.stay.name}"
        return _by_position(lead, facts, moment, stays, sites)
    if moment.local is None:
        lead = "No date in the file"
    elif not any(s.arrival is not None for s in stays):
        lead = f"Taken {_when(moment)}, but the trip has no dates yet"
    else:
        lead = f"Taken {_when(moment)}, outside every planned stay"
    return _by_position(lead, facts, moment, stays, sites)


def _claims(moment: Moment, stays: Sequence[Stay]) -> list[_Claim]:
    if moment.local is None:
        return []
    claims: list[_Claim] = []
    for index, stay in enumerate(stays):
        if stay.arrival is None or stay.departure is None:
            continue
        local = _local_at(moment, stay.zone)
        day = local.date()
        if stay.arrival <= day <= stay.departure:
            claims.append(_Claim(index, stay, local, stay.arrival < day < stay.departure))
    return claims


def _taken_elsewhere(stay: Stay, facts: PhotoFacts, stays: Sequence[Stay]) -> bool:
    """Whether the position puts the photo near another stop, far from the planned one."""
    if facts.lat is None or facts.lon is None:
        return False
    lat, lon = facts.lat, facts.lon
    if distance_km(lat, lon, stay.lat, stay.lon) <= STOP_RADIUS_KM:
        return False
    return any(distance_km(lat, lon, s.lat, s.lon) <= STOP_RADIUS_KM for s in stays)


def _local_at(moment: Moment, zone: str) -> datetime:
    """The wall-clock time of the moment in `zone` (a floating time is the same everywhere)."""
    assert moment.local is not None
    if moment.instant is None:
        return moment.local
    tz = _zone(zone)
    return (moment.instant.astimezone(tz) if tz else moment.instant).replace(tzinfo=None)


def _choose(claims: list[_Claim], facts: PhotoFacts) -> tuple[_Claim, str]:
    """The claim that wins, and a clause saying why when there was a choice."""
    if facts.lat is not None and facts.lon is not None:
        lat, lon = facts.lat, facts.lon
        near = sorted((distance_km(lat, lon, c.stay.lat, c.stay.lon), c.order, c) for c in claims)
        near = [n for n in near if n[0] <= STOP_RADIUS_KM]
        if near:
            if len(claims) == 1:
                return near[0][2], ""
            others = ", ".join(c.stay.name for c in claims if c is not near[0][2])
            return near[0][2], f"; it was taken nearer {near[0][2].stay.name} than {others}"
    inner = [c for c in claims if c.inner]
    if inner:
        if len(claims) == 1:
            return inner[0], ""
        return inner[-1], "; the stays overlap that day and the later one counts"
    if len(claims) == 1:
        return claims[0], ""
    first = claims[0]
    minutes = first.local.hour * 60 + first.local.minute
    part = min(len(claims) - 1, minutes * len(claims) // 1440)
    names = " and ".join(c.stay.name for c in claims)
    if len(claims) == 2:
        half = (
            f"before noon it counts for {first.stay.name}, the stop being left"
            if part == 0
            else f"from noon it counts for {claims[1].stay.name}, the stop arrived at"
        )
    else:
        half = "the day is shared in equal parts, in trip order"
    return claims[part], f"; a travel day shared by {names}: {half}"


def _by_time(
    claim: _Claim, why: str, facts: PhotoFacts, moment: Moment, sites: Sequence[SitePoint]
) -> Placement:
    stay = claim.stay
    kind = "during the stay in" if claim.inner else "on a travel day of the stay in"
    clock = f"{claim.local:%Y-%m-%d at %H:%M}"
    whose = f"{stay.zone} time" if stay.zone and moment.instant is not None else "camera time"
    reason = (
        f"Taken on {clock} ({whose}), {kind} {stay.name} ({stay.arrival} to {stay.departure}){why}."
    )
    site_id: int | None = None
    if facts.lat is not None and facts.lon is not None:
        away = distance_km(facts.lat, facts.lon, stay.lat, stay.lon)
        site = _nearest_site(facts.lat, facts.lon, [s for s in sites if s.stop_id == stay.stop_id])
        if site is not None:
            site_id = site[1].site_id
            reason += f" Near {site[1].name} ({_km(site[0])})."
        elif away > STOP_RADIUS_KM:
            reason += f" Its position is {_km(away)} from {stay.name}."
    taken_at, zone = _taken(moment, stay.zone)
    reason = _with_note(reason, moment)
    return Placement(stay.stop_id, site_id, PlacedBy.TIME, reason, taken_at, zone)


def _by_position(
    lead: str,
    facts: PhotoFacts,
    moment: Moment,
    stays: Sequence[Stay],
    sites: Sequence[SitePoint],
) -> Placement:
    if facts.lat is None or facts.lon is None:
        reason = f"{lead}, and no position: place it by hand."
        if moment.local is None:
            reason = "No date or position in the file: place it by hand."
        taken_at, zone = _taken(moment, "")
        return Placement(None, None, PlacedBy.NONE, _with_note(reason, moment), taken_at, zone)
    lat, lon = facts.lat, facts.lon
    site = _nearest_site(lat, lon, sites)
    by_id = {s.stop_id: s for s in stays}
    if site is not None and site[1].stop_id in by_id:
        stay = by_id[site[1].stop_id]
        reason = f"{lead}; taken {_km(site[0])} from {site[1].name} in {stay.name}."
        taken_at, zone = _taken(moment, stay.zone)
        return Placement(
            stay.stop_id,
            site[1].site_id,
            PlacedBy.POSITION,
            _with_note(reason, moment),
            taken_at,
            zone,
        )
    nearest = min(
        ((distance_km(lat, lon, s.lat, s.lon), i, s) for i, s in enumerate(stays)), default=None
    )
    if nearest is not None and nearest[0] <= STOP_RADIUS_KM:
        stay = nearest[2]
        reason = f"{lead}; taken {_km(nearest[0])} from {stay.name}."
        taken_at, zone = _taken(moment, stay.zone)
        return Placement(
            stay.stop_id, None, PlacedBy.POSITION, _with_note(reason, moment), taken_at, zone
        )
    if nearest is None:
        reason = f"{lead}, and the trip has no stops yet: place it by hand."
    else:
        reason = f"{lead}; the nearest stop, {nearest[2].name}, is {_km(nearest[0])} away: place it by hand."
    taken_at, zone = _taken(moment, "")
    return Placement(None, None, PlacedBy.NONE, _with_note(reason, moment), taken_at, zone)


def _nearest_site(
    lat: float, lon: float, sites: Sequence[SitePoint]
) -> tuple[float, SitePoint] | None:
    best = min(
        ((distance_km(lat, lon, s.lat, s.lon), i, s) for i, s in enumerate(sites)), default=None
    )
    if best is None or best[0] > SITE_RADIUS_KM:
        return None
    return best[0], best[2]


def _taken(moment: Moment, stop_zone: str) -> tuple[datetime | None, str]:
    """The moment to keep: in its own zone, or a wall-clock time read in the stop's zone."""
    if moment.instant is not None:
        tz = _zone(moment.zone)
        return (moment.instant.astimezone(tz) if tz else moment.instant), moment.zone
    if moment.local is None:
        return None, ""
    tz = _zone(stop_zone)
    if tz is None:
        return moment.local, ""
    return moment.local.replace(tzinfo=tz), stop_zone


def _when(moment: Moment) -> str:
    assert moment.local is not None
    clock = f"on {moment.local:%Y-%m-%d at %H:%M}"
    if moment.zone:
        return f"{clock} ({moment.zone} time)"
    if moment.instant is not None:
        return f"{clock} (UTC{_offset(moment.instant.utcoffset() or timedelta(0))})"
    return clock


def _with_note(reason: str, moment: Moment) -> str:
    return f"{reason} {moment.note}" if moment.note else reason


def _offset(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _km(value: float) -> str:
    if value < 0.1:
        return "under 100 m"
    return f"{value:.1f} km" if value < 10 else f"{value:,.0f} km"
