"""Keep every test away from the real user's files, screen and network settings."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before anything imports Qt or platformdirs.
_SANDBOX = Path(tempfile.mkdtemp(prefix="cityplanner-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_SANDBOX / _var.lower())
os.environ.pop("CITYPLANNER_DB", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT
