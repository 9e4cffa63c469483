"""Cities named in a file without coordinates, found in the offline gazetteer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from cityplanner.domain.errors import CityPlannerError, ValidationError
from cityplanner.geo.gazetteer import Gazetteer, PlaceMatch, default_gazetteer

log = logging.getLogger(__name__)

#: (city name, country code or name, or "") → the gazetteer's place, or None.
CityLookup = Callable[[str, str], PlaceMatch | None]


def gazetteer_lookup(source: Gazetteer | Callable[[], Gazetteer] | None = None) -> CityLookup:
    """A lookup over a gazetteer, opened (and its index built) on first use only.

    `source` is the gazetteer, or a function giving it (the command line's shows
    progress while it builds the index), or None for the shared default one.

    Only a place one of whose names is the text itself counts: "Carc" is not
    Carcassonne. Of namesakes, the gazetteer's best (the most populous) wins;
    a country column narrows the choice.
    """
    answers: dict[tuple[str, str], PlaceMatch | None] = {}
    ready: list[Gazetteer] = []

    def lookup(name: str, country: str) -> PlaceMatch | None:
        key = (name.casefold(), country.strip().casefold())
        if key in answers:
            return answers[key]
        if not ready:
            if isinstance(source, Gazetteer):
                gazetteer = source
            else:
                gazetteer = default_gazetteer() if source is None else source()
            gazetteer.ensure_index()
            ready.append(gazetteer)
        try:
            matches = ready[0].search(name, country=country.strip() or None, limit=5)
        except CityPlannerError as exc:
            raise ValidationError(str(exc)) from None
        answers[key] = next((m for m in matches if m.exact), None)
        return answers[key]

    return lookup
