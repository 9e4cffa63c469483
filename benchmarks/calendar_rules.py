"""Bound repeating rules no date can match, as the calendar import does before expanding.

Peer: `dateutil` (under `recurring-ical-events`) asked for the same rules' dates in the
two years after their start, on the events' own dates: it walks day by day (or week,
or month) to the year 9999 before it knows there are none. Ours, `bound_rule`, walks
the same rules on a twin year near 9999. The ratio is the peer's time over ours.

Run from the repository root:  python benchmarks/calendar_rules.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateutil.rrule import rrulestr
from icalendar import vRecur

from cityplanner.formats.ics_rules import REPEAT_DAYS, bound_rule

RULES = [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYSETPOS=2",
]
START = datetime(2026, 1, 1, 9, 0)


def timed(label: str, action: Callable[[], object]) -> float:
    """Run `action`, print its CPU time, and return it."""
    cpu = time.process_time()
    action()
    cpu = time.process_time() - cpu
    print(f"  {label:<52} {cpu:8.3f} s CPU")
    return cpu


def main() -> int:
    print(f"{len(RULES)} rules no date can match, from {START:%Y-%m-%d}")

    def peer() -> None:
        for rule in RULES:
            dates = rrulestr(rule, dtstart=START).between(START, START + timedelta(REPEAT_DAYS))
            assert not dates

    def ours() -> None:
        for rule in RULES:
            assert bound_rule(vRecur.from_ical(rule), START, limit=366).rule is None

    theirs = timed("peer: dateutil between(start, start + 2 years)", peer)
    mine = timed("CityPlanner: bound_rule on a twin year", ours)
    print(f"  ratio (peer / ours): {theirs / mine:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
