"""Invisible characters in names and notes are stripped, and never reach the terminal.

The policy (see `cityplanner.domain.validation`): strip, never refuse. Names lose every
control, DEL, bidirectional override and line separator (line breaks become spaces);
texts keep newlines and tabs, with every other line break written as a newline. A lone
surrogate becomes U+FFFD.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cityplanner.console import SafeTerminal, complain, guard_terminal, say, terminal_text
from cityplanner.domain import JournalEntry, Place, Site, Stop, Theme, Trip, ValidationError
from cityplanner.domain.validation import check_name, check_text, plain_line
from cityplanner.store import Store

REPO = Path(__file__).resolve().parents[2]

#: Each character the checks strip, by name.
STRIPPED = {
    "NUL": "\x00", "BEL": "\x07", "BS": "\x08", "ESC": "\x1b", "SO": "\x0e", "US": "\x1f",
    "DEL": "\x7f", "PAD": "\x80", "CSI": "\x9b", "OSC": "\x9d", "APC": "\x9f",
    "LRE": "\u202a", "RLE": "\u202b", "PDF": "\u202c", "LRO": "\u202d", "RLO": "\u202e",
    "LRI": "\u2066", "RLI": "\u2067", "FSI": "\u2068", "PDI": "\u2069",
}  # fmt: skip
#: Line breaks: a space in a name, a newline in a text.
BREAKS = {
    "LF": "\n", "CR": "\r", "CRLF": "\r\n", "VT": "\x0b", "FF": "\x0c", "FS": "\x1c",
    "GS": "\x1d", "RS": "\x1e", "NEL": "\x85", "LS": "\u2028", "PS": "\u2029",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(STRIPPED))
def test_a_name_loses_invisible_characters(name: str) -> None:
    char = STRIPPED[name]
    assert check_name(f"{char}Gen{char}eva{char}") == "Geneva"
    assert check_text(f"Lake{char} Geneva\n\tshore{char}") == "Lake Geneva\n\tshore"


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_line_break_is_a_space_in_a_name_and_a_newline_in_a_text(name: str) -> None:
    char = BREAKS[name]
    assert check_name(f"Lake{char}Geneva") == "Lake Geneva"
    assert check_text(f"Lake{char}Geneva") == "Lake\nGeneva"


def test_a_text_keeps_its_newlines_and_tabs_only() -> None:
    text = "Day 1\n\tTram\x1b[31m ride\u202e\r\nDay 2\x0c\x00end"
    assert check_text(text) == "Day 1\n\tTram[31m ride\nDay 2\nend"


def test_a_name_made_only_of_controls_is_empty() -> None:
    with pytest.raises(ValidationError, match="cannot be empty"):
        check_name("\x1b\x07\u202e\x00 \u2028")


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    assert check_name("Gen\ud800eva") == "Gen\ufffdeva"
    assert check_name("Z\udcfcrich") == "Z\ufffdrich"  # what surrogateescape decodes to
    assert check_text("a\udfff\nb") == "a\ufffd\nb"


def test_visible_text_is_left_alone() -> None:
    text = "Zürich, Αθήνα, עִבְרִית \u200f(RLM), 東京, emoji 🚆, NBSP\xa0kept"
    assert check_text(text) == text
    assert plain_line(text) == " ".join(text.split())


def test_every_domain_object_strips_them() -> None:
    hostile = "Bad\x1b[2J\u202eName"
    place = Place(hostile, 1, 2)
    assert place.name == "Bad[2JName"
    assert Trip(hostile, description=f"{hostile}\r\nmore").description == "Bad[2JName\nmore"
    assert Stop(place, notes=hostile).notes == "Bad[2JName"
    site = Site(hostile, Theme.WATER, address=hostile, description=hostile, tags=(hostile,))
    assert (site.name, site.address, site.tags) == ("Bad[2JName", "Bad[2JName", ("bad[2jname",))
    entry = JournalEntry(trip_id=1, day=date(2024, 1, 1), title=hostile, body=f"<b>{hostile}</b>")
    assert (entry.title, entry.body) == ("Bad[2JName", "<b>Bad[2JName</b>")


# -- the terminal -----------------------------------------------------------------------


def test_terminal_text_shows_controls_as_escapes() -> None:
    assert terminal_text("a\x1b]0;title\x07b") == "a\\u001b]0;title\\u0007b"
    assert terminal_text("x\ry\u202ez\x9b\ud800") == "x\\u000dy\\u202ez\\u009b\\ud800"
    assert terminal_text("lines\n\tstay") == "lines\n\tstay"
    assert terminal_text("Zürich 東京") == "Zürich 東京"


def test_say_and_complain_print_no_escape_code(capsys: pytest.CaptureFixture[str]) -> None:
    say("Trip \x1b[31mred\x1b[0m")
    complain("Bad file \x1b]0;owned\x07.gpx")
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in err
    assert out == "Trip \\u001b[31mred\\u001b[0m\n"
    assert err == "cityplanner: Bad file \\u001b]0;owned\\u0007.gpx\n"


def test_a_guarded_stream_escapes_what_print_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    target = io.StringIO()
    monkeypatch.setattr(sys, "stdout", target)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    guard_terminal()
    guard_terminal()  # once is enough: not wrapped twice
    assert isinstance(sys.stdout, SafeTerminal) and sys.stdout.wrapped is target
    print("name\x1b[2J", "\u202eevil")
    assert target.getvalue() == "name\\u001b[2J \\u202eevil\n"


def test_json_printed_through_a_guarded_stream_reads_back_the_same() -> None:
    target = io.StringIO()
    value = {"name": "C1\x9b and \u202e and \u2028 and ESC\x1b"}
    json.dump(value, SafeTerminal(target), ensure_ascii=False)
    assert json.loads(target.getvalue()) == value
    assert terminal_text(target.getvalue()) == target.getvalue()


def test_show_prints_no_escape_code_from_a_stored_name(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db, seed_demo=False) as store:
        trip = store.trips.create("Plain")
        assert trip.id is not None
        store.trips.add_stop(trip.id, Stop(place=Place("Albi", 43.9, 2.1), nights=1))
    # As a database written before names were checked could hold them.
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE trips SET name = ?", ["Evil\x1b]0;owned\x07\x1b[2J\u202etrip"])
        raw.execute("UPDATE stops SET name = ?", ["Albi\x1b[8m\rhidden\x9b1m"])
    command = [sys.executable, "-m", "cityplanner", "--db", str(db)]
    for args in (["show", "1"], ["trips"], ["show", "1", "--json"]):
        result = subprocess.run(
            command + args, cwd=REPO, capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "Evil]0;owned[2Jtrip" in result.stdout
        for char in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
            assert char not in result.stdout, (args, char)
