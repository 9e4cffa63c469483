"""Pure checks for values typed by users or read from files.

Characters nobody can see are stripped from names and texts, not refused: C0 and C1
controls (NUL, BEL, ESC, VT, FF, NEL…), DEL, and the bidirectional embeddings, overrides
and isolates (U+202A–U+202E, U+2066–U+2069), which can send a terminal escape codes or
show a name backwards. Line breaks of every kind (CR, CR LF, VT, FF, NEL, U+2028, U+2029…)
become a space in a name and a newline in a text; a text keeps its tabs. A lone surrogate,
which no file can encode, becomes U+FFFD. Stripping rather than refusing keeps every trip
saved before these checks readable (the store rebuilds its objects through them) and
lets a file with one stray control character still be imported.
"""

from __future__ import annotations

import math
import re
from datetime import date

from cityplanner.domain.errors import ValidationError

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 100_000
#: Longest number written as text that is read (a coordinate to 1e-15 degrees is 20).
MAX_NUMBER_TEXT = 64
#: More people than live on Earth: a larger population is a mistake in the file.
MAX_POPULATION = 10_000_000_000
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
#: What `str.splitlines` breaks lines at.
_LINE_BREAK = re.compile(r"\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
#: Controls (but tab and the line breaks above), DEL, and bidirectional overrides.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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


#: Ten years: more nights in one place is a typing mistake.
MAX_NIGHTS = 3650


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
    if value > MAX_NIGHTS:
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


def plain_line(text: str) -> str:
    """`text` on one line: invisible characters dropped, whitespace folded to single spaces."""
    if not text.isprintable():  # printable text holds no control, format or surrogate
        text = _visible(text)
    return " ".join(text.split())


def plain_text(text: str) -> str:
    """`text` keeping its lines and tabs: invisible characters dropped, newlines as `\\n`."""
    return text if text.isprintable() else _visible(text)


def _visible(text: str) -> str:
    text = _SURROGATE.sub("\ufffd", text)
    return _INVISIBLE.sub("", _LINE_BREAK.sub("\n", text))


def check_name(text: str, what: str = "Name") -> str:
    """Return a trimmed, non-empty, single-line name of reasonable length.

    Invisible characters are stripped (see the module's docstring), never refused.
    """
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text.")
    cleaned = plain_line(text)
    if not cleaned:
        raise ValidationError(f"{what} cannot be empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"{what} is too long ({len(cleaned)} characters; at most {MAX_NAME_LENGTH})."
        )
    return cleaned


def check_text(text: str | None, what: str = "Text") -> str:
    """Return free text (notes, descriptions), refusing absurd sizes.

    It keeps its newlines and tabs; other invisible characters are stripped and every
    line break becomes `\\n` (see the module's docstring).
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text.")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{what} is too long ({len(text)} characters; at most {MAX_TEXT_LENGTH})."
        )
    return plain_text(text)


def check_population(value: int) -> int:
    """Return a whole, non-negative population no larger than `MAX_POPULATION`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"A population must be a whole number, not {value!r}.")
    if value > MAX_POPULATION:
        raise ValidationError(
            f"A population of {value:.3g} is more than {MAX_POPULATION:,}; check the number."
        )
    return value


def check_number_text(text: str, what: str) -> str:
    """Return `text` trimmed, refusing a number written with absurdly many characters."""
    cleaned = text.strip()
    if len(cleaned) > MAX_NUMBER_TEXT:
        raise ValidationError(
            f"{what} is written with {len(cleaned):,} characters; a number has at most "
            f"{MAX_NUMBER_TEXT}."
        )
    return cleaned


def check_country_code(text: str | None) -> str:
    """Return an upper-case ISO 3166-1 alpha-2 code, or '' when unknown."""
    if text is None or not text.strip():
        return ""
    code = text.strip()
    if not _COUNTRY_RE.match(code):
        raise ValidationError(f"{text!r} is not a two-letter country code such as FR or NL.")
    return code.upper()


def _as_float(value: object, what: str) -> float:
    if isinstance(value, str):
        value = check_number_text(value, what)
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"{what} must be a number, not {_shown(value)}.") from None
    except OverflowError:  # an integer beyond the range of floats
        raise ValidationError(f"{what} must be a finite number, not {_shown(value)}.") from None
    if not math.isfinite(result):
        raise ValidationError(f"{what} must be a finite number, not {_shown(value)}.")
    return result


def _shown(value: object) -> str:
    """A value for a message, cut short: a huge number must not make a huge message."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}…"
