"""Repeating rules (RRULE) bounded by work, before `recurring-ical-events` expands them.

`dateutil`, under `recurring-ical-events`, looks for a rule's next date period by period
and stops only at a date that matches or at the year 9999. A rule no date can match
(`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`, the 30th of February) makes it walk every day
from the event to the year 9999, seconds of work a rule, and a `FREQ=SECONDLY` rule
walks far longer. Neither the number of occurrences wanted nor an UNTIL stops that walk,
because both are only checked at a date that matches.

So each rule is first walked here on a *twin* of its start: the same month, day and
time in a year near 9999 whose calendar is the same for the years read (the same
weekday on 1 January, the same leap years), where the walk to the year 9999 is short
whatever the rule. That walk counts the rule's dates in the window read
(`REPEAT_DAYS` from the start, at most `limit` of them), and the rule is rewritten
with that COUNT, after which the expansion stops at its last date instead of walking
on. Rules repeating more often than daily are not expanded at all: no trip has them.
"""

from __future__ import annotations

import calendar
import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from icalendar import vRecur

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.wording import first_reason

log = logging.getLogger(__name__)

#: How far after its start a repeating event is read: two years of a trip's dates.
REPEAT_DAYS = 731
#: Rules repeating this often are read as their first date only.
TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
#: The latest twin year: its window (two years and a spare one) must end before 9999.
_LAST_TWIN = datetime.max.year - 4
_TWIN_YEARS = 4
#: What `dateutil` raises for a rule it cannot read.
_RULE_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


@dataclass(frozen=True, slots=True)
class BoundedRule:
    """A rule rewritten to stop at its last date read (None: it gives no date in the
    window), and whether dates after that were left out."""

    rule: vRecur | None
    cut: bool


def bound_rule(rule: vRecur, start: date, *, limit: int) -> BoundedRule:
    """`rule` ending with its last date within `REPEAT_DAYS` of `start`, at most `limit`.

    Raises ValidationError for a rule that cannot be read.
    """
    freq = str((rule.get("FREQ") or [""])[0]).upper()
    if not freq:
        raise ValidationError("its repetition has no FREQ.")
    if freq in TOO_OFTEN:
        return BoundedRule(None, cut=True)
    if any(int(n) < 1 for n in rule.get("INTERVAL") or []):
        raise ValidationError("its repetition's INTERVAL is not a positive number.")
    local = _wall_clock(start)
    offset = _twin(local.year) - local.year
    offset_days = datetime(local.year + offset, 1, 1) - datetime(local.year, 1, 1)
    twin = local + offset_days
    open_rule = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
    try:
        text = open_rule.to_ical().decode("ascii")  # type: ignore[no-untyped-call]
        dates = iter(rrulestr(text, dtstart=twin))
        until = _until(rule, start, offset_days)
        counted, cut = _count(dates, twin, until, _count_of(rule), limit)
    except _RULE_ERRORS as exc:
        raise ValidationError(f"its repetition cannot be read ({first_reason(exc)}).") from None
    if counted == 0:
        return BoundedRule(None, cut=cut)
    bounded = vRecur(open_rule)
    bounded["COUNT"] = [counted]
    return BoundedRule(bounded, cut=cut)


def _count(
    dates: Iterator[datetime], twin: datetime, until: datetime | None, count: int | None, limit: int
) -> tuple[int, bool]:
    """The rule's dates up to the window's end, its UNTIL and its COUNT, and whether
    any were left out by the window or by `limit`."""
    window_end = twin + timedelta(days=REPEAT_DAYS)
    end = window_end if until is None else min(until, window_end)
    counted = 0
    for found in dates:
        if count is not None and counted >= count:
            return counted, False
        if found > end:
            return counted, found > window_end and (until is None or found <= until)
        if counted >= limit:
            return counted, True
        counted += 1
    return counted, False


def _wall_clock(start: date) -> datetime:
    """The start as the clock on the wall shows it: dateutil's rules count wall time."""
    if isinstance(start, datetime):
        return start.replace(tzinfo=None, microsecond=0)
    return datetime.combine(start, time(0))


def _until(rule: vRecur, start: date, offset: timedelta) -> datetime | None:
    """The rule's UNTIL on the start's clock, moved to the twin's years; None when it
    falls after the window (the window ends the reading first)."""
    values = rule.get("UNTIL") or []
    if not values:
        return None
    until = values[0]
    if isinstance(until, datetime):
        if until.tzinfo is not None and isinstance(start, datetime) and start.tzinfo:
            until = until.astimezone(start.tzinfo)
        wall = until.replace(tzinfo=None)
    elif isinstance(until, date):
        wall = datetime.combine(until, time.max)
    else:
        raise ValidationError("its repetition's UNTIL is not a date.")
    if wall > _wall_clock(start) + timedelta(days=REPEAT_DAYS):
        return None
    return wall + offset


def _count_of(rule: vRecur) -> int | None:
    values = rule.get("COUNT") or []
    if not values:
        return None
    try:
        return max(int(values[0]), 0)
    except (TypeError, ValueError):
        raise ValidationError("its repetition's COUNT is not a number.") from None


@functools.lru_cache(maxsize=512)
def _twin(year: int) -> int:
    """The latest year whose next `_TWIN_YEARS` years have `year`'s calendar.

    Every year has one: the Gregorian calendar repeats itself every 400 years.
    """
    if year >= _LAST_TWIN:
        return year
    for twin in range(_LAST_TWIN, year, -1):
        if _same_calendar(year, twin):
            return twin
    return year


def _same_calendar(year: int, twin: int) -> bool:
    return date(year, 1, 1).weekday() == date(twin, 1, 1).weekday() and all(
        calendar.isleap(year + k) == calendar.isleap(twin + k) for k in range(_TWIN_YEARS)
    )
