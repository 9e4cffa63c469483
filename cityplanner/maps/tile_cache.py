"""A bounded cache on disk of the online map tiles the person has looked at.

Only tiles the map showed go in: nothing is fetched ahead or in bulk (OpenStreetMap's
tile usage policy). Each tile keeps the validators its server sent (ETag, Last-Modified)
and the moment it goes stale, taken from Cache-Control max-age or Expires but never
sooner than `MIN_FRESH_S` (seven days, as the policy asks). A stale tile is still served
when the network is away, and asked for again with a conditional request when it is not.

The tiles live in one SQLite file (`map-tiles.sqlite` in the user cache folder, or
`$CITYPLANNER_CACHE_DIR`), so a tile is written whole or not at all. Beyond the size
limit the least recently shown tiles go first. No Qt here: the window's network side
(ui/map/_osm_tiles.py) calls it from the GUI thread, tests call it directly.

Being on the GUI thread, showing a cached tile must not write to the disk: when a tile
was last shown is kept in memory and written for many tiles in one transaction (every
`_FLUSH_EVERY` lookups, after `_FLUSH_AFTER_S`, before evicting, and at close). The file
is in WAL mode with `synchronous=NORMAL`, so keeping a tile does not wait for the disk
either (a crash may lose the last tiles kept, never damage the file). The total size is
kept by triggers in a one-row table, so keeping a tile does not add up the whole cache.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cityplanner.geo.paths import cache_dir

log = logging.getLogger(__name__)

CACHE_FILE = "map-tiles.sqlite"
#: The default limit of the cache, in bytes.
DEFAULT_LIMIT = 300_000_000
#: A tile is kept fresh at least this long, whatever its server says (seconds).
MIN_FRESH_S = 7 * 24 * 3600
#: Evicting goes down to this share of the limit, so that it does not run on every tile.
_LOW_WATER = 0.9
#: Lookups whose recency is kept in memory before it is written in one transaction.
_FLUSH_EVERY = 256
#: ... or once this long has gone by since the last write (seconds).
_FLUSH_AFTER_S = 30.0
#: Tiles deleted per statement when evicting.
_EVICT_BATCH = 500
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tiles (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    mime TEXT NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL DEFAULT '',
    stale_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tiles_used ON tiles(used_at);
CREATE TABLE IF NOT EXISTS totals (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS tiles_added AFTER INSERT ON tiles BEGIN
    UPDATE totals SET bytes = bytes + NEW.size WHERE id = 1;
END;
CREATE TRIGGER IF NOT EXISTS tiles_removed AFTER DELETE ON tiles BEGIN
    UPDATE totals SET bytes = bytes - OLD.size WHERE id = 1;
END;
CREATE TRIGGER IF NOT EXISTS tiles_resized AFTER UPDATE OF size ON tiles BEGIN
    UPDATE totals SET bytes = bytes - OLD.size + NEW.size WHERE id = 1;
END;
"""
#: Added up again at every open: the one full sum, which also mends a file an older
#: version (without the triggers) wrote to.
_RECOUNT = "INSERT OR REPLACE INTO totals VALUES (1, (SELECT COALESCE(SUM(size), 0) FROM tiles))"


@dataclass(frozen=True, slots=True)
class CachedTile:
    data: bytes
    mime: str
    etag: str
    modified: str
    stale_at: float

    def is_fresh(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.stale_at


def default_cache_path() -> Path:
    return cache_dir() / CACHE_FILE


def stale_at(headers: Mapping[str, str], now: float | None = None) -> float:
    """When a tile goes stale, from its response headers (lower-case names), at least
    `MIN_FRESH_S` from `now`."""
    moment = time.time() if now is None else now
    lifetime = 0.0
    control = headers.get("cache-control", "")
    found = _MAX_AGE.search(control)
    if found:
        lifetime = float(found.group(1))
    elif headers.get("expires"):
        try:
            expires = email.utils.parsedate_to_datetime(headers["expires"]).timestamp()
            lifetime = expires - moment
        except (TypeError, ValueError, OverflowError):
            lifetime = 0.0
    return moment + max(lifetime, MIN_FRESH_S)


class TileCache:
    """The cached tiles, by key (e.g. `osm/13/4123/2987`); safe to call from any thread.

    When the file cannot be made or written, the cache turns itself off (`writable` is
    False, and `problem` says why): lookups find nothing and stores are skipped.
    """

    def __init__(self, path: Path | None = None, *, limit: int = DEFAULT_LIMIT) -> None:
        self.path = path if path is not None else default_cache_path()
        self.limit = max(1, int(limit))
        self.problem = ""
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        #: When tiles were shown, by key, not yet written to the file.
        self._used: dict[str, float] = {}
        self._flushed_at = time.monotonic()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=2.0)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(_SCHEMA)
                db.execute(_RECOUNT)
                db.commit()
            except sqlite3.Error:
                db.close()
                raise
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self._off(exc)

    @property
    def writable(self) -> bool:
        return self._db is not None

    def _off(self, exc: BaseException) -> None:
        self._used.clear()
        self.problem = str(getattr(exc, "strerror", None) or exc)
        log.warning("The map tile cache at %s is off: %s", self.path, self.problem)
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def get(self, key: str, *, now: float | None = None) -> CachedTile | None:
        """A cached tile (fresh or stale), marked as just used; None when there is none."""
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute(
                    "SELECT data, mime, etag, modified, stale_at FROM tiles WHERE key = ?",
                    (key,),
                ).fetchone()
                if row is None:
                    return None
                self._used[key] = time.time() if now is None else now
                if (
                    len(self._used) >= _FLUSH_EVERY
                    or time.monotonic() - self._flushed_at >= _FLUSH_AFTER_S
                ):
                    self._flush()
            except sqlite3.Error as exc:
                self._off(exc)
                return None
        return CachedTile(bytes(row[0]), str(row[1]), str(row[2]), str(row[3]), float(row[4]))

    def put(
        self,
        key: str,
        data: bytes,
        *,
        mime: str,
        headers: Mapping[str, str],
        now: float | None = None,
    ) -> bool:
        """Keep a tile just fetched; False when the cache is off or the tile is too big."""
        moment = time.time() if now is None else now
        if len(data) > self.limit:
            return False
        with self._lock:
            if self._db is None:
                return False
            try:
                self._used.pop(key, None)
                self._db.execute(
                    "INSERT INTO tiles (key, data, mime, etag, modified, stale_at, used_at, size)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                    " data = excluded.data, mime = excluded.mime, etag = excluded.etag,"
                    " modified = excluded.modified, stale_at = excluded.stale_at,"
                    " used_at = excluded.used_at, size = excluded.size",
                    (
                        key,
                        sqlite3.Binary(data),
                        mime,
                        headers.get("etag", "")[:200],
                        headers.get("last-modified", "")[:100],
                        stale_at(headers, moment),
                        moment,
                        len(data),
                    ),
                )
                self._evict()
                self._db.commit()
            except sqlite3.Error as exc:
                self._off(exc)
                return False
        return True

    def refresh(self, key: str, headers: Mapping[str, str], *, now: float | None = None) -> None:
        """The server said a stale tile has not changed (304): fresh again."""
        moment = time.time() if now is None else now
        with self._lock:
            if self._db is None:
                return
            try:
                self._used.pop(key, None)
                self._db.execute(
                    "UPDATE tiles SET stale_at = ?, used_at = ?, "
                    "etag = CASE WHEN ? != '' THEN ? ELSE etag END WHERE key = ?",
                    (stale_at(headers, moment), moment, *[headers.get("etag", "")[:200]] * 2, key),
                )
                self._db.commit()
            except sqlite3.Error as exc:
                self._off(exc)

    def _flush(self) -> None:
        """Write when the tiles shown lately were shown, in one transaction."""
        assert self._db is not None
        self._flushed_at = time.monotonic()
        if not self._used:
            return
        used, self._used = self._used, {}
        self._db.executemany(
            "UPDATE tiles SET used_at = ? WHERE key = ?", [(at, key) for key, at in used.items()]
        )
        self._db.commit()

    def flush(self) -> None:
        """Write the recency of the tiles shown lately now (closing does it too)."""
        with self._lock:
            if self._db is None:
                return
            try:
                self._flush()
            except sqlite3.Error as exc:
                self._off(exc)

    def _evict(self) -> None:
        """Beyond the limit, the least recently shown tiles go, down to `_LOW_WATER` of it."""
        assert self._db is not None
        total = self._total()
        if total <= self.limit:
            return
        self._flush()  # the order of going is the order of showing, including the latest
        goal = total - int(self.limit * _LOW_WATER)
        freed = removed = 0
        while freed < goal:
            batch: list[str] = []
            for key, size in self._db.execute(
                "SELECT key, size FROM tiles ORDER BY used_at LIMIT ?", (_EVICT_BATCH,)
            ):
                if freed >= goal:
                    break
                batch.append(key)
                freed += int(size)
            if not batch:
                break
            self._db.executemany("DELETE FROM tiles WHERE key = ?", [(k,) for k in batch])
            removed += len(batch)
        log.info("Map tile cache: %s tiles (%s bytes) made room", removed, freed)

    def _total(self) -> int:
        assert self._db is not None
        row = self._db.execute("SELECT bytes FROM totals WHERE id = 1").fetchone()
        return max(0, int(row[0])) if row else 0

    def size(self) -> int:
        """The bytes of the tiles kept."""
        with self._lock:
            if self._db is None:
                return 0
            try:
                return self._total()
            except sqlite3.Error as exc:
                self._off(exc)
                return 0

    def count(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            try:
                return int(self._db.execute("SELECT COUNT(*) FROM tiles").fetchone()[0])
            except sqlite3.Error as exc:
                self._off(exc)
                return 0

    def set_limit(self, limit: int) -> None:
        """A new size limit; tiles beyond it go at once."""
        with self._lock:
            self.limit = max(1, int(limit))
            if self._db is None:
                return
            try:
                self._evict()
                self._db.commit()
            except sqlite3.Error as exc:
                self._off(exc)

    def clear(self) -> int:
        """Forget every tile and give the space back; returns the bytes freed."""
        with self._lock:
            if self._db is None:
                return 0
            try:
                self._used.clear()
                freed = self._total()
                self._db.execute("DELETE FROM tiles")
                self._db.commit()
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                self._off(exc)
                return 0
        return freed

    def close(self) -> None:
        """Write what is kept in memory, and close the file."""
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._flush()
                self._db.close()
                self._db = None
            self._used.clear()
