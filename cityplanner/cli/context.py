"""What a command needs: the open store (opened lazily) and output helpers.

A damaged or unwritable file opens read-only: reading commands work, and a command that
changes something gets `ReadOnlyError` from the store ("… is open read-only (the folder
cannot be written): nothing was changed."), which the command line shows as one line with
exit status 1. A damaged file is also reported once, with its newest good copy, even to a
command that only reads it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cityplanner.console import complain
from cityplanner.domain.errors import AmbiguousError, NotFoundError, StoreError, ValidationError
from cityplanner.domain.models import Site, Stop, Trip
from cityplanner.domain.units import DistanceUnit, in_unit
from cityplanner.store import Store


class CommandContext:
    """Shared by all commands of one invocation."""

    def __init__(self, db_path: str | None, unit: DistanceUnit = DistanceUnit.KM) -> None:
        self._db_path = db_path
        self._store: Store | None = None
        #: How text output writes distances (`--unit`); JSON fields stay in km.
        self.unit = unit

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store.open(Path(self._db_path) if self._db_path else None)
            except StoreError:
                raise
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"Cannot open the itinerary file: {exc}.") from None
            if self._store.damage is not None:
                backup = self._store.newest_good_backup
                copy = f" The newest good copy is {backup}." if backup else ""
                complain(f"note: {self._store.damage}{copy}")
        return self._store

    def trip(self, ref: str) -> Trip:
        return self.store.trips.find(ref)

    def stop_at(self, trip: Trip, position: int) -> Stop:
        """The stop at 1-based `position` of `trip`, or a refusal naming the valid range."""
        assert trip.id is not None
        stops = self.store.trips.stops(trip.id)
        if not stops:
            raise ValidationError("This trip has no stops yet.")
        if not 1 <= position <= len(stops):
            raise ValidationError(
                f"Position {position} is out of range: the trip has stops 1 to {len(stops)}."
            )
        return stops[position - 1]

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(
    headers: list[str], rows: list[list[str]], *, right: frozenset[int] = frozenset()
) -> None:
    """Print rows aligned in columns; columns listed in `right` are right-aligned."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def km(value: float, unit: DistanceUnit = DistanceUnit.KM) -> str:
    """A distance held in km, as a whole number of `unit` (the unit's name is the caller's)."""
    return f"{in_unit(value, unit):,.0f}"


def number_arg(text: str) -> float:
    """argparse type: a number (bad text is a usage error, exit status 2)."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def integer_arg(text: str) -> int:
    """argparse type: a whole number."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def find_site(
    sites: Sequence[Site], ref: str, where: str, label: Callable[[Site], str] | None = None
) -> Site:
    """The site among `sites` named by `ref`: its id, its whole name, or a part of it.

    None or several matches are refused with the candidates listed (`label` words each).
    """
    named = label or (lambda site: f"{site.id}: {site.name}")
    text = ref.strip()
    if text.isdigit():
        by_id = [s for s in sites if s.id == int(text)]
        if by_id:
            return by_id[0]
    folded = text.casefold()
    matches = [s for s in sites if s.name.casefold() == folded]
    if not matches:
        matches = [s for s in sites if folded and folded in s.name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = "; ".join(named(s) for s in sites[:10]) or "none yet"
        known += f" and {len(sites) - 10} more" if len(sites) > 10 else ""
        raise NotFoundError(f"No site of {where} is called {ref!r}; its sites are {known}.")
    names = [named(s) for s in matches]
    raise AmbiguousError(
        f"{ref!r} matches {len(matches)} sites of {where} ({'; '.join(names)}); "
        "give its number instead.",
        names,
    )
