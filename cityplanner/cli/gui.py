"""Commands of the desktop application.

`screenshot` draws the window offscreen (it needs Qt, so `cityplanner.app` runs it);
`install-desktop` adds the app to the desktop's menu (`cityplanner.cli.desktop`).
"""

from __future__ import annotations

import argparse
from typing import Any

from cityplanner.cli import desktop


def parse_size(text: str) -> tuple[int, int]:
    """`1600x1000` → (1600, 1000), within sensible bounds."""
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size such as 1600x1000 (each side 200 to 8000 pixels)"
        )
    return size


def register(sub: Any) -> None:
    p = sub.add_parser("screenshot", help="save a picture of the main window showing a trip")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="PNG file to write")
    p.add_argument("--trip", metavar="TRIP", help="trip number or name (default: the first)")
    p.add_argument("--size", type=parse_size, default=(1600, 1000), metavar="WxH")
    p.set_defaults(gui_command="screenshot")
    desktop.register(sub)
