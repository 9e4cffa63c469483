"""`cityplanner screenshot` draws the real window with a trip into a PNG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_screenshot_is_a_non_blank_picture_of_the_window(tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    result = run(
        "--db",
        str(tmp_path / "t.db"),
        "screenshot",
        "-o",
        str(out),
        "--trip",
        "smart city tour 2017",
        "--size",
        "1200x800",
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 800, 29)}
    assert len(colours) > 20


def test_screenshot_refuses_bad_size_and_unknown_trip(tmp_path: Path) -> None:
    assert run("screenshot", "-o", str(tmp_path / "a.png"), "--size", "huge").returncode == 2
    result = run(
        "--db",
        str(tmp_path / "t.db"),
        "screenshot",
        "-o",
        str(tmp_path / "a.png"),
        "--trip",
        "Atlantis",
    )
    assert result.returncode == 1 and "No trip is called 'Atlantis'" in result.stderr
    assert not (tmp_path / "a.png").exists()
