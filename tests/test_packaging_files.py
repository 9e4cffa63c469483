"""Desktop integration files are well formed and agree with the package."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from cityplanner import __version__

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def test_desktop_entry_starts_the_installed_command() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "cityplanner.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"].split()[0] == "cityplanner"
    assert section["Type"] == "Application" and section["Icon"] == "cityplanner"


def test_metainfo_names_this_version_and_the_desktop_file() -> None:
    root = ET.parse(PACKAGING / "io.github.cityplanner.CityPlanner.metainfo.xml").getroot()
    assert root.findtext("launchable") == "cityplanner.desktop"
    assert __version__ in [r.get("version") for r in root.iter("release")]
