"""Map packs: reading MBTiles and PMTiles tiles, and one clear message for a bad file."""

from __future__ import annotations

import gzip
import random
import sqlite3
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.maps.map_packs import PackShelf, open_pack, plain_text
from tests.maps.pack_files import (
    TOULOUSE,
    coloured_tiles,
    make_mbtiles,
    make_pmtiles,
    tile_picture,
    tile_xy,
)

RED = (200, 30, 30)


def centre(z: int = 13) -> tuple[int, int, int]:
    return (z, *tile_xy(*TOULOUSE, z))


def test_an_mbtiles_pack_gives_its_tiles_by_xyz_address(tmp_path: Path) -> None:
    tiles = coloured_tiles(RED)
    pack = open_pack(make_mbtiles(tmp_path / "t.mbtiles", tiles))
    info = pack.info
    assert (info.kind, info.name, info.format, info.min_zoom, info.max_zoom) == (
        "MBTiles", "Toulouse test pack", "png", 12, 14,
    )  # fmt: skip
    assert info.bounds == (1.38, 43.57, 1.51, 43.64)
    assert pack.tile(*centre()) == tiles[centre()]
    z, x, y = centre()
    # The row is flipped (TMS): the tile to the south is not the one to the north.
    assert pack.tile(z, x, y + 40) is None
    assert pack.tile(20, 0, 0) is None and pack.tile(13, -1, 5) is None


def test_a_pmtiles_pack_gives_its_tiles(tmp_path: Path) -> None:
    tiles = coloured_tiles(RED, fmt="JPEG")
    pack = open_pack(make_pmtiles(tmp_path / "t.pmtiles", tiles, tile_type="JPEG"))
    assert (pack.info.kind, pack.info.format, pack.info.mime) == ("PMTiles", "jpg", "image/jpeg")
    assert pack.tile(*centre(14)) == tiles[centre(14)]
    assert pack.info.layer()["url"] == f"packs/{pack.info.id}/{{z}}/{{x}}/{{y}}"


def test_the_shelf_answers_the_page_route_from_many_threads(tmp_path: Path) -> None:
    tiles = coloured_tiles(RED)
    shelf = PackShelf()
    shelf.add(open_pack(make_mbtiles(tmp_path / "a.mbtiles", tiles)))
    shelf.add(open_pack(make_pmtiles(tmp_path / "b.pmtiles", tiles)))
    results: list[bool] = []

    def read() -> None:
        for info in shelf.infos():
            for (z, x, y), data in list(tiles.items())[:40]:
                found = shelf.answer(f"/packs/{info.id}/{z}/{x}/{y}")
                results.append(found == ("image/png", data))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 * 2 * 40 and all(results)
    assert shelf.answer("/packs/../../etc/passwd") is None
    assert shelf.answer("/packs/0123456789abcdef/13/1/1") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a map at all", "is not a map pack"),
        (b"", "is not a map pack"),
        (b"PMTiles\x03" + b"\x00" * 20, "not a PMTiles v3 map pack"),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.mbtiles"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        open_pack(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        open_pack(tmp_path / "gone.mbtiles")


@pytest.mark.parametrize("kind", ["mbtiles", "pmtiles"])
def test_a_truncated_pack_is_refused(tmp_path: Path, kind: str) -> None:
    whole = tmp_path / f"whole.{kind}"
    tiles = coloured_tiles(RED)
    (make_mbtiles if kind == "mbtiles" else make_pmtiles)(whole, tiles)
    cut = tmp_path / f"cut.{kind}"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    with pytest.raises(ValidationError, match=r"cut short|damaged"):
        open_pack(cut)


def test_a_pack_without_metadata_table_is_refused(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "m.mbtiles", coloured_tiles(RED), with_metadata=False)
    with pytest.raises(ValidationError, match="no metadata table"):
        open_pack(path)


def test_a_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trips.db"
    sqlite3.connect(path).execute("CREATE TABLE metadata (name, value)").connection.commit()
    with pytest.raises(ValidationError, match="no tiles table"):
        open_pack(path)


def test_a_pack_with_no_tiles_is_refused(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "e.mbtiles", {})
    with pytest.raises(ValidationError, match="holds no tiles"):
        open_pack(path)


def test_a_pack_whose_tiles_are_not_the_format_it_claims_is_refused(tmp_path: Path) -> None:
    jpeg = coloured_tiles(RED, fmt="JPEG")
    with pytest.raises(ValidationError, match="says its tiles are PNG pictures, but they are JPEG"):
        open_pack(make_mbtiles(tmp_path / "j.mbtiles", jpeg, metadata={"format": "png"}))
    garbage = dict.fromkeys(coloured_tiles(RED), b"\x00garbage")
    with pytest.raises(ValidationError, match="not PNG, JPEG or WebP pictures"):
        open_pack(make_mbtiles(tmp_path / "g.mbtiles", garbage))
    with pytest.raises(ValidationError, match="not PNG, JPEG or WebP pictures"):
        open_pack(make_pmtiles(tmp_path / "g.pmtiles", garbage))


def test_vector_packs_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    mvt = dict.fromkeys(coloured_tiles(RED), b"\x1a\x00")
    with pytest.raises(ValidationError, match="vector tiles, which CityPlanner does not draw"):
        open_pack(make_mbtiles(tmp_path / "v.mbtiles", mvt, metadata={"format": "pbf"}))
    with pytest.raises(ValidationError, match="vector tiles, which CityPlanner does not draw"):
        open_pack(make_pmtiles(tmp_path / "v.pmtiles", mvt, tile_type="MVT"))


def test_a_damaged_tile_while_drawing_is_an_empty_tile(tmp_path: Path) -> None:
    tiles = coloured_tiles(RED)
    tiles[centre(14)] = b"not a picture"
    z, x, y = centre(14)
    tiles[(z, x + 1, y)] = tile_picture(RED) + bytes(5 * 1024 * 1024)  # far too big for a tile
    huge_name = {"name": "N" * 3_000_000}
    pack = open_pack(make_mbtiles(tmp_path / "d.mbtiles", tiles, metadata=huge_name))
    assert pack.info.name == "N" * 199 + "…"
    assert pack.tile(*centre(14)) is None and pack.tile(z, x + 1, y) is None
    assert pack.tile(*centre(13)) == tiles[centre(13)]


def test_a_pack_deleted_while_open_gives_empty_tiles_quietly(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "d.mbtiles", coloured_tiles(RED))
    pack = open_pack(path)
    pack.close()  # as if the drive holding it went away
    path.unlink()
    assert pack.tile(*centre()) is None
    with pytest.raises(ValidationError, match="cannot be read"):
        open_pack(path)


def test_names_and_attributions_from_the_file_are_plain_text() -> None:
    hostile = '<a href="javascript:alert(1)">© OpenMapTiles</a>\x00\x1b[31m <script>x</script>'
    # Tags and control characters go; what is left is text, escaped again where shown.
    assert plain_text(hostile) == "© OpenMapTiles [31m x"
    assert len(plain_text("a" * 5000)) == 200


def test_a_large_pmtiles_pack_is_read_through_its_leaf_directories(tmp_path: Path) -> None:
    from pmtiles.reader import MmapSource, Reader

    magic = b"\x89PNG\r\n\x1a\n"
    rng = random.Random(5)
    # Scattered tiles of varied sizes: a directory too big for the root's 16 kB.
    tiles = {
        (16, rng.randrange(60_000), rng.randrange(60_000)): magic + rng.randbytes(rng.randrange(60))
        for _ in range(30_000)
    }
    path = make_pmtiles(tmp_path / "big.pmtiles", tiles, bounds=(-180, -85, 180, 85))
    pack = open_pack(path)
    with path.open("rb") as stream:
        header = Reader(MmapSource(stream)).header()
        assert header["leaf_directory_length"] > 0  # the pack really has leaves
    assert all(pack.tile(*address) == data for address, data in list(tiles.items())[::10])
    missing = next(a for a in ((16, x, 7) for x in range(100)) if a not in tiles)
    assert pack.tile(*missing) is None


def test_an_mbtiles_pack_with_map_and_images_tables_behind_a_tiles_view(tmp_path: Path) -> None:
    path = tmp_path / "deduplicated.mbtiles"
    picture = tile_picture(RED, "WEBP")
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE metadata (name TEXT, value TEXT);
        INSERT INTO metadata VALUES ('name', 'Shared pictures'), ('format', 'webp');
        CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
        CREATE TABLE images (tile_id TEXT PRIMARY KEY, tile_data BLOB);
        CREATE VIEW tiles AS SELECT map.zoom_level, map.tile_column, map.tile_row,
            images.tile_data FROM map JOIN images ON map.tile_id = images.tile_id;
        """
    )
    db.execute("INSERT INTO images VALUES ('red', ?)", (picture,))
    z, x, y = centre()
    db.executemany(
        "INSERT INTO map VALUES (?, ?, ?, 'red')",
        [
            (
                z,
                x + dx,
                (1 << z) - 1 - y,
            )
            for dx in range(3)
        ],
    )
    db.commit()
    db.close()
    pack = open_pack(path)
    assert (pack.info.format, pack.info.mime, pack.info.min_zoom) == ("webp", "image/webp", 13)
    assert pack.tile(z, x + 2, y) == picture and pack.tile(z, x + 3, y) is None


# -- hostile files ------------------------------------------------------------------------


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def crafted_pmtiles(
    path: Path,
    *,
    leaf: bytes = b"",
    leaf_length: int | None = None,
    metadata: bytes | None = None,
    tile_length: int | None = None,
) -> Path:
    """A PMTiles file laid out by hand: the z0 tile in the root, z1 and deeper behind one
    leaf directory whose bytes (and length as the root gives it) the test chooses."""
    from pmtiles.tile import Compression, Entry, TileType, serialize_directory, serialize_header

    picture = tile_picture(RED)
    root = serialize_directory(
        [
            Entry(0, 0, len(picture) if tile_length is None else tile_length, 1),
            Entry(1, 0, len(leaf) if leaf_length is None else leaf_length, 0),
        ]
    )
    meta = gzip.compress(b'{"name": "Crafted"}') if metadata is None else metadata
    start = 127
    header = serialize_header(
        {
            "version": 3, "root_offset": start, "root_length": len(root),
            "metadata_offset": start + len(root), "metadata_length": len(meta),
            "leaf_directory_offset": start + len(root) + len(meta),
            "leaf_directory_length": len(leaf),
            "tile_data_offset": start + len(root) + len(meta) + len(leaf),
            "tile_data_length": len(picture),
            "addressed_tiles_count": 2, "tile_entries_count": 2, "tile_contents_count": 1,
            "clustered": True, "internal_compression": Compression.GZIP,
            "tile_compression": Compression.NONE, "tile_type": TileType.PNG,
            "min_zoom": 0, "max_zoom": 2, "min_lon_e7": -1_800_000_000,
            "min_lat_e7": -850_000_000, "max_lon_e7": 1_800_000_000, "max_lat_e7": 850_000_000,
            "center_zoom": 0, "center_lon_e7": 0, "center_lat_e7": 0,
        }
    )  # fmt: skip
    path.write_bytes(header + root + meta + leaf + picture)
    return path


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_pmtiles_metadata_gzip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    bomb = gzip.compress(b'{"name": "' + b" " * 200_000_000 + b'"}', 9)  # 200 MB in ~200 kB
    path = crafted_pmtiles(tmp_path / "metabomb.pmtiles", metadata=bomb)

    def opening() -> None:
        with pytest.raises(ValidationError, match="its metadata takes more than 1 MB"):
            open_pack(path)

    assert peak_bytes(opening) < 20_000_000


def test_a_pmtiles_directory_gzip_bomb_gives_no_tile_without_inflating_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    count = 10_000_000
    bomb = gzip.compress(varint(count) + b"\x01" * count + b"\x00" * count * 3, 9)
    pack = open_pack(crafted_pmtiles(tmp_path / "bomb.pmtiles", leaf=bomb))
    assert pack.tile(0, 0, 0) == tile_picture(RED)  # the root's own tile is fine
    assert peak_bytes(lambda: [pack.tile(1, 0, 0) for _ in range(3)]) < 30_000_000
    assert pack.tile(1, 1, 1) is None
    assert [r.message for r in caplog.records].count(
        f"The map pack {pack.info.path} cannot be read: a part of it would take more than 8 MB"
    ) == 1


def test_a_pmtiles_directory_listing_too_many_tiles_is_not_read(tmp_path: Path) -> None:
    listed = gzip.compress(varint(10_000_000) + b"\x00" * 1000)
    pack = open_pack(crafted_pmtiles(tmp_path / "many.pmtiles", leaf=listed))
    assert pack.tile(1, 0, 0) is None and "more than 262144 tiles" in pack.problem


@pytest.mark.parametrize(
    "leaf",
    [
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 50,  # not deflate at all
        gzip.compress(varint(3) + b"\x01\x01"),  # entries cut short
        gzip.compress(varint(2) + b"\x01" * 40)[:-12],  # the stream cut short
        b"",
    ],
)
def test_a_damaged_pmtiles_directory_gives_empty_tiles_and_says_so_once(
    tmp_path: Path, leaf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    pack = open_pack(crafted_pmtiles(tmp_path / "badzlib.pmtiles", leaf=leaf))
    assert [pack.tile(1, x, y) for x in (0, 1) for y in (0, 1)] == [None] * 4
    assert pack.problem
    assert sum("cannot be read" in r.message for r in caplog.records) == 1
    assert pack.tile(0, 0, 0) == tile_picture(RED)


def test_a_pmtiles_entry_claiming_a_terabyte_is_not_read(tmp_path: Path) -> None:
    huge = open_pack(crafted_pmtiles(tmp_path / "hugeleaf.pmtiles", leaf_length=2**40))
    assert peak_bytes(lambda: huge.tile(1, 0, 0)) < 5_000_000
    assert huge.tile(1, 0, 0) is None and "takes more than 8 MB" in huge.problem
    leaf = gzip.compress(varint(1) + varint(4) + varint(1) + varint(2**40) + varint(1))
    pack = open_pack(crafted_pmtiles(tmp_path / "hugetile.pmtiles", leaf=leaf))
    assert peak_bytes(lambda: pack.tile(1, 0, 0)) < 5_000_000
    assert pack.tile(1, 0, 0) is None
    huge_root = crafted_pmtiles(tmp_path / "hugeroot.pmtiles", tile_length=2**40)
    # Its only picture is skipped unread, and its leaf is empty: nothing to draw.
    with pytest.raises(ValidationError, match="is damaged"):
        open_pack(huge_root)


def test_a_damaged_pack_in_a_shared_map_is_one_clear_note(tmp_path: Path) -> None:
    from cityplanner.maps.pack_export import embedded_layer

    bad = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 50
    pack = open_pack(crafted_pmtiles(tmp_path / "badzlib.pmtiles", leaf=bad))
    notes: list[str] = []
    payload = {"stops": [{"lat": TOULOUSE[0], "lon": TOULOUSE[1]}]}
    layer = embedded_layer(pack, payload, notes=notes)
    assert layer is not None and list(layer["tiles"]) == ["0/0/0"]
    damaged = [n for n in notes if "could not be read (the file is damaged)" in n]
    assert len(damaged) == 1 and "Crafted" in damaged[0]


def endless_view_pack(path: Path, *, slow_zoom: int) -> Path:
    """An MBTiles file whose `tiles` view takes some billion steps for the tiles of one
    zoom level, with no WITH clause: only the step budget stops it."""
    db = sqlite3.connect(path)
    db.executescript(
        f"""
        CREATE TABLE metadata (name TEXT, value TEXT);
        INSERT INTO metadata VALUES ('name', 'Slow'), ('format', 'png');
        CREATE TABLE real (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
            tile_data BLOB);
        CREATE TABLE d (n INTEGER);
        INSERT INTO d VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
        CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row,
            CASE WHEN zoom_level = {slow_zoom} THEN (SELECT COUNT(*) FROM d a, d b, d c, d e,
                d f, d g, d h, d i, d j) ELSE tile_data END AS tile_data FROM real;
        """
    )
    db.executemany(
        "INSERT INTO real VALUES (?, ?, ?, ?)",
        [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in coloured_tiles(RED).items()],
    )
    db.commit()
    db.close()
    return path


def test_an_mbtiles_view_that_computes_forever_gives_no_tile_and_gives_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pack = open_pack(endless_view_pack(tmp_path / "slow.mbtiles", slow_zoom=14))
    z, x, y = centre(14)
    assert [pack.tile(z, x + dx, y) for dx in range(6)] == [None] * 6
    assert "took far too long" in pack.problem
    assert sum("cannot be read" in r.message for r in caplog.records) == 1
    assert pack.tile(*centre(13)) is None  # it gave up: no more queries on this file


def test_an_mbtiles_view_that_computes_forever_when_opened_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="takes far too long to read"):
        open_pack(endless_view_pack(tmp_path / "slow.mbtiles", slow_zoom=12))


def test_an_mbtiles_view_with_a_recursive_query_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.mbtiles"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE metadata (name TEXT, value TEXT);
        CREATE TABLE real (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
            tile_data BLOB);
        CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, (WITH RECURSIVE
            r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r)
            AS tile_data FROM real;
        """
    )
    db.close()
    with pytest.raises(ValidationError, match="a WITH clause"):
        open_pack(path)


def test_an_mbtiles_pack_is_never_written(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "t.mbtiles", coloured_tiles(RED))
    before = path.read_bytes()
    pack = open_pack(path)
    assert pack.tile(*centre()) is not None
    pack.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.mbtiles"]  # no journal left
