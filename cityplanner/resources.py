"""Locate the files under `resources/` in a source checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding demo data, icons and web assets.

    A wheel carries it inside the package (`cityplanner/resources`); a source
    checkout or an editable install keeps it beside the package.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"CityPlanner's resources folder is missing (looked beside {package}).")


def resource_path(*parts: str) -> Path:
    """The path of one resource file, e.g. `resource_path("demo", "trip.json")`."""
    return resources_dir().joinpath(*parts)
