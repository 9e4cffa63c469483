"""Backups from the command line: backups (the list), backup, restore.

Commands run in this process through `cityplanner.cli.main`, against a file made for each
test, with the backups kept in a temporary folder.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cityplanner.store import Store
from cityplanner.store.backups import BACKUP_DIR_ENV_VAR, backup_folder, list_backups
from tests.cli.runner import CliRunner
from tests.store.test_backups import change_everything, corrupt


@pytest.fixture(autouse=True)
def _private_backups(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(BACKUP_DIR_ENV_VAR, str(tmp_path / "backups"))


class Cli(CliRunner):
    def refused(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 1, out
        assert err.count("\n") == 1 and "Traceback" not in err
        return err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "trip.db"
    Store.open(path).close()  # the demo trip
    return path


@pytest.fixture
def cli(db: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db, capsys)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_backup_makes_a_copy_and_backups_lists_it(cli: Cli, db: Path) -> None:
    before = db.read_bytes()
    out = cli.ok("backup")
    (made,) = list_backups(db)
    assert out == f"Backed up {db} (1 trip, 8 stops) to {made.path}.\n"
    assert db.read_bytes() == before  # backing up writes nothing to the database
    listing = cli.ok("backups")
    assert listing.splitlines()[0] == (
        f"Backups of {db}, newest first (kept in {backup_folder(db)}):"
    )
    assert listing.splitlines()[1].split() == ["#", "Made", "Trips", "Stops", "Size", "Why"]
    row = listing.splitlines()[3].split()
    assert (row[0], row[3], row[4], row[-2:]) == ("1", "1", "8", ["by", "hand"])


def test_backups_json_gives_each_backup_with_its_number(cli: Cli, db: Path) -> None:
    assert cli.json("backups") == {
        "database": str(db),
        "folder": str(backup_folder(db)),
        "backups": [],
    }
    made = cli.json("backup")["backup"]
    assert (made["number"], made["trips"], made["stops"], made["readable"]) == (1, 1, 8, True)
    (listed,) = cli.json("backups")["backups"]
    assert listed == made
    assert listed["made_at"].endswith("Z") and listed["reason"] == "by hand"


def test_no_backups_yet_says_how_to_make_one(cli: Cli) -> None:
    assert "Make one with: cityplanner backup" in cli.ok("backups")


def test_restore_by_number_brings_back_the_content_and_keeps_what_it_replaced(
    cli: Cli, db: Path
) -> None:
    before = dump(db)
    cli.ok("backup")
    with Store.open(db) as store:
        change_everything(store)
    edited = dump(db)
    out = cli.ok("restore", "1")
    assert dump(db) == before
    first, second = out.splitlines()
    assert first.startswith(f"Restored {db} from the backup of ")
    assert first.endswith(": 1 trip, 8 stops.")
    kept = list_backups(db)[0]
    assert second == f"What it replaced is kept as backup 1: {kept.path}"
    assert kept.reason == "before restore" and (kept.trips, kept.stops) == (2, 8)
    # Restoring the copy it kept undoes the restore.
    cli.ok("restore", "1")
    assert dump(db) == edited


def test_restore_by_path_as_json(cli: Cli, db: Path) -> None:
    copy = Path(cli.json("backup")["backup"]["path"])
    answer = cli.json("restore", str(copy))
    assert answer["restored"]["path"] == str(copy)
    assert answer["kept_at"] == str(list_backups(db)[0].path)


def test_refusals_are_one_line_and_leave_the_database_unchanged(
    cli: Cli, db: Path, tmp_path: Path
) -> None:
    assert "has no backups yet" in cli.refused("restore", "1")
    copy = Path(cli.json("backup")["backup"]["path"])
    before = db.read_bytes()
    assert "There is no backup 7: " in cli.refused("restore", "7")
    assert "backups 1 to 1" in cli.refused("restore", "0")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    assert "not an SQLite file" in cli.refused("restore", str(notes))
    assert "is not a file" in cli.refused("restore", str(tmp_path / "missing.db"))
    corrupt(copy)
    assert "damaged" in cli.refused("restore", "1")
    assert db.read_bytes() == before
    assert [b.path for b in list_backups(db)] == [copy]  # no copy made for a refused restore


def test_a_damaged_backup_is_marked_in_the_list(cli: Cli) -> None:
    copy = Path(cli.json("backup")["backup"]["path"])
    corrupt(copy)
    listing = cli.ok("backups")
    assert listing.splitlines()[3].split()[3] == "damaged"
    assert "A damaged backup cannot be restored" in listing
    (listed,) = cli.json("backups")["backups"]
    assert (listed["readable"], listed["trips"], listed["stops"]) == (False, None, None)


def test_backup_of_a_missing_or_foreign_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = Cli(tmp_path / "nothing.db", capsys)
    assert "does not exist yet" in missing.refused("backup")
    assert not (tmp_path / "nothing.db").exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert "another program" in Cli(other, capsys).refused("backup")
    assert "in-memory" in Cli(Path(":memory:"), capsys).refused("backups")


def test_restore_is_refused_over_a_file_of_another_program(
    cli: Cli, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = Path(cli.json("backup")["backup"]["path"])
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    assert "another program" in Cli(other, capsys).refused("restore", str(copy))
    assert other.read_bytes() == before
