"""Logging to a rotating file in the user's log folder, set up once per process."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from platformdirs import user_log_path

LOG_ENV_VAR = "CITYPLANNER_LOG_DIR"
_configured: Path | None = None


def log_file() -> Path:
    folder = os.environ.get(LOG_ENV_VAR, "").strip()
    base = Path(folder) if folder else user_log_path("cityplanner", appauthor=False)
    return base / "cityplanner.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to `log_file()` (1 MB × 3 files); returns its path, or None if unwritable."""
    global _configured
    if _configured is not None:
        return _configured
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _configured = path
    return path
