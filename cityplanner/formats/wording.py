"""Counts written for people: "1 stop", "2 stops", never "1 stop(s)"."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def counted(count: int, singular: str, plural: str = "") -> str:
    """`count` and its noun in the right number: counted(1, "place") == "1 place"."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"


def first_reason(error: Exception) -> str:
    """An error's message without its final full stop, to quote inside a note."""
    return str(error).strip().rstrip(".")
