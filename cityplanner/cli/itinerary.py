"""Commands over trips, stops and sites: trips, show, new-trip, add-stop, move-stop, …"""

from __future__ import annotations

import argparse
from typing import Any

from cityplanner.cli.context import (
    CommandContext,
    integer_arg,
    km,
    number_arg,
    print_json,
    print_table,
)
from cityplanner.cli.gazetteer import point_arg, resolve_place, trip_context
from cityplanner.cli.schedule_text import (
    conflict_count,
    iso,
    notices,
    set_start_hint,
    span_json,
    span_line,
)
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.schedule import StopDates, conflict_text, plan_dates
from cityplanner.domain.validation import check_nights, parse_date
from cityplanner.domain.vocabulary import SiteStatus, Theme, TravelMode
from cityplanner.geo.distance import leg_kms, trip_totals
from cityplanner.geo.timezones import zone_name
from cityplanner.store.demo import load_demo


def register(sub: Any) -> None:
    p = sub.add_parser("trips", help="list the trips")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_trips)

    p = sub.add_parser("show", help="show a trip's stops, legs and totals")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("new-trip", help="create an empty trip")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--description", default="")
    p.set_defaults(handler=cmd_new_trip)

    p = sub.add_parser("add-stop", help="add a stop to a trip")
    p.add_argument("trip", metavar="TRIP")
    p.add_argument("name", metavar="NAME", help="the city")
    p.add_argument("--lat", type=number_arg, help="latitude in degrees (-90..90)")
    p.add_argument("--lon", type=number_arg, help="longitude in degrees (-180..180)")
    p.add_argument(
        "--country", default="", help="two-letter country code, e.g. FR (also narrows the lookup)"
    )
    p.add_argument(
        "--near",
        metavar="LAT,LON",
        type=point_arg,
        help="when looking the city up, prefer places near this point",
    )
    p.add_argument("--arrive", metavar="YYYY-MM-DD", help="arrival date")
    p.add_argument("--nights", type=integer_arg, default=0, help="nights spent there")
    p.add_argument("--mode", help="how you get there: " + ", ".join(m.value for m in TravelMode))
    p.add_argument(
        "--at", type=integer_arg, metavar="POS", help="position (1 = first; default: last)"
    )
    p.set_defaults(handler=cmd_add_stop)

    p = sub.add_parser("move-stop", help="move a stop to another position")
    p.add_argument("trip", metavar="TRIP")
    p.add_argument("from_pos", metavar="FROM", type=integer_arg)
    p.add_argument("to_pos", metavar="TO", type=integer_arg)
    p.set_defaults(handler=cmd_move_stop)

    p = sub.add_parser("remove-stop", help="remove a stop and its sites")
    p.add_argument("trip", metavar="TRIP")
    p.add_argument("pos", metavar="POS", type=integer_arg)
    p.set_defaults(handler=cmd_remove_stop)

    p = sub.add_parser("add-site", help="add a site seen at a stop")
    p.add_argument("trip", metavar="TRIP")
    p.add_argument("pos", metavar="POS", type=integer_arg, help="the stop's position")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--theme", required=True, help=", ".join(t.value for t in Theme))
    p.add_argument("--status", default="planned", help=", ".join(s.value for s in SiteStatus))
    p.add_argument("--lat", type=number_arg)
    p.add_argument("--lon", type=number_arg)
    p.add_argument("--note", default="", help="a description")
    p.set_defaults(handler=cmd_add_site)

    p = sub.add_parser("demo", help="add the demo trip (Smart city tour 2017)")
    p.set_defaults(handler=cmd_demo)


def cmd_trips(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows: list[dict[str, Any]] = []
    for summary in ctx.store.trips.summaries():
        trip_id = summary.trip.id
        assert trip_id is not None
        rows.append(
            {
                "id": trip_id,
                "name": summary.trip.name,
                "stops": summary.stop_count,
                # Kept by the store as stops change: no leg is measured again here.
                "km": round(summary.km, 1),
                "first_date": summary.first_date.isoformat() if summary.first_date else None,
                "last_date": summary.last_date.isoformat() if summary.last_date else None,
            }
        )
    if args.json:
        print_json(rows)
    elif not rows:
        print("No trips yet. Create one with: cityplanner new-trip NAME")
    else:
        print_table(
            ["id", "name", "stops", ctx.unit.value, "from", "to"],
            [
                [
                    str(r["id"]),
                    r["name"],
                    str(r["stops"]),
                    km(r["km"], ctx.unit),
                    r["first_date"] or "",
                    r["last_date"] or "",
                ]
                for r in rows
            ],
            right=frozenset({0, 2, 3}),
        )
    return 0


def cmd_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    stops = ctx.store.trips.stops(trip.id)
    planned = plan_dates(trip.start, stops)
    legs = leg_kms(stops)
    totals = trip_totals(stops)
    cumulative = 0.0
    items: list[dict[str, Any]] = []
    for index, (stop, leg, dates) in enumerate(zip(stops, legs, planned, strict=True)):
        cumulative += leg
        items.append(
            {
                "position": stop.position + 1,
                "id": stop.id,
                "name": stop.place.name,
                "country_code": stop.place.country_code,
                "lat": stop.place.lat,
                "lon": stop.place.lon,
                "arrival": iso(dates.arrival),
                "departure": iso(dates.departure),
                "pinned": dates.pinned,
                "nights": stop.nights,
                "mode": stop.mode.value if stop.mode else None,
                "timezone": zone_name(stop.place) or None,
                "conflict": conflict_text(stops, planned, index),
                "leg_km": round(leg, 3),
                "cumulative_km": round(cumulative, 3),
            }
        )
    totals_json = {
        "km": round(totals.km, 3),
        "nights": totals.nights,
        "countries": totals.countries,
        **span_json(trip, planned),
        "conflicts": conflict_count(planned),
    }
    if args.json:
        print_json(
            {
                "id": trip.id,
                "name": trip.name,
                "description": trip.description,
                "stops": items,
                "totals": totals_json,
                **_sites_and_journal_json(ctx, _id(trip.id), stops),
                **_tracks_part(ctx, _id(trip.id)),
            }
        )
        return 0
    print(f"{trip.name} (trip {trip.id})")
    if not items:
        print("No stops yet. Add one with: cityplanner add-stop TRIP CITY --lat LAT --lon LON")
        return 0
    print_table(
        [
            "#",
            "city",
            "country",
            "arrival",
            "nights",
            "mode",
            f"leg {ctx.unit}",
            f"total {ctx.unit}",
        ],
        [
            [
                str(i["position"]),
                i["name"],
                i["country_code"],
                (i["arrival"] or "") + ("*" if i["pinned"] else ""),
                str(i["nights"]),
                i["mode"] or "",
                km(i["leg_km"], ctx.unit),
                km(i["cumulative_km"], ctx.unit),
            ]
            for i in items
        ],
        right=frozenset({0, 4, 6, 7}),
    )
    print(
        f"Total: {km(totals.km, ctx.unit)} {ctx.unit}, {totals.nights} nights, "
        f"{totals.countries} {'country' if totals.countries == 1 else 'countries'}"
    )
    _print_schedule(args.trip, items, planned, stops)
    return 0


def _sites_and_journal_json(ctx: CommandContext, trip_id: int, stops: list[Stop]) -> dict[str, Any]:
    """`sites` and `journal` of `show --json` (scripts read these names: keep them).

    A site's `stop` is its stop's position (1-based); `lat`/`lon` are the site's own point,
    null when it has none (it is then shown at its stop's centre).
    """
    positions = {stop.id: stop.position + 1 for stop in stops}
    sites = sorted(
        ctx.store.sites.for_trip(trip_id), key=lambda s: (positions.get(s.stop_id, 0), s.id or 0)
    )
    return {
        "sites": [
            {
                "name": site.name,
                "stop": positions.get(site.stop_id),
                "theme": site.theme.value,
                "status": site.status.value,
                "lat": site.lat,
                "lon": site.lon,
            }
            for site in sites
        ],
        "journal": [
            {"date": entry.day.isoformat(), "title": entry.title}
            for entry in ctx.store.journal.for_trip(trip_id)
        ],
    }


def _tracks_part(ctx: CommandContext, trip_id: int) -> dict[str, Any]:
    """The trip's tracks for `show --json` (see `cityplanner.cli.tracks.tracks_json`)."""
    from cityplanner.cli.tracks import tracks_json

    return {"tracks": tracks_json(ctx.store, trip_id)}


def _print_schedule(
    trip_ref: str, items: list[dict[str, Any]], planned: list[StopDates], stops: list[Stop]
) -> None:
    """Under the table: the trip's dates, what a "*" means, then conflicts and gaps."""
    span = span_line(planned)
    if span is None:
        print(f"No dates yet: give the trip a start date with: {set_start_hint(trip_ref)}")
    else:
        print(f"Dates: {span}")
    if any(i["pinned"] for i in items):
        print("* pinned arrival; the other arrivals follow from the start and the nights before.")
    for line in notices(stops, planned):
        print(line)


def cmd_new_trip(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.store.trips.create(args.name, args.description)
    print(f"Created trip {trip.id}: {trip.name}")
    return 0


def cmd_add_stop(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    at = None if args.at is None else args.at - 1
    stop = build_stop(args, ctx.store.trips.stops(trip.id), at=at)
    added = ctx.store.trips.add_stop(trip.id, stop, at=at)
    print(f"Added {added.place.name} to {trip.name} at position {added.position + 1}")
    return 0


def build_stop(args: argparse.Namespace, stops: list[Stop], *, at: int | None) -> Stop:
    """Validate every option before anything is written.

    A city named without coordinates is looked up with the trip as context: near the
    stop the new one follows (position `at`, None for the end) and its other stops.
    """
    if args.lat is None and args.lon is None:
        context = trip_context(stops, at=at, near=args.near)
        place = resolve_place(args.name, country=args.country, context=context)
    elif args.lat is None or args.lon is None:
        raise ValidationError("Give both --lat and --lon, or neither to look the city up offline.")
    else:
        place = Place(name=args.name, lat=args.lat, lon=args.lon, country_code=args.country)
    return Stop(
        place=place,
        arrival=parse_date(args.arrive),
        nights=check_nights(args.nights),
        mode=TravelMode.parse(args.mode) if args.mode else None,
    )


def cmd_move_stop(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    stop = ctx.stop_at(trip, args.from_pos)
    count = ctx.store.trips.stop_count(_id(trip.id))
    if not 1 <= args.to_pos <= count:
        raise ValidationError(
            f"Position {args.to_pos} is out of range: {trip.name} has stops 1 to {count}."
        )
    ctx.store.trips.move_stop(_id(stop.id), args.to_pos - 1)
    print(f"Moved {stop.place.name} from position {args.from_pos} to {args.to_pos}")
    return 0


def cmd_remove_stop(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    stop = ctx.stop_at(trip, args.pos)
    ctx.store.trips.remove_stop(_id(stop.id))
    print(f"Removed {stop.place.name} (position {args.pos}) from {trip.name}")
    return 0


def cmd_add_site(args: argparse.Namespace, ctx: CommandContext) -> int:
    theme = Theme.parse(args.theme)
    status = SiteStatus.parse(args.status)
    trip = ctx.trip(args.trip)
    stop = ctx.stop_at(trip, args.pos)
    lat, lon, approximate = args.lat, args.lon, False
    if lat is None and lon is None:
        lat, lon, approximate = stop.place.lat, stop.place.lon, True
    site = Site(
        stop_id=stop.id,
        name=args.name,
        theme=theme,
        status=status,
        lat=lat,
        lon=lon,
        approximate=approximate,
        description=args.note,
    )
    added = ctx.store.sites.add(site)
    where = " (placed at the city centre until you set its coordinates)" if approximate else ""
    print(f"Added site {added.id}: {added.name} at {stop.place.name}{where}")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    store = ctx.store
    # A new file already received the demo trip when it was created.
    trip = store.trips.list()[-1] if store.created else load_demo(store)
    print(f"Demo trip {trip.id}: {trip.name}")
    return 0


def _id(value: int | None) -> int:
    assert value is not None
    return value
