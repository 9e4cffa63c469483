"""Bring the window's translations up to date with its sources, then compile them.

Run from the repository root:

    python packaging/update_translations.py

`pyside6-lupdate` reads every `cityplanner/ui/**/*.py` and merges the texts it finds
(`self.tr()`, `QCoreApplication.translate()`, `QT_TRANSLATE_NOOP()`) into each catalogue
`cityplanner/ui/translations/cityplanner_XX.ts`: translations already made are kept, texts
no longer in the sources are dropped (`-no-obsolete`), new ones wait as unfinished. The
English catalogue holds only the plural forms ("%Ln stop(s)" → "1 stop", "2 stops"), the
sources being English. Then `pyside6-lrelease` compiles each catalogue into the `.qm` file
beside it, which the package ships and the window loads.

Translate the new texts in Qt Linguist (`pyside6-linguist cityplanner/ui/translations/
cityplanner_fr.ts`), run this script again, and commit both the `.ts` and the `.qm` files.
tests/ui/test_translations.py fails while a text is untranslated or a `.qm` is stale.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "cityplanner" / "ui"
TRANSLATIONS = UI / "translations"
#: The language the sources are written in: its catalogue holds the plural forms only.
SOURCE_LANGUAGE = "en"


def sources() -> list[Path]:
    """The modules whose texts the window shows."""
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    return sorted(folder.glob("cityplanner_*.ts"))


def language_of(catalogue: Path) -> str:
    return catalogue.stem.removeprefix("cityplanner_")


def tool(name: str) -> str:
    """The path of `pyside6-<name>`, preferring the one beside this Python."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} is not installed: pip install PySide6")
    return found


def extract(catalogue: Path, files: Sequence[Path] | None = None) -> None:
    """Merge the sources' texts into `catalogue` (made if missing), dropping obsolete ones."""
    options = ["-no-obsolete", "-locations", "none", "-silent"]
    if language_of(catalogue) == SOURCE_LANGUAGE:
        options.append("-pluralonly")
    else:
        options += ["-source-language", "en", "-target-language", language_of(catalogue)]
    paths = [str(p) for p in (files if files is not None else sources())]
    subprocess.run([tool("lupdate"), *options, *paths, "-ts", str(catalogue)], check=True)
    _drop_extracomments(catalogue)


def _drop_extracomments(catalogue: Path) -> None:
    """lupdate takes a `#:` comment before a text for a note to translators; here `#:`
    documents constants, so those notes would only mislead (give a note in `tr()`'s
    disambiguation argument instead)."""
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        re.sub(r"\n *<extracomment>.*?</extracomment>", "", text, flags=re.S), encoding="utf-8"
    )


def compile_catalogue(catalogue: Path, target: Path | None = None) -> Path:
    """Compile `catalogue` into `target` (by default the `.qm` beside it)."""
    target = target or catalogue.with_suffix(".qm")
    subprocess.run(
        [tool("lrelease"), "-nounfinished", "-silent", str(catalogue), "-qm", str(target)],
        check=True,
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--add", metavar="XX", help="start a catalogue for another language (a code like 'de')"
    )
    args = parser.parse_args(argv)
    if args.add:
        TRANSLATIONS.mkdir(parents=True, exist_ok=True)
        extract(TRANSLATIONS / f"cityplanner_{args.add}.ts")
    for catalogue in catalogues():
        extract(catalogue)
        compile_catalogue(catalogue)
        sys.stdout.write(f"{catalogue.relative_to(REPO)} → {catalogue.with_suffix('.qm').name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
