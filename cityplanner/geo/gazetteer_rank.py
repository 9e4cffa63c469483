"""How a city search ranks the places it found: how well the name matches, how well
known the place is, how near it is to the trip, and whether the trip visits its country.

Every part is a number added to the place's score, on one scale: the score starts
from the place's prominence, ln(1 + population) + ln(number of names), so +1.0 is
worth a factor of e (2.7) in population.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cityplanner.domain.sphere import EARTH_RADIUS_KM
from cityplanner.geo.search_context import SearchContext

# -- how the name matches -----------------------------------------------------------
# An exact name comes first, then the start of the place's own name, then the start
# of another of its names: "tou" shows Toulouse before Mexico City (one of whose many
# names starts with "Tou"), and "Moskva" shows Moscow before the hamlet whose own
# name is Moskva.
EXACT_NAME = 6.0
EXACT_OTHER_NAME = 5.0
NAME_PREFIX = 3.0
WORD_IN_NAME = 0.5
OTHER_NAME_PREFIX = -2.0
#: A name within a few typing mistakes of the query (only looked for when no name
#: matches at all): below every real match, less for each mistake, so "Reykjavk"
#: (one mistake) shows Reykjavík before places two mistakes away.
SIMILAR_NAME = -3.0
PER_MISTAKE = 1.0
#: The query has accents and the place's own name starts with exactly that spelling:
#: "Vík" prefers Vík í Mýrdal to Viikki, whose Swedish name "Vik" folds alike.
SPELLED_AS_TYPED = 1.0

#: `PlaceMatch.matched` for each kind of match.
MATCH_NAME = "name"
MATCH_OTHER_NAME = "other name"
MATCH_PREFIX = "start of name"
MATCH_WORD = "word of name"
MATCH_OTHER_NAMES = "other names"
MATCH_SIMILAR = "similar name"

# -- where the place is, seen from the trip -----------------------------------------
#: Pull of a trip's point on a place d km away: weight × 2 × ln(FARTHEST / (d + NEAR)).
#: The exponent 2 is Reilly's law of retail gravitation (attraction ∝ population /
#: distance²): a place half as far counts as one four times as populous. So an Iceland
#: trip pulls Vík (160 km away, +9.3) far more than Viikki in Finland (2,100 km, +4.5),
#: and a trip to Austin pulls Paris TX (430 km, +7.5) far more than Paris, France (+1.8).
PROXIMITY_EXPONENT = 2.0
#: Within about this distance every place is "here": the pull stops growing, so a
#: village next door does not beat the town 20 km away by distance alone.
NEAR_KM = 25.0
#: About the greatest distance between two points on Earth, where the pull is 0.
FARTHEST_KM = 20_000.0
#: A place in a country the trip already visits, as if e² ≈ 7 times more populous:
#: trips mostly add stops in the countries they are in. With the pull from Austin it
#: lifts Paris TX (24,800 people) 1.2 over Paris, France (2.1 million, 6.5 ahead alone).
TRIP_COUNTRY = 2.0

FloatArray = npt.NDArray[np.float64]


def name_bonus(primary: str, text: str, *, other_exact: bool) -> tuple[float, str] | None:
    """How the leading query words `text` match a place whose own folded name is `primary`.

    `other_exact` says whether `text` is exactly another of its names. Returns the
    bonus and the kind of match, or None for no match.
    """
    if text == primary:
        return EXACT_NAME, MATCH_NAME
    if other_exact:
        return EXACT_OTHER_NAME, MATCH_OTHER_NAME
    if primary.startswith(text):
        return NAME_PREFIX, MATCH_PREFIX
    if " " + text in primary:
        return WORD_IN_NAME, MATCH_WORD
    return None


def similar_bonus(mistakes: int) -> float:
    return SIMILAR_NAME - PER_MISTAKE * mistakes


def country_bonus(code: str, context: SearchContext | None) -> float:
    return TRIP_COUNTRY if context is not None and code in context.countries else 0.0


def proximity(
    lats: Sequence[float], lons: Sequence[float], context: SearchContext | None
) -> tuple[list[float], list[float | None]]:
    """For each place: the pull of the trip's points on it, and its distance to the nearest."""
    if context is None or not context.points or not lats:
        return [0.0] * len(lats), [None] * len(lats)
    points = context.points
    distances = haversine_grid(
        np.asarray(lats, dtype=np.float64),
        np.asarray(lons, dtype=np.float64),
        np.asarray([p.lat for p in points], dtype=np.float64),
        np.asarray([p.lon for p in points], dtype=np.float64),
    )
    weights = np.asarray([p.weight for p in points], dtype=np.float64)
    pull = PROXIMITY_EXPONENT * np.log(FARTHEST_KM / (distances + NEAR_KM))
    best = (np.clip(pull, 0.0, None) * weights[None, :]).max(axis=1)
    nearest = distances.min(axis=1)
    return [float(b) for b in best], [round(float(d), 1) for d in nearest]


def haversine_grid(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distances (km) from each of the first points (rows) to each of the second."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dl = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return result


def pull_at(distance_km: float, weight: float = 1.0) -> float:
    """The pull of one point at a distance (as `proximity` computes it), for explanations."""
    return weight * max(0.0, PROXIMITY_EXPONENT * math.log(FARTHEST_KM / (distance_km + NEAR_KM)))
