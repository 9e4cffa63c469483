"""Commands over a database's automatic backups: backups (the list), backup, restore."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from cityplanner.cli.context import CommandContext, print_json, print_table
from cityplanner.domain.errors import NotFoundError, StoreError
from cityplanner.store import default_db_path
from cityplanner.store.backups import (
    BackupInfo,
    backup_file,
    backup_folder,
    human_size,
    list_backups,
    restore,
    rotate,
)

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser("backups", help="list the automatic backups of the database, newest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser("backup", help="back up the database now")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the database's content with a backup (the content it replaces is "
        "backed up first)",
    )
    p.add_argument(
        "backup", metavar="BACKUP", help="the backup's number in the `backups` list, or its path"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_restore)


def database_path(args: argparse.Namespace) -> Path:
    """The file `--db` names, else the default one; an in-memory database has no backups."""
    if args.db == ":memory:":
        raise StoreError("An in-memory database has no backups.")
    return Path(args.db).expanduser() if args.db else default_db_path()


def cmd_backups(args: argparse.Namespace, _ctx: CommandContext) -> int:
    path = database_path(args)
    backups = list_backups(path)
    if args.json:
        print_json(
            {
                "database": str(path),
                "folder": str(backup_folder(path)),
                "backups": [_info_json(n, b) for n, b in enumerate(backups, start=1)],
            }
        )
        return 0
    if not backups:
        print(f"No backups of {path} yet. Make one with: cityplanner backup")
        return 0
    print(f"Backups of {path}, newest first (kept in {backup_folder(path)}):")
    rows = [
        [
            str(n),
            _when(b),
            str(b.trips) if b.readable else "damaged",
            str(b.stops) if b.readable else "",
            human_size(b.size_bytes),
            b.reason,
        ]
        for n, b in enumerate(backups, start=1)
    ]
    print_table(["#", "Made", "Trips", "Stops", "Size", "Why"], rows, right=frozenset({0, 2, 3, 4}))
    if any(not b.readable for b in backups):
        print("A damaged backup cannot be restored; it is deleted in time like the others.")
    return 0


def cmd_backup(args: argparse.Namespace, _ctx: CommandContext) -> int:
    path = database_path(args)
    if not path.exists():
        raise StoreError(f"{path} does not exist yet, so there is nothing to back up.")
    copy = backup_file(path, reason="by hand")
    rotate(path)
    number, info = _find(path, copy)
    if args.json:
        print_json({"database": str(path), "backup": _info_json(number, info)})
        return 0
    print(f"Backed up {path} ({_holds(info)}) to {copy}.")
    return 0


def cmd_restore(args: argparse.Namespace, _ctx: CommandContext) -> int:
    path = database_path(args)
    chosen = choose_backup(path, args.backup)
    done = restore(chosen, path)
    rotate(path)
    restored = done.backup
    if args.json:
        print_json(
            {
                "database": str(path),
                "restored": _info_json(None, restored),
                "kept_at": str(done.kept_at) if done.kept_at else None,
            }
        )
        return 0
    print(f"Restored {path} from the backup of {_when(restored)}: {_holds(restored)}.")
    if done.kept_at is not None:
        number, _ = _find(path, done.kept_at)
        print(f"What it replaced is kept as backup {number}: {done.kept_at}")
    return 0


def choose_backup(path: Path, ref: str) -> Path:
    """The backup `ref` names: its 1-based number in the list, or a path to a file."""
    text = ref.strip()
    if not text.isdigit():
        return Path(text).expanduser()
    backups = list_backups(path)
    number = int(text)
    if not backups:
        raise NotFoundError(f"{path} has no backups yet, so there is no backup {number}.")
    if not 1 <= number <= len(backups):
        raise NotFoundError(
            f"There is no backup {number}: {path} has backups 1 to {len(backups)} "
            "(see: cityplanner backups)."
        )
    return backups[number - 1].path


def _find(path: Path, copy: Path) -> tuple[int, BackupInfo]:
    """A backup just made, with its number in the list."""
    return next((n, b) for n, b in enumerate(list_backups(path), start=1) if b.path == copy)


def _when(info: BackupInfo) -> str:
    """The local time a backup was made, to the second."""
    return info.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _holds(info: BackupInfo) -> str:
    trips = "1 trip" if info.trips == 1 else f"{info.trips} trips"
    stops = "1 stop" if info.stops == 1 else f"{info.stops} stops"
    return f"{trips}, {stops}"


def _info_json(number: int | None, info: BackupInfo) -> dict[str, Any]:
    return {
        "number": number,
        "path": str(info.path),
        "made_at": info.made_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "size_bytes": info.size_bytes,
        "trips": info.trips,
        "stops": info.stops,
        "readable": info.readable,
        "reason": info.reason,
    }
