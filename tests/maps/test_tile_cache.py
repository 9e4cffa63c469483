"""The cache of online tiles: freshness from the server's headers, a size limit, clearing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from cityplanner.maps.tile_cache import MIN_FRESH_S, TileCache, default_cache_path, stale_at

NOW = 1_800_000_000.0
DAY = 24 * 3600


def test_tiles_stay_fresh_at_least_a_week_whatever_the_server_says() -> None:
    assert stale_at({}, NOW) == NOW + MIN_FRESH_S
    assert stale_at({"cache-control": "max-age=60"}, NOW) == NOW + MIN_FRESH_S
    assert stale_at({"cache-control": "public, max-age=2592000"}, NOW) == NOW + 30 * DAY
    expires = "Tue, 02 Feb 2027 08:00:00 GMT"  # 18 days after NOW
    assert stale_at({"expires": expires}, NOW) > NOW + 17 * DAY
    assert stale_at({"expires": "nonsense"}, NOW) == NOW + MIN_FRESH_S
    # max-age wins over Expires, as HTTP says.
    assert stale_at({"cache-control": "max-age=864000", "expires": expires}, NOW) == NOW + 10 * DAY


def test_a_kept_tile_comes_back_with_its_validators(tmp_path: Path) -> None:
    cache = TileCache(tmp_path / "tiles.sqlite")
    headers = {"etag": '"abc"', "last-modified": "Tue, 01 Dec 2026 10:00:00 GMT"}
    assert cache.put("osm/1/0/0", b"png", mime="image/png", headers=headers, now=NOW)
    tile = cache.get("osm/1/0/0", now=NOW)
    assert tile is not None
    assert (tile.data, tile.etag, tile.modified) == (b"png", '"abc"', headers["last-modified"])
    assert tile.is_fresh(NOW + 6 * DAY) and not tile.is_fresh(NOW + 8 * DAY)
    cache.refresh("osm/1/0/0", {"cache-control": "max-age=0"}, now=NOW + 8 * DAY)
    again = cache.get("osm/1/0/0")
    assert again is not None and again.is_fresh(NOW + 14 * DAY) and again.etag == '"abc"'
    assert cache.get("osm/1/0/1") is None


def test_beyond_its_limit_the_least_recently_shown_tiles_go(tmp_path: Path) -> None:
    cache = TileCache(tmp_path / "tiles.sqlite", limit=10_000)
    for n in range(9):
        cache.put(f"osm/5/{n}/0", bytes(1000), mime="image/png", headers={}, now=NOW + n)
    cache.get("osm/5/0/0", now=NOW + 100)  # the oldest, shown again
    cache.put("osm/5/9/0", bytes(1000), mime="image/png", headers={}, now=NOW + 101)
    cache.put("osm/5/10/0", bytes(1000), mime="image/png", headers={}, now=NOW + 102)
    assert cache.size() <= 10_000
    assert cache.get("osm/5/0/0") is not None  # kept: it was shown lately
    assert cache.get("osm/5/1/0") is None  # gone: shown longest ago
    assert cache.get("osm/5/10/0") is not None
    cache.set_limit(3000)
    assert cache.size() <= 3000 and cache.count() >= 1


def test_clearing_empties_the_cache_and_gives_the_space_back(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path)
    for n in range(50):
        cache.put(f"osm/9/{n}/0", os.urandom(20_000), mime="image/png", headers={})
    big = on_disk(path)
    assert big > 50 * 20_000
    assert cache.clear() == 50 * 20_000
    assert cache.count() == 0 and cache.size() == 0
    assert on_disk(path) < big / 10


def on_disk(path: Path) -> int:
    """The bytes of the cache's file and its write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def test_a_cache_folder_that_cannot_be_written_turns_the_cache_off(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    cache = TileCache(blocked / "tiles.sqlite")
    assert not cache.writable and cache.problem
    assert not cache.put("osm/1/0/0", b"png", mime="image/png", headers={})
    assert cache.get("osm/1/0/0") is None and cache.size() == 0 and cache.clear() == 0


def test_the_cache_lives_in_the_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CITYPLANNER_CACHE_DIR", str(tmp_path))
    assert default_cache_path() == tmp_path / "map-tiles.sqlite"


def test_showing_cached_tiles_writes_nothing_until_flushed(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path)
    for n in range(40):
        cache.put(f"osm/9/{n}/0", bytes(500), mime="image/png", headers={}, now=NOW)
    files = [path, path.with_name(path.name + "-wal")]
    before = [(f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    for n in range(40):  # a screen of cached tiles, shown twice
        assert cache.get(f"osm/9/{n}/0", now=NOW + 10) is not None
        assert cache.get(f"osm/9/{n}/0", now=NOW + 11) is not None
    assert [(f.stat().st_size, f.stat().st_mtime_ns) for f in files] == before
    cache.flush()
    other = sqlite3.connect(path)
    assert other.execute("SELECT MIN(used_at) FROM tiles").fetchone()[0] == NOW + 11
    other.close()


def test_the_order_of_showing_outlives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path, limit=10_000)
    for n in range(9):
        cache.put(f"osm/5/{n}/0", bytes(1000), mime="image/png", headers={}, now=NOW + n)
    cache.get("osm/5/0/0", now=NOW + 100)  # the oldest, shown again just before closing
    cache.close()
    again = TileCache(path, limit=10_000)
    for n in (9, 10):
        again.put(f"osm/5/{n}/0", bytes(1000), mime="image/png", headers={}, now=NOW + 100 + n)
    assert again.get("osm/5/0/0") is not None and again.get("osm/5/1/0") is None


def test_the_size_kept_follows_replaced_tiles_and_is_recounted_at_open(tmp_path: Path) -> None:
    path = tmp_path / "tiles.sqlite"
    cache = TileCache(path)
    cache.put("osm/3/1/1", bytes(5000), mime="image/png", headers={})
    cache.put("osm/3/1/2", bytes(300), mime="image/png", headers={})
    cache.put("osm/3/1/1", bytes(700), mime="image/png", headers={})  # fetched again, smaller
    assert (cache.size(), cache.count()) == (1000, 2)
    cache.close()
    # A file written by a version without the running total, or one that went astray.
    other = sqlite3.connect(path)
    other.execute("DROP TABLE totals")
    other.commit()
    other.close()
    reopened = TileCache(path)
    assert reopened.size() == 1000
    assert reopened.clear() == 1000 and reopened.size() == 0
