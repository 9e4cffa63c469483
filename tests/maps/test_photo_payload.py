"""Photos in the map's data and in the shared web page: where each is drawn, its text kept
inert, and the shared file holding small pictures of them and nothing it would fetch."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from cityplanner.domain.models import Place, Site, Stop, Trip
from cityplanner.domain.photos import Photo
from cityplanner.formats.thumbnails import make_thumbnail
from cityplanner.maps import export
from cityplanner.maps.export import trip_html, trip_payload, write_trip_html
from cityplanner.maps.page import AssetMode, build_page
from cityplanner.maps.payload import CAPTION_CHARS, map_payload
from tests.formats.photo_images import make_photo

HOSTILE_CAPTION = "</script><img src=x onerror=alert(1)> ${x} `${window.__pwned=2}`"
_TRIP_JSON = re.compile(r'<script type="application/json" id="cp-trip">(.*?)</script>', re.DOTALL)


def photo_file(path: Path, *, trip_id: int = 0, **fields: object) -> Photo:
    """A real small JPEG at `path` (its own gradient and colour), as a `Photo` record."""
    colour = "#" + hashlib.sha256(str(path).encode()).hexdigest()[:6]
    make_photo(path, size=(400, 300), colour=colour)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Photo(trip_id=trip_id, path=str(path), sha256=sha, **fields)  # type: ignore[arg-type]


def fake_sha(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


@pytest.fixture
def inputs():
    trip = Trip("T", id=1)
    stops = [
        Stop(Place("Lyon", 45.76, 4.84), id=1, arrival=datetime(2017, 10, 2).date(), nights=2),
        Stop(Place("Paris", 48.85, 2.35), id=2),
    ]
    sites = [
        Site("Confluence", "energy", stop_id=1, lat=45.74, lon=4.82, id=10),
        # Two approximate sites on Paris's point: drawn on a small ring around it.
        Site("A", "water", stop_id=2, lat=48.85, lon=2.35, approximate=True, id=11),
        Site("B", "water", stop_id=2, lat=48.85, lon=2.35, approximate=True, id=12),
    ]
    return trip, stops, sites


def test_photos_are_drawn_at_their_own_position_else_their_site_else_their_stop(inputs):
    trip, stops, sites = inputs
    cest = timezone(timedelta(hours=2))
    photos = [
        Photo(1, "/p/own.jpg", fake_sha(1), id=1, lat=45.75, lon=4.85, stop_id=1,
              taken_at=datetime(2017, 10, 3, 14, 5, 9, tzinfo=cest), caption="Own"),
        Photo(1, "/p/site.jpg", fake_sha(2), id=2, stop_id=2, site_id=11,
              taken_at=datetime(2017, 10, 5, 9, 30)),
        Photo(1, "/p/stop.jpg", fake_sha(3), id=3, stop_id=1),
        Photo(1, "/p/nowhere.jpg", fake_sha(4), id=4),
        # Its site has no position: it is drawn at the site's stop.
        Photo(1, "/p/gone-site.jpg", fake_sha(5), id=5, stop_id=2, site_id=99),
    ]  # fmt: skip
    payload = map_payload(trip, stops, sites, photos=photos)
    marks = {m["id"]: m for m in payload["photos"]}
    assert sorted(marks) == [1, 2, 3, 5]
    assert payload["unplacedPhotos"] == 1
    own, site, stop, gone = marks[1], marks[2], marks[3], marks[5]
    assert own == {
        "id": 1,
        "sha": fake_sha(1),
        "lat": 45.75,
        "lon": 4.85,
        "caption": "Own",
        # The wall-clock time where it was taken, without the zone.
        "taken": "2017-10-03T14:05:09",
        "when": "3 Oct 2017, 14:05",
        "stop": 0,
        "site": None,
        "placed": "own",
    }
    drawn_site = next(row for row in payload["sites"] if row[0] == 11)
    assert (site["lat"], site["lon"]) == (drawn_site[1], drawn_site[2])
    assert (site["placed"], site["stop"], site["site"]) == ("site", 1, 11)
    assert (stop["lat"], stop["lon"], stop["placed"]) == (45.76, 4.84, "stop")
    assert stop["taken"] == stop["when"] == ""
    assert (gone["lat"], gone["lon"], gone["placed"], gone["site"]) == (48.85, 2.35, "stop", None)


def test_a_trip_without_photos_has_an_empty_list(inputs):
    payload = map_payload(*inputs)
    assert payload["photos"] == []
    assert payload["unplacedPhotos"] == 0
    assert payload["labels"]["photos"] == "Photos"


def test_long_captions_are_cut_to_their_start(inputs):
    trip, stops, sites = inputs
    photo = Photo(1, "/p/a.jpg", fake_sha(1), id=1, stop_id=1, caption="word " * 200)
    caption = map_payload(trip, stops, sites, photos=[photo])["photos"][0]["caption"]
    assert len(caption) <= CAPTION_CHARS + 1
    assert caption.endswith("…")


@pytest.mark.parametrize("assets", [AssetMode.LINKED, AssetMode.INLINE])
def test_a_hostile_caption_reaches_the_page_only_as_escaped_json(inputs, assets):
    trip, stops, sites = inputs
    photo = Photo(1, "/p/a.jpg", fake_sha(1), id=1, stop_id=1, caption=HOSTILE_CAPTION)
    html = build_page(map_payload(trip, stops, sites, photos=[photo]), assets=assets)
    data = _TRIP_JSON.search(html)
    assert data is not None
    raw = data.group(1)
    assert "<" not in raw and ">" not in raw  # nothing in it can end the element
    assert json.loads(raw)["photos"][0]["caption"] == HOSTILE_CAPTION  # and it is text again
    assert html.count("</script>") == html.count("<script")
    assert "<img src=x" not in html


def test_the_photo_popup_writes_its_texts_as_text_only(repo_root):
    source = (repo_root / "resources" / "web" / "itinerary-parts.js").read_text("utf-8")
    start = source.index("// ---- photos")
    photo_part = source[start : source.index("// ---- popups")]
    assert "innerHTML" not in photo_part  # texts go in through el(), that is textContent
    assert "img.src = src;" in photo_part  # the picture's address is a checked DOM property


def _stored_trip(store, tmp_path, count=3, **photo_fields):
    trip = store.trips.create("Photos")
    stops = store.trips.add_stops(trip.id, [Stop(Place("Lyon", 45.76, 4.84))])
    photos = [
        photo_file(tmp_path / f"p{i}.jpg", stop_id=stops[0].id, lat=45.7 + i / 100, lon=4.8,
                   taken_at=datetime(2017, 10, 2, 9, i), **photo_fields)
        for i in range(count)
    ]  # fmt: skip
    return trip, store.photos.add_many(trip.id, photos)


def _shared_payload(html):
    return json.loads(_TRIP_JSON.search(html).group(1))


def test_the_shared_page_holds_small_pictures_of_the_photos(store, tmp_path):
    trip, photos = _stored_trip(store, tmp_path, caption=HOSTILE_CAPTION)
    notes: list[str] = []
    html = trip_html(store, trip.id, thumbnails=make_thumbnail, notes=notes)
    payload = _shared_payload(html)
    assert len(payload["photos"]) == 3
    assert notes == []
    images = payload["photoImages"]
    assert set(images) == {p.sha256 for p in photos}
    for url in images.values():
        assert url.startswith("data:image/jpeg;base64,")
        picture = base64.b64decode(url.split(",", 1)[1])
        assert len(picture) <= export.SHARED_PICTURE_BYTES
        with Image.open(io.BytesIO(picture)) as image:
            assert max(image.size) <= export.SHARED_PICTURE_SIDE
    assert payload["photos"][0]["caption"] == HOSTILE_CAPTION


def test_the_shared_page_refers_to_no_address_of_the_application_or_the_disk(store, tmp_path):
    trip, photos = _stored_trip(store, tmp_path)
    target = write_trip_html(store, trip.id, tmp_path / "shared.html", thumbnails=make_thumbnail)
    html = target.read_text("utf-8")
    assert "cityplanner://" not in html
    assert "file:" not in html
    assert "thumb/" + photos[0].sha256 not in html
    assert str(tmp_path) not in html  # no path of a photo's file either
    assert target.stat().st_size < 1_000_000


def test_at_most_so_many_photos_go_into_a_shared_page_and_the_notes_say_so(
    store, tmp_path, monkeypatch
):
    monkeypatch.setattr(export, "SHARED_PHOTOS", 4)
    trip, photos = _stored_trip(store, tmp_path, count=10)
    notes: list[str] = []
    payload = _shared_payload(trip_html(store, trip.id, thumbnails=make_thumbnail, notes=notes))
    kept = [m["id"] for m in payload["photos"]]
    # Spread over the trip, from its first photo on.
    assert kept == [photos[i].id for i in (0, 2, 5, 7)]
    assert notes == [
        "The shared map shows 4 of the trip's 10 photos, spread over the trip: "
        "one file holds at most 4."
    ]


def test_photos_whose_file_is_gone_are_left_out_and_counted(store, tmp_path):
    trip, photos = _stored_trip(store, tmp_path, count=3)
    Path(photos[1].path).unlink()
    notes: list[str] = []
    payload = _shared_payload(trip_html(store, trip.id, thumbnails=make_thumbnail, notes=notes))
    assert [m["id"] for m in payload["photos"]] == [photos[0].id, photos[2].id]
    assert notes == ["1 photo was left out of the shared map: its file could not be read."]


def test_without_a_thumbnail_maker_the_shared_page_has_no_photos(store, tmp_path):
    trip, _ = _stored_trip(store, tmp_path, count=2)
    notes: list[str] = []
    payload = _shared_payload(trip_html(store, trip.id, notes=notes))
    assert payload["photos"] == []
    assert payload["photoImages"] == {}
    assert notes == ["The shared map was written without the trip's 2 photos."]


def test_a_picture_too_large_for_the_shared_page_is_left_out(store, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "SHARED_PICTURE_BYTES", 200)
    trip, _ = _stored_trip(store, tmp_path, count=1)
    notes: list[str] = []
    payload = _shared_payload(trip_html(store, trip.id, thumbnails=make_thumbnail, notes=notes))
    assert payload["photos"] == []
    assert len(notes) == 1


def test_a_map_picture_draws_no_photos_unless_given_them(store, tmp_path):
    trip, photos = _stored_trip(store, tmp_path, count=2)
    assert trip_payload(store, trip.id)["photos"] == []
    assert len(trip_payload(store, trip.id, photos=photos)["photos"]) == 2
