"""The shape of the code: modules stay small, and window features keep their internals private.

`lint-imports` enforces the same rules on the import graph (see pyproject.toml); this test
reads the source directly, so it also catches imports inside functions or behind
TYPE_CHECKING, and it says which file and line to fix.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cityplanner"
UI = PACKAGE / "ui"
MAX_LINES = 400
#: Folders of ui/ that are features; `shell` is what they share.
FEATURES = {p.name for p in UI.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - {
    "shell",
    "__pycache__",
}


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def owner(path: Path) -> str | None:
    """The ui folder (feature or shell) a module belongs to, or None for ui's own modules."""
    relative = path.relative_to(UI).parts
    return relative[0] if len(relative) > 1 else None


def imported_names(source: str) -> list[tuple[int, str]]:
    """Every module a source imports, fully named, with its line."""
    names: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.lineno, node.module))
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return names


def private_imports(source: str, importer: str | None) -> list[str]:
    """Imports of another ui folder's private module (`cityplanner.ui.<folder>._name`)."""
    found: list[str] = []
    for line, name in imported_names(source):
        parts = name.split(".")
        private = len(parts) >= 4 and parts[:2] == ["cityplanner", "ui"] and parts[3][0] == "_"
        report = f"line {line}: {'.'.join(parts[:4])}"
        if private and parts[2] != importer and report not in found:
            found.append(report)
    return found


@pytest.mark.parametrize("path", modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_grows_past_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by responsibility"


@pytest.mark.parametrize("path", modules(UI), ids=lambda p: str(p.relative_to(UI)))
def test_ui_modules_use_only_what_other_folders_export(path: Path) -> None:
    wrong = private_imports(path.read_text(encoding="utf-8"), owner(path))
    assert not wrong, f"{path.relative_to(UI)} reaches into another folder's internals: {wrong}"


@pytest.mark.parametrize("path", modules(UI), ids=lambda p: str(p.relative_to(UI)))
def test_no_ui_module_switches_off_type_checks(path: Path) -> None:
    assert "# mypy:" not in path.read_text(encoding="utf-8")


def test_the_check_sees_a_feature_reaching_into_another() -> None:
    source = (
        "from cityplanner.ui.map._view import MapView\n"
        "from cityplanner.ui.map import _export\n"
        "from cityplanner.ui.map import MapFeature\n"
        "def later():\n    import cityplanner.ui.journal._pane\n"
    )
    assert private_imports(source, "exchange") == [
        "line 1: cityplanner.ui.map._view",
        "line 2: cityplanner.ui.map._export",
        "line 5: cityplanner.ui.journal._pane",
    ]
    assert private_imports(source.replace("ui.journal", "ui.map"), "map") == []


def test_features_and_shell_do_not_import_the_main_window() -> None:
    for path in modules(UI):
        if owner(path) is None:
            continue  # the launcher's own modules compose the window
        names = [name for _, name in imported_names(path.read_text(encoding="utf-8"))]
        assert "cityplanner.ui.window" not in names, path


def test_the_shared_shell_imports_no_feature() -> None:
    assert {"itinerary", "places", "map", "journal", "exchange"} <= FEATURES
    for path in modules(UI / "shell"):
        for line, name in imported_names(path.read_text(encoding="utf-8")):
            parts = name.split(".")
            assert parts[:2] != ["cityplanner", "ui"] or parts[2] == "shell", (path, line, name)
