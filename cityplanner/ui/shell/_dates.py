"""Dates as the window writes them: "Wed 4 Oct 2017", "2 Oct – 22 Oct 2017"."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from cityplanner.domain.schedule import TripSpan

#: The window's language; its dates follow it rather than the C library's locale.
LOCALE = "en_GB"


def day_label(day: date) -> str:
    """ "Wed 4 Oct 2017"."""
    return format_date(day, "EEE d MMM y", locale=LOCALE)


def short_day(day: date) -> str:
    """ "4 Oct"."""
    return format_date(day, "d MMM", locale=LOCALE)


def span_label(span: TripSpan) -> str:
    """ "21 days · 2 Oct – 22 Oct 2017" (the year shown once when both ends share it)."""
    days = f"{span.days} day{'s' if span.days != 1 else ''}"
    if span.start.year == span.end.year:
        first = short_day(span.start)
    else:
        first = format_date(span.start, "d MMM y", locale=LOCALE)
    last = format_date(span.end, "d MMM y", locale=LOCALE)
    return f"{days} · {first} – {last}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 stop", "2 stops" (the number formatted with thousands separators)."""
    word = one if count == 1 else (many or f"{one}s")
    return f"{count:,} {word}"
