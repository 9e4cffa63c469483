"""Showing and keeping online map tiles through the tile cache, against a bare folder of files.

Target: a screen of the map shows some 20-40 cached tiles at once, answered on the GUI
thread; each lookup must cost well under a millisecond so that panning never stalls.
Keeping a tile just fetched may cost more (it is written whole, in a transaction), but
not a disk flush per tile.

Peer, in the same run, on the same tiles: a bare cache of one file per tile in a folder
(`write_bytes` to keep, `read_bytes` to show; no size limit, no recency, no freshness).
The ratio is ours over the peer's time: near 1 means the cache's bookkeeping costs little.

Run from the repository root:  python benchmarks/tile_cache.py [--tiles 200]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cityplanner.maps.tile_cache import TileCache


class FolderCache:
    """The peer: one file per tile."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, key: str, data: bytes) -> None:
        (self.folder / key.replace("/", "_")).write_bytes(data)

    def get(self, key: str) -> bytes | None:
        try:
            return (self.folder / key.replace("/", "_")).read_bytes()
        except FileNotFoundError:
            return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    tiles = {f"osm/15/{16_000 + n}/{11_000 + n % 7}": rng.randbytes(15_000)
             for n in range(args.tiles)}  # fmt: skip
    keys = list(tiles)
    shown = keys[:]
    rng.shuffle(shown)
    with tempfile.TemporaryDirectory() as folder:
        ours = TileCache(Path(folder) / "tiles.sqlite")
        peer = FolderCache(Path(folder) / "files")

        start = time.perf_counter()
        for key in keys:
            ours.put(key, tiles[key], mime="image/png", headers={})
        ours_put = time.perf_counter() - start
        start = time.perf_counter()
        for key in keys:
            peer.put(key, tiles[key])
        peer_put = time.perf_counter() - start

        start = time.perf_counter()
        for key in shown:
            found = ours.get(key)
            assert found is not None and found.data == tiles[key]
        ours_get = time.perf_counter() - start
        start = time.perf_counter()
        for key in shown:
            assert peer.get(key) == tiles[key]
        peer_get = time.perf_counter() - start
        ours.close()
        os.sync()
    print(f"{len(keys)} tiles of 15 kB kept, then shown in random order")
    for what, mine, theirs in (("put", ours_put, peer_put), ("get", ours_get, peer_get)):
        print(
            f"{what}  ours {mine / len(keys) * 1e6:8.1f} µs/tile   folder of files "
            f"{theirs / len(keys) * 1e6:8.1f} µs/tile   ratio {mine / theirs:.2f}"
        )


if __name__ == "__main__":
    main()
