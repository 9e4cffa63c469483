"""A journal entry's Markdown as the book reads it: blocks, and pictures from this computer."""

from __future__ import annotations

from pathlib import Path

from cityplanner.formats.book.journal import (
    Heading,
    ListBlock,
    Paragraph,
    Picture,
    Quote,
    Table,
    find_picture,
    parse_journal,
    text_of,
)
from tests.formats.photo_images import make_photo


def test_the_blocks_of_an_entry(tmp_path: Path) -> None:
    make_photo(tmp_path / "pics" / "tram.png")
    blocks = parse_journal(
        "## Morning\n\nWe took **tram 1** to *Blagnac* &amp; back.\n\n- one\n- two\n\n"
        "> quoted\n\n| a | b |\n|:-|-:|\n| x | **y** |\n\n![Tram](pics/tram.png)",
        folder=tmp_path,
    )
    kinds = [type(b) for b in blocks]
    assert kinds == [Heading, Paragraph, ListBlock, Quote, Table, Picture]
    paragraph = blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert text_of(paragraph.spans) == "We took tram 1 to Blagnac & back."
    assert [s.text for s in paragraph.spans if s.bold] == ["tram 1"]
    table = blocks[4]
    assert isinstance(table, Table) and table.align == ("left", "right")
    assert [text_of(c) for c in table.rows[0]] == ["x", "y"]
    picture = blocks[5]
    assert isinstance(picture, Picture) and picture.path == tmp_path / "pics" / "tram.png"


def test_pictures_come_only_from_this_computer(tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "a b.png")
    assert find_picture(str(photo), None) == (photo, "")
    assert find_picture("a b.png", tmp_path) == (photo, "")
    assert find_picture("a%20b.png", tmp_path) == (photo, "")
    assert find_picture(photo.as_uri(), None)[0] == photo
    for address in (
        "https://example.org/x.png",
        "http://x/y.jpg",
        "data:image/png;base64,AA",
        "javascript:alert(1)",
        "ftp://x/y.png",
    ):
        path, why = find_picture(address, tmp_path)
        assert path is None and "not fetched" in why
    assert find_picture("x.png", None)[0] is None  # no folder for a database in memory
    path, why = find_picture("missing.png", tmp_path)
    assert path is None and "missing.png" in why


def test_raw_html_is_text(tmp_path: Path) -> None:
    blocks = parse_journal("<b>bold?</b> <script>x</script>", folder=tmp_path)
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert text_of(blocks[0].spans) == "<b>bold?</b> <script>x</script>"


def test_a_photo_inserted_from_the_window_is_the_trip_photo_of_that_hash(tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "garonne.jpg")
    sha = "ab" * 32
    (picture,) = parse_journal(f"![The Garonne](photo:{sha})", folder=tmp_path, photos={sha: photo})
    assert isinstance(picture, Picture) and picture.path == photo
    assert find_picture(f"photo:{sha.upper()}", None, {sha: photo}) == (photo, "")
    path, why = find_picture(f"photo:{'cd' * 32}", tmp_path, {sha: photo})
    assert path is None and "not one of this trip's photos" in why
    photo.unlink()
    path, why = find_picture(f"photo:{sha}", tmp_path, {sha: photo})
    assert path is None and "missing" in why


def test_pictures_on_other_computers_are_not_fetched(tmp_path: Path) -> None:
    for address in ("\\\\server\\share\\a.jpg", "//server/share/a.jpg", "file://server/a.jpg"):
        path, why = find_picture(address, tmp_path)
        assert path is None and "other computers" in why
