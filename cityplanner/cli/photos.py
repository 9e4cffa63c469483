"""Commands over a trip's photos: add-photos, photos, place-photo and relink-photos."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cityplanner.cli.context import CommandContext, find_site, integer_arg, print_json
from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Trip
from cityplanner.domain.photos import Photo

if TYPE_CHECKING:  # Pillow is imported when photos are read, not when the app starts
    from cityplanner.formats.photo_import import PhotoPreview


def register(sub: Any) -> None:
    p = sub.add_parser(
        "add-photos",
        help="add photos (files or folders) to a trip, each placed by its date or position",
        description="Read each photo's date, time and GPS position (EXIF) and place it on "
        "the stop whose stay covers that time, in the stop's time zone, else on the "
        "nearest stop or site. Files that are not photos are skipped and counted.",
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="photo files or folders")
    p.add_argument(
        "--dry-run", action="store_true", help="show where each photo would go; write nothing"
    )
    p.add_argument(
        "--copy",
        action="store_true",
        help="copy the files into the folder beside the database (default: refer to them)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_add_photos)

    p = sub.add_parser("photos", help="a trip's photos: where each went and why, and if missing")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_photos)

    p = sub.add_parser("place-photo", help="place a photo by hand on a stop or site, or unplace it")
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("photo", metavar="PHOTO", type=integer_arg, help="the photo's number")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--stop", metavar="POS", type=integer_arg, help="the stop's position")
    where.add_argument("--unplace", action="store_true", help="take it off its stop or site")
    p.add_argument("--site", metavar="SITE", help="a site of that stop (its number or name)")
    p.set_defaults(handler=cmd_place_photo)

    p = sub.add_parser(
        "relink-photos", help="find a trip's moved photos again, by content, in a folder"
    )
    p.add_argument("trip", metavar="TRIP", help="trip number or name")
    p.add_argument("folder", metavar="FOLDER", type=Path, help="where the originals are now")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_relink_photos)


# -- add-photos ---------------------------------------------------------------


def cmd_add_photos(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    store = ctx.store
    if not any(path.exists() for path in args.paths):
        names = ", ".join(str(p) for p in args.paths)
        raise ValidationError(f"Nothing to add: {names} cannot be found.")
    from cityplanner.formats.photo_import import preview_photos, trip_view

    view = trip_view(trip.start, store.trips.stops(trip.id), store.sites.for_trip(trip.id))
    preview = preview_photos(args.paths, view, known=store.photos.known_hashes(trip.id))
    photos = preview.photos(trip.id)
    added: list[Photo] = []
    if not args.dry_run and photos:
        added = store.photos.add_many(trip.id, photos, copy=args.copy)
    rows = [_photo_json(p, _names(ctx, trip)) for p in (added or photos)]
    if args.json:
        print_json(
            {
                "trip": trip.id,
                "dry_run": args.dry_run,
                "copy": args.copy,
                "photos": rows,
                "added": len(added),
                "skipped": dict(sorted(preview.skipped.items())),
                "refused": [{"file": str(r.path), "reason": r.message} for r in preview.refused],
            }
        )
        return 0
    verb = "Would add" if args.dry_run else "Adding"
    print(f"{verb} {_count(len(rows), 'photo')} to {trip.name} (trip {trip.id}):")
    for row in rows:
        print(f"  {row['name']} → {_where(row)} · by {row['placed_by']}: {row['reason']}")
    _print_left_out(preview)
    if args.dry_run:
        print("Nothing was written (--dry-run).")
    else:
        copies = f", copied into {store.photos.copies_folder}" if args.copy and added else ""
        print(f"Added {_count(len(added), 'photo')}{copies}.")
    return 0


def _print_left_out(preview: PhotoPreview) -> None:
    if preview.refused:
        print("Refused:")
        for refused in preview.refused:
            print(f"  {refused.path}: {refused.message}")
    skipped = sum(preview.skipped.values())
    if skipped:
        parts = ", ".join(f"{n:,} {why}" for why, n in preview.skipped.most_common())
        print(f"Skipped {_count(skipped, 'file')}: {parts}.")


# -- photos -------------------------------------------------------------------


def cmd_photos(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    photos = ctx.store.photos.for_trip(trip.id)
    names = _names(ctx, trip)
    rows = [_photo_json(p, names) for p in photos]
    if args.json:
        print_json({"trip": trip.id, "name": trip.name, "photos": rows})
        return 0
    print(f"{trip.name} (trip {trip.id}): {_count(len(rows), 'photo')}")
    if not rows:
        print("None yet. Add some with: cityplanner add-photos TRIP FOLDER")
        return 0
    for row in rows:
        taken = row["taken_at"] or "no date"
        gone = "  [MISSING]" if row["missing"] else ""
        print(f"{row['id']:>4}  {row['name']}  {taken}  → {_where(row)}{gone}")
        print(f"      by {row['placed_by']}: {row['reason']}")
    missing = sum(1 for row in rows if row["missing"])
    if missing:
        print(
            f"{_count(missing, 'photo')} cannot be found; look for them with: "
            "cityplanner relink-photos TRIP FOLDER"
        )
    return 0


# -- place-photo --------------------------------------------------------------


def cmd_place_photo(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    photo = ctx.store.photos.get(args.photo)
    if photo.trip_id != trip.id:
        raise ValidationError(f"Photo {args.photo} is not one of {trip.name!r}'s photos.")
    if args.unplace:
        if args.site:
            raise ValidationError("Give --site with --stop, not with --unplace.")
        placed = ctx.store.photos.place(args.photo)
    else:
        stop = ctx.stop_at(trip, args.stop)
        assert stop.id is not None
        site_id = None
        if args.site:
            site = find_site(ctx.store.sites.for_stop(stop.id), args.site, stop.place.name)
            site_id = site.id
        # As in the window: a photo moved to another stop stays in its journal entry.
        placed = ctx.store.photos.place(
            args.photo, stop_id=stop.id, site_id=site_id, journal_id=photo.journal_id
        )
    row = _photo_json(placed, _names(ctx, trip))
    print(f"{row['name']} → {_where(row)}")
    return 0


# -- relink-photos ------------------------------------------------------------


def cmd_relink_photos(args: argparse.Namespace, ctx: CommandContext) -> int:
    trip = ctx.trip(args.trip)
    assert trip.id is not None
    report = ctx.store.photos.relink(args.folder.expanduser(), trip_id=trip.id)
    if args.json:
        print_json(
            {
                "trip": trip.id,
                "found": [{"file": p.path, "sha256": p.sha256} for p in report.found],
                "missing": [{"file": p.path, "sha256": p.sha256} for p in report.missing],
                "looked_at": report.looked_at,
                "hashed": report.hashed,
            }
        )
        return 0
    for photo in report.found:
        print(f"found  {photo.path}")
    for photo in report.missing:
        print(f"still missing  {photo.path}")
    print(
        f"Found {_count(len(report.found), 'photo')} again in {args.folder} "
        f"({report.looked_at:,} files looked at, {report.hashed:,} compared by content); "
        f"{len(report.missing)} still missing."
    )
    return 0


# -- helpers ------------------------------------------------------------------


class _Names:
    """The names of a trip's stops, sites and journal entries, by id."""

    def __init__(self, stops: dict[int, str], sites: dict[int, str], entries: dict[int, str]):
        self.stops, self.sites, self.entries = stops, sites, entries


def _names(ctx: CommandContext, trip: Trip) -> _Names:
    assert trip.id is not None
    store = ctx.store
    stops = {s.id: s.place.name for s in store.trips.stops(trip.id) if s.id is not None}
    sites = {s.id: s.name for s in store.sites.for_trip(trip.id) if s.id is not None}
    entries = {e.id: e.title for e in store.journal.for_trip(trip.id) if e.id is not None}
    return _Names(stops, sites, entries)


def _photo_json(photo: Photo, names: _Names) -> dict[str, Any]:
    def name(table: dict[int, str], key: int | None) -> str | None:
        return table.get(key) if key is not None else None

    return {
        "id": photo.id,
        "file": photo.path,
        "name": photo.file_name,
        "original": photo.original or photo.path,
        "sha256": photo.sha256,
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "zone": photo.zone or None,
        "lat": photo.lat,
        "lon": photo.lon,
        "stop": name(names.stops, photo.stop_id),
        "site": name(names.sites, photo.site_id),
        "journal": name(names.entries, photo.journal_id),
        "placed_by": photo.placed_by.value,
        "reason": photo.reason,
        "missing": not os.path.isfile(photo.path),
        "copied": photo.copied,
        "caption": photo.caption,
        "width": photo.width,
        "height": photo.height,
    }


def _where(row: dict[str, Any]) -> str:
    if row["stop"] is None and row["journal"] is None:
        return "(not placed)"
    place = row["stop"] or ""
    if row["site"]:
        place += f", {row['site']}"
    if row["journal"]:
        place += f" (journal: {row['journal']})" if place else f"journal: {row['journal']}"
    return place


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
