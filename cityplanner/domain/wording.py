"""How CityPlanner words dates, durations and travel, the same in the window and the terminal.

Weekday and month names are spelled out here rather than taken from `strftime`, whose
names follow the process locale: scripts read the command line's output, and the window
in English must say the same thing. The window in another language passes its `locale`
to the date functions, which then follow that locale's usage (CLDR, through Babel).
"""

from __future__ import annotations

from datetime import date

from cityplanner.domain.units import DistanceUnit, distance_text

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(day: date, *, locale: str | None = None) -> str:
    """Wed 4 Oct 2017 (with a `locale` such as "fr_FR": mer. 4 oct. 2017)."""
    if locale is not None:
        return _cldr_date("yMMMEd", day, locale)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date, *, year: bool = False, locale: str | None = None) -> str:
    """4 Oct (or 4 Oct 2017; with a `locale` such as "fr_FR": 4 oct., 4 oct. 2017)."""
    if locale is not None:
        return _cldr_date("yMMMd" if year else "MMMd", day, locale)
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _cldr_date(skeleton: str, day: date, locale: str) -> str:
    # Imported here: the command line, which writes English only, starts without Babel's dates.
    from babel.dates import format_skeleton

    return str(format_skeleton(skeleton, day, locale=locale))


def about_hours(hours: float) -> str:
    """About 3 h 22, about 45 min: an estimate, to the minute."""
    minutes = round(hours * 60)
    if minutes < 60:
        return f"about {minutes} min"
    whole, rest = divmod(minutes, 60)
    return f"about {whole} h {rest:02d}" if rest else f"about {whole} h"


def clock_change(hours: float) -> str:
    """+1 h, −2 h 30 min: how to set the watch on arrival."""
    sign = "+" if hours >= 0 else "−"
    whole, minutes = divmod(round(abs(hours) * 60), 60)
    return f"{sign}{whole} h" + (f" {minutes:02d} min" if minutes else "")


def mode_phrase(mode: str | None) -> str:
    """How one travels by a mode (its value, such as "car"): by car, on foot."""
    if not mode:
        return ""
    return {"walk": "on foot", "bike": "by bike"}.get(mode, f"by {mode}")


def travel_words(
    origin: str,
    destination: str,
    *,
    mode: str | None,
    km: float,
    hours: float | None,
    clock_hours: float | None,
    unit: DistanceUnit = DistanceUnit.KM,
) -> str:
    """Albi → Arles by car, 202 km, about 3 h 22, clock +1 h (`mode`: a mode's value)."""
    text = f"{origin} → {destination}"
    text += f" {mode_phrase(mode)}" if mode else " (no travel mode)"
    text += f", {distance_text(km, unit)}"
    if hours:
        text += f", {about_hours(hours)}"
    if clock_hours:
        text += f", clock {clock_change(clock_hours)}"
    return text
