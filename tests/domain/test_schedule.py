"""The schedule rules, as tables of cases: derived arrivals, pins, overlaps, gaps, days."""

from __future__ import annotations

from datetime import date, time

import pytest

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.models import Place, Site, Stop
from cityplanner.domain.schedule import (
    MAX_DAYS,
    adopt_dates,
    check_plan,
    conflict_text,
    day_of_stay,
    gap_text,
    plan_dates,
    redated,
    trip_days,
    trip_span,
)
from cityplanner.domain.vocabulary import Theme

START = date(2018, 6, 1)


def stop(name: str, nights: int, *, arrival: date | None = None, pinned: bool = False, id: int = 0):
    return Stop(
        place=Place(name, 64.0, -21.0),
        nights=nights,
        arrival=arrival,
        pinned=pinned,
        id=id or None,
    )


def arrivals(start, stops):
    return [d.arrival for d in plan_dates(start, stops)]


D = date


@pytest.mark.parametrize(
    ("stops", "expected"),
    [
        # Each stop arrives when the one before leaves.
        ([stop("A", 2), stop("B", 3), stop("C", 1)], [D(2018, 6, 1), D(2018, 6, 3), D(2018, 6, 6)]),
        # A stored date on an unpinned stop is ignored: it follows.
        ([stop("A", 2), stop("B", 1, arrival=D(2018, 1, 1))], [D(2018, 6, 1), D(2018, 6, 3)]),
        # A pinned stop anchors the stops after it.
        (
            [stop("A", 2), stop("B", 1, arrival=D(2018, 6, 10), pinned=True), stop("C", 1)],
            [D(2018, 6, 1), D(2018, 6, 10), D(2018, 6, 11)],
        ),
        # Zero nights: the next stop arrives the same day.
        ([stop("A", 0), stop("B", 0), stop("C", 2)], [D(2018, 6, 1)] * 3),
        ([], []),
    ],
)
def test_arrivals_follow_the_start_and_the_nights(stops, expected) -> None:
    assert arrivals(START, stops) == expected


def test_without_a_start_nothing_is_dated() -> None:
    planned = plan_dates(None, [stop("A", 2), stop("B", 1)])
    assert [(d.arrival, d.departure) for d in planned] == [(None, None), (None, None)]


@pytest.mark.parametrize(
    ("pinned_on", "overlap", "gap"),
    [
        (D(2018, 6, 3), 0, 0),  # exactly when A ends: neither
        (D(2018, 6, 2), 1, 0),  # before A ends: an overlap (a conflict)
        (D(2018, 6, 6), 0, 3),  # three free days
    ],
)
def test_a_pinned_arrival_is_an_overlap_when_early_and_a_gap_when_late(
    pinned_on, overlap, gap
) -> None:
    stops = [stop("Reykjavík", 2), stop("Vík", 1, arrival=pinned_on, pinned=True)]
    planned = plan_dates(START, stops)
    assert (planned[1].overlap_days, planned[1].gap_days) == (overlap, gap)
    assert planned[1].conflict is (overlap > 0)
    assert planned[1].derived == D(2018, 6, 3)
    assert (conflict_text(stops, planned, 1) is not None) is (overlap > 0)
    assert (gap_text(stops, planned, 1) is not None) is (gap > 0)


def test_the_conflict_sentence_names_both_stops_and_the_dates() -> None:
    stops = [stop("Reykjavík", 3), stop("Vík", 1, arrival=D(2018, 6, 2), pinned=True)]
    text = conflict_text(stops, plan_dates(START, stops), 1)
    assert text is not None
    assert "Vík" in text and "Reykjavík" in text and "2018-06-02" in text and "2 days" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Insert at the front: everyone after moves by its nights.
        (
            lambda s: [stop("X", 4), *s],
            [D(2018, 6, 1), D(2018, 6, 5), D(2018, 6, 7), D(2018, 6, 20)],
        ),
        # Remove the first stop.
        (lambda s: s[1:], [D(2018, 6, 1), D(2018, 6, 20)]),
        # Reorder: the pinned stop keeps its date wherever it goes.
        (lambda s: [s[2], s[0], s[1]], [D(2018, 6, 20), D(2018, 6, 23), D(2018, 6, 25)]),
        # Change nights of the first.
        (
            lambda s: [s[0].with_changes(nights=5), *s[1:]],
            [D(2018, 6, 1), D(2018, 6, 6), D(2018, 6, 20)],
        ),
    ],
)
def test_every_change_redates_the_unpinned_stops_after_it(change, expected) -> None:
    base = [stop("A", 2), stop("B", 1), stop("C", 3, arrival=D(2018, 6, 20), pinned=True)]
    assert arrivals(START, change(base)) == expected


def test_redated_keeps_unchanged_stops_as_they_are() -> None:
    first = stop("A", 2, arrival=START)
    second = stop("B", 1, arrival=D(2018, 1, 1))
    out = redated(START, [first, second])
    assert out[0] is first
    assert out[1].arrival == D(2018, 6, 3) and out[1].place == second.place


def test_adopting_dates_keeps_every_date_and_pins_only_those_that_do_not_follow() -> None:
    stops = [
        stop("A", 2),  # undated before the first dated stop
        stop("B", 3, arrival=D(2017, 10, 6)),
        stop("C", 1, arrival=D(2017, 10, 9)),  # follows B
        stop("D", 1, arrival=D(2017, 10, 20)),  # does not: pinned
        stop("E", 2),  # undated: follows
    ]
    start, adopted = adopt_dates(None, stops)
    assert start == D(2017, 10, 4)  # B's date minus A's two nights
    assert [s.pinned for s in adopted] == [False, False, False, True, False]
    planned = arrivals(start, adopted)
    assert planned[1:4] == [D(2017, 10, 6), D(2017, 10, 9), D(2017, 10, 20)]
    assert planned[4] == D(2017, 10, 21)


def test_a_stay_past_the_year_9999_is_refused() -> None:
    stops = [stop("A", 0), stop("B", 5, arrival=D(9999, 12, 30), pinned=True)]
    assert plan_dates(START, stops)[1].too_late
    with pytest.raises(ValidationError, match="9999"):
        check_plan(START, stops)


def test_the_span_counts_the_departure_day() -> None:
    stops = [stop("A", 4), stop("B", 1), stop("C", 15)]
    span = trip_span(plan_dates(date(2017, 10, 2), stops))
    assert span is not None
    assert (span.start, span.end, span.days) == (D(2017, 10, 2), D(2017, 10, 22), 21)
    assert trip_span(plan_dates(None, stops)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2018, 6, 1), 0), (D(2018, 6, 3), 2)],
)
def test_a_day_of_the_stay_counts_from_the_arrival(day, expected) -> None:
    assert day_of_stay(START, 2, day) == expected


@pytest.mark.parametrize("day", [D(2018, 5, 31), D(2018, 6, 4)])
def test_a_day_outside_the_stay_is_refused(day) -> None:
    with pytest.raises(ValidationError, match="outside the stay"):
        day_of_stay(START, 2, day)


def test_days_list_where_you_sleep_the_travel_and_the_sites_in_time_order() -> None:
    stops = [stop("Toulouse", 2, id=1), stop("Albi", 1, id=2), stop("Arles", 2, id=3)]
    sites = [
        Site("Late", Theme.WATER, stop_id=3, day_of_stay=1, start_time=time(15)),
        Site("Early", Theme.WATER, stop_id=3, day_of_stay=1, start_time=time(9), minutes=60),
        Site("Any time", Theme.WATER, stop_id=3, day_of_stay=1),
        Site("Unplanned", Theme.WATER, stop_id=3),
        Site("Past the stay", Theme.WATER, stop_id=2, day_of_stay=5),
    ]
    days = trip_days(stops, plan_dates(START, stops), sites)
    assert [d.date for d in days] == [D(2018, 6, n) for n in range(1, 7)]
    assert [(d.sleep, d.night) for d in days] == [(0, 1), (0, 2), (1, 1), (2, 1), (2, 2), (None, 0)]
    assert [d.arrivals for d in days] == [(), (), (1,), (2,), (), ()]
    assert [s.name for s in days[4].sites] == ["Early", "Late", "Any time"]
    assert all(s.name not in {"Unplanned", "Past the stay"} for d in days for s in d.sites)


def test_an_overlapping_night_goes_to_the_pinned_stop() -> None:
    stops = [stop("A", 3), stop("B", 1, arrival=D(2018, 6, 2), pinned=True)]
    days = trip_days(stops, plan_dates(START, stops), [])
    assert days[1].sleep == 1  # both claim 2 June; the pinned booking wins
    assert days[1].clashes == ((0, 2),)  # …and A's second night is named as a clash


def test_a_pin_in_the_wrong_century_lists_a_bounded_number_of_days() -> None:
    stops = [stop("A", 1), stop("B", 1, arrival=D(2990, 1, 1), pinned=True)]
    days = trip_days(stops, plan_dates(START, stops), [])
    assert len(days) == MAX_DAYS
    assert days[0].date == START
