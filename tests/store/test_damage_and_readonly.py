"""Data you can trust: a damaged or unwritable file is read, never written; a new file is whole."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from cityplanner.domain.errors import DamagedFileError, ReadOnlyError, StoreError
from cityplanner.store import Store, database
from cityplanner.store.creation import side_file
from cityplanner.store.demo import load_demo
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.store.conftest import make_stop

REPO = Path(__file__).resolve().parents[2]
PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo_file(folder: Path, name: str = "trip.db") -> Path:
    path = folder / name
    Store.open(path).close()
    assert not side_file(path, "-wal").exists()  # closed cleanly: all in the file
    return path


def _overwrite_page(path: Path, page_number: int) -> None:
    """Garbage over one whole page (pages are numbered from 1)."""
    garbage = bytes((i * 37 + 11) % 256 for i in range(PAGE))
    with path.open("r+b") as handle:
        handle.seek((page_number - 1) * PAGE)
        handle.write(garbage)


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", [table]
        ).fetchone()
    finally:
        conn.close()
    return int(page)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A copy of the demo file with 4096 bytes of garbage over the first page of its costs.

    A page of data, named rather than counted: the middle page of the file moves onto the
    schema itself as tables are added, and a file without its schema is not readable at all.
    """
    path = _demo_file(tmp_path)
    _overwrite_page(path, _root_page(path, "costs"))
    return path


@pytest.fixture
def folder_read_only(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a folder look unwritable to the store (the tests run as root, who writes anyway)."""

    def make(folder: Path) -> None:
        real = database._can_write
        locked = folder.resolve()
        monkeypatch.setattr(database, "_can_write", lambda p: p.resolve() != locked and real(p))

    return make


# -- damage --------------------------------------------------------------------------


def test_a_damaged_file_opens_read_only_and_says_what_is_wrong(damaged: Path) -> None:
    before = digest(damaged)
    with Store.open(damaged) as store:
        assert store.read_only
        assert store.damage is not None
        assert store.damage.startswith("The file is damaged: SQLite found ")
        assert "(first: " in store.damage and "***" not in store.damage
        assert store.damage.endswith("It was opened read-only; nothing will be written to it.")
        assert store.read_only_reason is not None
        assert "is open read-only (the file is damaged)" in store.read_only_reason
        (trip,) = store.trips.list()  # what can be read is read
        assert trip.name == "Smart city tour 2017"
        with pytest.raises(ReadOnlyError, match=r"is open read-only \(the file is damaged\)"):
            store.trips.create("Not here")
        with pytest.raises(StoreError, match="nothing was changed"):
            store.trips.add_stop(trip.id or 0, make_stop("Lyon"))
        with pytest.raises(StoreError, match="is open read-only"):
            load_demo(store)
    assert digest(damaged) == before


def test_a_refused_change_never_reaches_sqlite(damaged: Path) -> None:
    with Store.open(damaged) as store:
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        with pytest.raises(ReadOnlyError):
            store.trips.create("Not here")
        store.db.conn.set_trace_callback(None)
        assert statements == []
        # Behind the refusal, the connection itself cannot write either.
        with pytest.raises(ReadOnlyError, match="is open read-only"):
            store.db.execute("INSERT INTO trips (name, uid) VALUES ('sneaky', 'x')")


def test_damage_met_by_a_read_is_one_clear_error_and_stops_all_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _demo_file(tmp_path)
    _overwrite_page(path, _root_page(path, "stops"))
    # As if the check on opening had missed it (it does miss some kinds of damage).
    monkeypatch.setattr(database, "find_damage", lambda conn: None)
    with Store.open(path) as store:
        assert not store.read_only
        (trip,) = store.trips.list()
        with pytest.raises(DamagedFileError, match="is damaged") as raised:
            store.trips.stops(trip.id or 0)
        assert isinstance(raised.value, sqlite3.DatabaseError)  # what sqlite3 callers expect
        assert store.read_only and store.damage is not None
        before = digest(path)
        with pytest.raises(ReadOnlyError, match=r"\(the file is damaged\)"):
            store.trips.create("Not now")
    assert digest(path) == before


def test_a_file_damaged_at_its_first_page_is_refused_untouched(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    with path.open("r+b") as handle:
        handle.seek(20)  # inside the header, past the magic string
        handle.write(b"\xff" * 80)
    before = digest(path)
    with pytest.raises(StoreError, match="cannot be read as a database"):
        Store.open(path)
    assert digest(path) == before


def test_the_newest_readable_backup_of_a_damaged_file_is_offered(
    damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityplanner.store import backups

    def copy(name: str, readable: bool) -> SimpleNamespace:
        return SimpleNamespace(path=tmp_path / name, made_at=datetime.now(UTC), readable=readable)

    listed = [copy("newest-but-damaged.db", False), copy("good.db", True), copy("old.db", True)]
    monkeypatch.setattr(backups, "list_backups", lambda db_path: listed)
    with Store.open(damaged) as store:
        assert store.newest_good_backup == tmp_path / "good.db"


def test_without_the_backups_module_a_damaged_file_still_opens(
    damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cityplanner.store.backups", None)  # import fails
    with Store.open(damaged) as store:
        assert store.read_only and store.newest_good_backup is None


def test_a_whole_file_has_no_damage_and_no_backup_to_offer(tmp_path: Path) -> None:
    with Store.open(_demo_file(tmp_path)) as store:
        assert (store.read_only, store.read_only_reason, store.damage) == (False, None, None)
        assert store.newest_good_backup is None
        store.trips.create("Allowed")


# -- read-only media -----------------------------------------------------------------


def test_a_file_in_a_folder_that_cannot_be_written_is_read_but_not_changed(
    tmp_path: Path, folder_read_only: Callable[[Path], None]
) -> None:
    path = _demo_file(tmp_path)
    before = digest(path)
    folder_read_only(tmp_path)
    with Store.open(path) as store:
        assert store.read_only and store.damage is None
        assert store.read_only_reason == (
            f"{path} is open read-only (the folder cannot be written): you can look at it "
            "and export it, but not change it."
        )
        (summary,) = store.trips.summaries()
        assert summary.stop_count == 8
        stops = store.trips.stops(summary.trip.id or 0)
        assert store.sites.for_stop(stops[0].id or 0)
        assert store.costs.for_trip(summary.trip.id or 0)
        with pytest.raises(
            ReadOnlyError,
            match=r"Could not create the trip: .* is open read-only \(the folder cannot be "
            r"written\): nothing was changed\.",
        ):
            store.trips.create("Not here")
        with pytest.raises(ReadOnlyError):
            store.trips.move_stop(stops[0].id or 0, 2)
    assert digest(path) == before


def test_a_file_that_cannot_be_written_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _demo_file(tmp_path)
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p != path and real(p))
    with Store.open(path) as store:
        assert store.read_only_reason is not None
        assert "(the file cannot be written)" in store.read_only_reason
        with pytest.raises(ReadOnlyError, match=r"\(the file cannot be written\)"):
            store.trips.create("Not here")


def test_an_old_file_in_a_read_only_folder_is_refused_untouched(
    tmp_path: Path, folder_read_only: Callable[[Path], None]
) -> None:
    path = _demo_file(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    folder_read_only(tmp_path)
    with pytest.raises(StoreError, match=r"older version of CityPlanner .* copy it to a folder"):
        Store.open(path)
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_a_really_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _demo_file(folder)
    folder.chmod(0o555)
    try:
        with Store.open(path) as store:  # no -shm can be made: immutable=1
            assert store.read_only and store.read_only_reason is not None
            assert "(the folder cannot be written)" in store.read_only_reason
            assert len(store.trips.list()) == 1
            with pytest.raises(ReadOnlyError):
                store.trips.create("Not here")
    finally:
        folder.chmod(0o755)


def test_a_stale_read_only_shm_beside_a_writable_file_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = _demo_file(tmp_path)
    shm = side_file(path, "-shm")
    shm.write_bytes(b"\x5a" * 32768)  # left by another account: garbage this one cannot write
    shm.chmod(0o444)
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p.name != shm.name and real(p))
    with Store.open(path) as store:
        assert f"Replaced {shm}" in caplog.text
        assert not shm.exists() or shm.stat().st_mode & 0o200  # SQLite made its own
        assert not store.read_only
        store.trips.create("Written")
        assert len(store.trips.list()) == 2
    with Store.open(path) as store:
        assert [t.name for t in store.trips.list()][-1] == "Written"


def test_a_read_only_wal_holding_changes_keeps_them_and_the_file_stays_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "src").mkdir()
    source = _demo_file(tmp_path / "src")
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE trips SET name = 'Only in the log'")
    writer.commit()
    # Copy the file and its log while the writer still holds them: a crash, then a copy.
    path = tmp_path / "copy.db"
    path.write_bytes(source.read_bytes())
    wal = side_file(path, "-wal")
    wal.write_bytes(side_file(source, "-wal").read_bytes())
    writer.close()
    assert wal.stat().st_size > 0
    wal.chmod(0o444)
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p.name != wal.name and real(p))
    with Store.open(path) as store:
        assert f"Replaced {wal}" in caplog.text
        assert not store.read_only
        assert [t.name for t in store.trips.list()] == ["Only in the log"]
        store.trips.create("Written")
    with Store.open(path) as store:
        assert [t.name for t in store.trips.list()] == ["Only in the log", "Written"]


def test_a_shm_in_use_by_another_connection_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = _demo_file(tmp_path)
    holder = sqlite3.connect(path)
    holder.execute("SELECT count(*) FROM trips").fetchone()  # holds its shared lock from now on
    shm = side_file(path, "-shm")
    inode = shm.stat().st_ino
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p.name != shm.name and real(p))
    try:
        with Store.open(path) as store:
            assert shm.exists() and shm.stat().st_ino == inode
            assert "is in use" in caplog.text
            assert len(store.trips.list()) == 1
    finally:
        holder.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_a_really_read_only_shm_beside_a_writable_file_is_removed(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    shm = side_file(path, "-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    with Store.open(path) as store:
        assert not store.read_only
        store.trips.create("Written")


# -- first creation ------------------------------------------------------------------


def test_a_zero_byte_file_is_replaced_by_a_complete_database(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    path.write_bytes(b"")  # what an older version left when killed on its first start
    with Store.open(path) as store:
        assert store.created and not store.read_only
        assert store.trips.list()[0].name == "Smart city tour 2017"
    assert path.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.db"]


def test_a_zero_byte_file_with_a_log_beside_it_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    path.write_bytes(b"")
    side_file(path, "-wal").write_bytes(b"not empty")
    with pytest.raises(StoreError, match="empty file"):
        Store.open(path)
    assert path.read_bytes() == b""


def test_a_new_file_is_built_beside_and_leaves_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    with Store.open(path) as store:
        assert store.created
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.db"]


def test_a_creation_that_fails_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityplanner.store import store as store_module

    def broken(store: Store) -> None:
        store.trips.create("Half")
        raise StoreError("The demo trip cannot be read.")

    monkeypatch.setattr(store_module, "load_demo", broken)
    with pytest.raises(StoreError, match="demo trip cannot be read"):
        Store.open(tmp_path / "trip.db")
    assert list(tmp_path.iterdir()) == []


def test_a_file_created_meanwhile_by_another_program_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trip.db"
    theirs = _demo_file(tmp_path, "theirs.db")

    def race(db: object) -> None:
        os.replace(theirs, path)  # another program finishes first

    db, created = database.open_database(path, prepare=race)
    try:
        assert not created
        assert db.execute("SELECT count(*) FROM trips").fetchone()[0] == 1  # theirs, not ours
    finally:
        db.close()


_CREATE_SCRIPT = textwrap.dedent(
    """
    import sys
    from cityplanner.store import Store

    print("ready", flush=True)
    Store.open(sys.argv[1]).close()
    print("done", flush=True)
    """
)


def _start_creating(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _CREATE_SCRIPT, str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _absent_or_complete(path: Path) -> str:
    if not path.exists():
        return "absent"
    # immutable: the file alone, whatever a -wal beside it would add.
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert path.read_bytes()[18:20] == b"\x02\x02"  # the header says: WAL mode
        assert conn.execute("SELECT count(*) FROM stops").fetchone()[0] == 8  # the demo, whole
    finally:
        conn.close()
    return "complete"


def test_a_kill_during_first_creation_leaves_nothing_or_a_complete_file(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    proc = _start_creating(path)
    started = time.monotonic()
    assert proc.stdout is not None and proc.stdout.readline().strip() == "done"
    span = (time.monotonic() - started) * 1.2
    proc.wait(timeout=30)
    path.unlink()
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    seen: list[str] = []
    runs = 30
    for run in range(runs):
        proc = _start_creating(path)
        time.sleep(span * (run + rng.random()) / runs)  # each run in its own slice of the span
        proc.kill()
        proc.wait(timeout=30)
        seen.append(_absent_or_complete(path))
        for name in (path, side_file(path, "-wal"), side_file(path, "-shm")):
            name.unlink(missing_ok=True)
    assert set(seen) <= {"absent", "complete"}, f"seed {seed}: {seen}"
    # What killed creations left beside the file goes with the next creation.
    Store.open(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.db"], f"seed {seed}: {seen}"
