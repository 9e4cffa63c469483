"""Reading one JSON object of a trip file field by field, each field's type checked.

A trip file comes from elsewhere: a field of the wrong JSON type, a number that is not
finite, an identifier with characters no store writes, is refused with a message naming
the object and the field. `trip_file_records` builds each kind's record with these.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from cityplanner.domain.errors import ValidationError
from cityplanner.domain.validation import parse_date

log = logging.getLogger(__name__)

_UID = re.compile(r"^[A-Za-z0-9._:@-]{1,100}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


class Fields:
    """A JSON object of the file, read field by field with its type checked."""

    def __init__(self, raw: object, label: str) -> None:
        if not isinstance(raw, dict):
            raise ValidationError(f"{label} must be a JSON object.")
        self.raw: dict[str, Any] = raw
        self.label = label

    def fail(self, key: str, what: str) -> ValidationError:
        return ValidationError(f"{self.label}: '{key}' must be {what}.")

    def text(self, key: str, default: str = "") -> str:
        value = self.raw.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, "text")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.text(key)
        return value or None

    def number(self, key: str) -> float:
        value = self.raw.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(key, "a number")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        return None if self.raw.get(key) is None else self.number(key)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**12:
            raise self.fail(key, "a whole number")
        return value

    def optional_integer(self, key: str) -> int | None:
        return None if self.raw.get(key) is None else self.integer(key)

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of texts")
        return list(value)

    def uid(self, key: str = "uid") -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not _UID.match(value):
            raise self.fail(key, "an identifier (letters, digits and - . _ : @, at most 100)")
        return value

    def ref(self, key: str) -> str | None:
        return None if self.raw.get(key) is None else self.uid(key)

    def day(self, key: str) -> str | None:
        value = self.optional_text(key)
        day = parse_date(value) if value else None
        return day.isoformat() if day else None

    def stamp(self, key: str) -> str:
        """A UTC time as the store writes it (2026-12-01T10:00:00Z); absent: unknown ("")."""
        value = self.text(key)
        if value and not _STAMP.match(value):
            raise self.fail(key, "a UTC time such as 2026-12-01T10:00:00Z")
        return value
