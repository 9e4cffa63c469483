"""Pure checks for values typed by users or read from files."""

from __future__ import annotations

import math
import re
from datetime import date

from cityplanner.domain.errors import ValidationError

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 100_000
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")


def check_latitude(value: float) -> float:
    """Return the latitude as a float, or raise if it is not in −90..90."""
    lat = _as_float(value, "Latitude")
    if not -90.0 <= lat <= 90.0:
        raise ValidationError(f"Latitude {value} is out of range: it must be between -90 and 90.")
    return lat


def check_longitude(value: float) -> float:
    """Return the longitude as a float, or raise if it is not in −180..180."""
    lon = _as_float(value, "Longitude")
    if not -180.0 <= lon <= 180.0:
        raise ValidationError(
            f"Longitude {value} is out of range: it must be between -180 and 180."
        )
    return lon


def check_nights(value: int) -> int:
    """Return a whole, non-negative number of nights."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            as_float = float(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Nights must be a whole number, not {value!r}.") from None
        if not as_float.is_integer():
            raise ValidationError(f"Nights must be a whole number, not {value!r}.")
        value = int(as_float)
    if value < 0:
        raise ValidationError(f"Nights cannot be negative (got {value}).")
    if value > 3650:
        raise ValidationError(f"{value} nights is more than ten years; check the number.")
    return value


def parse_date(text: str | date | None) -> date | None:
    """Parse an ISO date (YYYY-MM-DD); empty means no date."""
    if text is None or isinstance(text, date):
        return text
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a valid date; write it as YYYY-MM-DD, for example 2017-10-02."
        ) from None


def check_name(text: str, what: str = "Name") -> str:
    """Return a trimmed, non-empty, single-line name of reasonable length."""
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text.")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError(f"{what} cannot be empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"{what} is too long ({len(cleaned)} characters; at most {MAX_NAME_LENGTH})."
        )
    return cleaned


def check_text(text: str | None, what: str = "Text") -> str:
    """Return free text (notes, descriptions), refusing absurd sizes."""
    if text is None:
        return ""
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{what} is too long ({len(text)} characters; at most {MAX_TEXT_LENGTH})."
        )
    return text.replace("\x00", "")


def check_country_code(text: str | None) -> str:
    """Return an upper-case ISO 3166-1 alpha-2 code, or '' when unknown."""
    if text is None or not text.strip():
        return ""
    code = text.strip()
    if not _COUNTRY_RE.match(code):
        raise ValidationError(f"{text!r} is not a two-letter country code such as FR or NL.")
    return code.upper()


def _as_float(value: object, what: str) -> float:
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"{what} must be a number, not {value!r}.") from None
    if not math.isfinite(result):
        raise ValidationError(f"{what} must be a finite number, not {value!r}.")
    return result
