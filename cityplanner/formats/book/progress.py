"""Progress of a book being made, and the person's way to stop it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from cityplanner.domain.errors import CityPlannerError

log = logging.getLogger(__name__)

#: Told (done, total, what is being done) as the book is made.
Progress = Callable[[int, int, str], None]
#: Asked now and then; True stops the book with `ExportCancelled`.
Cancelled = Callable[[], bool]


class ExportCancelled(CityPlannerError):
    """The person stopped the export; no file was written."""

    def __init__(self, message: str = "The export was cancelled; no file was written.") -> None:
        super().__init__(message)


@dataclass(slots=True)
class Steps:
    """Counts the steps of the book and asks, at each, whether to stop."""

    progress: Progress | None = None
    cancelled: Cancelled | None = None
    total: int = 1
    done: int = 0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            log.info("Book cancelled after %s of %s steps", self.done, self.total)
            raise ExportCancelled()

    def step(self, what: str, count: int = 1) -> None:
        """One more step done (and a chance to stop before the next)."""
        self.check()
        self.done = min(self.total, self.done + count)
        if self.progress is not None:
            self.progress(self.done, self.total, what)
