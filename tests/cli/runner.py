"""Running commands in-process against one file, as `cityplanner --db FILE …` would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cityplanner.cli import main


class CliRunner:
    """Call it with a command's words: (exit status, stdout, stderr)."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self._capsys = db, capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        captured = self._capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))
