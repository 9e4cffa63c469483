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
from cityplanner.formats.city_lookup import gazetteer_lookup, nearest_city_lookup
from cityplanner.formats.document import LAYER_CHOICES, ROUTES_AS, ExportOptions, ImportOptions
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.formats.registry import EXPORT_FORMATS, export_format, export_to_file, is_trip_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import apply_trip_file, preview_trip_file
from cityplanner.formats.trip_file_merge import Side
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
    p.add_argument("--no-photos", action="store_true",
                   help="a trip file without the photos' files (their records stay)")  # fmt: skip
    p.add_argument("--map-pack", metavar="FILE", type=Path,
                   help="draw a map pack (MBTiles or PMTiles) under the trip, for png and "
                   "html; html holds at most 3 MB of its tiles")  # fmt: skip
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "import",
        help="bring places from a GPX, KML, KMZ, GeoJSON, CSV or iCalendar file into a trip, "
        "or a whole trip from a CityPlanner trip file (.cptrip)",
        description="Read a file, show what it holds and what becomes what, then add it "
        "all in one go (or nothing, if anything in it is wrong). A trip file adds its trip, "
        "or updates it in place if this database has it already.",
    )
    p.add_argument("file", metavar="FILE", type=Path,
                   help="a GPX, KML, KMZ, GeoJSON (also Google Takeout's Saved Places.json), "
                   "CSV, iCalendar (.ics) or CityPlanner trip file (.cptrip)")  # fmt: skip
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
    p.add_argument(
        "--layers",
        dest="layers_as",
        choices=LAYER_CHOICES,
        default="auto",
        help="what the layers (top-level folders) of a Google My Maps KML/KMZ become: "
        "'trips' makes a new trip of each, 'sites' makes their places sites whose theme "
        "the layer's name gives (default: read as any KML folder)",
    )
    p.add_argument("--skip-duplicates", action="store_true",
                   help="leave out places that are already in the database")  # fmt: skip
    p.add_argument(
        "--take",
        choices=("mine", "theirs"),
        help="a trip file (.cptrip) that updates a trip: settle every conflict by keeping "
        "this database's version (mine) or the file's (theirs); without it, an update with "
        "conflicts is refused with their list",
    )
    p.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    fmt = export_format(args.format)
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    if getattr(args, "map_pack", None) is not None:
        return _export_with_pack(args, ctx, trip.id, trip.name)
    options = ExportOptions(map_image=args.map_image, unit=ctx.unit, with_photos=not args.no_photos)
    target = export_to_file(ctx.store, trip.id, fmt.key, args.output, options)
    print(f"Exported {trip.name} as {fmt.label} to {target}")
    for note in options.notes:
        complain(note)
    return 0


def _export_with_pack(
    args: argparse.Namespace, ctx: CommandContext, trip_id: int, name: str
) -> int:
    """`export TRIP html --map-pack FILE`: the shared page with the pack's tiles inside."""
    if args.format != "html":
        raise ValidationError("--map-pack is for the png and html exports only.")
    from cityplanner.formats.thumbnails import make_thumbnail
    from cityplanner.maps.export import shared_page, trip_payload, write_text_atomically
    from cityplanner.maps.map_packs import open_pack
    from cityplanner.maps.pack_export import embedded_layer

    pack = open_pack(args.map_pack)
    notes: list[str] = []
    try:
        photos = ctx.store.photos.for_trip(trip_id)
        payload = trip_payload(ctx.store, trip_id, photos=photos)
        layer = embedded_layer(pack, payload, notes=notes)
        payload["packs"] = [layer] if layer is not None else []
        files = {photo.sha256: photo.path for photo in photos}
        html = shared_page(payload, files, thumbnails=make_thumbnail, notes=notes)
    finally:
        pack.close()
    target = Path(args.output)
    write_text_atomically(target, html)
    print(f"Exported {name} as Interactive map (HTML) to {target}")
    for note in notes:
        complain(note)
    return 0


def cmd_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    if is_trip_file(args.file):
        return cmd_import_trip_file(args, ctx)
    if args.take:
        raise ValidationError("--take applies to CityPlanner trip files (.cptrip) only.")
    options = ImportOptions(
        points_as=args.points_as,
        routes_as=args.routes_as,
        default_theme=Theme.parse(args.theme) if args.theme else Theme.SHOWCASE,
        folder_themes=dict(_folder_theme(text) for text in args.folder_theme),
        # Used only for places named without coordinates (CSV rows, calendar LOCATIONs);
        # builds the index if needed.
        city_lookup=gazetteer_lookup(ready_gazetteer),
        # Used only for sites going into a trip without stops: the cities they are in.
        nearest_city=nearest_city_lookup(ready_gazetteer),
        layers_as=args.layers_as,
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
    if len(result.trips) > 1:
        made = ", ".join(f"{t.id}: {t.name}" for t in result.trips)
        print(f"Imported {what} into {counted(len(result.trips), 'new trip')} ({made}){skipped}")
        return 0
    print(f"Imported {what} into trip {result.trip.id}: {result.trip.name}{skipped}")
    return 0


def cmd_import_trip_file(args: argparse.Namespace, ctx: CommandContext) -> int:
    """A trip file: add its trip, or update the trip in place after showing what changes."""
    if args.trip or args.new or args.points_as != "auto" or args.theme or args.folder_theme:
        raise ValidationError(
            f"{args.file.name} is a CityPlanner trip file: it brings its own trip, so --trip, "
            "--new, --as, --theme and --folder-theme do not apply."
        )
    trip_file = read_trip_file(args.file)
    default = Side(args.take) if args.take else Side.MINE
    plan = preview_trip_file(ctx.store, trip_file, default=default)
    for line in plan.lines():
        print(line)
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    if plan.conflicts and not args.take:
        complain(
            "Nothing was changed: the file and this database both changed the same things. "
            "Import again with --take mine (keep this database's version of each) or "
            "--take theirs (take the file's)."
        )
        return 1
    if plan.is_update and not plan.changes:
        print("The trip is already up to date: nothing was changed.")
        return 0
    done = apply_trip_file(ctx.store, plan)
    for note in done.notes:
        complain(note)
    verb = "Updated" if plan.is_update else "Imported"
    print(f"{verb} trip {done.trip_id}: {plan.trip_name} ({plan.counts()})")
    return 0


def _folder_theme(text: str) -> tuple[str, Theme]:
    folder, sep, theme = text.rpartition("=")
    if not sep or not folder.strip():
        raise ValidationError(f"Write --folder-theme as FOLDER=THEME, not {text!r}.")
    return folder.strip(), Theme.parse(theme)
