"""Commands that find places: search (offline), nearest (offline), geocode (online).

`search` and `add-stop` rank places with the trip as context (its stops, the one the
new stop follows weighted most, and its countries), so "vik" in an Iceland trip is
Vík í Mýrdal and in a Norway trip a Norwegian Vik.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cityplanner.cli.context import (
    CommandContext,
    integer_arg,
    number_arg,
    print_json,
    print_table,
)
from cityplanner.domain.errors import AmbiguousError, NotFoundError, ValidationError
from cityplanner.domain.models import Place, Stop
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, default_gazetteer
from cityplanner.geo.gazetteer_choice import AMBIGUITY_MARGIN, choose
from cityplanner.geo.geocoder import Geocoder, GeocodeResult, GeocodingError
from cityplanner.geo.search_context import SearchContext, parse_point

__all__ = ["AMBIGUITY_MARGIN", "point_arg", "ready_gazetteer", "resolve_place", "trip_context"]


def register(sub: Any) -> None:
    p = sub.add_parser("search", help="find cities offline, in any language")
    p.add_argument("query", metavar="QUERY", help='a city name or its start, e.g. "carc", "Москва"')
    p.add_argument("--country", metavar="CC", help="only places in this country (code or name)")
    p.add_argument("--trip", metavar="TRIP", help="rank places near this trip's stops first")
    p.add_argument(
        "--near", metavar="LAT,LON", type=point_arg, help="rank places near this point first"
    )
    p.add_argument("--limit", type=_count, default=10, help="how many results (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("nearest", help="the city nearest to a point, offline")
    p.add_argument("lat", metavar="LAT", type=number_arg)
    p.add_argument("lon", metavar="LON", type=number_arg)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_nearest)

    p = sub.add_parser("geocode", help="look up an address or landmark online (Nominatim)")
    p.add_argument("address", metavar="ADDRESS", help='e.g. "Capitole, Toulouse"')
    p.add_argument("--limit", type=_count, default=5, help="how many results (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_geocode)


def cmd_search(args: argparse.Namespace, ctx: CommandContext) -> int:
    stops: list[Stop] = []
    if args.trip:
        trip = ctx.trip(args.trip)
        stops = ctx.store.trips.stops(trip.id or 0)
    context = trip_context(stops, near=args.near)
    gazetteer = ready_gazetteer()
    matches = gazetteer.search(args.query, country=args.country, limit=args.limit, context=context)
    if args.json:
        print_json([_match_json(m) for m in matches])
        return 0
    if not matches:
        print(f"No place matches {args.query!r}.")
        print(f"For an address or a landmark, look it up online: {_geocode_hint(args.query)}")
        return 0
    if matches[0].similar:
        print(f"No place is called {args.query!r}; these names are close to it:")
    near = context is not None and bool(context.points)
    print_table(
        ["#", "name", "region", "country", "lat", "lon", "population", "time zone"]
        + (["km away"] if near else []),
        [
            [str(i), m.name, m.region, m.country_code, f"{m.lat:.4f}", f"{m.lon:.4f}",
             f"{m.population:,}", m.timezone]
            + ([f"{m.distance_km:,.0f}" if m.distance_km is not None else ""] if near else [])
            for i, m in enumerate(matches, start=1)
        ],
        right=frozenset({0, 4, 5, 6, 8}),
    )  # fmt: skip
    return 0


def cmd_nearest(args: argparse.Namespace, ctx: CommandContext) -> int:
    match = ready_gazetteer().nearest(args.lat, args.lon)
    if match is None:
        raise NotFoundError("The city index is empty.")
    if args.json:
        print_json(_match_json(match))
    else:
        print(f"{match.label} ({match.distance_km:,.1f} km away, {match.lat:.4f}, {match.lon:.4f})")
    return 0


def cmd_geocode(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        results = Geocoder().geocode(args.address, limit=args.limit)
    except GeocodingError as error:
        # Offline, the gazetteer still answers for the city part of the text.
        offline = _offline_fallback(args.address, args.limit)
        if not offline:
            raise
        print(f"cityplanner: {error} Offline city matches instead:", file=sys.stderr)
        results = offline
    if args.json:
        print_json([_geocode_json(r) for r in results])
    elif not results:
        print(f"OpenStreetMap knows no place matching {args.address!r}.")
    else:
        print_table(
            ["#", "name", "lat", "lon", "address"],
            [[str(i), r.name, f"{r.lat:.5f}", f"{r.lon:.5f}", r.address]
             for i, r in enumerate(results, start=1)],
            right=frozenset({0, 2, 3}),
        )  # fmt: skip
    return 0


def trip_context(
    stops: list[Stop], *, at: int | None = None, near: tuple[float, float] | None = None
) -> SearchContext | None:
    """The search context of a trip whose new stop goes at 0-based position `at` (None: last)."""
    if not stops and near is None:
        return None
    anchor = None if at is None else max(at - 1, 0)
    return SearchContext.for_trip([s.place for s in stops], anchor=anchor, near=near)


def resolve_place(
    name: str, *, country: str | None = None, context: SearchContext | None = None
) -> Place:
    """The city a stop's name means, found offline; raises when none or several fit.

    Used by `add-stop` when no coordinates are given: the best match wins unless
    another is about as likely (`gazetteer_choice`), in which case the close ones
    are listed and nothing is added. A name that only resembles known names
    (a typing mistake) is never taken: the close names are suggested instead.
    """
    matches = ready_gazetteer().search(name, country=country or None, limit=8, context=context)
    where = f" in {country}" if country else ""
    choice = choose(matches)
    if choice.best is None:
        raise NotFoundError(
            f"No city named {name!r}{where} is known offline; nothing was added. "
            f"For an address or a landmark, look it up online ({_geocode_hint(name)}), "
            "then give its coordinates with --lat and --lon."
        )
    if choice.similar:
        lines = [_candidate_line(m) for m in choice.candidates]
        raise NotFoundError(
            f"No city is called {name!r}{where}; nothing was added. Did you mean:\n  "
            + "\n  ".join(lines)
            + "\nGive the name as listed, or its coordinates with --lat and --lon.",
        )
    if choice.candidates:
        lines = [_candidate_line(m) for m in choice.candidates]
        raise AmbiguousError(
            f"{name!r} could be several places; nothing was added:\n  "
            + "\n  ".join(lines)
            + "\n"
            + _how_to_choose(list(choice.candidates), country=bool(country)),
            lines,
        )
    return choice.best.to_place()


def _how_to_choose(candidates: list[PlaceMatch], *, country: bool) -> str:
    """Which of a more exact name, --country or --near would tell these places apart."""
    one_country = len({m.country_code for m in candidates}) == 1
    examples = [
        f'"{m.name}, {m.region if one_country and m.region else m.country or m.country_code}"'
        for m in candidates[:2]
    ]
    ways = [f"a more exact name ({' or '.join(dict.fromkeys(examples))})"]
    if not one_country and not country:
        ways.append("--country CC")
    ways += ["--near LAT,LON (a point near the place)", "--lat and --lon"]
    where = ""
    if one_country:
        where = (
            f"They are all in one country ({candidates[0].country or candidates[0].country_code}). "
        )
    return f"{where}Choose with {', '.join(ways[:-1])}, or {ways[-1]}."


def point_arg(text: str) -> tuple[float, float]:
    """argparse type: a point "LAT,LON" in degrees (a bad one is a usage error)."""
    try:
        return parse_point(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _geocode_hint(text: str) -> str:
    quoted = '"' + text.replace('"', "'") + '"'
    return f"cityplanner geocode {quoted}"


def ready_gazetteer() -> Gazetteer:
    """The default gazetteer, its index built first if needed (with a progress bar)."""
    gazetteer = default_gazetteer()
    if not gazetteer.index_is_current():
        print(
            "Building the offline city index (once, about a minute)…",
            file=sys.stderr,
            flush=True,
        )
        gazetteer.ensure_index(progress=_ProgressBar())
    return gazetteer


class _ProgressBar:
    """A one-line progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._stage = ""

    def __call__(self, fraction: float, stage: str) -> None:
        if self._tty:
            filled = int(30 * fraction)
            bar = "#" * filled + "-" * (30 - filled)
            end = "\n" if fraction >= 1.0 else ""
            print(f"\r[{bar}] {fraction:4.0%} {stage:<30}", end=end, file=sys.stderr, flush=True)
        elif stage != self._stage:
            print(f"  {stage}…", file=sys.stderr, flush=True)
        self._stage = stage


def _offline_fallback(text: str, limit: int) -> list[GeocodeResult]:
    gazetteer = ready_gazetteer()
    matches: list[PlaceMatch] = []
    # "Capitole, Toulouse": the city is usually the last part of an address.
    for part in reversed([p for p in text.split(",") if p.strip()]):
        matches = gazetteer.search(part, limit=limit)
        if matches:
            break
    return [
        GeocodeResult(name=m.name, address=m.label, lat=m.lat, lon=m.lon,
                      country_code=m.country_code, kind="city (offline)")
        for m in matches
    ]  # fmt: skip


def _candidate_line(match: PlaceMatch) -> str:
    away = f"; {match.distance_km:,.0f} km from the trip" if match.distance_km is not None else ""
    return (
        f"{match.label} ({match.lat:.4f}, {match.lon:.4f}; population {match.population:,}{away})"
    )


def _match_json(match: PlaceMatch) -> dict[str, Any]:
    return {
        "name": match.name,
        "admin1": match.region,
        "admin1_code": match.admin1_code,
        "country_code": match.country_code,
        "country": match.country,
        "lat": match.lat,
        "lon": match.lon,
        "population": match.population,
        "timezone": match.timezone,
        "geonameid": match.geonameid,
        "matched": match.matched,
        "score": match.score,
        **({"distance_km": match.distance_km} if match.distance_km is not None else {}),
    }


def _geocode_json(result: GeocodeResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "address": result.address,
        "lat": result.lat,
        "lon": result.lon,
        "country_code": result.country_code,
        "kind": result.kind,
        "osm_id": result.osm_id,
    }


def _count(text: str) -> int:
    value = integer_arg(text)
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("give a number from 1 to 100")
    return value
