"""Commands that find places: search (offline), nearest (offline), geocode (online)."""

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
from cityplanner.domain.errors import AmbiguousError, NotFoundError
from cityplanner.domain.models import Place
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, default_gazetteer
from cityplanner.geo.geocoder import Geocoder, GeocodeResult, GeocodingError

#: Two matches whose scores differ by less than this are too close to choose between
#: (1.0 is a factor of about e in population and fame).
AMBIGUITY_MARGIN = 1.0


def register(sub: Any) -> None:
    p = sub.add_parser("search", help="find cities offline, in any language")
    p.add_argument("query", metavar="QUERY", help='a city name or its start, e.g. "carc", "Москва"')
    p.add_argument("--country", metavar="CC", help="only places in this country (code or name)")
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
    gazetteer = ready_gazetteer()
    matches = gazetteer.search(args.query, country=args.country, limit=args.limit)
    if args.json:
        print_json([_match_json(m) for m in matches])
    elif not matches:
        print(f"No place matches {args.query!r}.")
    else:
        print_table(
            ["#", "name", "region", "country", "lat", "lon", "population", "time zone"],
            [
                [str(i), m.name, m.admin1, m.country_code, f"{m.lat:.4f}", f"{m.lon:.4f}",
                 f"{m.population:,}", m.timezone]
                for i, m in enumerate(matches, start=1)
            ],
            right=frozenset({0, 4, 5, 6}),
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


def resolve_place(name: str, *, country: str | None = None) -> Place:
    """The city a stop's name means, found offline; raises when none or several fit.

    Used by `add-stop` when no coordinates are given: the best match wins
    unless another one is about as likely, in which case both are listed and
    nothing is added.
    """
    matches = ready_gazetteer().search(name, country=country or None, limit=5)
    if not matches:
        where = f" in {country}" if country else ""
        raise NotFoundError(
            f"No city named {name!r}{where} is known offline; "
            "give its coordinates with --lat and --lon."
        )
    best = matches[0]
    rivals = [
        m for m in matches[1:]
        if m.exact == best.exact and best.score - m.score < AMBIGUITY_MARGIN
    ]  # fmt: skip
    if rivals:
        candidates = [_candidate_line(m) for m in (best, *rivals)]
        raise AmbiguousError(
            f"{name!r} could be several places; nothing was added:\n  "
            + "\n  ".join(candidates)
            + '\nAdd the region or country to the name (e.g. "Springfield IL"), '
            "use --country, or give --lat and --lon.",
            candidates,
        )
    return best.to_place()


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
    return f"{match.label} ({match.lat:.4f}, {match.lon:.4f}; population {match.population:,})"


def _match_json(match: PlaceMatch) -> dict[str, Any]:
    return {
        "name": match.name,
        "admin1": match.admin1,
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
