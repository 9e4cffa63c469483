"""`cityplanner salvage OUT`: what can still be read of a damaged file, saved as a new one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cityplanner.cli.backups import database_path
from cityplanner.cli.context import CommandContext
from cityplanner.console import say
from cityplanner.store.salvage import salvage


def register(sub: Any) -> None:
    p = sub.add_parser(
        "salvage",
        help="save what can still be read of a damaged database into a new file",
    )
    p.add_argument("output", metavar="OUT", help="the new database file to write")
    p.set_defaults(handler=cmd_salvage)


def cmd_salvage(args: argparse.Namespace, _ctx: CommandContext) -> int:
    source = database_path(args)
    report = salvage(source, Path(args.output).expanduser())
    say(f"{report.summary()} Open it with: cityplanner --db {args.output}")
    return 0
