"""When a name given without coordinates is clear enough to add a stop, and when it is not.

The command line adds the best match only when no other is about as likely; else it
lists the close ones and adds nothing, so that a script never gets a city it did not
mean. The window shows the list as you type and lets Enter take the best.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityplanner.geo.gazetteer_match import PlaceMatch

#: Two matches whose scores differ by less than this are too close to choose between:
#: 1.0 is a factor of e (2.7) in population and fame, or being 1.6 times nearer the
#: trip (the pull grows with 2 × ln of nearness). "Springfield" alone: Illinois 21.5,
#: Massachusetts 21.3, Missouri 21.1, all within it; near Chicago, Illinois leads by 3.
AMBIGUITY_MARGIN = 1.0
#: However clear the scores, a best match farther than FAR_KM from the trip is not
#: taken while another match of the same name lies within NEAR_KM of it: the far one
#: may be famous, but the near one is likely what was meant.
NEAR_KM = 100.0
FAR_KM = 1000.0


@dataclass(frozen=True, slots=True)
class Choice:
    """What a list of matches means for a stop: one place, or the candidates to choose from."""

    best: PlaceMatch | None
    candidates: tuple[PlaceMatch, ...]
    """Every match as likely as the best (the best first), when there is more than one."""
    similar: bool = False
    """Nothing has the name given; these are names a typing mistake or two away."""

    @property
    def clear(self) -> bool:
        return self.best is not None and not self.candidates and not self.similar


def choose(matches: list[PlaceMatch]) -> Choice:
    """The one place `matches` (best first, as `Gazetteer.search` ranks them) designate, if any."""
    if not matches:
        return Choice(None, ())
    best = matches[0]
    if best.similar:
        return Choice(best, tuple(matches[:5]), similar=True)
    rivals = [
        m
        for m in matches[1:]
        if m.exact == best.exact and not m.similar and best.score - m.score < AMBIGUITY_MARGIN
    ]
    if best.distance_km is not None and best.distance_km > FAR_KM:
        rivals += [
            m
            for m in matches[1:]
            if m not in rivals
            and m.exact == best.exact
            and m.distance_km is not None
            and m.distance_km <= NEAR_KM
        ]
    return Choice(best, (best, *rivals) if rivals else ())
