"""Sites seen at stops, and journal entries, with their tags."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from cityplanner.domain.errors import NotFoundError, ValidationError
from cityplanner.domain.models import JournalEntry, Site
from cityplanner.store.database import writing
from cityplanner.store.rows import (
    entry_from_row,
    entry_to_row,
    fetch_rows,
    new_uid,
    site_from_row,
    site_to_row,
)


class SiteRepository:
    """Reads and writes sites; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def for_trip(self, trip_id: int) -> list[Site]:
        rows = fetch_rows(
            self._db,
            "SELECT sites.* FROM sites JOIN stops ON stops.id = sites.stop_id "
            "WHERE stops.trip_id = ? ORDER BY stops.position, sites.id",
            [trip_id],
        )
        tags = self._tags_for([r["id"] for r in rows])
        return [site_from_row(r, tags.get(r["id"], ())) for r in rows]

    def for_stop(self, stop_id: int) -> list[Site]:
        rows = fetch_rows(self._db, "SELECT * FROM sites WHERE stop_id = ? ORDER BY id", [stop_id])
        tags = self._tags_for([r["id"] for r in rows])
        return [site_from_row(r, tags.get(r["id"], ())) for r in rows]

    def get(self, site_id: int) -> Site:
        rows = fetch_rows(self._db, "SELECT * FROM sites WHERE id = ?", [site_id])
        if not rows:
            raise NotFoundError(f"There is no site number {site_id}.")
        return site_from_row(rows[0], self._tags_for([site_id]).get(site_id, ()))

    def add(self, site: Site) -> Site:
        """Save a new site (or put back a removed one under its own id)."""
        if site.stop_id is None:
            raise ValidationError("A site must belong to a stop.")
        if not _exists(self._db, "stops", site.stop_id):
            raise NotFoundError(f"There is no stop number {site.stop_id}.")
        uid = site.uid or new_uid()
        with writing(self._db, "add the site"):
            site_id = self._insert(site, uid)
        return replace(site, id=site_id, uid=uid)

    def add_many(self, sites: list[Site]) -> list[Site]:
        with writing(self._db, "add the sites"):
            added = []
            for site in sites:
                uid = site.uid or new_uid()
                added.append(replace(site, id=self._insert(site, uid), uid=uid))
            return added

    def update(self, site: Site) -> Site:
        if site.id is None:
            raise ValidationError("This site has not been saved yet.")
        current = self.get(site.id)
        row = site_to_row(replace(site, uid=site.uid or current.uid))
        assignments = ", ".join(f"{column} = ?" for column in row)
        with writing(self._db, "save the site"):
            self._db.execute(
                f"UPDATE sites SET {assignments} WHERE id = ?", [*row.values(), site.id]
            )
            self._db.execute("DELETE FROM site_tags WHERE site_id = ?", [site.id])
            self._insert_tags(site.id, site.tags)
        return site

    def remove(self, site_id: int) -> Site:
        site = self.get(site_id)
        with writing(self._db, "remove the site"):
            self._db.execute("DELETE FROM sites WHERE id = ?", [site_id])
        return site

    def remove_many(self, site_ids: list[int]) -> None:
        """Delete many sites in one transaction."""
        with writing(self._db, "remove the sites"):
            for start in range(0, len(site_ids), 500):
                chunk = site_ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                self._db.execute(f"DELETE FROM sites WHERE id IN ({marks})", chunk)

    def _insert(self, site: Site, uid: str) -> int:
        row = {**site_to_row(site), "uid": uid}
        if site.id is not None:
            row = {"id": site.id, **row}
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self._db.execute(
            f"INSERT INTO sites ({columns}) VALUES ({marks})", list(row.values())
        )
        site_id = int(cursor.lastrowid or 0)
        self._insert_tags(site_id, site.tags)
        return site_id

    def _insert_tags(self, site_id: int, tags: tuple[str, ...]) -> None:
        for tag in tags:
            self._db.execute("INSERT INTO site_tags (site_id, tag) VALUES (?, ?)", [site_id, tag])

    def _tags_for(self, site_ids: list[int]) -> dict[int, tuple[str, ...]]:
        return _tags(self._db, "site_tags", "site_id", site_ids)


class JournalRepository:
    """Reads and writes journal entries; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def for_trip(self, trip_id: int) -> list[JournalEntry]:
        rows = fetch_rows(
            self._db, "SELECT * FROM journal WHERE trip_id = ? ORDER BY day, id", [trip_id]
        )
        tags = _tags(self._db, "journal_tags", "entry_id", [r["id"] for r in rows])
        return [entry_from_row(r, tags.get(r["id"], ())) for r in rows]

    def get(self, entry_id: int) -> JournalEntry:
        rows = fetch_rows(self._db, "SELECT * FROM journal WHERE id = ?", [entry_id])
        if not rows:
            raise NotFoundError(f"There is no journal entry number {entry_id}.")
        tags = _tags(self._db, "journal_tags", "entry_id", [entry_id])
        return entry_from_row(rows[0], tags.get(entry_id, ()))

    def add(self, entry: JournalEntry) -> JournalEntry:
        if not _exists(self._db, "trips", entry.trip_id):
            raise NotFoundError(f"There is no trip number {entry.trip_id}.")
        entry = replace(entry, uid=entry.uid or new_uid())
        with writing(self._db, "save the journal entry"):
            entry_id = self._insert(entry)
        return replace(entry, id=entry_id)

    def update(self, entry: JournalEntry) -> JournalEntry:
        if entry.id is None:
            raise ValidationError("This journal entry has not been saved yet.")
        entry = replace(entry, uid=entry.uid or self.get(entry.id).uid)
        row = entry_to_row(entry)
        assignments = ", ".join(f"{column} = ?" for column in row)
        with writing(self._db, "save the journal entry"):
            self._db.execute(
                f"UPDATE journal SET {assignments} WHERE id = ?", [*row.values(), entry.id]
            )
            self._db.execute("DELETE FROM journal_tags WHERE entry_id = ?", [entry.id])
            for tag in entry.tags:
                self._db.execute("INSERT INTO journal_tags VALUES (?, ?)", [entry.id, tag])
        return entry

    def remove(self, entry_id: int) -> JournalEntry:
        entry = self.get(entry_id)
        with writing(self._db, "delete the journal entry"):
            self._db.execute("DELETE FROM journal WHERE id = ?", [entry_id])
        return entry

    def _insert(self, entry: JournalEntry) -> int:
        row = entry_to_row(entry)
        if entry.id is not None:
            row = {"id": entry.id, **row}
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self._db.execute(
            f"INSERT INTO journal ({columns}) VALUES ({marks})", list(row.values())
        )
        entry_id = int(cursor.lastrowid or 0)
        for tag in entry.tags:
            self._db.execute("INSERT INTO journal_tags VALUES (?, ?)", [entry_id, tag])
        return entry_id


def _exists(db: Database, table: str, row_id: int) -> bool:
    return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is not None


def _tags(db: Database, table: str, key: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    # Chunked to stay under SQLite's bound-parameter limit on big trips.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        cursor = db.execute(
            f"SELECT {key}, tag FROM {table} WHERE {key} IN ({marks}) ORDER BY rowid", chunk
        )
        for owner, tag in cursor.fetchall():
            found.setdefault(owner, []).append(tag)
    return {owner: tuple(tags) for owner, tags in found.items()}
