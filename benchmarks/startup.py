"""How long CityPlanner takes to start, as a person starts it, against a bare Qt web window.

Each run launches a fresh process, `python -m cityplanner --db FILE` on a copy of the demo
trip, with every folder the app may touch (settings, data, cache, logs, backups, the city
index) private to this benchmark, and measures from the launch:
- shown: until the window's first picture has been painted;
- map painted: until the map page has drawn the trip and painted the frame showing it
  (the page reports the trip drawn over its bridge; two animation frames later it is on
  screen);
- map-drawn, deferred-done (printed for CityPlanner only): until the page reported the
  trip drawn, and until the work deferred past the first picture (the city index check,
  the reference rates) had run.
The app reports these moments under `$CITYPLANNER_STARTUP_LOG` and quits by itself under
`$CITYPLANNER_QUIT_AFTER_START=1`.

The peer, measured the same way in the same run: `benchmarks/startup_peer.py`, a bare
QMainWindow with a QWebEngineView showing a one-line page (shown; page loaded and painted).
Runs alternate between the two after one unmeasured warm-up each; medians are printed,
with the ratio ours/peer. Offscreen, and under Xvfb when it is installed (offscreen may
hide the cost of drawing to a real display).

`--baseline TREE` measures another copy of the source tree in the same runs, in turn
(e.g. the tree before a change); it is started with the same Python and folders.

Run: python benchmarks/startup.py [--runs 5] [--platform offscreen|xvfb|both] [--baseline TREE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cityplanner.geo.gazetteer import Gazetteer
from cityplanner.store import Store

PEER = ROOT / "benchmarks" / "startup_peer.py"
TIMEOUT_S = 90
#: Moment → what the peer calls the same moment.
MOMENTS = {
    "window-shown": "window-shown",
    "map-painted": "page-painted",
}


def private_environment(folder: Path, platform: str, display: str | None) -> dict[str, str]:
    """An environment in which the app reads and writes only under `folder`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CITYPLANNER_", "XDG_", "QT_"))
    }
    for name in ("home", "config", "data", "cache", "state", "runtime", "logs", "backups"):
        (folder / name).mkdir(exist_ok=True, mode=0o700)
    env.update(
        HOME=str(folder / "home"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_STATE_HOME=str(folder / "state"),
        XDG_RUNTIME_DIR=str(folder / "runtime"),
        CITYPLANNER_CACHE_DIR=str(folder / "cache" / "cityplanner"),
        CITYPLANNER_LOG_DIR=str(folder / "logs"),
        CITYPLANNER_BACKUP_DIR=str(folder / "backups"),
        CITYPLANNER_QUIT_AFTER_START="1",
        QT_QPA_PLATFORM=platform,
    )
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    if display is not None:
        env["DISPLAY"] = display
    return env


def launch(command: list[str], env: dict[str, str], log: Path, cwd: Path) -> dict[str, float]:
    """Start one process; the seconds from its launch to each moment it reported."""
    log.unlink(missing_ok=True)
    env = {**env, "CITYPLANNER_STARTUP_LOG": str(log)}
    started = time.monotonic()
    result = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    if result.returncode != 0 or not log.exists():
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    moments: dict[str, float] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        moments[item["event"]] = item["monotonic"] - started
    return moments


def start_xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    binary = shutil.which("Xvfb")
    if binary is None:
        return None
    for number in range(91, 120):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        display = f":{number}"
        server = subprocess.Popen(
            [binary, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return server, display
            time.sleep(0.05)
        server.terminate()
        server.wait()
    return None


def measure(
    folder: Path, db: Path, platform: str, display: str | None, runs: int, baseline: Path | None
) -> None:
    env = private_environment(folder, platform, display)
    ours = [sys.executable, "-m", "cityplanner", "--db", str(db)]
    apps = [("CityPlanner", ours, ROOT)]
    if baseline is not None:
        apps.append(("baseline", ours, baseline))
    apps.append(("peer", [sys.executable, str(PEER)], ROOT))
    log = folder / "startup.log"
    for _label, command, cwd in apps:
        launch(command, env, log, cwd)  # warm-ups: the disk cache, fonts, Python's bytecode
    samples: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in apps}
    for _ in range(runs):
        for label, command, cwd in apps:
            samples[label].append(launch(command, env, log, cwd))
    where = platform if display is None else f"{platform} (Xvfb {display})"
    print(f"\n{where}: medians of {runs} launches each, seconds from launch")
    labels = [label for label, _, _ in apps]
    header = "".join(f"{label:>13s}" for label in labels)
    print(f"  {'moment':14s}{header}   ratio CityPlanner/peer")
    for moment, peer_moment in MOMENTS.items():
        medians = {
            label: statistics.median(r[peer_moment if label == "peer" else moment] for r in rows)
            for label, rows in samples.items()
        }
        cells = "".join(f"{medians[label]:13.3f}" for label in labels)
        print(f"  {moment:14s}{cells}   {medians['CityPlanner'] / medians['peer']:6.2f}x")
    for moment in ("map-drawn", "deferred-done"):
        cells = ""
        for label in labels:
            rows = samples[label]
            found = [r[moment] for r in rows if moment in r]
            cells += f"{statistics.median(found):13.3f}" if len(found) == len(rows) else " " * 13
        print(f"  {moment:14s}{cells}")
    print("  each run (shown / map painted):")
    for index in range(runs):
        line = "   ".join(
            f"{label} {samples[label][index]['window-shown']:.3f} / "
            + f"{samples[label][index]['page-painted' if label == 'peer' else 'map-painted']:.3f}"
            for label in labels
        )
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", choices=("offscreen", "xvfb", "both"), default="both")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="TREE",
        help="another copy of the source tree to measure in the same run (e.g. before a change)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cityplanner-startup-"))
    try:
        db = folder / "demo.db"
        Store.open(db).close()  # a new file gets the demo trip
        # The city index is built once per user: a start on a machine that has it.
        with Gazetteer.open(folder / "cache" / "cityplanner" / "gazetteer.sqlite") as index:
            index.ensure_index()
        print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; trip: the demo")
        if args.platform in ("offscreen", "both"):
            measure(folder, db, "offscreen", None, args.runs, args.baseline)
        if args.platform in ("xvfb", "both"):
            started = start_xvfb()
            if started is None:
                print("\nXvfb is not installed (apt-get install xvfb): no run on a display.")
            else:
                server, display = started
                try:
                    measure(folder, db, "xcb", display, args.runs, args.baseline)
                finally:
                    server.terminate()
                    server.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
