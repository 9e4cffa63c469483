"""CityPlanner as a desktop application: `cityplanner FILE` and `cityplanner install-desktop`.

The desktop entry runs `cityplanner %f` when a person opens a file with CityPlanner, so a
first argument that is a file rather than a command opens it: an itinerary database in
the window, or a GPX, KML, GeoJSON or CSV file imported into the window after a preview.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cityplanner.cli import build_parser
from cityplanner.cli.context import CommandContext
from cityplanner.domain.errors import CityPlannerError, NotFoundError, ValidationError
from cityplanner.formats.registry import IMPORT_SUFFIXES
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

#: A file with one of these suffixes is opened as the itinerary database.
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")

DESKTOP_FILE = "cityplanner.desktop"
METAINFO_FILE = "io.github.cityplanner.CityPlanner.metainfo.xml"
ICON_NAME = "cityplanner"


# -- cityplanner FILE -----------------------------------------------------------------


def parse_command_line(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line, where a file given instead of a command opens it.

    Sets `db` for a database file, `import_file` for a file to import (else None).
    Raises `CityPlannerError` for a missing file or one CityPlanner does not open, and
    exits with status 2 on a usage error, as argparse does.
    """
    parser = build_parser()
    tokens = list(sys.argv[1:] if argv is None else argv)
    position = _file_position(tokens, parser)
    if position is None:
        args = parser.parse_args(tokens)
        args.import_file = None
        return args
    name = tokens.pop(position)
    args = parser.parse_args(tokens)
    if args.command is not None:
        raise ValidationError(
            f"Give a file to open or a command, not both ({name!r} and {args.command!r})."
        )
    path = Path(name).expanduser().absolute()
    args.import_file = None
    if _kind_of_file(path) == "database":
        if args.db and Path(args.db).expanduser().absolute() != path:
            raise ValidationError(f"Give the database once: --db {args.db} or {name}.")
        args.db = str(path)
    else:
        args.import_file = str(path)
    return args


def _file_position(tokens: list[str], parser: argparse.ArgumentParser) -> int | None:
    """Where the first argument that is not an option, nor a command, but a file, is."""
    commands, valued = _command_line_shape(parser)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            return None
        if token.startswith("-"):
            takes_value = "=" not in token and any(o.startswith(token) for o in valued)
            index += 2 if token.startswith("--") and takes_value else 1
            continue
        if token in commands or not _looks_like_a_file(token):
            # A command, or a mistyped one: argparse says which commands there are.
            return None
        return index
    return None


def _command_line_shape(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """The command names, and the options before a command that take a value (`--db`)."""
    commands: set[str] = set()
    valued: set[str] = set()
    # argparse has no public way to list what a parser accepts.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
        elif action.option_strings and action.nargs != 0:
            valued.update(s for s in action.option_strings if s.startswith("--"))
    return commands, valued


def _looks_like_a_file(token: str) -> bool:
    path = Path(token)
    return path.suffix != "" or os.sep in token or path.exists()


def _kind_of_file(path: Path) -> str:
    """What a file is to the app (`database` or `import`), or a refusal the person can act on."""
    if not path.exists():
        raise NotFoundError(f"No such file: {path}")
    if not path.is_file():
        raise ValidationError(f"{path} is a folder, not a file CityPlanner opens.")
    suffix = path.suffix.lower()
    if suffix in DATABASE_SUFFIXES:
        return "database"
    if suffix in IMPORT_SUFFIXES:
        return "import"
    raise ValidationError(
        f"{path.name} is not a file CityPlanner opens: give an itinerary "
        "(.db, .sqlite) or a file to import (GPX, KML, KMZ, GeoJSON, CSV)."
    )


# -- cityplanner install-desktop ----------------------------------------------------------


def register(sub: Any) -> None:
    p = sub.add_parser(
        "install-desktop",
        help="add CityPlanner to your desktop's menu and to its 'Open with' choices (Linux)",
        description="Write the desktop entry, the icons and the AppStream metainfo into "
        "your user data folder ($XDG_DATA_HOME, else ~/.local/share). The menu entry runs "
        "this installation of CityPlanner.",
    )
    p.add_argument("--uninstall", action="store_true", help="remove what install-desktop added")
    p.set_defaults(handler=cmd_install_desktop)


def cmd_install_desktop(args: argparse.Namespace, _context: CommandContext) -> int:
    if sys.platform in ("win32", "darwin"):
        raise ValidationError("install-desktop is for Linux and other freedesktop.org desktops.")
    data_home = xdg_data_home()
    if args.uninstall:
        removed = uninstall(data_home)
        print(
            f"Removed {len(removed)} files from {data_home}." if removed else "Nothing to remove."
        )
        return 0
    written = install(data_home, launch_command())
    print(f"Installed CityPlanner's menu entry, icons and metainfo ({len(written)} files):")
    print(f"  {data_home / 'applications' / DESKTOP_FILE}")
    return 0


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not an absolute path."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the desktop starts this installation: its script, else `python -m cityplanner`."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle is its own executable
        return [sys.executable]
    # Not resolved: a virtual environment's python is a link, its scripts sit beside it.
    script = Path(sys.executable).parent / "cityplanner"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "cityplanner"]


@dataclass(frozen=True, slots=True)
class DesktopFile:
    """One installed file: where it goes under the data folder, and its content."""

    relative: Path
    content: bytes


def desktop_files(command: Sequence[str]) -> list[DesktopFile]:
    """Everything install-desktop writes, for a menu entry that runs `command`."""
    source = packaging_dir()
    entry = (source / DESKTOP_FILE).read_text(encoding="utf-8")
    files = [
        DesktopFile(Path("applications", DESKTOP_FILE), desktop_entry(entry, command).encode()),
        DesktopFile(Path("metainfo", METAINFO_FILE), (source / METAINFO_FILE).read_bytes()),
        DesktopFile(
            Path("icons", "hicolor", "scalable", "apps", f"{ICON_NAME}.svg"),
            resource_path("icons", f"{ICON_NAME}.svg").read_bytes(),
        ),
    ]
    hicolor = source / "icons" / "hicolor"
    for png in sorted(hicolor.glob(f"*/apps/{ICON_NAME}.png")):
        files.append(
            DesktopFile(Path("icons", *png.relative_to(hicolor.parent).parts), png.read_bytes())
        )
    return files


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The shipped desktop entry, starting `command` with the opened file."""
    exec_line = " ".join(_exec_argument(part) for part in command) + " %f"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={_escape(command[0])}")
            line = f"Exec={exec_line}"
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


#: Characters that make a desktop entry's Exec argument need quotes (Desktop Entry spec).
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")
    if any(c in _RESERVED for c in argument):
        quoted = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        argument = f'"{quoted}"'
    return _escape(argument)


def _escape(value: str) -> str:
    """A desktop entry string value: backslashes are escaped once more."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def packaging_dir() -> Path:
    """The desktop entry, metainfo and icons: in the wheel, else beside the package."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "packaging", package.parent / "packaging"):
        if (candidate / DESKTOP_FILE).is_file():
            return candidate
    raise CityPlannerError(f"CityPlanner's desktop files are missing (looked beside {package}).")


def install(data_home: Path, command: Sequence[str]) -> list[Path]:
    """Write the desktop files under `data_home`; returns the paths written."""
    written = []
    for item in desktop_files(command):
        target = data_home / item.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.content)
        written.append(target)
    _refresh_menus(data_home)
    log.info("Installed %d desktop files under %s", len(written), data_home)
    return written


def uninstall(data_home: Path) -> list[Path]:
    """Remove the files install() writes; returns the paths removed."""
    removed = []
    for item in desktop_files(launch_command()):
        target = data_home / item.relative
        if target.is_file():
            target.unlink()
            removed.append(target)
    if removed:
        _refresh_menus(data_home)
    return removed


def _refresh_menus(data_home: Path) -> None:
    """Update the "Open with" cache where the tool for it is installed (desktops also watch)."""
    tool = shutil.which("update-desktop-database")
    applications = data_home / "applications"
    if tool is None or not applications.is_dir():
        return
    try:
        subprocess.run([tool, "-q", str(applications)], check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("update-desktop-database failed: %s", exc)
