"""Photo files: finding them, reading their EXIF, refusing what is no photo, thumbnails."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from cityplanner.domain.models import Place, Stop
from cityplanner.domain.photos import NOT_AN_IMAGE, TOO_LARGE, UNREADABLE, PhotoRefusedError
from cityplanner.formats import photo_files
from cityplanner.formats.photo_files import (
    HIDDEN,
    NOT_A_PHOTO,
    NOT_FOUND,
    PIXEL_LIMIT,
    find_photos,
    read_photo,
)
from cityplanner.formats.photo_import import (
    ALREADY_IN_TRIP,
    SAME_AS_ANOTHER,
    preview_photos,
    trip_view,
)
from cityplanner.formats.thumbnails import (
    THUMBNAIL_SIZE,
    cached_thumbnail,
    make_thumbnail,
    thumbnail_dir,
)
from tests.formats.photo_images import huge_png, make_photo

REYKJAVIK = (64.1355, -21.8954)


def test_date_offset_position_orientation_and_hash_are_read(tmp_path: Path) -> None:
    path = make_photo(
        tmp_path / "IMG_0001.JPG",
        taken="2017:10:08 23:30:00",
        offset="+00:00",
        where=REYKJAVIK,
        orientation=6,
        size=(80, 60),
    )
    photo = read_photo(path)
    assert photo.format == "JPEG"
    assert photo.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert photo.size == path.stat().st_size
    assert photo.facts.taken_local == datetime(2017, 10, 8, 23, 30)
    assert photo.facts.offset == timedelta(0)
    assert photo.facts.lat == pytest.approx(64.1355, abs=1e-6)
    assert photo.facts.lon == pytest.approx(-21.8954, abs=1e-6)
    # Turned a quarter by its orientation, the photo is shown portrait.
    assert (photo.orientation, photo.width, photo.height) == (6, 60, 80)
    assert photo.notes == ()


@pytest.mark.parametrize("name", ["a.png", "a.webp", "a.jpeg"])
def test_png_webp_and_jpeg_carry_their_exif(tmp_path: Path, name: str) -> None:
    path = make_photo(tmp_path / name, taken="2018:06:01 09:15:00", where=(-33.9249, 18.4241))
    photo = read_photo(path)
    assert photo.facts.taken_local == datetime(2018, 6, 1, 9, 15)
    assert photo.facts.lat is not None and photo.facts.lat < 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Just some text, not a picture.\n", "is not a JPEG, PNG, WebP"),
        (b"\xff\xd8\xff\xe0" + os.urandom(2000), "is "),
        (b"", "is not a JPEG"),
    ],
    ids=["text", "jpeg-header-then-noise", "empty"],
)
def test_a_file_that_claims_to_be_a_jpeg_but_is_not_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "holiday.jpg"
    path.write_bytes(content)
    with pytest.raises(PhotoRefusedError, match=message) as refused:
        read_photo(path)
    assert refused.value.kind == NOT_AN_IMAGE


def test_a_png_named_jpg_is_read_with_a_note(tmp_path: Path) -> None:
    path = make_photo(tmp_path / "scan.jpg", taken="2017:10:03 10:00:00", fmt="PNG")
    photo = read_photo(path)
    assert photo.format == "PNG"
    assert photo.facts.taken_local == datetime(2017, 10, 3, 10, 0)
    assert photo.notes == ("It is a PNG image, although its name ends in .jpg.",)


@pytest.mark.parametrize(
    ("stamp", "note"),
    [
        ("0000:00:00 00:00:00", "Its camera wrote no date (0000:00:00 00:00:00)"),
        ("    :  :     :  :  ", "Its camera wrote no date"),
        ("2017:13:01 10:00:00", "Its date (2017:13:01 10:00:00) is impossible"),
        ("2017:02:30 10:00:00", "is impossible"),
        ("yesterday", "Its date ('yesterday') cannot be read"),
    ],
)
def test_an_impossible_exif_date_is_left_out_and_the_photo_kept(
    tmp_path: Path, stamp: str, note: str
) -> None:
    photo = read_photo(make_photo(tmp_path / "a.jpg", taken=stamp, where=REYKJAVIK))
    assert photo.facts.taken_local is None
    assert photo.facts.lat is not None  # the rest of the EXIF is still read
    assert any(note in n for n in photo.notes), photo.notes


@pytest.mark.parametrize(
    ("where", "note"),
    [
        ((10.0, 200.0), "(10°, 200°) is off the globe"),
        ((95.0, 10.0), "is off the globe"),
        ((0.0, 0.0), "0°, 0°, what cameras write without a fix"),
    ],
)
def test_an_impossible_gps_position_is_left_out_and_the_photo_kept(
    tmp_path: Path, where: tuple[float, float], note: str
) -> None:
    photo = read_photo(make_photo(tmp_path / "a.jpg", taken="2017:10:03 10:00:00", where=where))
    assert (photo.facts.lat, photo.facts.lon) == (None, None)
    assert photo.facts.taken_local == datetime(2017, 10, 3, 10, 0)
    assert any(note in n for n in photo.notes), photo.notes


@pytest.mark.parametrize("offset", ["+25:00", "two hours", "+02:75"])
def test_an_offset_that_is_no_offset_is_left_out(tmp_path: Path, offset: str) -> None:
    photo = read_photo(make_photo(tmp_path / "a.jpg", taken="2017:10:03 10:00:00", offset=offset))
    assert photo.facts.offset is None
    assert photo.facts.taken_local == datetime(2017, 10, 3, 10, 0)
    assert any("time offset" in n for n in photo.notes)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_300_megapixel_image_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    path = huge_png(tmp_path / "panorama.png", 20_000, 15_000)
    with pytest.raises(PhotoRefusedError, match="has 300 megapixels: CityPlanner reads") as refused:
        read_photo(path)
    assert refused.value.kind == TOO_LARGE
    assert PIXEL_LIMIT == 200_000_000
    with pytest.raises(PhotoRefusedError) as again:
        make_thumbnail(path, "f" * 64, folder=tmp_path / "thumbs")
    assert again.value.kind == TOO_LARGE
    # Past twice the limit Pillow refuses on opening; the message is the same kind.
    bigger = huge_png(tmp_path / "bomb.png", 30_000, 30_000)
    with pytest.raises(PhotoRefusedError, match="900 megapixels"):
        read_photo(bigger)


def test_an_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = make_photo(tmp_path / "locked.jpg", taken="2017:10:03 10:00:00")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.jpg":  # root reads any file, so the refusal is simulated
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(PhotoRefusedError, match=r"locked\.jpg cannot be read: Permission denied"):
        read_photo(locked)
    dangling = tmp_path / "moved.jpg"
    dangling.symlink_to(tmp_path / "nowhere.jpg")
    with pytest.raises(PhotoRefusedError) as gone:
        read_photo(dangling)
    assert gone.value.kind == UNREADABLE


def test_a_folder_of_5000_files_mostly_not_photos_is_skipped_and_counted(tmp_path: Path) -> None:
    folder = tmp_path / "Camera roll"
    for index in range(10):
        make_photo(
            folder / f"day{index % 3}" / f"IMG_{index:04d}.jpg",
            taken=f"2017:10:03 10:{index:02d}:00",
        )
    for index in range(4_980):
        (folder / f"day{index % 3}" / f"note{index}.txt").write_text("x")
    (folder / ".thumbs").mkdir()
    make_photo(folder / ".thumbs" / "IMG_0000.jpg")
    (folder / "day0" / ".DS_Store").write_bytes(b"\x00")
    (folder / "day1" / "fake.jpg").write_text("not a photo")
    scan = find_photos([folder, tmp_path / "not there"])
    assert len(scan.files) == 11  # ten photos and the fake, refused only when read
    assert scan.skipped == {NOT_A_PHOTO: 4_980, HIDDEN: 2, NOT_FOUND: 1}
    assert scan.not_found == [tmp_path / "not there"]
    preview = preview_photos([folder], trip_view(None, [], []))
    assert len(preview.candidates) == 10
    assert preview.skipped[NOT_A_PHOTO] == 4_980 and preview.skipped[NOT_AN_IMAGE] == 1
    assert [r.path.name for r in preview.refused] == ["fake.jpg"]


def test_a_batch_goes_on_past_a_refusal_and_counts_duplicates(tmp_path: Path) -> None:
    one = make_photo(tmp_path / "a" / "one.jpg", taken="2017:10:03 10:00:00")
    (tmp_path / "a" / "broken.jpg").write_bytes(b"\xff\xd8 nothing")
    copy = tmp_path / "b" / "one again.jpg"
    copy.parent.mkdir()
    copy.write_bytes(one.read_bytes())
    old = make_photo(tmp_path / "b" / "old.jpg", colour="red")
    known = {read_photo(old).sha256}
    stops = [Stop(Place("Toulouse", 43.6045, 1.4442, timezone="Europe/Paris"), id=1, nights=3)]
    view = trip_view(date(2017, 10, 2), stops, [])
    preview = preview_photos([tmp_path / "a", tmp_path / "b", one], view, known=known)
    assert [c.file.path.name for c in preview.candidates] == ["one.jpg"]
    assert preview.candidates[0].placement.stop_id == 1
    assert preview.skipped == {NOT_AN_IMAGE: 1, SAME_AS_ANOTHER: 1, ALREADY_IN_TRIP: 1}
    photo = preview.photos(trip_id=7)[0]
    assert photo.trip_id == 7 and photo.path == str(one.absolute())


def test_a_preview_can_be_stopped(tmp_path: Path) -> None:
    for index in range(5):
        make_photo(tmp_path / f"{index}.jpg", colour=f"#{index * 40:02x}0000")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    preview = preview_photos([tmp_path], trip_view(None, [], []), progress=progress)
    assert preview.cancelled and len(preview.candidates) == 2 and seen == [(1, 5), (2, 5)]


def test_thumbnails_are_upright_small_and_cached_by_hash(tmp_path: Path) -> None:
    path = make_photo(tmp_path / "tall.jpg", orientation=6, size=(1600, 1200))
    sha = read_photo(path).sha256
    thumb = make_thumbnail(path, sha)
    assert thumb.parent.parent == thumbnail_dir()
    assert str(thumbnail_dir()).startswith(str(tmp_path))  # the tests' own cache folder
    with Image.open(thumb) as image:
        assert image.format == "JPEG"
        assert image.size == (THUMBNAIL_SIZE * 3 // 4, THUMBNAIL_SIZE)  # portrait, as shown
    assert cached_thumbnail(sha) == thumb
    stamp = thumb.stat().st_mtime_ns
    path.unlink()  # a cached thumbnail is served without its original
    assert make_thumbnail(path, sha) == thumb and thumb.stat().st_mtime_ns == stamp


def test_thumbnails_of_pngs_with_transparency_are_flattened(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGBA", (500, 250), (255, 0, 0, 0)).save(path)
    thumb = make_thumbnail(path, "a" * 64, folder=tmp_path / "thumbs")
    with Image.open(thumb) as image:
        assert image.size == (THUMBNAIL_SIZE, THUMBNAIL_SIZE // 2)
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_many_threads_making_one_thumbnail_all_get_it_whole(tmp_path: Path) -> None:
    path = make_photo(tmp_path / "a.jpg", size=(2000, 1500))
    sha = read_photo(path).sha256
    folder = tmp_path / "thumbs"
    results: list[Path] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(make_thumbnail(path, sha, folder=folder))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(results)) == 1
    with Image.open(results[0]) as image:
        image.load()
    assert [p.name for p in results[0].parent.iterdir()] == [f"{sha}.jpg"]  # no temp left


def test_a_damaged_photo_gets_no_thumbnail_but_a_reason(tmp_path: Path) -> None:
    whole = make_photo(tmp_path / "whole.jpg", size=(800, 600)).read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 3])
    read_photo(cut)  # its header is whole: it is read, and shown as damaged later
    with pytest.raises(PhotoRefusedError, match=r"cut\.jpg cannot be shown") as refused:
        make_thumbnail(cut, "c" * 64, folder=tmp_path / "thumbs")
    assert refused.value.kind == NOT_AN_IMAGE
    assert not list((tmp_path / "thumbs").rglob("*.jpg"))


def test_heic_is_read_when_pillow_heif_is_installed(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    assert photo_files.heif_available()
    path = tmp_path / "IMG_0001.HEIC"
    exif = Image.Exif()
    exif[0x0110] = "Test camera"
    exif.get_ifd(0x8769)[0x9003] = "2017:10:08 23:30:00"
    Image.new("RGB", (64, 48), "teal").save(path, exif=exif)
    assert pillow_heif.is_supported(path)
    photo = read_photo(path)
    assert photo.format == "HEIF"
    assert photo.facts.taken_local == datetime(2017, 10, 8, 23, 30)
    assert find_photos([tmp_path]).files == [path]
    assert make_thumbnail(path, photo.sha256, folder=tmp_path / "thumbs").is_file()
