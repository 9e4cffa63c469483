"""Composition root: the `cityplanner` command, which opens the window or runs a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cityplanner import cli


def main(argv: Sequence[str] | None = None) -> None:
    args = cli.parse(argv)
    if args.command is None or getattr(args, "gui_command", None):
        from cityplanner.ui.launch import run_gui

        sys.exit(run_gui(args))
    sys.exit(cli.run(args))
