"""What can still be read of a damaged file is saved into a new, sound one."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cityplanner.domain.errors import StoreError
from cityplanner.store import Store
from cityplanner.store.salvage import salvage

PAGE = 4096
ROOT = Path(__file__).resolve().parents[2]


def damaged_copy(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "trip.db"
    with Store.open(path) as store:
        trip_id = store.trips.list()[0].id or 0
        for i in range(300):  # enough journal entries to fill several pages
            store.journal.add(
                store.journal.for_trip(trip_id)[0].with_changes(id=None, title=f"Note {i}")
            )
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'journal'").fetchone()
    # A leaf page of the journal, not the root: the table stays partly readable.
    leaf = max(p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'journal'"))
    conn.close()
    assert leaf != root
    with path.open("r+b") as handle:
        handle.seek((leaf - 1) * PAGE)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(PAGE)))
    return path, trip_id


def test_readable_rows_are_saved_and_the_copy_is_sound(tmp_path: Path) -> None:
    path, trip_id = damaged_copy(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = salvage(path, tmp_path / "saved.db")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read-only
    assert report.saved["trips"] == 1 and report.saved["stops"] == 8
    assert sum(report.lost.values()) > 0 or report.saved["journal"] < 301
    with Store.open(tmp_path / "saved.db") as copy:
        assert not copy.read_only and copy.damage is None
        assert [s.name for s in copy.trips.stops(trip_id)][:2] == ["Toulouse", "Albi"]
        assert copy.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert 0 < len(copy.journal.for_trip(trip_id)) < 301
    assert "Saved 1 trips, 8 stops" in report.summary()


def test_salvage_never_writes_over_a_file(tmp_path: Path) -> None:
    path, _ = damaged_copy(tmp_path)
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"mine")
    with pytest.raises(StoreError, match="already exists"):
        salvage(path, taken)
    assert taken.read_bytes() == b"mine"


def test_the_command_line_saves_what_can_be_read(tmp_path: Path) -> None:
    path, _ = damaged_copy(tmp_path)
    out = tmp_path / "out.db"
    result = subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(path), "salvage", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Saved 1 trips" in result.stdout and out.exists()


def test_the_full_check_finds_what_the_quick_one_does_not_and_stops_writes(
    tmp_path: Path,
) -> None:
    from cityplanner.store.database import full_check, mark_damaged

    path = tmp_path / "index.db"
    with Store.open(path) as store:
        assert full_check(path) is None
    conn = sqlite3.connect(path)
    # An index whose entries disagree with its table: only integrity_check compares them.
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX stops_by_trip ON stops(name, position)' "
        "WHERE name = 'stops_by_trip'"
    )
    conn.commit()
    conn.close()
    sentence = full_check(path)
    assert sentence is not None and "damaged" in sentence
    with Store.open(path) as store:
        assert store.damage is None and not store.read_only  # the quick check on opening passed
        mark_damaged(store.db, sentence)
        assert store.read_only and store.damage == sentence
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(StoreError, match="read-only"):
            store.trips.create("Anything")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
