"""Save what can still be read of a damaged file into a new, sound CityPlanner file.

Rows are read table by table, in chunks of row ids; a chunk that cannot be read is read
again row by row, and a row that still cannot be read is counted as lost. The copy keeps
every id, so stops stay with their trips and sites with their stops; rows whose parent
was lost are dropped with it. The damaged file is only ever opened read-only.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from cityplanner.domain.errors import StoreError
from cityplanner.store.photos import COPIES_SUFFIX
from cityplanner.store.store import Store

log = logging.getLogger(__name__)

#: Parents before children, so that every row finds the row it belongs to.
TABLES = (
    "trips",
    "stops",
    "sites",
    "site_tags",
    "journal",
    "journal_tags",
    "costs",
    "trip_rates",
    "photos",
    "tracks",
)
CHUNK = 200


@dataclass
class SalvageReport:
    """How many rows of each table were saved, and how many could not be read."""

    saved: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    missing_tables: list[str] = field(default_factory=list)

    def summary(self) -> str:
        saved = ", ".join(f"{n} {table}" for table, n in self.saved.items() if n)
        lost = sum(self.lost.values())
        text = f"Saved {saved or 'nothing'}."
        if lost:
            text += f" {lost} row(s) could not be read and are missing from the copy."
        if self.missing_tables:
            text += f" Unreadable tables: {', '.join(self.missing_tables)}."
        return text


def salvage(damaged: Path, target: Path) -> SalvageReport:
    """Copy every readable row of `damaged` into a new file at `target` (which must not exist)."""
    if target.exists():
        raise StoreError(f"{target} already exists; choose a new file to save into.")
    if target.resolve() == damaged.resolve():
        raise StoreError("Save what can be read into another file, not over the damaged one.")
    source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    report = SalvageReport()
    try:
        with Store.open(target, seed_demo=False) as fresh:
            conn = fresh.db.conn
            conn.execute("PRAGMA foreign_keys = OFF")
            with conn:
                for table in TABLES:
                    _copy_table(source, conn, table, report)
                _drop_orphans(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            _bring_photo_copies(damaged, fresh.photos.copies_folder, report)
    finally:
        source.close()
    return report


def _copy_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, report: SalvageReport
) -> None:
    try:
        columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
        source_columns = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
        bounds = source.execute(f"SELECT MIN(rowid), MAX(rowid) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        report.missing_tables.append(table)
        return
    shared = [c for c in columns if c in source_columns]
    if not shared or bounds is None or bounds[0] is None:
        report.saved[table] = 0
        return
    names = ", ".join(shared)
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(shared))})"
    select = f"SELECT {names} FROM {table} WHERE rowid BETWEEN ? AND ?"
    saved = lost = 0
    low, high = int(bounds[0]), int(bounds[1])
    for start in range(low, high + 1, CHUNK):
        end = min(start + CHUNK - 1, high)
        try:
            rows = source.execute(select, [start, end]).fetchall()
        except sqlite3.DatabaseError:
            rows = []
            for rowid in range(start, end + 1):
                try:
                    rows += source.execute(select, [rowid, rowid]).fetchall()
                except sqlite3.DatabaseError:
                    lost += 1
        target.executemany(insert, rows)
        saved += len(rows)
    report.saved[table], report.lost[table] = saved, lost


def _drop_orphans(conn: sqlite3.Connection) -> None:
    """Rows whose parent was lost go with it (what foreign keys would have kept true)."""
    conn.execute("DELETE FROM stops WHERE trip_id NOT IN (SELECT id FROM trips)")
    conn.execute("DELETE FROM sites WHERE stop_id NOT IN (SELECT id FROM stops)")
    conn.execute("DELETE FROM site_tags WHERE site_id NOT IN (SELECT id FROM sites)")
    conn.execute("DELETE FROM journal WHERE trip_id NOT IN (SELECT id FROM trips)")
    conn.execute("DELETE FROM journal_tags WHERE entry_id NOT IN (SELECT id FROM journal)")
    conn.execute("DELETE FROM costs WHERE trip_id NOT IN (SELECT id FROM trips)")
    conn.execute("DELETE FROM trip_rates WHERE trip_id NOT IN (SELECT id FROM trips)")
    for column, table in (("stop_id", "stops"), ("site_id", "sites")):
        conn.execute(
            f"UPDATE journal SET {column} = NULL WHERE {column} NOT IN (SELECT id FROM {table})"
        )
    for column in ("stop_id", "leg_stop_id"):
        conn.execute(
            f"UPDATE costs SET {column} = NULL WHERE {column} NOT IN (SELECT id FROM stops)"
        )
    conn.execute("UPDATE costs SET site_id = NULL WHERE site_id NOT IN (SELECT id FROM sites)")
    conn.execute("DELETE FROM photos WHERE trip_id NOT IN (SELECT id FROM trips)")
    conn.execute("DELETE FROM tracks WHERE trip_id NOT IN (SELECT id FROM trips)")
    conn.execute("UPDATE tracks SET stop_id = NULL WHERE stop_id NOT IN (SELECT id FROM stops)")
    for column, table in (("stop_id", "stops"), ("site_id", "sites"), ("journal_id", "journal")):
        conn.execute(
            f"UPDATE photos SET {column} = NULL WHERE {column} NOT IN (SELECT id FROM {table})"
        )


def _bring_photo_copies(damaged: Path, folder: Path | None, report: SalvageReport) -> None:
    """The photos copied beside the damaged file go beside the new one too: a copied
    photo's record names its file inside `<database>.photos/`, whatever the database's name.

    Files are linked where the file system allows (instant, no space), else copied; the
    damaged file's folder is left as it was."""
    source = damaged.absolute().with_name(damaged.name + COPIES_SUFFIX)
    if folder is None or not source.is_dir():
        return
    folder.mkdir(exist_ok=True)
    for item in source.iterdir():
        if not item.is_file() or item.name.startswith("."):
            continue
        target = folder / item.name
        if target.exists():
            continue
        try:
            os.link(item, target)
        except OSError:
            try:
                shutil.copy2(item, target)
            except OSError as exc:
                log.warning("Could not bring the photo copy %s: %s", item, exc)
                report.lost["photo files"] = report.lost.get("photo files", 0) + 1
