"""Terminal output of commands: results on stdout, refusals as one line on stderr."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    print(message)


def complain(message: str) -> None:
    print(f"cityplanner: {message}", file=sys.stderr)
