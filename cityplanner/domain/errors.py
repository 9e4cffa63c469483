"""Errors that carry a message written for the person using the app."""

from __future__ import annotations


class CityPlannerError(Exception):
    """An expected failure whose message can be shown to the user as it is."""


class ValidationError(CityPlannerError):
    """A value typed or imported by the user is not acceptable."""


class NotFoundError(CityPlannerError):
    """A trip, stop, site or entry the user named does not exist."""


class AmbiguousError(CityPlannerError):
    """A name matches several things; the message lists the candidates."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class StoreError(CityPlannerError):
    """The database file cannot be opened, read or written."""


class ReadOnlyError(StoreError):
    """A change was refused because the file is open read-only (damaged, or cannot be written)."""


class DamagedFileError(StoreError):
    """SQLite reports the file damaged; it is open read-only from then on."""
