"""Commands that move trips in and out of files: export and import."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cityplanner.cli.context import CommandContext
from cityplanner.cli.gazetteer import ready_gazetteer
from cityplanner.console import complain
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.city_lookup import gazetteer_lookup
from cityplanner.formats.document import ROUTES_AS, ExportOptions, ImportOptions
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.registry import EXPORT_FORMATS, export_format, export_to_file
from cityplanner.formats.wording import counted


class _FormatAction(argparse.Action):
    """Store the format, and mark formats that need Qt so the app runs them in the window."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
        values: Any, option_string: str | None = None,
    ) -> None:  # fmt: skip
        key = str(values).strip().lower()
        fmt = EXPORT_FORMATS.get(key)
        if fmt is None:
            parser.error(f"unknown format {values!r}; choose from: {', '.join(EXPORT_FORMATS)}")
        setattr(namespace, self.dest, key)
        if fmt.gui_command:
            namespace.gui_command = fmt.gui_command


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write a trip to a file: " + ", ".join(EXPORT_FORMATS),
        description="Write a trip to GPX, KML, KMZ, GeoJSON, CSV, iCalendar, or as a "
        "travelogue in Markdown, or the trip book (maps, journal, photos) in HTML or PDF.",
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("format", metavar="FORMAT", action=_FormatAction,
                   help="one of: " + ", ".join(EXPORT_FORMATS))  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")
    p.add_argument("--map-image", metavar="PNG", type=Path,
                   help="a picture to put on a travelogue's cover instead of the map it "
                   "draws (PNG or JPEG)")  # fmt: skip
    p.add_argument("--size", metavar="WxH", default="1600x1000",
                   help="picture size for png (default 1600x1000)")  # fmt: skip
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "import",
        help="bring places from a GPX, KML, KMZ, GeoJSON or CSV file into a trip",
        description="Read a file, show what it holds and what becomes what, then add it "
        "all in one go (or nothing, if anything in it is wrong).",
    )
    p.add_argument("file", metavar="FILE", type=Path, help="a GPX, KML, KMZ, GeoJSON or CSV file")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--trip", metavar="TRIP", help="add to this existing trip")
    target.add_argument("--new", metavar="NAME", help="create a new trip with this name "
                        "(default: a new trip named after the file)")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")
    p.add_argument(
        "--as",
        dest="points_as",
        choices=("auto", "stops", "sites"),
        default="auto",
        help="import points as stops or as sites (default: decided per file)",
    )
    p.add_argument(
        "--routes",
        dest="routes_as",
        choices=ROUTES_AS,
        default="stops",
        help="GPX routes: their points as stops, route after route (default), or each route "
        "kept as a planned line",
    )
    p.add_argument("--theme", metavar="THEME", help="theme for sites whose file names none "
                   "(default: showcase)")  # fmt: skip
    p.add_argument(
        "--folder-theme",
        metavar="FOLDER=THEME",
        action="append",
        default=[],
        help="treat a KML folder as a theme, e.g. 'Bus stops=mobility' (repeatable)",
    )
    p.add_argument("--skip-duplicates", action="store_true",
                   help="leave out places that are already in the database")  # fmt: skip
    p.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    fmt = export_format(args.format)
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    options = ExportOptions(map_image=args.map_image, unit=ctx.unit)
    target = export_to_file(ctx.store, trip.id, fmt.key, args.output, options)
    print(f"Exported {trip.name} as {fmt.label} to {target}")
    for note in options.notes:
        complain(note)
    return 0


def cmd_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    options = ImportOptions(
        points_as=args.points_as,
        routes_as=args.routes_as,
        default_theme=Theme.parse(args.theme) if args.theme else Theme.SHOWCASE,
        folder_themes=dict(_folder_theme(text) for text in args.folder_theme),
        # Used only for rows naming a city without coordinates; builds the index if needed.
        city_lookup=gazetteer_lookup(ready_gazetteer),
    )
    parsed = read_import_file(args.file, options)
    trip_id = None
    if args.trip:
        trip = ctx.trip(args.trip)
        trip_id = trip.id
    plan = preview(ctx.store, parsed, trip_id=trip_id, new_name=args.new or "")
    for line in plan.lines():
        print(line)
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    result = apply(ctx.store, plan, skip_duplicates=args.skip_duplicates)
    skipped = f", {counted(result.skipped, 'duplicate')} left out" if result.skipped else ""
    what = f"{counted(result.stops, 'stop')} and {counted(result.sites, 'site')}"
    if result.track_ids:
        what = (
            f"{counted(result.stops, 'stop')}, {counted(result.sites, 'site')} and "
            f"{counted(len(result.track_ids), 'track')}"
        )
    print(f"Imported {what} into trip {result.trip.id}: {result.trip.name}{skipped}")
    return 0


def _folder_theme(text: str) -> tuple[str, Theme]:
    folder, sep, theme = text.rpartition("=")
    if not sep or not folder.strip():
        raise ValidationError(f"Write --folder-theme as FOLDER=THEME, not {text!r}.")
    return folder.strip(), Theme.parse(theme)
