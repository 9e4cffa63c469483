"""The trip's span as the status bar shows it: "21 days · 2 Oct – 22 Oct 2017"."""

from __future__ import annotations

from cityplanner.domain.schedule import TripSpan
from cityplanner.domain.wording import short_date


def span_label(span: TripSpan) -> str:
    """21 days · 2 Oct – 22 Oct 2017 (the year shown once when both ends share it)."""
    days = plural(span.days, "day")
    first = short_date(span.start, year=span.start.year != span.end.year)
    return f"{days} · {first} – {short_date(span.end, year=True)}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """1 stop, 2 stops (the number with thousands separators)."""
    word = one if count == 1 else (many or f"{one}s")
    return f"{count:,} {word}"
