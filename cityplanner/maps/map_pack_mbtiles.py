"""MBTiles map packs: an SQLite file whose `tiles` rows are in TMS order (row 0 at the
south), so the row is flipped from the XYZ address the page asks for.

An MBTiles file is a database from anywhere, and its `tiles` may be a view that computes
forever; tiles are asked for on the window's GUI thread, and packs are opened again at
every start. So the file is opened read-only and immutable (never written, never
locked), views and triggers that compute rows with a `WITH` clause are refused, and
every query runs on a budget of SQLite steps (`_TILE_STEPS`, `_OPEN_STEPS`): one beyond
it is stopped and its tile not drawn, and after `_MAX_ABORTS` stopped queries the pack
gives no more tiles until it is opened again.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

from cityplanner.domain.errors import ValidationError
from cityplanner.maps.map_packs import (
    MAX_ZOOM,
    VECTOR_MESSAGE,
    MapPack,
    PackInfo,
    checked_format,
    parse_bounds,
    picture_format,
    plain_text,
)

#: SQLite calls the progress handler every this many steps of its virtual machine.
_STEP_GRAIN = 1000
#: The most steps one tile's query may take (an indexed lookup takes well under 1000;
#: a million takes some milliseconds).
_TILE_STEPS = 2_000_000
#: The most steps the queries checking a pack when it is opened may take between them.
_OPEN_STEPS = 100_000_000
#: Stopped tile queries after which a pack gives no more tiles.
_MAX_ABORTS = 3
_WITH_CLAUSE = re.compile(r"\bWITH\b", re.IGNORECASE)


class _StepBudget:
    """A connection's progress handler: stops a query once it has taken its steps."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.left = 0
        self.spent = False
        connection.set_progress_handler(self._step, _STEP_GRAIN)

    def start(self, steps: int) -> None:
        self.left, self.spent = steps // _STEP_GRAIN, False

    def _step(self) -> int:
        self.left -= 1
        if self.left < 0:
            self.spent = True
            return 1  # SQLite stops the query: sqlite3.OperationalError "interrupted"
        return 0


def open_mbtiles(source: Path) -> MapPack:
    """Open and check an MBTiles pack; raises ValidationError saying what is wrong."""
    name = source.name
    try:
        connection = sqlite3.connect(
            f"{source.absolute().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise ValidationError(f"The map pack {name} cannot be opened: {exc}.") from None
    budget = _StepBudget(connection)
    budget.start(_OPEN_STEPS)
    try:
        info = _mbtiles_info(source, connection)
    except sqlite3.DatabaseError as exc:
        connection.close()
        if budget.spent:
            raise ValidationError(
                f"The map pack {name} takes far too long to read (its tiles are computed, "
                "not stored): it cannot be used."
            ) from None
        raise ValidationError(
            f"The map pack {name} is damaged or cut short ({exc}): it cannot be used."
        ) from None
    except ValidationError:
        connection.close()
        raise
    lock = threading.Lock()
    aborts = 0

    def read(z: int, x: int, y: int) -> bytes | None:
        nonlocal aborts
        with lock:
            if aborts >= _MAX_ABORTS:
                return None
            budget.start(_TILE_STEPS)
            try:
                row = connection.execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                    "AND tile_row = ?",
                    (z, x, (1 << z) - 1 - y),
                ).fetchone()
            except sqlite3.OperationalError:
                if not budget.spent:
                    raise
                aborts += 1
                raise ValueError(
                    f"reading the tile {z}/{x}/{y} took far too long and was stopped"
                ) from None
        return bytes(row[0]) if row and row[0] is not None else None

    pack = MapPack(info, read)
    pack._close = connection.close
    return pack


def _mbtiles_info(source: Path, connection: sqlite3.Connection) -> PackInfo:
    name = source.name
    schema = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')"
    ).fetchall()
    for kind, _item, sql in schema:
        if kind in ("view", "trigger") and _WITH_CLAUSE.search(str(sql or "")):
            raise ValidationError(
                f"The map pack {name} computes its tiles with a query of its own (a WITH "
                "clause), which CityPlanner does not run: it cannot be used."
            )
    tables = {item for kind, item, _sql in schema if kind in ("table", "view")}
    if "metadata" not in tables:
        raise ValidationError(
            f"{name} is an SQLite file but not an MBTiles map pack: it has no metadata table."
        )
    if "tiles" not in tables:
        raise ValidationError(
            f"{name} is an SQLite file but not an MBTiles map pack: it has no tiles table."
        )
    meta: dict[str, str] = {}
    # Cut in SQL: a hostile file's one-gigabyte value is never read whole.
    rows = "SELECT substr(name, 1, 100), substr(value, 1, 4000) FROM metadata LIMIT 1000"
    for key, value in connection.execute(rows):
        if isinstance(key, str) and value is not None:
            meta[key.strip().lower()] = str(value)
    title = plain_text(meta.get("name")) or source.stem
    claimed = meta.get("format", "").strip().lower()
    if claimed in ("pbf", "mvt"):
        raise ValidationError(VECTOR_MESSAGE.format(name=name))
    # Any one tile, unsorted: sorting a view of millions of rows would read them all.
    first = connection.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
    if first is None:
        raise ValidationError(f"The map pack {name} holds no tiles.")
    found = picture_format(bytes(first[0] or b""))
    fmt = checked_format(name, claimed, found)
    low, high = _zoom(meta.get("minzoom"), default=-1), _zoom(meta.get("maxzoom"), default=-1)
    if low < 0 or high < 0:  # only when the metadata does not say: a scan of a view
        zooms = connection.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        low = low if low >= 0 else _zoom(zooms[0], default=0)
        high = high if high >= 0 else _zoom(zooms[1], default=MAX_ZOOM)
    return PackInfo(
        path=source,
        kind="MBTiles",
        name=title,
        format=fmt,
        min_zoom=min(low, high),
        max_zoom=max(low, high),
        bounds=parse_bounds(meta.get("bounds", "")),
        attribution=plain_text(meta.get("attribution")),
    )


def _zoom(text: object, *, default: int) -> int:
    """A zoom level from the file, within 0 and `MAX_ZOOM`; `default` when it is not one."""
    try:
        value = int(float(str(text).strip()))
    except (TypeError, ValueError, OverflowError):
        return default
    return max(0, min(MAX_ZOOM, value))
