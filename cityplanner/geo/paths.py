"""Where the geo package keeps the files it can always rebuild: the city index, answer caches."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path

#: Set it to keep the caches elsewhere (tests point it at a temporary folder).
CACHE_DIR_ENV_VAR = "CITYPLANNER_CACHE_DIR"


def cache_dir() -> Path:
    """`$CITYPLANNER_CACHE_DIR`, else CityPlanner's folder in the user cache folder."""
    env = os.environ.get(CACHE_DIR_ENV_VAR, "").strip()
    return Path(env).expanduser() if env else user_cache_path("cityplanner", appauthor=False)
