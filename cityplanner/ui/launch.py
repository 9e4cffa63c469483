"""Start Qt correctly (WebEngine first, sandbox as root) and run the window or a Qt command."""

from __future__ import annotations

import argparse
import importlib
import logging
import os

from cityplanner.logs import setup_logging

log = logging.getLogger(__name__)

#: gui_command name → "module:function" taking the parsed arguments, returning an exit status.
GUI_COMMANDS: dict[str, str] = {
    "screenshot": "cityplanner.ui.screenshot:run",
    "export-png": "cityplanner.ui.map:run_export_png",
    "export-travelogue": "cityplanner.ui.exchange:run_travelogue_export",
}


def prepare_qt_environment() -> None:
    """Settings Chromium and Qt need before the QApplication exists."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start its sandbox as root.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    # QtWebEngine must be imported, and the map's URL scheme declared, before the
    # QApplication is created.
    import PySide6.QtWebEngineWidgets  # noqa: F401

    from cityplanner.ui.map import register_url_scheme

    register_url_scheme()


def install_exception_hook() -> None:
    """Unexpected errors are logged with their traceback and shown once, from the GUI thread."""
    from cityplanner.ui.shell import CrashReporter

    CrashReporter.install()


def run_gui(args: argparse.Namespace) -> int:
    setup_logging()
    prepare_qt_environment()
    if not getattr(args, "gui_command", None):
        install_exception_hook()
    command = getattr(args, "gui_command", None)
    if command:
        module_name, _, function = GUI_COMMANDS[command].partition(":")
        result: int = getattr(importlib.import_module(module_name), function)(args)
        return result
    from cityplanner.ui.main import run_window

    return run_window(args)
