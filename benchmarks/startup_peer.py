"""The peer of benchmarks/startup.py: a bare QMainWindow with a QWebEngineView on a one-line page.

It reports the same moments the way CityPlanner does under `$CITYPLANNER_STARTUP_LOG`:
`window-shown` once the window's first paint has ended, `page-loaded` at `loadFinished`,
and `page-painted` two animation frames later; then it quits. Nothing of CityPlanner is
imported: this is the least a Qt window with a web view costs to start.

Run: python benchmarks/startup_peer.py (with CITYPLANNER_STARTUP_LOG=FILE)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QMainWindow

FRAME_MESSAGE = "cityplanner-startup-frame"
PAGE = "<!doctype html><title>Peer</title><p>A one-line page.</p>"


def process_age_s() -> float | None:
    try:
        fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
        started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started_s
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class Trace(QObject):
    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self._path = path
        self._seen: set[str] = set()

    def note(self, event: str) -> None:
        if event in self._seen:
            return
        self._seen.add(event)
        line = {"event": event, "process_s": process_age_s(), "monotonic": time.monotonic()}
        if self._path is not None:
            with self._path.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(line) + "\n")
        if event == "page-painted":
            QTimer.singleShot(0, QApplication.quit)

    def watch(self, window: QMainWindow) -> None:
        window.installEventFilter(self)
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WinIdChange and isinstance(watched, QMainWindow):
            # The window's native window is made anew when a web view joins it (on xcb).
            handle = watched.windowHandle()
            if handle is not None:
                handle.installEventFilter(self)
        elif (
            kind == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isExposed()
            and "exposed" not in self._seen
        ):
            self._seen.add("exposed")
            # The first exposure paints the whole window and flushes it, then this runs.
            QTimer.singleShot(0, lambda: self.note("window-shown"))
        return False


class Page(QWebEnginePage):
    def __init__(self, trace: Trace, parent: QObject) -> None:
        super().__init__(parent)
        self._trace = trace

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        if message == FRAME_MESSAGE:
            self._trace.note("page-painted")


def main() -> int:
    target = os.environ.get("CITYPLANNER_STARTUP_LOG", "").strip()
    trace = Trace(Path(target) if target else None)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    view = QWebEngineView()
    page = Page(trace, view)
    view.setPage(page)
    window.setCentralWidget(view)
    window.resize(1400, 860)

    def loaded(ok: bool) -> None:
        trace.note("page-loaded")
        page.runJavaScript(
            "requestAnimationFrame(function () { requestAnimationFrame(function () {"
            " console.debug(" + json.dumps(FRAME_MESSAGE) + "); }); });"
        )

    page.loadFinished.connect(loaded)
    window.show()
    trace.watch(window)
    view.setHtml(PAGE)
    QTimer.singleShot(60_000, app.quit)  # never hang a benchmark
    status = app.exec()
    window.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
