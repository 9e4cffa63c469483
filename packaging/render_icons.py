"""Render the app icon's PNG sizes from its SVG into `packaging/icons/hicolor/`.

The PNGs are committed, so that `cityplanner install-desktop` copies files and needs
no Qt. Run again after changing `resources/icons/cityplanner.svg`:

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "resources" / "icons" / "cityplanner.svg"
TARGET = REPO / "packaging" / "icons" / "hicolor"
#: The sizes desktops ask for; others are scaled from the nearest or drawn from the SVG.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, target: Path) -> None:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(size, TARGET / f"{size}x{size}" / "apps" / "cityplanner.png")
    # The scalable icon is the SVG itself, installed from resources/icons/.
    sys.stdout.write(f"wrote {len(SIZES)} PNG sizes under {TARGET}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
