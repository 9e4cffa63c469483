"""Calendars in: events with a place become dated stops, visits inside a stay sites."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.vocabulary import Theme
from cityplanner.formats.document import ImportOptions, load_document
from cityplanner.formats.ics_import import MAX_OCCURRENCES
from cityplanner.formats.importing import apply, preview, read_import_file
from cityplanner.geo.gazetteer_match import PlaceMatch
from cityplanner.store import Store
from tests.formats.helpers import export_bytes, snapshot
from tests.formats.test_ics import plan_tour

_CITIES = {
    "reykjavík": PlaceMatch(1, "Reykjavík", "IS", "Iceland", "Capital Region", 64.1355, -21.8954,
                            118918, "Atlantic/Reykjavik"),
    "akureyri": PlaceMatch(2, "Akureyri", "IS", "Iceland", "Northeast", 65.6835, -18.0878, 17000,
                           "Atlantic/Reykjavik"),
    "berlin": PlaceMatch(3, "Berlin", "DE", "Germany", "Berlin", 52.5244, 13.4105, 3426354,
                         "Europe/Berlin"),
    "tokyo": PlaceMatch(4, "Tokyo", "JP", "Japan", "Tokyo", 35.6895, 139.6917, 8336599,
                        "Asia/Tokyo"),
    "albi": PlaceMatch(5, "Albi", "FR", "France", "Occitanie", 43.9289, 2.1464, 49000,
                       "Europe/Paris"),
    "arles": PlaceMatch(6, "Arles", "FR", "France", "Occitanie", 43.6766, 4.6278, 52000,
                        "Europe/Paris"),
    "moscow": PlaceMatch(7, "Moscow", "RU", "Russia", "Moscow", 55.7558, 37.6173, 10381222,
                         "Europe/Moscow"),
}  # fmt: skip


def lookup(name: str, country: str) -> PlaceMatch | None:
    """A small gazetteer: only whole names count, as in `gazetteer_lookup`."""
    return _CITIES.get(name.casefold())


OPTIONS = ImportOptions(city_lookup=lookup)


def calendar(*events: str, head: str = "") -> bytes:
    body = "".join(
        "BEGIN:VEVENT\r\n" + "".join(f"{line.strip()}\r\n" for line in e.strip().splitlines())
        + "END:VEVENT\r\n"
        for e in events
    )  # fmt: skip
    head_lines = "".join(f"{line.strip()}\r\n" for line in head.strip().splitlines())
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n"
        f"{head_lines}{body}END:VCALENDAR\r\n"
    ).encode()


def read(tmp_path: Path, data: bytes, name: str = "trip.ics", options: ImportOptions = OPTIONS):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return read_import_file(path, options)


HOTEL = """
UID:hotel-1@booking.example
DTSTAMP:20250101T000000Z
SUMMARY:Hotel Borg (booking 1234)
LOCATION:Hotel Borg, Pósthússtræti 11, 101 Reykjavík, Iceland
DTSTART;TZID=Atlantic/Reykjavik:20250305T150000
DTEND;TZID=Atlantic/Reykjavik:20250308T110000
"""


def test_a_timed_hotel_booking_is_a_stop_of_its_nights_found_by_its_address(
    tmp_path: Path,
) -> None:
    parsed = read(tmp_path, calendar(HOTEL))
    assert parsed.kind == "iCalendar"
    (stop,) = parsed.stops
    assert stop.name == "Reykjavík" and stop.place.country_code == "IS"
    assert stop.arrival == date(2025, 3, 5) and stop.nights == 3
    assert "Hotel Borg (booking 1234)" in stop.notes
    assert any("found by their LOCATION in the offline gazetteer" in n for n in parsed.notes)


def test_all_day_stays_count_nights_to_their_exclusive_end_and_duration_works(
    tmp_path: Path,
) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:a\nSUMMARY:Berlin\nLOCATION:Berlin\n"
            "DTSTART;VALUE=DATE:20250305\nDTEND;VALUE=DATE:20250308",
            "UID:b\nSUMMARY:Tokyo\nLOCATION:Tokyo, Japan\n"
            "DTSTART;VALUE=DATE:20250310\nDURATION:P2D",
            "UID:c\nSUMMARY:Meeting\nLOCATION:Akureyri\n"
            "DTSTART:20250320T090000\nDTEND:20250320T170000",
        ),
    )
    assert [(s.name, s.arrival, s.nights) for s in parsed.stops] == [
        ("Berlin", date(2025, 3, 5), 3),
        ("Tokyo", date(2025, 3, 10), 2),
        ("Akureyri", date(2025, 3, 20), 0),
    ]


def test_the_date_is_the_events_own_clocks(tmp_path: Path) -> None:
    # 23:30 UTC on the 5th is the 6th in Tokyo (Google's X-WR-TIMEZONE); without one, a
    # UTC time is on no one's clock and is dated on the clock of the place, Tokyo's too.
    google = calendar(
        "UID:g\nSUMMARY:Tokyo\nLOCATION:Tokyo\nDTSTART:20250305T233000Z\nDTEND:20250306T013000Z",
        head="X-WR-CALNAME:Japan 2025\nX-WR-TIMEZONE:Asia/Tokyo",
    )
    parsed = read(tmp_path, google)
    assert parsed.trip_name == "Japan 2025"
    assert parsed.stops[0].arrival == date(2025, 3, 6)
    plain = google.replace(b"X-WR-TIMEZONE:Asia/Tokyo\r\n", b"")
    assert read(tmp_path, plain).stops[0].arrival == date(2025, 3, 6)
    # A zone named by the calendar (its TZID) is the event's own clock, wherever it is.
    named = plain.replace(
        b"DTSTART:20250305T233000Z", b"DTSTART;TZID=Europe/London:20250305T233000"
    )
    named = named.replace(b"DTEND:20250306T013000Z", b"DTEND;TZID=Europe/London:20250306T013000")
    assert read(tmp_path, named).stops[0].arrival == date(2025, 3, 5)


def test_outlook_windows_zone_names_are_read(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:o\nSUMMARY:Berlin office\nLOCATION:Berlin\n"
            "DTSTART;TZID=W. Europe Standard Time:20250305T230000\n"
            "DTEND;TZID=W. Europe Standard Time:20250307T100000"
        ),
    )
    assert parsed.stops[0].arrival == date(2025, 3, 5) and parsed.stops[0].nights == 2
    assert not any("does not know" in n for n in parsed.notes)


def test_a_booking_with_geo_needs_no_gazetteer(tmp_path: Path) -> None:
    data = calendar(
        "UID:geo\nSUMMARY:Guesthouse Lindin\nLOCATION:Laugarvatn\nGEO:64.2155;-20.7317\n"
        "DTSTART;VALUE=DATE:20250401\nDTEND;VALUE=DATE:20250403"
    )
    (stop,) = read(tmp_path, data, options=ImportOptions()).stops
    assert stop.name == "Guesthouse Lindin"
    assert (stop.place.lat, stop.place.lon) == (pytest.approx(64.2155), pytest.approx(-20.7317))
    assert stop.nights == 2


def test_places_not_found_are_listed_and_events_without_a_place_counted(
    tmp_path: Path, store: Store
) -> None:
    parsed = read(
        tmp_path,
        calendar(
            HOTEL,
            "UID:x\nSUMMARY:Lunch\nLOCATION:Atlantis Road 5, Atlantis\n"
            "DTSTART:20250306T120000\nDTEND:20250306T130000",
            "UID:y\nSUMMARY:Call home\nDTSTART:20250306T180000\nDTEND:20250306T183000",
        ),
    )
    assert parsed.not_found == ["Lunch (Atlantis Road 5, Atlantis)"]
    assert any("1 event without a LOCATION or GEO left out" in n for n in parsed.notes)
    lines = "\n".join(preview(store, parsed).lines())
    assert "1 place not found, not imported:" in lines
    assert "- Lunch (Atlantis Road 5, Atlantis)" in lines


def test_a_calendar_of_places_not_found_only_is_refused_naming_them(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"holds no places to import: not found: Lunch"):
        read(tmp_path, calendar("UID:x\nSUMMARY:Lunch\nLOCATION:Atlantis\nDTSTART:20250306T120000"))


def test_visits_during_a_stay_are_its_sites_and_a_day_trip_its_own_stop(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            HOTEL,
            "UID:d\nSUMMARY:Dinner at Grillmarkaðurinn\nLOCATION:Reykjavík\n"
            "CATEGORIES:Food\nDTSTART;TZID=Atlantic/Reykjavik:20250306T190000\n"
            "DTEND;TZID=Atlantic/Reykjavik:20250306T210000",
            "UID:t\nSUMMARY:Day trip\nLOCATION:Akureyri\n"
            "DTSTART;TZID=Atlantic/Reykjavik:20250307T080000\n"
            "DTEND;TZID=Atlantic/Reykjavik:20250307T200000",
        ),
    )
    assert [(s.name, s.arrival, s.nights) for s in parsed.stops] == [
        ("Reykjavík", date(2025, 3, 5), 3),
        ("Akureyri", date(2025, 3, 7), 0),
    ]
    (dinner,) = parsed.sites
    assert dinner.stop_index == 0 and dinner.site.name == "Dinner at Grillmarkaðurinn"
    assert dinner.site.day_of_stay == 1 and dinner.site.start_time == time(19, 0)
    assert dinner.site.minutes == 120


def test_cityplanner_calendar_imports_back_into_the_same_stops_dates_and_nights(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "a.db", seed_demo=False) as first:
        tour = plan_tour(first)
        data = export_bytes(tour, "ics")
    with Store.open(tmp_path / "b.db", seed_demo=False) as second:
        parsed = read(tmp_path, data, "Spring tour.ics")
        result = apply(second, preview(second, parsed))
        back = load_document(second, result.trip.id or 0)
    assert [(s.name, s.arrival, s.nights) for s in back.stops] == [
        (s.name, s.arrival, s.nights) for s in tour.stops
    ]
    assert back.trip.name == "Spring tour"
    # The visits planned during the stay come back as the stop's sites, on their days.
    planned = {(s.name, s.day_of_stay, s.start_time) for s in tour.sites if s.day_of_stay in (1, 2)}
    assert {(s.name, s.day_of_stay, s.start_time) for s in back.sites} >= planned


def test_a_ten_year_daily_repetition_is_read_up_to_the_cap(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:r\nSUMMARY:Office\nLOCATION:Berlin\nDTSTART:20250101T090000\n"
            "DTEND:20250101T170000\nRRULE:FREQ=DAILY;UNTIL=20350101T000000",
            "UID:forever\nSUMMARY:Yoga\nLOCATION:Tokyo\nDTSTART;VALUE=DATE:20250102\n"
            "RRULE:FREQ=WEEKLY",
        ),
    )
    assert len(parsed.stops) + len(parsed.sites) <= 2 * MAX_OCCURRENCES
    assert any(f"first {MAX_OCCURRENCES} occurrences" in n and "Office" in n and "Yoga" in n
               for n in parsed.notes)  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, world\r\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n", "incomplete"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\x00\x01garbage\r\nEND:VCALENDAR\r\n", "not a valid"),
        (calendar(), "holds no places to import"),
    ],
)
def test_files_that_are_not_calendars_are_refused_and_nothing_changes(
    tmp_path: Path, store: Store, data: bytes, message: str
) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError, match=message):
        read(tmp_path, data)
    assert snapshot(store) == before


def test_bad_events_are_skipped_and_counted(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            HOTEL,
            "UID:back\nSUMMARY:Backwards\nLOCATION:Berlin\n"
            "DTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250308",
            "UID:far\nSUMMARY:Nowhere\nGEO:95;200\nDTSTART;VALUE=DATE:20250312",
            "UID:mars\nSUMMARY:Mars base\nLOCATION:Tokyo\n"
            "DTSTART;TZID=Mars/Olympus:20250314T100000\nDTEND;TZID=Mars/Olympus:20250314T110000",
        ),
    )
    assert [s.name for s in parsed.stops] == ["Reykjavík", "Tokyo"]
    assert parsed.stops[1].arrival == date(2025, 3, 14)
    notes = "\n".join(parsed.notes)
    assert "2 events that could not be read left out (the first, event 2: it ends" in notes
    assert "Times in a zone CityPlanner does not know, read as written: Mars/Olympus." in notes


def test_names_keep_their_markup_as_text_and_lose_control_characters(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:h\nSUMMARY:<script>alert(1)</script>\x07\x1b[31m\nGEO:52.52;13.40\n"
            "DESCRIPTION:<b>bold</b>\\nline two\nDTSTART;VALUE=DATE:20250305"
        ),
        options=ImportOptions(),
    )
    (stop,) = parsed.stops
    assert stop.name == "<script>alert(1)</script>[31m"
    assert "\x07" not in stop.name and "\x1b" not in stop.name
    assert "<b>bold</b>\nline two" in stop.notes


def test_the_registry_sniffs_a_calendar_by_its_first_line(tmp_path: Path) -> None:
    parsed = read(tmp_path, calendar(HOTEL), name="export")
    assert parsed.kind == "iCalendar" and parsed.stops[0].name == "Reykjavík"


def test_the_real_gazetteer_finds_the_hotels_city(
    full_gazetteer_index: Path, tmp_path: Path
) -> None:
    from cityplanner.formats.city_lookup import gazetteer_lookup
    from cityplanner.geo.gazetteer import Gazetteer

    with Gazetteer.open(full_gazetteer_index) as gazetteer:
        options = ImportOptions(city_lookup=gazetteer_lookup(gazetteer), default_theme=Theme.WATER)
        parsed = read(tmp_path, calendar(HOTEL), options=options)
    (stop,) = parsed.stops
    assert stop.name == "Reykjavík" and stop.place.timezone == "Atlantic/Reykjavik"


def test_the_registrys_limits_apply_to_calendars(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityplanner.formats import ics_import, safety

    many = calendar(*(f"UID:{n}\nSUMMARY:Stay {n}\nGEO:52.5;13.4\nDTSTART;VALUE=DATE:2025{n % 12 + 1:02d}01"
                      for n in range(30)))  # fmt: skip
    before = snapshot(store)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", len(many) - 1)
    with pytest.raises(ValidationError, match="too large to import"):
        read(tmp_path, many)
    monkeypatch.undo()
    monkeypatch.setattr(safety, "MAX_FEATURES", 20)
    with pytest.raises(ValidationError, match="holds more than 20 events"):
        read(tmp_path, many)
    assert ics_import.MAX_OCCURRENCES == MAX_OCCURRENCES
    assert snapshot(store) == before


def test_layers_as_must_be_a_known_choice() -> None:
    with pytest.raises(ValidationError, match="'auto', 'sites' or 'trips', not 'lines'"):
        ImportOptions(layers_as="lines")


def test_the_command_line_imports_a_calendar_back_into_the_same_stops(
    cache_with_full_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli.runner import CliRunner

    cli = CliRunner(tmp_path / "trips.db", capsys)
    cli.ok("set-start", "1", "2017-10-02")
    cli.ok("export", "1", "ics", "-o", str(tmp_path / "tour.ics"))
    dry = cli.ok("import", str(tmp_path / "tour.ics"), "--dry-run")
    assert "tour.ics (iCalendar) into a new trip" in dry and "nothing was changed" in dry
    out = cli.ok("import", str(tmp_path / "tour.ics"), "--new", "Back")
    assert "into trip 2: Back" in out
    with Store.open(tmp_path / "trips.db") as store:
        first, second = (store.trips.stops(n) for n in (1, 2))
    assert [(s.name, s.arrival, s.nights) for s in second] == [
        (s.name, s.arrival, s.nights) for s in first
    ]


def test_events_sharing_a_uid_without_repeating_are_each_read(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:same\nSUMMARY:Berlin\nLOCATION:Berlin\nDTSTART;VALUE=DATE:20250305",
            "UID:same\nSUMMARY:Tokyo\nLOCATION:Tokyo\nDTSTART;VALUE=DATE:20250310",
        ),
    )
    assert [s.name for s in parsed.stops] == ["Berlin", "Tokyo"]


def test_a_moved_occurrence_of_a_series_is_read_on_its_new_day(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            "UID:weekly\nSUMMARY:Berlin\nLOCATION:Berlin\nDTSTART;VALUE=DATE:20250303\n"
            "RRULE:FREQ=WEEKLY;COUNT=3",
            "UID:weekly\nRECURRENCE-ID;VALUE=DATE:20250310\nSUMMARY:Tokyo instead\n"
            "LOCATION:Tokyo\nDTSTART;VALUE=DATE:20250312",
        ),
    )
    assert [(s.name, s.arrival) for s in parsed.stops] == [
        ("Berlin", date(2025, 3, 3)), ("Tokyo", date(2025, 3, 12)), ("Berlin", date(2025, 3, 17)),
    ]  # fmt: skip
