"""Recorded tracks and planned lines as the map page draws them.

The store keeps every point; the page gets a few hundred per track, which is all a
screen can show and keeps a trip of long tracks quick to load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cityplanner.domain.tracks import Track, display_lines, duration_text


def track_lines(tracks: Sequence[Track]) -> list[dict[str, Any]]:
    """The tracks as the page draws them: figures to show and simplified lines.

    Each line holds a few hundred points at most (`DISPLAY_POINTS` per track), rounded
    to 5 decimals (about a metre): a track of 10⁵ points must not make the page slow.
    `stop` is the id of the stop it belongs to (or None), `day` its ISO date (or "").
    """
    result = []
    for track in tracks:
        if track.points is None or not len(track.points):
            continue
        lines = [np.round(line, 5).tolist() for line in display_lines(track.points)]
        result.append(
            {
                "id": track.id,
                "name": track.name,
                "kind": track.kind,
                "km": round(track.km, 1),
                "duration": duration_text(track.duration),
                "ascent": round(track.ascent_m) if track.ascent_m is not None else None,
                "day": track.day.isoformat() if track.day else "",
                "stop": track.stop_id,
                "lines": lines,
            }
        )
    return result
