"""Composition root: the `cityplanner` command, which opens the window or runs a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cityplanner import cli
from cityplanner.cli.desktop import parse_command_line
from cityplanner.console import complain
from cityplanner.domain.errors import CityPlannerError


def main(argv: Sequence[str] | None = None) -> None:
    try:
        # `cityplanner FILE` (what the desktop's "Open with" runs) is parsed here too.
        args = parse_command_line(argv)
    except CityPlannerError as exc:
        complain(str(exc))
        sys.exit(1)
    if args.command is None or getattr(args, "gui_command", None):
        from cityplanner.ui.launch import run_gui

        sys.exit(run_gui(args))
    sys.exit(cli.run(args))
