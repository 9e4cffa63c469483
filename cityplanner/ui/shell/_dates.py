"""Dates as the window shows them, in its language: "21 days · 2 Oct – 22 Oct 2017"."""

from __future__ import annotations

from datetime import date

from cityplanner.domain.schedule import TripSpan
from cityplanner.domain.wording import long_date, short_date
from cityplanner.ui.shell._counts import plural
from cityplanner.ui.shell._language import wording_locale


def long_day(day: date) -> str:
    """Sat 7 Oct 2017 (French: sam. 7 oct. 2017)."""
    return long_date(day, locale=wording_locale())


def short_day(day: date, *, year: bool = False) -> str:
    """7 Oct, or 7 Oct 2017 (French: 7 oct., 7 oct. 2017)."""
    return short_date(day, year=year, locale=wording_locale())


def span_label(span: TripSpan) -> str:
    """21 days · 2 Oct – 22 Oct 2017 (the year shown once when both ends share it)."""
    first = short_day(span.start, year=span.start.year != span.end.year)
    return f"{plural(span.days, 'day')} · {first} – {short_day(span.end, year=True)}"
