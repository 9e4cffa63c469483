from __future__ import annotations

from collections.abc import Iterator

import pytest

from cityplanner.domain import Place, Stop
from cityplanner.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.memory() as opened:
        yield opened


def make_stop(name: str, lat: float = 45.0, lon: float = 5.0, **kw: object) -> Stop:
    return Stop(place=Place(name=name, lat=lat, lon=lon, country_code=kw.pop("cc", "FR")), **kw)  # type: ignore[arg-type]
