"""The trip file between two CityPlanner users: whole trips, updates in place, conflicts."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from cityplanner.domain.models import JournalEntry, Site
from cityplanner.domain.tracks import TrackPoints, make_track
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.registry import EXPORT_FORMATS, is_trip_file
from cityplanner.formats.trip_file import read_trip_file
from cityplanner.formats.trip_file_import import (
    apply_trip_file,
    preview_trip_file,
    undo_trip_file,
)
from cityplanner.formats.trip_file_merge import ORDER, Side
from cityplanner.store import Store
from cityplanner.store.demo import load_demo
from cityplanner.store.photos import file_sha256
from cityplanner.store.sync import read_trip
from tests.formats.helpers import DATA, import_file
from tests.formats.photo_images import make_photo
from tests.formats.trip_file_helpers import dump, export, import_into, trip_json, write_archive


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Store]:
    """The first user's database, on disk (photos are copied beside it), with the demo."""
    with Store.open(tmp_path / "home.db", seed_demo=False) as store:
        load_demo(store)
        yield store


@pytest.fixture
def friend(tmp_path: Path) -> Iterator[Store]:
    """The second user's database, empty."""
    (tmp_path / "friend").mkdir()
    with Store.open(tmp_path / "friend" / "friend.db", seed_demo=False) as store:
        yield store


def _trip(store: Store) -> int:
    (trip,) = store.trips.list()
    assert trip.id is not None
    return trip.id


def _add_photos(store: Store, trip_id: int, folder: Path) -> None:
    stops = store.trips.stops(trip_id)
    site = store.sites.for_stop(stops[0].id or 0)[0]
    entry = store.journal.for_trip(trip_id)[0]
    from cityplanner.domain.photos import Photo, PlacedBy

    def photo(name: str, colour: str, **where: object) -> Photo:
        path = make_photo(folder / name, colour=colour)
        return Photo(
            trip_id=trip_id,
            path=str(path),
            original=str(path),
            sha256=file_sha256(path),
            size=path.stat().st_size,
            taken_at=datetime(2017, 10, 3, 11, 30),
            zone="Europe/Paris",
            caption="Capitole <b>at noon</b>",
            placed_by=PlacedBy.HAND,
            **where,  # type: ignore[arg-type]
        )

    store.photos.add_many(
        trip_id,
        [
            photo("a.jpg", "red", stop_id=stops[0].id, site_id=site.id),
            photo("b.jpg", "green", stop_id=stops[0].id, journal_id=entry.id),
            photo("c.jpg", "blue"),
        ],
        copy=True,
    )


def _without_export_time(path: Path) -> dict[str, object]:
    """The file's content but for what names this one file (when, its id, its lineage)."""
    document = trip_json(path)
    assert document.pop("exported_at") and document.pop("export_id")
    document.pop("based_on")
    return document


# -- a whole trip ------------------------------------------------------------------------


def test_the_trip_file_format_is_in_the_export_list_and_recognised() -> None:
    fmt = EXPORT_FORMATS["cityplanner"]
    assert fmt.extension == ".cptrip"
    assert is_trip_file(Path("any/name.cptrip"))


def test_a_round_trip_keeps_every_field_of_every_object(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    _add_photos(home, trip_id, tmp_path / "camera")
    import_file(home, DATA / "run.gpx", trip_id=trip_id)
    home.db.execute("UPDATE tracks SET stop_id = ?", [home.trips.stops(trip_id)[0].id])
    first = export(home, trip_id, tmp_path / "first.cptrip")
    document = trip_json(first)
    assert (document["format"], document["version"]) == ("cityplanner-trip", 1)
    (track,) = document["tracks"]
    assert (track["point_count"], track["stop"], track["day"]) == (
        206, document["stops"][0]["uid"], "2012-10-24"
    )  # fmt: skip
    with zipfile.ZipFile(first) as archive:
        photos = [i for i in archive.infolist() if i.filename.startswith("photos/")]
        assert len(photos) == 3
        assert {i.compress_type for i in photos} == {zipfile.ZIP_STORED}
        assert [i.filename for i in archive.infolist() if i.filename.startswith("tracks/")] == [
            track["file"]
        ]

    done = import_into(friend, first)
    assert done.created
    second = export(friend, done.trip_id, tmp_path / "second.cptrip")
    assert trip_json(first)["based_on"] == []
    assert trip_json(second)["based_on"] == [trip_json(first)["export_id"]]
    assert _without_export_time(first) == _without_export_time(second)

    # Object by object, through the repositories, ids aside.
    mine, theirs = home.trips.get(trip_id), friend.trips.get(done.trip_id)
    assert replace(mine, id=None) == replace(theirs, id=None)
    assert home.costs.rates(trip_id) == friend.costs.rates(done.trip_id)
    stops = [replace(s, id=None, trip_id=None) for s in home.trips.stops(trip_id)]
    assert stops == [replace(s, id=None, trip_id=None) for s in friend.trips.stops(done.trip_id)]

    def by_uid(store: Store, tid: int) -> dict[str, dict[str, object]]:
        stored = read_trip(store.db, tid).records
        return {
            kind: {uid: {k: v for k, v in r.items() if k != "file"} for uid, r in records.items()}
            for kind, records in stored.objects.items()
        }

    assert by_uid(home, trip_id) == by_uid(friend, done.trip_id)
    sites = {s.uid: s for s in friend.sites.for_trip(done.trip_id)}
    for site in home.sites.for_trip(trip_id):
        assert replace(site, id=None, stop_id=None) == replace(
            sites[site.uid], id=None, stop_id=None
        )
    entries = friend.journal.for_trip(done.trip_id)
    assert [(e.uid, e.title, e.body, e.tags) for e in home.journal.for_trip(trip_id)] == [
        (e.uid, e.title, e.body, e.tags) for e in entries
    ]
    costs = {c.uid: c for c in friend.costs.for_trip(done.trip_id)}
    assert len(costs) == 43
    for cost in home.costs.for_trip(trip_id):
        other = costs[cost.uid]
        assert (cost.amount, cost.currency, cost.category, cost.day, cost.paid, cost.note) == (
            other.amount, other.currency, other.category, other.day, other.paid, other.note
        )  # fmt: skip
    # Photos: their files copied beside the friend's database, placed as they were.
    copied = {p.uid: p for p in friend.photos.for_trip(done.trip_id)}
    for photo in home.photos.for_trip(trip_id):
        other = copied[photo.uid]
        assert other.copied and Path(other.path).is_file()
        assert file_sha256(Path(other.path)) == photo.sha256
        assert (other.caption, other.taken_at, other.placed_by) == (
            photo.caption, photo.taken_at, photo.placed_by
        )  # fmt: skip
        assert (other.stop_id is None, other.site_id is None, other.journal_id is None) == (
            photo.stop_id is None, photo.site_id is None, photo.journal_id is None
        )  # fmt: skip
    assert friend.photos.missing(done.trip_id) == []
    # Tracks: every field and every point, on the stop of the same uid.
    (mine_track,) = home.tracks.list(trip_id, with_points=True)
    (their_track,) = friend.tracks.list(done.trip_id, with_points=True)
    assert replace(mine_track, id=None, trip_id=None, stop_id=None) == replace(
        their_track, id=None, trip_id=None, stop_id=None
    )
    assert friend.trips.stops(done.trip_id)[0].id == their_track.stop_id
    assert mine_track.points is not None and their_track.points is not None
    for column in ("lat", "lon", "ele", "time"):
        mine_values = getattr(mine_track.points, column)
        their_values = getattr(their_track.points, column)
        assert mine_values.tobytes() == their_values.tobytes()


def test_an_export_without_photos_keeps_their_records_and_a_file_finds_them_missing(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    from cityplanner.formats.document import ExportOptions
    from cityplanner.formats.registry import export_to_file

    trip_id = _trip(home)
    _add_photos(home, trip_id, tmp_path / "camera")
    options = ExportOptions(with_photos=False)
    light = export_to_file(home, trip_id, "cityplanner", tmp_path / "light.cptrip", options)
    assert any("left out" in note for note in options.notes)
    with zipfile.ZipFile(light) as archive:
        assert archive.namelist() == ["trip.json"]
    done = import_into(friend, light)
    assert len(friend.photos.for_trip(done.trip_id)) == 3
    assert len(friend.photos.missing(done.trip_id)) == 3
    assert any("without its file" in note for note in done.notes)


# -- updates in place ----------------------------------------------------------------------


def _shared(home: Store, friend: Store, tmp_path: Path) -> tuple[int, int]:
    """The home trip sent to the friend: (home trip id, friend trip id)."""
    trip_id = _trip(home)
    done = import_into(friend, export(home, trip_id, tmp_path / "sent.cptrip"))
    return trip_id, done.trip_id


def _rename_stop(store: Store, trip_id: int, index: int, name: str) -> None:
    stop = store.trips.stops(trip_id)[index]
    store.trips.update_stop(stop.with_changes(place=replace(stop.place, name=name)))


def _note_stop(store: Store, trip_id: int, index: int, notes: str) -> None:
    stop = store.trips.stops(trip_id)[index]
    store.trips.update_stop(stop.with_changes(notes=notes))


def test_an_edited_copy_updates_the_trip_in_place_with_nothing_duplicated(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    _rename_stop(friend, copy_id, 1, "Albi (old town)")
    first_stop = friend.trips.stops(copy_id)[0]
    friend.sites.add(Site(name="Water lab", theme=Theme.WATER, stop_id=first_stop.id))
    (entry,) = friend.journal.for_trip(copy_id)
    friend.journal.remove(entry.id or 0)
    back = export(friend, copy_id, tmp_path / "back.cptrip")

    before = dump(home)
    preview = preview_trip_file(home, read_trip_file(back))
    assert dump(home) == before  # a preview writes nothing
    assert preview.is_update and not preview.conflicts
    summary = {(c.kind, c.action, c.label, c.fields) for c in preview.changes}
    assert summary == {
        ("stops", "changed", "Albi (old town)", ("name",)),
        ("sites", "added", "Water lab", ()),
        ("journal", "removed", f"{entry.day} {entry.title}", ()),
    }
    assert preview.counts() == "1 site added, 1 stop changed, 1 journal entry removed"
    done = apply_trip_file(home, preview)
    assert done.trip_id == trip_id and not done.created
    assert len(home.trips.list()) == 1
    assert [s.name for s in home.trips.stops(trip_id)][1] == "Albi (old town)"
    assert len(home.trips.stops(trip_id)) == 8
    assert len(home.sites.for_trip(trip_id)) == 12
    assert home.journal.for_trip(trip_id) == []
    assert len(home.costs.for_trip(trip_id)) == 43
    # The same file again changes nothing.
    again = preview_trip_file(home, read_trip_file(back))
    assert again.changes == [] and again.conflicts == []


def test_a_local_edit_against_an_incoming_one_is_a_conflict_never_lost(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    _note_stop(friend, copy_id, 2, "Theirs: the arena first.")
    _rename_stop(friend, copy_id, 3, "Carcassonne (Cité)")
    _note_stop(home, trip_id, 2, "Mine: the Roman theatre first.")
    back = export(friend, copy_id, tmp_path / "back.cptrip")

    preview = preview_trip_file(home, read_trip_file(back))
    (conflict,) = preview.conflicts
    assert (conflict.kind, conflict.label, conflict.fields) == ("stops", "Arles", ("notes",))
    assert "Mine: the Roman theatre first." in conflict.mine
    assert "Theirs: the arena first." in conflict.theirs
    assert conflict.mine_modified and conflict.theirs_modified
    text = "\n".join(preview.lines())
    assert "conflict" in text and "Arles" in text and "keeping mine" in text

    # Chosen per conflict: theirs.
    taken = apply_trip_file(home, preview.resolved({conflict.key: Side.THEIRS}))
    assert home.trips.stops(trip_id)[2].notes == "Theirs: the arena first."
    undo_trip_file(home, taken)
    assert home.trips.stops(trip_id)[2].notes == "Mine: the Roman theatre first."

    # By default mine is kept, and the rest of theirs comes in.
    apply_trip_file(home, preview)
    stops = home.trips.stops(trip_id)
    assert stops[2].notes == "Mine: the Roman theatre first."
    assert stops[3].name == "Carcassonne (Cité)"
    # Kept against theirs, it stays a local edit: the same file again leaves it alone.
    again = preview_trip_file(home, read_trip_file(back))
    assert again.conflicts == [] and again.changes == []


def test_different_fields_of_one_object_merge_without_a_conflict(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    _note_stop(friend, copy_id, 2, "Their notes")
    _rename_stop(home, trip_id, 2, "Arles (Provence)")
    preview = preview_trip_file(
        home, read_trip_file(export(friend, copy_id, tmp_path / "b.cptrip"))
    )
    assert preview.conflicts == []
    apply_trip_file(home, preview)
    stop = home.trips.stops(trip_id)[2]
    assert (stop.name, stop.notes) == ("Arles (Provence)", "Their notes")


def test_removed_here_and_changed_there_is_a_conflict(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    (entry,) = home.journal.for_trip(trip_id)
    home.journal.remove(entry.id or 0)
    (theirs,) = friend.journal.for_trip(copy_id)
    friend.journal.update(theirs.with_changes(body="A longer account."))
    back = export(friend, copy_id, tmp_path / "back.cptrip")
    preview = preview_trip_file(home, read_trip_file(back))
    (conflict,) = preview.conflicts
    assert (conflict.kind, conflict.mine) == ("journal", "removed here")
    kept = apply_trip_file(home, preview)
    assert home.journal.for_trip(trip_id) == []
    undo_trip_file(home, kept)
    apply_trip_file(home, preview.resolved({}, default=Side.THEIRS))
    (back_again,) = home.journal.for_trip(trip_id)
    assert back_again.uid == entry.uid and back_again.body == "A longer account."


def _nights(store: Store, trip_id: int, index: int, nights: int) -> None:
    stop = store.trips.stops(trip_id)[index]
    store.trips.update_stop(stop.with_changes(nights=nights))


@pytest.fixture
def third(tmp_path: Path) -> Iterator[Store]:
    """A third user's database, empty."""
    (tmp_path / "third").mkdir()
    with Store.open(tmp_path / "third" / "third.db", seed_demo=False) as store:
        yield store


def test_a_second_export_never_sent_does_not_revert_local_edits(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    p, q = home, friend
    trip_id = _trip(p)
    q_trip = import_into(q, export(p, trip_id, tmp_path / "p1.cptrip")).trip_id
    _nights(p, trip_id, 2, 6)
    export(p, trip_id, tmp_path / "p2.cptrip")  # never sent
    _rename_stop(q, q_trip, 1, "Albi (Tarn)")
    q1 = export(q, q_trip, tmp_path / "q1.cptrip")

    preview = preview_trip_file(p, read_trip_file(q1))
    assert preview.base.known and preview.conflicts == []
    assert [(c.kind, c.label, c.fields) for c in preview.changes] == [
        ("stops", "Albi (Tarn)", ("name",))
    ]
    assert not any("Arles" in line for line in preview.lines())
    apply_trip_file(p, preview)
    stops = p.trips.stops(trip_id)
    assert (stops[1].name, stops[2].name, stops[2].nights) == ("Albi (Tarn)", "Arles", 6)

    # Back the other way, the next file merges against q1, which both now hold.
    _note_stop(q, q_trip, 0, "Theirs")
    p3 = preview_trip_file(q, read_trip_file(export(p, trip_id, tmp_path / "p3.cptrip")))
    assert p3.base.known and p3.conflicts == []
    assert [(c.label, c.fields) for c in p3.changes] == [("Arles", ("nights",))]
    apply_trip_file(q, p3)
    stops = q.trips.stops(q_trip)
    assert (stops[0].notes, stops[1].name, stops[2].nights) == ("Theirs", "Albi (Tarn)", 6)


def test_a_trip_sent_to_two_people_merges_each_answer_against_what_each_received(
    home: Store, friend: Store, third: Store, tmp_path: Path
) -> None:
    p, q, r = home, friend, third
    trip_id = _trip(p)
    q_trip = import_into(q, export(p, trip_id, tmp_path / "p1.cptrip")).trip_id
    _nights(p, trip_id, 2, 6)
    r_trip = import_into(r, export(p, trip_id, tmp_path / "p2.cptrip")).trip_id
    _rename_stop(q, q_trip, 1, "Albi (Tarn)")
    _note_stop(r, r_trip, 0, "From R")
    q1, r1 = export(q, q_trip, tmp_path / "q1.cptrip"), export(r, r_trip, tmp_path / "r1.cptrip")

    for answer, change in ((q1, ("Albi (Tarn)", ("name",))), (r1, ("Toulouse", ("notes",)))):
        preview = preview_trip_file(p, read_trip_file(answer))
        assert preview.base.known and preview.conflicts == []
        assert [(c.label, c.fields) for c in preview.changes] == [change]
        apply_trip_file(p, preview)
    stops = p.trips.stops(trip_id)
    assert (stops[0].notes, stops[1].name, stops[2].nights) == ("From R", "Albi (Tarn)", 6)


def test_a_file_that_names_no_known_exchange_makes_every_difference_a_conflict(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    import_into(home, export(friend, copy_id, tmp_path / "q0.cptrip"))  # the last file read
    _rename_stop(friend, copy_id, 1, "Albi (Tarn)")
    (entry,) = friend.journal.for_trip(copy_id)
    friend.journal.remove(entry.id or 0)
    newer = export(friend, copy_id, tmp_path / "q1.cptrip")
    document = trip_json(newer)
    del document["export_id"], document["based_on"]  # as an older CityPlanner writes it
    old = write_archive(tmp_path / "old.cptrip", {"trip.json": json.dumps(document)})

    preview = preview_trip_file(home, read_trip_file(old))
    assert not preview.base.known
    assert {(c.kind, c.label, c.mine) for c in preview.conflicts} == {
        ("stops", "Albi", "name: Albi"),
        ("journal", f"{entry.day} {entry.title}", "changed here"),
    }
    assert any("older CityPlanner" in note for note in preview.notes)
    before = dump(home)
    apply_trip_file(home, preview)  # keeping mine: nothing changes
    assert [s.name for s in home.trips.stops(trip_id)][1] == "Albi"
    assert len(home.journal.for_trip(trip_id)) == 1
    # Its lineage unknown, a file with an id of its own says so in other words.
    unknown = dict(document, export_id="not-from-here", based_on=["nor-this"])
    other = write_archive(tmp_path / "other.cptrip", {"trip.json": json.dumps(unknown)})
    assert any("remembers" in n for n in preview_trip_file(home, read_trip_file(other)).notes)
    assert dump(home)["stops"] == before["stops"]


def test_a_stop_kept_against_its_removal_keeps_its_costs_sites_and_entries(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id = _trip(home)
    stops = home.trips.stops(trip_id)
    carcassonne, amsterdam = stops[3], stops[4]
    cite = home.sites.add(Site(name="La Cité", theme=Theme.SIGHT, stop_id=carcassonne.id))
    home.journal.add(JournalEntry(trip_id=trip_id, day=datetime(2017, 10, 9).date(),
                                  title="Canals", stop_id=amsterdam.id))  # fmt: skip

    def on(stop_ids: set[int | None]) -> dict[str, tuple[int | None, ...]]:
        return {
            c.note: (c.stop_id, c.site_id, c.leg_stop_id)
            for c in home.costs.for_trip(trip_id)
            if {c.stop_id, c.leg_stop_id} & stop_ids or c.site_id == cite.id
        }

    before = on({carcassonne.id, amsterdam.id})
    assert len(before) == 13
    copy_id = import_into(friend, export(home, trip_id, tmp_path / "sent.cptrip")).trip_id
    for uid in (carcassonne.uid, amsterdam.uid):
        (gone,) = [s for s in friend.trips.stops(copy_id) if s.uid == uid]
        friend.trips.remove_stop(gone.id or 0)
    _rename_stop(home, trip_id, 3, "Carcassonne (Cité)")
    home.sites.add(Site(name="NEMO", theme=Theme.MUSEUM, stop_id=amsterdam.id))

    preview = preview_trip_file(
        home, read_trip_file(export(friend, copy_id, tmp_path / "d1.cptrip"))
    )
    (conflict,) = preview.conflicts
    assert (conflict.kind, conflict.label, conflict.theirs) == (
        "stops", "Carcassonne (Cité)", "removed in the file",
    )  # fmt: skip
    assert any(n.startswith("The stop Amsterdam stays") for n in preview.notes)
    assert [c for c in preview.changes if c.kind != "order"] == []
    done = apply_trip_file(home, preview)
    assert [s.uid for s in home.trips.stops(trip_id)][3:5] == [carcassonne.uid, amsterdam.uid]
    assert on({carcassonne.id, amsterdam.id}) == before
    assert [s.name for s in home.sites.for_stop(carcassonne.id or 0)] == ["La Cité"]
    assert {e.title: e.stop_id for e in home.journal.for_trip(trip_id)}["Canals"] == amsterdam.id

    # Taking theirs removes Carcassonne, and what named it lets it go; Amsterdam stays
    # for its new site, with its costs.
    undo_trip_file(home, done)
    apply_trip_file(home, preview.resolved({}, default=Side.THEIRS))
    assert [s.uid for s in home.trips.stops(trip_id)][3] == amsterdam.uid
    assert home.sites.for_stop(carcassonne.id or 0) == []
    assert len(on({amsterdam.id})) == 9 and len(on({carcassonne.id})) == 0


def test_a_reorder_on_one_side_wins_and_stops_added_keep_their_place(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    stops = friend.trips.stops(copy_id)
    friend.trips.move_stop(stops[1].id or 0, 3)
    mine = home.trips.stops(trip_id)
    home.trips.add_stop(trip_id, replace(mine[0], id=None, uid="", arrival=None, pinned=False,
                                         place=replace(mine[0].place, name="Blagnac")), at=1)  # fmt: skip
    preview = preview_trip_file(
        home, read_trip_file(export(friend, copy_id, tmp_path / "b.cptrip"))
    )
    assert preview.conflicts == []
    assert any(c.kind == ORDER for c in preview.changes)
    apply_trip_file(home, preview)
    names = [s.name for s in home.trips.stops(trip_id)]
    assert names[:5] == ["Toulouse", "Blagnac", "Arles", "Carcassonne", "Albi"]


def test_undo_puts_back_the_trip_and_what_was_last_exchanged(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    _trip_id, copy_id = _shared(home, friend, tmp_path)
    import_into(home, export(friend, copy_id, tmp_path / "earlier.cptrip"))  # one file read
    _rename_stop(friend, copy_id, 0, "Toulouse-Matabiau")
    (entry,) = friend.journal.for_trip(copy_id)
    friend.journal.remove(entry.id or 0)
    back = export(friend, copy_id, tmp_path / "back.cptrip")
    before = dump(home)
    done = apply_trip_file(home, preview_trip_file(home, read_trip_file(back)))
    assert dump(home) != before
    undo_trip_file(home, done)
    assert dump(home) == before

    fresh = Store.memory()
    before = dump(fresh)
    done = import_into(fresh, back)
    undo_trip_file(fresh, done)
    assert dump(fresh) == before


def test_undo_attaches_again_the_tracks_of_a_stop_the_import_removed(
    home: Store, friend: Store, tmp_path: Path
) -> None:
    trip_id, copy_id = _shared(home, friend, tmp_path)
    carcassonne = home.trips.stops(trip_id)[3]
    points = TrackPoints(
        np.linspace(43.20, 43.21, 50), np.linspace(2.35, 2.37, 50),
        np.full(50, np.nan), np.full(50, np.nan), (),
    )  # fmt: skip
    walk = home.tracks.add(
        make_track("Ramparts walk", points).with_changes(trip_id=trip_id, stop_id=carcassonne.id)
    )
    loose = home.tracks.add(make_track("Canal ride", points).with_changes(trip_id=trip_id))
    (gone,) = [s for s in friend.trips.stops(copy_id) if s.uid == carcassonne.uid]
    friend.trips.remove_stop(gone.id or 0)
    done = import_into(home, export(friend, copy_id, tmp_path / "back.cptrip"))
    assert carcassonne.uid not in [s.uid for s in home.trips.stops(trip_id)]
    assert home.tracks.get(walk.id or 0).stop_id is None

    undo_trip_file(home, done)
    (back,) = [s for s in home.trips.stops(trip_id) if s.uid == carcassonne.uid]
    assert back.id == carcassonne.id
    assert home.tracks.get(walk.id or 0).stop_id == carcassonne.id
    assert home.tracks.get(loose.id or 0).stop_id is None


def test_a_journal_entry_keeps_its_uid_through_edits() -> None:
    with Store.memory() as store:
        trip = store.trips.create("T")
        assert trip.id is not None
        added = store.journal.add(
            JournalEntry(trip_id=trip.id, day=datetime(2017, 1, 1).date(), title="Hi")
        )
        assert added.uid
        edited = store.journal.update(replace(added, uid="", title="Hello"))
        assert store.journal.get(edited.id or 0).uid == added.uid


def test_a_read_only_database_exports_but_says_the_export_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityplanner.formats.document import ExportOptions
    from cityplanner.formats.registry import export_to_file
    from cityplanner.store import database

    path = tmp_path / "locked" / "trips.db"
    path.parent.mkdir()
    Store.open(path).close()
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p.resolve() != path.resolve() and real(p))
    with Store.open(path) as store:
        assert store.read_only
        before = dump(store)
        options = ExportOptions()
        out = export_to_file(store, _trip(store), "cityplanner", tmp_path / "out.cptrip", options)
        assert trip_json(out)["trip"]["name"] == "Smart city tour 2017"
        assert any("not remembered" in note for note in options.notes)
        assert dump(store) == before
