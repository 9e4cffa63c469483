"""Calendars in, the hostile and the broken: bounded repetitions, the limits, unreadable
properties, and UTC times dated on the place's clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import _iterinfo, rrulestr
from icalendar import vRecur

from cityplanner.domain.errors import ValidationError
from cityplanner.formats import ics_events, safety
from cityplanner.formats.document import ImportOptions
from cityplanner.formats.ics_events import MAX_OCCURRENCES, MAX_REPEATED_DATES
from cityplanner.formats.ics_rules import REPEAT_DAYS, bound_rule
from cityplanner.store import Store
from tests.formats.helpers import snapshot
from tests.formats.test_ics_import import HOTEL, calendar, read


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of `owner.name`, still calling it."""
    calls = [0]
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


# 1. Repetitions bounded by work ------------------------------------------------------

IMPOSSIBLE = [
    "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;BYSETPOS=2",
    "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
]


def test_rules_no_date_can_match_end_at_once_each_read_on_its_first_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each of these made dateutil walk every day (or second) up to the year 9999: about
    # 12 x 7,973 months of work an event. The walk now counts a few decades of months.
    months = counting(monkeypatch, _iterinfo, "rebuild")
    data = calendar(*(
        f"UID:r{n}\nSUMMARY:Never {n}\nGEO:{40 + n};{10 + n}\nDTSTART:2026010{n + 1}T090000\n"
        f"RRULE:{rule}" for n, rule in enumerate(IMPOSSIBLE)
    ))  # fmt: skip
    parsed = read(tmp_path, data, options=ImportOptions())
    assert months[0] <= len(IMPOSSIBLE) * 12 * 40
    assert [(s.name, s.arrival) for s in parsed.stops] == [
        (f"Never {n}", date(2026, 1, n + 1)) for n in range(len(IMPOSSIBLE))
    ]
    (note,) = [n for n in parsed.notes if "first date only" in n]
    assert all(f"Never {n}" in note for n in range(len(IMPOSSIBLE)))


def test_a_rule_repeating_hourly_is_not_expanded(tmp_path: Path) -> None:
    data = calendar(
        "UID:h\nSUMMARY:Every hour\nLOCATION:Berlin\nDTSTART:20250305T090000\n"
        "DTEND:20250305T100000\nRRULE:FREQ=HOURLY;COUNT=5000"
    )
    parsed = read(tmp_path, data)
    assert [(s.name, s.arrival) for s in parsed.stops] == [("Berlin", date(2025, 3, 5))]
    assert parsed.sites == []
    assert any("more often than daily" in n and "Every hour" in n for n in parsed.notes)


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE", date(2025, 3, 3)),
        ("FREQ=MONTHLY;BYDAY=-1FR", datetime(2025, 1, 31, 18, 0)),
        ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", date(2026, 5, 11)),
        ("FREQ=DAILY;INTERVAL=3;BYMONTH=2,3", date(2099, 2, 1)),  # across 2100, not leap
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2024, 2, 29)),
        ("FREQ=DAILY;UNTIL=20250110T000000", datetime(2025, 1, 1, 9)),
        ("FREQ=WEEKLY;COUNT=4;BYDAY=SU", date(2025, 12, 20)),
    ],
)
def test_a_bounded_rule_keeps_the_rules_own_dates_within_the_window(rule: str, start: date) -> None:
    # The count worked out on a twin year near 9999 is the count on the real dates.
    first = start if isinstance(start, datetime) else datetime.combine(start, time(0))
    real = rrulestr(rule, dtstart=first).between(
        first, first + timedelta(days=REPEAT_DAYS), inc=True
    )
    bounded = bound_rule(vRecur.from_ical(rule), start, limit=MAX_OCCURRENCES)
    assert bounded.rule is not None
    assert bounded.rule["COUNT"] == [len(real)]
    assert "UNTIL" not in bounded.rule
    assert bounded.cut == ("COUNT" not in rule and "UNTIL" not in rule)


def test_a_weekly_series_is_read_for_two_years_and_named_as_cut_short(tmp_path: Path) -> None:
    data = calendar(
        "UID:w\nSUMMARY:Yoga\nGEO:35.68;139.69\nDTSTART;VALUE=DATE:20250102\nRRULE:FREQ=WEEKLY"
    )
    parsed = read(tmp_path, data, options=ImportOptions())
    dates = sorted(
        [s.arrival for s in parsed.stops]
        + [parsed.stops[p.stop_index].arrival + timedelta(days=p.site.day_of_stay or 0)
           for p in parsed.sites]
    )  # fmt: skip
    assert dates[0] == date(2025, 1, 2) and dates[-1] <= date(2025, 1, 2) + timedelta(REPEAT_DAYS)
    assert len(dates) == 105
    assert any("within two years of their start" in n and "Yoga" in n for n in parsed.notes)


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=FORTNIGHTLY", "its RRULE 'FREQ=FORTNIGHTLY' cannot be read"),
        ("BYDAY=MO", "its repetition has no FREQ"),
    ],
)
def test_a_rule_that_cannot_be_read_leaves_out_its_event_only(
    tmp_path: Path, rule: str, reason: str
) -> None:
    odd = f"UID:x\nSUMMARY:Odd\nLOCATION:Berlin\nDTSTART:20250306T120000\nRRULE:{rule}"
    parsed = read(tmp_path, calendar(HOTEL, odd))
    assert [s.name for s in parsed.stops] == ["Reykjavík"]
    assert any(f"(the first, event 2: {reason})" in n for n in parsed.notes)


# 2. The limits, counted while reading ------------------------------------------------


def test_repetitions_of_too_many_dates_in_all_are_refused_early(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 700 daily series would be 256,200 dates: refused after about 28 series.
    series = counting(monkeypatch, ics_events, "bound_rule")
    data = calendar(*(
        f"UID:d{n}\nSUMMARY:Daily {n}\nGEO:52.5;13.4\nDTSTART;VALUE=DATE:20260101\n"
        "RRULE:FREQ=DAILY" for n in range(700)
    ))  # fmt: skip
    before = snapshot(store)
    with pytest.raises(ValidationError, match=f"more than {MAX_REPEATED_DATES:,} dates in all"):
        read(tmp_path, data)
    assert series[0] == MAX_REPEATED_DATES // MAX_OCCURRENCES + 1
    assert snapshot(store) == before


def test_the_event_limit_stops_the_reading_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_FEATURES", 20)
    events = counting(monkeypatch, ics_events, "_event")
    many = calendar(*(f"UID:{n}\nSUMMARY:Stay {n}\nGEO:52.5;13.4\nDTSTART;VALUE=DATE:20250101"
                      for n in range(60)))  # fmt: skip
    with pytest.raises(ValidationError, match="holds more than 20 events"):
        read(tmp_path, many)
    assert events[0] == 21


def test_a_repeating_series_without_a_place_is_counted_once_and_not_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = counting(monkeypatch, ics_events, "bound_rule")
    data = calendar(HOTEL, "UID:y\nSUMMARY:Stand-up\nDTSTART:20250101T090000\nRRULE:FREQ=DAILY")
    parsed = read(tmp_path, data)
    assert series[0] == 0
    assert any("1 event without a LOCATION or GEO left out" in n for n in parsed.notes)


# 3. Broken properties: that event left out, named -------------------------------------


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ("DTSTART:2026garbage", "its DTSTART '2026garbage' cannot be read"),
        ("GEO:abc;def\nDTSTART;VALUE=DATE:20250306", "its GEO 'abc;def' cannot be read"),
        ("DTSTART;VALUE=DATE:20250306\nDURATION:PXYZ", "its DURATION 'PXYZ' cannot be read"),
        ("DTSTART;VALUE=DATE:20250306\nDTSTART;VALUE=DATE:20250307", "it has 2 DTSTART lines"),
        ("DTSTART;VALUE=DATE:20250306\nDTEND;VALUE=DATE:2025-03-07", "its DTEND '2025-03-07'"),
        ("DTSTART;VALUE=DATE:20250306\nLOCATION:Tokyo", "it has 2 LOCATION lines"),
    ],
)
def test_an_event_with_a_broken_property_is_left_out_and_named(
    tmp_path: Path, lines: str, reason: str
) -> None:
    parsed = read(tmp_path, calendar(HOTEL, f"UID:bad\nSUMMARY:Broken\nLOCATION:Berlin\n{lines}"))
    assert [s.name for s in parsed.stops] == ["Reykjavík"]
    notes = "\n".join(parsed.notes)
    assert f"1 event that could not be read left out (the first, event 2: {reason}" in notes


def test_a_calendar_of_unreadable_events_only_gets_one_clear_message(
    tmp_path: Path, store: Store
) -> None:
    data = calendar("UID:a\nSUMMARY:A\nGEO:abc;def\nDTSTART;VALUE=DATE:20250306",
                    "UID:b\nSUMMARY:B\nLOCATION:Berlin\nDTSTART:2026garbage")  # fmt: skip
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        read(tmp_path, data)
    assert str(refused.value) == (
        "trip.ics: none of its 2 events can be read "
        "(the first, event 1: its GEO 'abc;def' cannot be read)."
    )
    assert snapshot(store) == before


def test_the_command_line_names_a_broken_calendar_instead_of_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli.runner import CliRunner

    bad = tmp_path / "bad.ics"
    bad.write_bytes(calendar("UID:a\nSUMMARY:A\nLOCATION:Berlin\nDTSTART:2026garbage"))
    code, out, err = CliRunner(tmp_path / "trips.db", capsys)("import", str(bad))
    assert code != 0 and "internal error" not in out + err
    assert (
        "bad.ics holds one event and it cannot be read "
        "(event 1: its DTSTART '2026garbage' cannot be read)."
    ) in err


# 4. Times on no one's clock dated on the place's -------------------------------------

TOKYO_CHECK_IN = """
UID:tokyo@hotel.example
SUMMARY:Hotel Gracery
DTSTART:20260430T153000Z
DTEND:20260503T020000Z
"""


@pytest.mark.parametrize("where", ["GEO:35.6938;139.7034", "LOCATION:Tokyo"])
def test_a_utc_check_in_is_dated_on_the_places_clock(tmp_path: Path, where: str) -> None:
    # 15:30 UTC on 30 April is 00:30 on 1 May in Tokyo; 02:00 UTC on 3 May is 11:00.
    (stop,) = read(tmp_path, calendar(f"{TOKYO_CHECK_IN}\n{where}")).stops
    assert (stop.arrival, stop.nights) == (date(2026, 5, 1), 2)


def test_a_fixed_offset_is_on_the_places_clock_and_a_floating_time_as_written(
    tmp_path: Path,
) -> None:
    fixed = TOKYO_CHECK_IN.replace(
        "DTSTART:20260430T153000Z", "DTSTART;TZID=Etc/GMT+5:20260430T103000"
    )
    floating = TOKYO_CHECK_IN.replace("20260430T153000Z", "20260430T153000").replace(
        "20260503T020000Z", "20260503T020000"
    )
    (stop,) = read(tmp_path, calendar(f"{fixed}\nLOCATION:Tokyo")).stops
    assert (stop.arrival, stop.nights) == (date(2026, 5, 1), 2)
    (stop,) = read(tmp_path, calendar(f"{floating}\nLOCATION:Tokyo")).stops
    assert (stop.arrival, stop.nights) == (date(2026, 4, 30), 3)


def test_a_utc_visit_during_a_stay_keeps_the_places_day_and_time(tmp_path: Path) -> None:
    parsed = read(
        tmp_path,
        calendar(
            f"{TOKYO_CHECK_IN}\nLOCATION:Tokyo",
            "UID:dinner\nSUMMARY:Dinner\nLOCATION:Tokyo\n"
            "DTSTART:20260502T100000Z\nDTEND:20260502T120000Z",
        ),
    )
    (dinner,) = parsed.sites
    assert dinner.site.day_of_stay == 1 and dinner.site.start_time == time(19, 0)
    assert dinner.site.minutes == 120


def test_the_twin_year_walk_is_short_for_every_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the year, an impossible daily rule walks at most a few decades of months.
    months = counting(monkeypatch, _iterinfo, "rebuild")
    for year in range(1990, 2110, 7):
        assert bound_rule(vRecur.from_ical(IMPOSSIBLE[2]), date(year, 3, 1), limit=10).rule is None
    assert months[0] <= len(range(1990, 2110, 7)) * 12 * 40
