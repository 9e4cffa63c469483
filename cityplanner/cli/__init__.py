"""The command line over the same core the window uses.

Exit status: 0 on success, 1 with one line on stderr for a user error, 2 for a
usage error. Commands that need Qt (the window, screenshots, PNG export) are
parsed here but run by `cityplanner.app`, which is the only place that may
import the user interface.
"""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Sequence

from cityplanner import __version__
from cityplanner.cli.context import CommandContext
from cityplanner.console import complain, guard_terminal
from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.domain.units import DistanceUnit
from cityplanner.logs import log_file, setup_logging

log = logging.getLogger(__name__)

#: Each module has `register(subparsers)` adding its commands.
COMMAND_MODULES = (
    "cityplanner.cli.itinerary",
    "cityplanner.cli.dates",
    "cityplanner.cli.days",
    "cityplanner.cli.costs",
    "cityplanner.cli.backups",
    "cityplanner.cli.salvage",
    "cityplanner.cli.gui",
    "cityplanner.cli.routing",
    "cityplanner.cli.gazetteer",
    "cityplanner.cli.exchange",
    "cityplanner.cli.photos",
    "cityplanner.cli.tracks",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cityplanner",
        description="Plan multi-city trips, log smart-city site visits and share itinerary maps. "
        "With no command, the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the itinerary file to use (default: $CITYPLANNER_DB, else cityplanner.db "
        "in your user data folder)",
    )
    parser.add_argument(
        "--unit",
        type=unit_arg,
        default=DistanceUnit.KM,
        help="write distances in km (default) or mi; JSON fields stay in km",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    _accept_options_after_commands(subparsers)
    return parser


def _accept_options_after_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Let every command take `--db PATH` and `--unit` after its name too (`trips --db FILE`)."""
    for command in subparsers.choices.values():
        # SUPPRESS: a command without its own --db keeps the one given before it.
        command.add_argument(
            "--db", metavar="PATH", default=argparse.SUPPRESS, help="the itinerary file to use"
        )
        command.add_argument(
            "--unit", type=unit_arg, default=argparse.SUPPRESS, help="km (default) or mi"
        )


def unit_arg(text: str) -> DistanceUnit:
    """argparse type: a distance unit (anything else is a usage error, exit status 2)."""
    try:
        return DistanceUnit.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; exits with status 2 on a usage error."""
    return build_parser().parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command that needs no window; returns the exit status."""
    setup_logging()
    guard_terminal()  # a name cannot send escape codes to the terminal through print()
    context = CommandContext(db_path=args.db, unit=getattr(args, "unit", DistanceUnit.KM))
    try:
        result: int = args.handler(args, context)
        return result
    except CityPlannerError as exc:
        complain(str(exc))
        return 1
    except KeyboardInterrupt:
        complain("interrupted.")
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        # A bug, not a user error: the details go to the log, the user gets one line.
        log.exception("Command %s failed", args.command)
        complain(f"internal error while running {args.command!r}; details are in {log_file()}")
        return 1
    finally:
        context.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for commands only (no window)."""
    args = parse(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    return run(args)
