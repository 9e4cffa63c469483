"""The photos table: adding (referenced or copied), placing, undo, moved and missing files,
and the upgrade of a format-5 file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from cityplanner.domain import JournalEntry, NotFoundError, Site, StoreError, Theme, ValidationError
from cityplanner.domain.photos import Photo, PlacedBy
from cityplanner.store import Store
from cityplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from tests.store.conftest import make_stop


def photo_file(folder: Path, name: str, content: bytes | None = None) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if content is not None else f"photo {name}".encode() * 50)
    return path


def photo_of(path: Path, trip_id: int = 0, **changes: object) -> Photo:
    data = path.read_bytes()
    return Photo(
        trip_id=trip_id,
        path=str(path),
        original=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        **changes,  # type: ignore[arg-type]
    )


@pytest.fixture
def trip(store: Store) -> int:
    """A trip of two stops (Toulouse with a site, then Albi) with a journal entry."""
    created = store.trips.create("Occitanie", start=date(2017, 10, 2))
    assert created.id is not None
    store.trips.add_stop(created.id, make_stop("Toulouse", 43.6, 1.44, nights=2))
    store.trips.add_stop(created.id, make_stop("Albi", 43.93, 2.15, nights=1))
    return created.id


def stop_ids(store: Store, trip_id: int) -> list[int]:
    return [s.id or 0 for s in store.trips.stops(trip_id)]


def test_photos_are_added_together_and_read_back_in_the_order_taken(
    store: Store, trip: int, tmp_path: Path
) -> None:
    toulouse, albi = stop_ids(store, trip)
    later = photo_of(
        photo_file(tmp_path, "b.jpg"),
        stop_id=albi,
        placed_by=PlacedBy.TIME,
        taken_at=datetime(2017, 10, 4, 10, 0, tzinfo=UTC),
        lat=43.93,
        lon=2.15,
        reason="Taken during the stay in Albi.",
    )
    earlier = photo_of(
        photo_file(tmp_path, "a.jpg"),
        stop_id=toulouse,
        placed_by=PlacedBy.TIME,
        taken_at=datetime(2017, 10, 2, 9, 0),
        zone="",
    )
    undated = photo_of(photo_file(tmp_path, "c.jpg"))
    added = store.photos.add_many(trip, [later, undated, earlier])
    assert all(p.id and p.uid for p in added)
    listed = store.photos.for_trip(trip)
    assert [p.file_name for p in listed] == ["a.jpg", "b.jpg", "c.jpg"]
    assert listed[1] == added[0]  # every field round-trips, the aware time included
    assert listed[0].taken_at == datetime(2017, 10, 2, 9, 0)  # a naive time stays naive
    assert store.photos.known_hashes(trip) == {p.sha256 for p in listed}
    # The same content again is left out, in the trip; another trip may hold it.
    assert (
        store.photos.add_many(
            trip, [photo_of(photo_file(tmp_path, "a copy.jpg", Path(earlier.path).read_bytes()))]
        )
        == []
    )
    other = store.trips.create("Elsewhere")
    assert len(store.photos.add_many(other.id or 0, [earlier])) == 1


def test_a_batch_with_one_bad_photo_adds_nothing(store: Store, trip: int, tmp_path: Path) -> None:
    good = photo_of(photo_file(tmp_path, "a.jpg"))
    bad = photo_of(photo_file(tmp_path, "b.jpg"), stop_id=99_999, placed_by=PlacedBy.TIME)
    with pytest.raises(StoreError, match="Could not add the photos"):
        store.photos.add_many(trip, [good, bad])
    assert store.photos.for_trip(trip) == []
    with pytest.raises(NotFoundError):
        store.photos.add_many(12_345, [good])


def test_photos_copied_beside_the_database_move_with_it(tmp_path: Path) -> None:
    originals = tmp_path / "card"
    with Store.open(tmp_path / "trips.db", seed_demo=False) as store:
        trip = store.trips.create("T").id or 0
        photos = [
            photo_of(photo_file(originals, "IMG_1.JPG")),
            photo_of(photo_file(originals, "IMG_2.jpg")),
        ]
        added = store.photos.add_many(trip, photos, copy=True)
        folder = tmp_path / "trips.db.photos"
        assert store.photos.copies_folder == folder
        assert sorted(p.name for p in folder.iterdir()) == sorted(f"{p.sha256}.jpg" for p in photos)
        assert all(p.copied and Path(p.path).parent == folder for p in added)
        assert [p.file_name for p in store.photos.for_trip(trip)] == ["IMG_1.JPG", "IMG_2.jpg"]
    shutil.rmtree(originals)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(tmp_path / "trips.db", moved / "trips.db")
    shutil.move(folder, moved / "trips.db.photos")
    with Store.open(moved / "trips.db", seed_demo=False) as store:
        (first, _) = store.photos.for_trip(1)
        assert Path(first.path).parent == moved / "trips.db.photos"
        assert store.photos.missing(1) == []


def test_copying_refuses_a_changed_original_and_leaves_no_copy(tmp_path: Path) -> None:
    with Store.open(tmp_path / "trips.db", seed_demo=False) as store:
        trip = store.trips.create("T").id or 0
        fine = photo_of(photo_file(tmp_path, "a.jpg"))
        changed_path = photo_file(tmp_path, "b.jpg")
        changed = photo_of(changed_path)
        changed_path.write_bytes(b"edited since")
        with pytest.raises(StoreError, match=r"b\.jpg changed since it was read"):
            store.photos.add_many(trip, [fine, changed], copy=True)
        assert store.photos.for_trip(trip) == []
        assert list((tmp_path / "trips.db.photos").iterdir()) == []
    with Store.memory() as memory:
        other = memory.trips.create("T").id or 0
        with pytest.raises(ValidationError, match="in memory has no folder"):
            memory.photos.add_many(other, [fine], copy=True)


def test_placing_by_hand_on_a_stop_a_site_a_journal_entry_or_nowhere(
    store: Store, trip: int, tmp_path: Path
) -> None:
    toulouse, albi = stop_ids(store, trip)
    site = store.sites.add(Site(name="Canal du Midi", theme=Theme.WATER, stop_id=toulouse))
    entry = store.journal.add(
        JournalEntry(trip_id=trip, day=date(2017, 10, 3), title="Day 2", stop_id=albi)
    )
    (photo,) = store.photos.add_many(trip, [photo_of(photo_file(tmp_path, "a.jpg"))])
    pid = photo.id or 0
    on_site = store.photos.place(pid, site_id=site.id)
    assert (on_site.stop_id, on_site.site_id, on_site.placed_by) == (
        toulouse,
        site.id,
        PlacedBy.HAND,
    )
    on_entry = store.photos.place(pid, journal_id=entry.id)
    assert (on_entry.stop_id, on_entry.journal_id) == (albi, entry.id)
    nowhere = store.photos.place(pid)
    assert (nowhere.stop_id, nowhere.site_id, nowhere.journal_id) == (None, None, None)
    assert nowhere.placed_by == PlacedBy.NONE
    with pytest.raises(ValidationError, match="another stop"):
        store.photos.place(pid, stop_id=albi, site_id=site.id)
    elsewhere = store.trips.add_stop(store.trips.create("Other").id or 0, make_stop("Lyon"))
    with pytest.raises(ValidationError, match="another trip"):
        store.photos.place(pid, stop_id=elsewhere.id)
    with pytest.raises(NotFoundError):
        store.photos.place(pid, stop_id=99_999)
    assert store.photos.set_caption(pid, "Sunset\x1b[31m").caption == "Sunset[31m"


def test_removing_a_stop_unplaces_its_photos_and_undo_puts_them_back(
    store: Store, trip: int, tmp_path: Path
) -> None:
    toulouse, albi = stop_ids(store, trip)
    site = store.sites.add(Site(name="Cité de l'espace", theme=Theme.SHOWCASE, stop_id=toulouse))
    placed = [
        photo_of(
            photo_file(tmp_path, "a.jpg"),
            stop_id=toulouse,
            site_id=site.id,
            placed_by=PlacedBy.TIME,
        ),
        photo_of(photo_file(tmp_path, "b.jpg"), stop_id=toulouse, placed_by=PlacedBy.POSITION),
        photo_of(photo_file(tmp_path, "c.jpg"), stop_id=albi, placed_by=PlacedBy.TIME),
    ]
    store.photos.add_many(trip, placed)
    # What the window keeps before removing the stop, to undo it.
    stop, sites, kept = (
        store.trips.stop(toulouse),
        store.sites.for_stop(toulouse),
        store.photos.for_stop(toulouse),
    )
    assert len(kept) == 2
    store.trips.remove_stop(toulouse)
    after = {p.file_name: p for p in store.photos.for_trip(trip)}
    assert len(after) == 3  # no photo record is lost with its stop
    assert after["a.jpg"].stop_id is None and after["a.jpg"].site_id is None
    assert after["a.jpg"].placed_by == PlacedBy.NONE
    assert after["a.jpg"].reason == "Its stop, Toulouse, was removed: place it again by hand."
    assert after["c.jpg"].stop_id == albi
    store.trips.restore_stop(stop)
    for removed in sites:
        store.sites.add(removed)
    store.photos.restore(kept)
    assert {p.file_name: p for p in store.photos.for_stop(toulouse)} == {
        p.file_name: p for p in kept
    }


def test_removing_a_site_or_an_entry_leaves_the_photo_at_its_stop(
    store: Store, trip: int, tmp_path: Path
) -> None:
    toulouse, _ = stop_ids(store, trip)
    site = store.sites.add(Site(name="Canal du Midi", theme=Theme.WATER, stop_id=toulouse))
    entry = store.journal.add(JournalEntry(trip_id=trip, day=date(2017, 10, 3), title="Canal"))
    first, second = store.photos.add_many(
        trip,
        [
            photo_of(
                photo_file(tmp_path, "a.jpg"),
                stop_id=toulouse,
                site_id=site.id,
                placed_by=PlacedBy.TIME,
            ),
            photo_of(photo_file(tmp_path, "b.jpg")),
        ],
    )
    store.photos.place(second.id or 0, journal_id=entry.id)
    store.sites.remove(site.id or 0)
    store.journal.remove(entry.id or 0)
    on_stop, loose = store.photos.get(first.id or 0), store.photos.get(second.id or 0)
    assert (on_stop.stop_id, on_stop.site_id, on_stop.placed_by) == (toulouse, None, PlacedBy.TIME)
    assert on_stop.reason == "Its site, Canal du Midi, was removed; it stays at the stop."
    assert (loose.journal_id, loose.placed_by) == (None, PlacedBy.NONE)
    store.trips.delete(trip)
    assert store.photos.for_trip(trip) == []


def test_removed_photos_come_back_under_their_ids(store: Store, trip: int, tmp_path: Path) -> None:
    added = store.photos.add_many(
        trip, [photo_of(photo_file(tmp_path, n)) for n in ("a.jpg", "b.jpg")]
    )
    assert store.photos.remove(added[0].id or 0) == added[0]
    assert store.photos.remove_many([added[1].id or 0]) == [added[1]]
    assert store.photos.for_trip(trip) == []
    store.photos.restore(added)
    assert store.photos.for_trip(trip) == added
    with pytest.raises(NotFoundError):
        store.photos.get(99_999)


def test_a_moved_original_is_found_again_by_its_content(
    store: Store, trip: int, tmp_path: Path
) -> None:
    card = tmp_path / "card"
    photos = [photo_of(photo_file(card, n)) for n in ("IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg")]
    store.photos.add_many(trip, photos)
    assert store.photos.missing(trip) == []
    archive = tmp_path / "archive" / "2017"
    archive.mkdir(parents=True)
    shutil.move(card / "IMG_1.jpg", archive / "renamed.jpg")
    shutil.move(card / "IMG_2.jpg", archive / ".hidden.jpg")
    (card / "IMG_3.jpg").unlink()
    for index in range(20):  # other files, none of a missing photo's size
        (archive / f"other{index}.jpg").write_bytes(b"x" * (index + 1))
    (archive / "same size.jpg").write_bytes(b"y" * photos[0].size)  # hashed, not matched
    assert {p.file_name for p in store.photos.missing(trip)} == {
        "IMG_1.jpg",
        "IMG_2.jpg",
        "IMG_3.jpg",
    }
    report = store.photos.relink(tmp_path / "archive", trip_id=trip)
    assert [Path(p.path) for p in report.found] == [archive / "renamed.jpg"]
    assert report.looked_at == 22 and report.hashed == 2
    assert {p.file_name for p in report.missing} == {"IMG_2.jpg", "IMG_3.jpg"}
    assert {p.file_name for p in store.photos.missing(trip)} == {"IMG_2.jpg", "IMG_3.jpg"}
    relinked = next(p for p in store.photos.for_trip(trip) if p.sha256 == photos[0].sha256)
    assert relinked.path == str(archive / "renamed.jpg") and relinked.file_name == "IMG_1.jpg"
    with pytest.raises(NotFoundError, match="is not a folder"):
        store.photos.relink(tmp_path / "nowhere")


def test_a_format_5_file_is_upgraded_with_all_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0006_photos")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 5
    with db.atomic():
        db.execute("INSERT INTO trips (name, start, uid) VALUES ('Old', '2017-10-02', 'u-1')")
        db.execute(
            "INSERT INTO stops (trip_id, position, name, lat, lon, nights, uid, leg_km) "
            "VALUES (1, 0, 'Albi', 43.93, 2.15, 2, 'u-2', 0)"
        )
        db.execute(
            "INSERT INTO sites (stop_id, name, theme, uid) VALUES (1, 'Cathedral', 'showcase', 'u-3')"
        )
        db.execute(
            "INSERT INTO journal (trip_id, stop_id, day, title) VALUES (1, 1, '2017-10-02', 'Hi')"
        )
        db.execute("INSERT INTO costs (trip_id, amount, currency) VALUES (1, '12.50', 'EUR')")
    tables = ("trips", "stops", "sites", "journal", "costs")
    # Later migrations add columns (and give rows without one a uid): compare the old ones.
    columns = {
        t: [c[1] for c in db.execute(f"PRAGMA table_info({t})").fetchall() if c[1] != "uid"]
        for t in tables
    }
    before = {t: db.execute(f"SELECT {', '.join(columns[t])} FROM {t}").fetchall() for t in tables}
    uids = {
        t: db.execute(f"SELECT id, uid FROM {t} WHERE uid != ''").fetchall()
        for t in ("trips", "stops", "sites")
    }
    db.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        for table, rows in before.items():
            kept = store.db.execute(f"SELECT {', '.join(columns[table])} FROM {table}")
            assert kept.fetchall() == rows, table
            assert store.db.execute(f"SELECT count(*) FROM {table} WHERE uid = ''").fetchone() == (
                0,
            )
        for table, pairs in uids.items():
            assert store.db.execute(f"SELECT id, uid FROM {table}").fetchall() == pairs
        assert store.photos.for_trip(1) == []
        (photo,) = store.photos.add_many(1, [photo_of(photo_file(tmp_path, "a.jpg"), stop_id=1)])
        assert photo.stop_id == 1
    backup = tmp_path / "old.db.format5.bak"
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 5
