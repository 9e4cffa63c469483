"""Automatic backups: where they go, what they hold, which survive, and restoring one."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from platformdirs import user_data_path

from cityplanner.domain import StoreError
from cityplanner.store import Store
from cityplanner.store.backups import (
    BACKUP_DIR_ENV_VAR,
    backup_folder,
    check_backup,
    human_size,
    list_backups,
    make_backup,
    restore,
    rotate,
    should_backup,
    unchanged_since_backup,
)
from tests.store.conftest import make_stop

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # a Tuesday


@pytest.fixture(autouse=True)
def backup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv(BACKUP_DIR_ENV_VAR, str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "trip.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


def dump(conn: sqlite3.Connection) -> list[str]:
    return list(conn.iterdump())


def file_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dump(conn)
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path) -> None:
    """Write garbage over the first page of the stops table, in the middle of the file."""
    conn = sqlite3.connect(path)
    try:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stops'").fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xde\xad\xbe\xef" * (size // 4))


def change_everything(store: Store) -> None:
    (trip,) = store.trips.list()
    assert trip.id is not None
    store.trips.remove_stop(store.trips.stops(trip.id)[0].id or 0)
    other = store.trips.create("Baltic capitals")
    assert other.id is not None
    store.trips.add_stop(other.id, make_stop("Tallinn", 59.437, 24.7536, cc="EE"))


# -- where ---------------------------------------------------------------------------


def test_each_database_has_its_own_folder_under_the_chosen_root(
    tmp_path: Path, backup_dir: Path
) -> None:
    one, other = tmp_path / "a" / "trip.db", tmp_path / "b" / "trip.db"
    assert backup_folder(one).parent == backup_dir
    assert backup_folder(one).name.startswith("trip-")
    assert backup_folder(one) != backup_folder(other)
    assert backup_folder(one) == backup_folder(tmp_path / "a" / ".." / "a" / "trip.db")


def test_without_the_variable_backups_go_to_the_user_data_folder(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BACKUP_DIR_ENV_VAR)
    root = user_data_path("cityplanner", appauthor=False)
    assert backup_folder(db_path).parent == root / "backups"


# -- making and listing -------------------------------------------------------------------


def test_a_backup_holds_exactly_the_database_and_writes_nothing_to_it(
    store: Store, db_path: Path
) -> None:
    wal = db_path.with_name(db_path.name + "-wal")
    before = (digest(db_path), digest(wal) if wal.exists() else None)
    copy = make_backup(store.db, db_path, reason="by hand", now=NOW)
    assert copy.parent == backup_folder(db_path)
    assert copy.name == "2026-12-01T09-30-00Z_by-hand.db"
    assert (digest(db_path), digest(wal) if wal.exists() else None) == before
    assert file_dump(copy) == dump(store.db.conn)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]


def test_backups_are_listed_newest_first_with_what_they_hold(store: Store, db_path: Path) -> None:
    first = make_backup(store.db, db_path, reason="on open", now=NOW - timedelta(hours=2))
    change_everything(store)
    second = make_backup(store.db, db_path, reason="after edits", now=NOW)
    third = make_backup(store.db.conn, db_path, reason="by hand", now=NOW)  # a plain connection
    listed = list_backups(db_path)
    assert [b.path for b in listed] == [third, second, first]
    assert third.name == "2026-12-01T09-30-00Z-2_by-hand.db"  # the same second, numbered
    assert [(b.trips, b.stops, b.reason) for b in listed] == [
        (2, 8, "by hand"),
        (2, 8, "after edits"),
        (1, 8, "on open"),
    ]
    assert all(b.readable and b.size_bytes == b.path.stat().st_size for b in listed)
    assert listed[2].made_at == NOW - timedelta(hours=2)


def test_no_backups_yet_is_an_empty_list(db_path: Path) -> None:
    assert list_backups(db_path) == []
    assert rotate(db_path) == []


def test_a_damaged_database_is_not_backed_up(store: Store, db_path: Path) -> None:
    store.close()
    corrupt(db_path)
    conn = sqlite3.connect(db_path)
    with pytest.raises(StoreError, match="damaged"):
        make_backup(conn, db_path, reason="by hand")
    conn.close()
    assert list(backup_folder(db_path).iterdir()) == []  # no half-made copy is left behind


# -- which survive ---------------------------------------------------------------------


def touch(db_path: Path, when: datetime, n: int = 1) -> str:
    name = when.strftime("%Y-%m-%dT%H-%M-%SZ") + (f"-{n}" if n > 1 else "") + ".db"
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"")
    return name


def at(day: str, clock: str = "12:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}:00+00:00")


def test_rotation_keeps_the_recent_ones_then_one_a_day_a_week_a_month(db_path: Path) -> None:
    kept: set[str] = set()
    gone: set[str] = set()
    # This morning, every ten minutes: the 12 newest are kept, the 3 older ones are not.
    early = at("2026-12-01", "07:00")
    morning = [touch(db_path, early + timedelta(minutes=10 * i)) for i in range(15)]
    kept |= set(morning[3:])
    gone |= set(morning[:3])
    # Yesterday three times: the evening one is the day's.
    gone |= {touch(db_path, at("2026-11-30", "08:00")), touch(db_path, at("2026-11-30", "13:00"))}
    kept.add(touch(db_path, at("2026-11-30", "20:00")))
    # One a day for the 10 days (today and yesterday included) …
    kept |= {touch(db_path, at(f"2026-11-{d:02}")) for d in range(22, 30)}
    # … then Sat 21 Nov is neither a day kept nor its week's newest (Sun 22 is).
    gone.add(touch(db_path, at("2026-11-21")))
    # Weeks (from Monday) back to the week of 5 October: the newest of each.
    kept |= {touch(db_path, at(d)) for d in ("2026-11-11", "2026-11-04", "2026-10-28")}
    kept |= {touch(db_path, at(d)) for d in ("2026-10-21", "2026-10-15", "2026-10-07")}
    gone.add(touch(db_path, at("2026-10-13")))  # 15 October is newer in that week
    # Before that, months: the newest of each, back to January.
    kept.add(touch(db_path, at("2026-09-30")))
    gone.add(touch(db_path, at("2026-09-20")))
    kept |= {touch(db_path, at(f"2026-{m:02}-15")) for m in (1, 2, 4, 5, 6, 7, 8)}
    gone.add(touch(db_path, at("2026-03-03")))
    kept.add(touch(db_path, at("2026-03-20")))
    # A month more than a year back, and older: gone.
    gone |= {touch(db_path, at("2025-12-15")), touch(db_path, at("2024-06-01"))}

    deleted = rotate(db_path, now=NOW)

    assert sorted(p.name for p in deleted) == sorted(gone)
    assert sorted(p.name for p in backup_folder(db_path).iterdir()) == sorted(kept)
    assert rotate(db_path, now=NOW) == []  # what is left is what the scheme keeps


def test_two_years_of_hourly_backups_shrink_to_a_bounded_folder(db_path: Path) -> None:
    for hour in range(0, 2 * 365 * 24, 5):
        touch(db_path, NOW - timedelta(hours=hour))
    touch(db_path, NOW, n=2)
    rotate(db_path, now=NOW)
    left = sorted(backup_folder(db_path).iterdir())
    assert len(left) <= 12 + 10 + 9 + 12
    assert backup_folder(db_path) / "2026-12-01T09-30-00Z-2.db" in left  # the newest of all
    oldest = min(b.made_at for b in list_backups(db_path))
    assert NOW - oldest < timedelta(days=366)


def test_rotation_leaves_other_files_and_sweeps_stale_partial_copies(db_path: Path) -> None:
    touch(db_path, NOW)
    folder = backup_folder(db_path)
    (folder / "notes.txt").write_text("mine")
    stale, fresh = folder / ".partial-old.db", folder / ".partial-new.db"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    two_days_ago = (NOW - timedelta(days=2)).timestamp()
    os.utime(stale, (two_days_ago, two_days_ago))
    rotate(db_path, now=NOW)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".partial-new.db", "notes.txt", "2026-12-01T09-30-00Z.db"]
    )


def test_a_backup_is_due_after_a_stretch_of_edits() -> None:
    assert not should_backup(None, 0, NOW)
    assert should_backup(None, 1, NOW)  # none made yet in this session
    assert not should_backup(NOW - timedelta(minutes=3), 5, NOW)
    assert should_backup(NOW - timedelta(minutes=3), 20, NOW)
    assert should_backup(NOW - timedelta(minutes=10), 1, NOW)
    assert not should_backup(NOW - timedelta(hours=5), 0, NOW)


def age(path: Path, when: datetime) -> None:
    """Make the file, and its write-ahead log if any, look last written at `when`."""
    for side in (path, path.with_name(path.name + "-wal")):
        if side.exists():
            os.utime(side, (when.timestamp(), when.timestamp()))


def test_a_file_not_written_since_its_newest_backup_is_unchanged(
    store: Store, db_path: Path
) -> None:
    assert not unchanged_since_backup(db_path)  # no backup yet
    then = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    make_backup(store.db, db_path, reason="on open", now=then)
    age(db_path, then - timedelta(minutes=1))
    assert unchanged_since_backup(db_path)
    change_everything(store)  # written after the backup: the log (or the file) says so
    assert not unchanged_since_backup(db_path)
    age(db_path, then)  # in the very second the copy was named: not known to be older
    assert not unchanged_since_backup(db_path)


def test_sizes_read_as_a_person_would_write_them() -> None:
    assert [human_size(n) for n in (812, 1000, 48_123, 3_200_000, 12_000_000_000)] == [
        "812 B",
        "1.0 kB",
        "48 kB",
        "3.2 MB",
        "12 GB",
    ]


# -- restoring ---------------------------------------------------------------------------


def test_restoring_into_the_open_database_brings_back_the_exact_content(
    store: Store, db_path: Path
) -> None:
    before = dump(store.db.conn)
    backup = make_backup(store.db, db_path, reason="on open", now=NOW - timedelta(hours=1))
    change_everything(store)
    edited = dump(store.db.conn)
    assert edited != before

    done = restore(backup, db_path, store.db, now=NOW)

    assert dump(store.db.conn) == before
    assert [t.name for t in store.trips.list()] == ["Smart city tour 2017"]  # the same connection
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (done.backup.path, done.backup.trips, done.backup.stops) == (backup, 1, 8)
    assert (
        done.kept_at is not None and done.kept_at.name == "2026-12-01T09-30-00Z_before-restore.db"
    )
    assert file_dump(done.kept_at) == edited  # what was replaced can be restored in turn
    with Store.open(db_path) as again:
        assert dump(again.db.conn) == before


def test_restoring_into_a_closed_file(store: Store, db_path: Path) -> None:
    before = dump(store.db.conn)
    backup = make_backup(store.db, db_path, reason="on open", now=NOW - timedelta(hours=1))
    change_everything(store)
    store.close()
    done = restore(backup, db_path, now=NOW)
    assert file_dump(db_path) == before
    assert done.kept_at is not None and file_dump(done.kept_at) != before


def test_a_damaged_backup_is_listed_as_unreadable_and_refused(store: Store, db_path: Path) -> None:
    backup = make_backup(store.db, db_path, reason="on open", now=NOW - timedelta(hours=1))
    corrupt(backup)
    change_everything(store)
    before = dump(store.db.conn)
    (listed,) = list_backups(db_path)
    assert (listed.readable, listed.trips, listed.stops) == (False, None, None)
    with pytest.raises(StoreError, match=r"damaged .* the database was not changed"):
        restore(backup, db_path, store.db, now=NOW)
    assert dump(store.db.conn) == before
    assert [b.path for b in list_backups(db_path)] == [backup]  # no copy made for nothing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some notes\n", "not an SQLite file"),
        (b"", "empty file"),
        (None, "another program"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused(
    store: Store, db_path: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    other = tmp_path / "other.db"
    if content is None:
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    else:
        other.write_bytes(content)
    before = dump(store.db.conn)
    with pytest.raises(StoreError, match=message):
        restore(other, db_path, store.db)
    with pytest.raises(StoreError, match="not a file"):
        check_backup(tmp_path / "missing.db")
    assert dump(store.db.conn) == before
    assert list_backups(db_path) == []


def test_a_damaged_database_can_still_be_restored_and_its_bytes_are_kept(
    store: Store, db_path: Path
) -> None:
    before = dump(store.db.conn)
    backup = make_backup(store.db, db_path, reason="on open", now=NOW - timedelta(hours=1))
    store.close()
    corrupt(db_path)
    damaged = db_path.read_bytes()
    done = restore(backup, db_path, now=NOW)
    assert file_dump(db_path) == before
    assert done.kept_at is not None and "damaged" in done.kept_at.name
    assert done.kept_at.read_bytes() == damaged


def test_the_database_itself_is_not_a_backup_of_itself(store: Store, db_path: Path) -> None:
    with pytest.raises(StoreError, match="the database itself"):
        restore(db_path, db_path, store.db)
