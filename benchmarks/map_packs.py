"""Reading a map pack's tiles as the map asks for them, against the bare readers.

Target: a view of the map at city zoom asks for some 20-40 tiles at once; each must come
back in well under a millisecond so that panning over a pack feels like a local map.
`MapPack.tile` checks the address, reads under a lock (thread-safe: the page and an
export may read at once) and checks each picture's first bytes against the pack's format.

Peers, in the same run, on the same files and the same addresses:
- MBTiles: one `sqlite3` query per tile on a plain connection (no checks, no lock);
- PMTiles: the `pmtiles` package's own `Reader` over its `MmapSource`.
The ratio is ours over the peer's time: near 1 means the checks and the lock cost little.

Run from the repository root:  python benchmarks/map_packs.py [--tiles 4000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmtiles.reader import MmapSource, Reader

from cityplanner.maps.map_packs import open_pack, tile_xy
from tests.maps.pack_files import TOULOUSE, make_mbtiles, make_pmtiles, tile_picture


def addresses(count: int) -> dict[tuple[int, int, int], bytes]:
    rng = random.Random(7)
    tiles: dict[tuple[int, int, int], bytes] = {}
    pictures = [tile_picture((rng.randrange(256), rng.randrange(256), 90)) for _ in range(32)]
    z = 15
    x0, y0 = tile_xy(*TOULOUSE, z)
    side = int(count**0.5) + 1
    for dx in range(side):
        for dy in range(side):
            if len(tiles) < count:
                tiles[(z, x0 + dx, y0 + dy)] = pictures[(dx * 7 + dy) % 32]
    return tiles


def timed(read, keys, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for key in keys:
            read(*key)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=4000)
    args = parser.parse_args()
    tiles = addresses(args.tiles)
    keys = list(tiles)
    random.Random(3).shuffle(keys)
    with tempfile.TemporaryDirectory() as folder:
        mbtiles = make_mbtiles(Path(folder) / "b.mbtiles", tiles)
        pmtiles = make_pmtiles(Path(folder) / "b.pmtiles", tiles)
        db = sqlite3.connect(mbtiles)

        def bare_mbtiles(z: int, x: int, y: int) -> bytes | None:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
            return row[0] if row else None

        ours_mb = open_pack(mbtiles)
        with open(pmtiles, "rb") as stream:
            bare_pm = Reader(MmapSource(stream))
            ours_pm = open_pack(pmtiles)
            assert all(ours_pm.tile(*k) == bytes(bare_pm.get(*k)) for k in keys[:50])
            rows = [
                ("MBTiles", timed(ours_mb.tile, keys), "sqlite3 query", timed(bare_mbtiles, keys)),
                ("PMTiles", timed(ours_pm.tile, keys), "pmtiles Reader+mmap",
                 timed(bare_pm.get, keys)),
            ]  # fmt: skip
        db.close()
        ours_mb.close()
        ours_pm.close()
    print(f"{len(keys)} tiles of 256 px read in random order (best of 3)")
    for kind, ours, peer_name, peer in rows:
        print(
            f"{kind:8} ours {ours / len(keys) * 1e6:7.1f} µs/tile   {peer_name:20} "
            f"{peer / len(keys) * 1e6:7.1f} µs/tile   ratio {ours / peer:.3f}"
        )


if __name__ == "__main__":
    main()
