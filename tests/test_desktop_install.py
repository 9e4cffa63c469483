"""Installing the app: `cityplanner install-desktop` and the PyInstaller bundle's spec.

Every file goes into a temporary XDG data folder. The validators of the freedesktop.org
formats run where they are installed (`apt-get install desktop-file-utils appstream`).
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cityplanner import app
from cityplanner.cli import COMMAND_MODULES
from cityplanner.cli import desktop as desktop_cli
from cityplanner.formats.registry import EXPORT_FORMATS, IMPORT_SUFFIXES, reader_for

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
ENTRY = Path("applications", "cityplanner.desktop")
METAINFO = Path("metainfo", "io.github.cityplanner.CityPlanner.metainfo.xml")
MIME_TYPES = {
    "application/vnd.sqlite3",
    "application/gpx+xml",
    "application/vnd.google-earth.kml+xml",
    "application/vnd.google-earth.kmz",
    "application/geo+json",
    "text/csv",
}


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def install_desktop(*options: str) -> int:
    with pytest.raises(SystemExit) as exited:
        app.main(["install-desktop", *options])
    return int(exited.value.code or 0)


def read_entry(path: Path) -> configparser.SectionProxy:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    return entry["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head.startswith(b"\x89PNG\r\n\x1a\n"), path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_install_writes_the_entry_icons_and_metainfo_then_uninstall_removes_them(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop() == 0
    assert str(data_home / ENTRY) in capsys.readouterr().out
    entry = read_entry(data_home / ENTRY)
    command = desktop_cli.launch_command()
    assert entry["Exec"] == " ".join([*command, "%f"])
    assert Path(command[0]).is_file() and Path(command[0]).parent == Path(sys.executable).parent
    assert set(entry["MimeType"].rstrip(";").split(";")) == MIME_TYPES
    assert entry["Icon"] == "cityplanner" and entry["Type"] == "Application"
    assert (data_home / METAINFO).read_bytes() == (PACKAGING / METAINFO.name).read_bytes()
    hicolor = data_home / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "cityplanner.svg").read_bytes().startswith(b"<svg")
    pngs = sorted(hicolor.glob("*/apps/cityplanner.png"))
    assert {p.parts[-3] for p in pngs} >= {"16x16", "32x32", "48x48", "128x128", "256x256"}
    for png in pngs:
        side = int(png.parts[-3].partition("x")[0])
        assert png_size(png) == (side, side)

    assert install_desktop("--uninstall") == 0
    installed = len(desktop_cli.desktop_files(command))
    assert f"Removed {installed} files" in capsys.readouterr().out
    left = [p for p in data_home.rglob("*") if p.is_file() and p.name != "mimeinfo.cache"]
    assert left == []
    assert install_desktop("--uninstall") == 0
    assert "Nothing to remove" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_the_installed_entry_is_valid(data_home: Path, tmp_path: Path) -> None:
    assert install_desktop() == 0
    # A path with a space, a quote and a dollar, as a person's home folder may have.
    odd = tmp_path / "odd" / "cityplanner.desktop"
    odd.parent.mkdir()
    template = (PACKAGING / "cityplanner.desktop").read_text(encoding="utf-8")
    odd.write_text(desktop_cli.desktop_entry(template, ['/opt/my "apps"/$py 100%', "-m", "x"]))
    assert 'Exec="/opt/my \\\\"apps\\\\"/\\\\$py 100%%" -m x %f' in odd.read_text()
    for path in (data_home / ENTRY, odd, PACKAGING / "cityplanner.desktop"):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error:" not in result.stdout, result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream")
def test_the_installed_metainfo_is_valid(data_home: Path) -> None:
    assert install_desktop() == 0
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(data_home / METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_menu_starts_the_script_beside_python_else_python_m_cityplanner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.write_text("")
    monkeypatch.setattr(sys, "executable", str(python))
    assert desktop_cli.launch_command() == [str(python), "-m", "cityplanner"]
    script = python.parent / "cityplanner"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert desktop_cli.launch_command() == [str(script)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop_cli.launch_command() == [str(python)]


def test_the_data_folder_is_xdg_data_home_else_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert desktop_cli.xdg_data_home() == tmp_path / "elsewhere"
    for value in ("", "relative/share"):
        monkeypatch.setenv("XDG_DATA_HOME", value)
        assert desktop_cli.xdg_data_home() == tmp_path / ".local" / "share"


def test_an_installed_wheel_installs_its_desktop_files(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip"]
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    # No build isolation: the build backend comes from the test extra, so this works offline.
    quiet = ["--quiet", "--no-deps"]
    subprocess.run([*pip, "wheel", *quiet, "--no-build-isolation", "-w", str(wheels), str(REPO)],
                   check=True, timeout=300)  # fmt: skip
    (wheel,) = wheels.glob("cityplanner-*.whl")
    subprocess.run([*pip, "install", *quiet, "--target", str(site), str(wheel)],
                   check=True, timeout=300)  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_home = tmp_path / "share"
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(data_home)}
    result = subprocess.run(
        [sys.executable, "-m", "cityplanner", "install-desktop"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert read_entry(data_home / ENTRY)["Icon"] == "cityplanner"
    assert (data_home / METAINFO).is_file()
    assert (data_home / "icons" / "hicolor" / "48x48" / "apps" / "cityplanner.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / "cityplanner.svg").is_file()
    located = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cityplanner.cli import desktop; print(desktop.packaging_dir())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(site)


# -- the PyInstaller bundle ---------------------------------------------------------


def spec_list(name: str) -> list[str]:
    """A list the spec file assigns (the spec is Python that PyInstaller runs)."""
    tree = ast.parse((PACKAGING / "cityplanner.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [name]:
            value: list[str] = ast.literal_eval(node.value)
            return value
    raise AssertionError(f"cityplanner.spec assigns no {name}")


def gui_command_modules() -> set[str]:
    """The modules of `cityplanner.ui.launch.GUI_COMMANDS`, read without importing Qt."""
    tree = ast.parse((REPO / "cityplanner" / "ui" / "launch.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "GUI_COMMANDS":
            assert node.value is not None
            commands: dict[str, str] = ast.literal_eval(node.value)
            return {target.partition(":")[0] for target in commands.values()}
    raise AssertionError("launch.py assigns no GUI_COMMANDS")


def test_the_spec_names_every_module_the_app_imports_by_name() -> None:
    hidden = spec_list("DYNAMIC_IMPORTS")
    assert len(hidden) == len(set(hidden))
    wanted = gui_command_modules() | set(COMMAND_MODULES) | {"cityplanner.cli.desktop"}
    for fmt in EXPORT_FORMATS.values():
        wanted |= {t.partition(":")[0] for t in (fmt.writer, fmt.page) if t}
    wanted |= {reader_for(Path(f"x{suffix}"), b"").__module__ for suffix in IMPORT_SUFFIXES}
    missing = wanted - set(hidden)
    assert not missing, f"add these to DYNAMIC_IMPORTS in packaging/cityplanner.spec: {missing}"
    assert {"cityplanner.ui.screenshot", "cityplanner.ui.map"} <= gui_command_modules()


def test_the_spec_excludes_no_qt_module_the_app_uses() -> None:
    excluded = set(spec_list("QT_EXCLUDES"))
    used = set()
    for path in (REPO / "cityplanner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                used.add((node.module or "").split(".")[1])
    assert used and not used & excluded, used & excluded
