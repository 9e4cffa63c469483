"""Commands over a trip's tracks: tracks (the list) and remove-track."""

from __future__ import annotations

import argparse
from typing import Any

from cityplanner.cli.context import CommandContext, integer_arg, km, print_json, print_table
from cityplanner.domain.errors import NotFoundError
from cityplanner.domain.tracks import Track, duration_text
from cityplanner.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser(
        "tracks",
        help="a trip's recorded tracks and planned lines: day, stop, points, length",
        description="List the tracks imported into a trip (from GPX, KML or GeoJSON), "
        "with the stop and day each belongs to, its points, length, duration and ascent.",
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_tracks)

    p = sub.add_parser("remove-track", help="remove a track from a trip, with all its points")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument(
        "track", metavar="N", type=integer_arg, help="the track's number (see: cityplanner tracks)"
    )
    p.set_defaults(handler=cmd_remove_track)


def tracks_json(store: Store, trip_id: int) -> list[dict[str, Any]]:
    """The trip's tracks as `show --json` and `tracks --json` give them.

    `name`, `points` and `km` are the fields scripts rely on; keep them.
    """
    stops = {stop.id: stop.name for stop in store.trips.stops(trip_id)}
    return [_track_json(track, stops) for track in store.tracks.list(trip_id)]


def _track_json(track: Track, stops: dict[int | None, str]) -> dict[str, Any]:
    return {
        "id": track.id,
        "name": track.name,
        "points": track.point_count,
        "km": round(track.km, 3),
        "kind": track.kind,
        "day": track.day.isoformat() if track.day else None,
        "stop": stops.get(track.stop_id) if track.stop_id is not None else None,
        "ascent_m": round(track.ascent_m) if track.ascent_m is not None else None,
        "started_at": track.started_at.isoformat() if track.started_at else None,
        "ended_at": track.ended_at.isoformat() if track.ended_at else None,
    }


def cmd_tracks(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    rows = tracks_json(ctx.store, trip.id)
    if args.json:
        print_json({"trip": trip.id, "name": trip.name, "tracks": rows})
        return 0
    print(f"{trip.name} (trip {trip.id})")
    if not rows:
        print(
            "No tracks yet. Import a GPX, KML or GeoJSON file: cityplanner import FILE --trip TRIP"
        )
        return 0
    durations = {t.id: duration_text(t.duration) for t in ctx.store.tracks.list(trip.id)}
    print_table(
        ["#", "track", "kind", "day", "stop", "points", ctx.unit.value, "time", "ascent m"],
        [
            [
                str(r["id"]),
                r["name"],
                r["kind"],
                r["day"] or "",
                r["stop"] or "",
                f"{r['points']:,}",
                km(r["km"], ctx.unit) if r["km"] >= 1 else f"{r['km']:.1f}",
                durations.get(r["id"], ""),
                "" if r["ascent_m"] is None else f"{r['ascent_m']:,}",
            ]
            for r in rows
        ],
        right=frozenset({0, 5, 6, 7, 8}),
    )
    return 0


def cmd_remove_track(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    found = next((t for t in ctx.store.tracks.list(trip.id) if t.id == args.track), None)
    if found is None or found.id is None:
        raise NotFoundError(
            f"Trip {trip.name!r} has no track number {args.track}; "
            f"list them with: cityplanner tracks {trip.id}"
        )
    ctx.store.tracks.remove(found.id)
    print(f"Removed track {found.id}: {found.name} ({found.point_count:,} points).")
    return 0
