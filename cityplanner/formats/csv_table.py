"""CSV: one row per stop followed by its sites; any table with a name and coordinates on import."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import from_bytes

from cityplanner.domain.errors import ValidationError
from cityplanner.formats.document import (
    ExportOptions,
    ImportOptions,
    ParsedFile,
    PendingSite,
    TripDocument,
)
from cityplanner.formats.escape import coordinate, csv_cell, csv_uncell
from cityplanner.formats.fields import (
    KIND_SITE,
    KIND_STOP,
    TAG_SEPARATOR,
    FeaturePosition,
    clean_name,
    make_site,
    make_stop,
    stop_reference,
)
from cityplanner.formats.safety import MAX_FEATURES, check_feature_count
from cityplanner.formats.wording import counted

log = logging.getLogger(__name__)

#: The export's header. Other tools find columns by the words in their names: gpsbabel's
#: `unicsv` takes any name *containing* "lat" as the latitude and "time" as a time, so
#: the time zone is `tz` and the population `inhabitants` (their old names made it fail),
#: and `date` repeats the arrival for it. GDAL reads `lat`/`lon` given
#: `-oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat`.
COLUMNS = (
    "kind", "name", "lat", "lon", "stop", "arrival", "nights", "mode", "country_code",
    "admin1", "tz", "inhabitants", "source_id", "theme", "status", "approximate",
    "address", "url", "tags", "notes", "date",
)  # fmt: skip
_NAME_COLUMNS = ("name", "title", "label", "place", "city", "town", "nom", "naam", "name_en")
_LAT_COLUMNS = ("lat", "latitude", "y", "lat_deg", "breite", "latitud")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x", "lon_deg", "laenge", "länge", "longitud")
_COUNTRY_COLUMNS = ("country_code", "country", "country code", "pays", "land", "país", "paese")
_DELIMITERS = ",;\t|"
#: Longest first line (the header) and most columns a table may have. Both are checked
#: on the text before anything parses it, so a line of 200,000 commas costs nothing.
MAX_HEADER_CHARS = 8192
MAX_COLUMNS = 256
#: How much of the start the delimiter is guessed from: `csv.Sniffer` takes time that
#: grows with the square of its sample when the sample is full of quotes.
_SNIFF_CHARS = 4096
_LINE_END = re.compile(r"[\r\n]")


# -- export ---------------------------------------------------------------------------


def write_csv(doc: TripDocument, out: BinaryIO, options: ExportOptions) -> None:
    """UTF-8 (with the byte-order mark spreadsheets look for); coordinates stay numbers."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for stop in doc.stops:
        place = stop.place
        arrival = stop.arrival.isoformat() if stop.arrival else ""
        writer.writerow(_row({
            "kind": KIND_STOP, "name": stop.name, "stop": str(stop.position + 1),
            "arrival": arrival, "date": arrival,
            "nights": str(stop.nights), "mode": stop.mode.value if stop.mode else "",
            "country_code": place.country_code, "admin1": place.admin1,
            "tz": place.timezone, "inhabitants": str(place.population or ""),
            "source_id": place.source_id, "approximate": "1" if place.approximate else "",
            "notes": stop.notes,
        }, place.lat, place.lon))  # fmt: skip
        for site in doc.sites_of(stop):
            writer.writerow(_row({
                "kind": KIND_SITE, "name": site.name, "stop": str(stop.position + 1),
                "theme": site.theme.value, "status": site.status.value,
                "approximate": "1" if site.approximate else "", "address": site.address,
                "url": site.url, "tags": TAG_SEPARATOR.join(site.tags),
                "notes": site.description,
            }, site.lat, site.lon))  # fmt: skip
    out.write(codecs.BOM_UTF8 + text.getvalue().encode("utf-8"))


def _row(values: dict[str, str], lat: float | None, lon: float | None) -> list[str]:
    cells = [csv_cell(values.get(column, "")) for column in COLUMNS]
    cells[COLUMNS.index("lat")] = "" if lat is None else coordinate(lat)
    cells[COLUMNS.index("lon")] = "" if lon is None else coordinate(lon)
    return cells


# -- import ---------------------------------------------------------------------------


def read_csv(data: bytes, label: str, options: ImportOptions) -> ParsedFile:
    """Rows with a name and coordinates; a `kind` or `theme` column makes sites."""
    text, encoding = decode_text(data, label)
    first_line = _first_line(text, label)
    dialect = _sniff(text, len(first_line))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(f"{label} is empty: there is nothing to import.") from None
    except csv.Error as exc:
        raise ValidationError(f"{label} is not a readable CSV file: {exc}.") from None
    if len(header) > MAX_COLUMNS:  # a quoted line break can carry the header past line 1
        raise _too_many_columns(label, len(header))
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    rows: Iterator[list[str]] = reader
    first_line_number = 2
    headless = _plainly_lat_lon_name(header, columns)
    if headless:
        # No header: the first line is a place, its columns named by what they hold.
        columns = ["lat", "lon", "name"] + [f"column {n}" for n in range(4, len(header) + 1)]
        rows, first_line_number = itertools.chain([header], reader), 1
    found = _Columns(
        name=_find(columns, _NAME_COLUMNS),
        lat=_find(columns, _LAT_COLUMNS),
        lon=_find(columns, _LON_COLUMNS),
        country=_find(columns, _COUNTRY_COLUMNS),
    )
    if found.name is None or (
        (found.lat is None or found.lon is None) and options.city_lookup is None
    ):
        listed = ", ".join(repr(h) for h in header[:12]) or "none"
        raise ValidationError(
            f"{label} needs a name column and latitude/longitude columns "
            f"(such as name, lat, lon); its columns are: {listed}."
        )
    parsed = ParsedFile(label=label, kind=f"CSV ({encoding}, {_delimiter_name(dialect)})")
    located = 0
    try:
        for line, row in enumerate(rows, start=first_line_number):
            if not any(cell.strip() for cell in row):
                continue
            check_feature_count(parsed.count + 1, label, "rows")
            # Cells past the last column are left out; zip stops at the shorter.
            values = {c: csv_uncell(cell) for c, cell in zip(columns, row, strict=False)}
            with FeaturePosition(label, "line") as where:
                where.index = line
                located += _add_row(parsed, values, found, line, options)
    except csv.Error as exc:
        raise ValidationError(f"{label} is not a readable CSV file: {exc}.") from None
    if headless:
        parsed.notes.append("No header row: the columns were read as latitude, longitude, name.")
    if located:
        parsed.notes.append(f"{counted(located, 'place')} without coordinates found by name in "
                            "the offline gazetteer.")  # fmt: skip
    return parsed


def _plainly_lat_lon_name(header: list[str], columns: list[str]) -> bool:
    """Whether a first line with no known column names is a place: a latitude, a
    longitude and a name that is not a number (`41.9,12.5,Rome`)."""
    if len(header) < 3 or _find(columns, _NAME_COLUMNS) or _find(columns, _LAT_COLUMNS):
        return False
    try:
        lat, lon = float(_number(header[0])), float(_number(header[1]))
    except ValueError:
        return False
    name = header[2].strip()
    if not name or not math.isfinite(lat + lon) or abs(lat) > 90 or abs(lon) > 180:
        return False
    try:
        float(_number(name))
    except ValueError:
        return True
    return False


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where a table keeps each thing (column names; None when it has no such column)."""

    name: str | None
    lat: str | None
    lon: str | None
    country: str | None


def _add_row(
    parsed: ParsedFile, values: dict[str, str], found: _Columns, line: int, options: ImportOptions
) -> bool:
    """Add one row as a stop or a site; True when its city was found by name."""
    name = clean_name(values.get(found.name or "", ""), f"Row {line}")
    lat = _number(values.get(found.lat or "", ""))
    lon = _number(values.get(found.lon or "", ""))
    kind = values.get("kind", "").strip().lower()
    if kind in (KIND_STOP, KIND_SITE):
        as_site = kind == KIND_SITE
    elif options.points_as == "auto":
        as_site = bool(values.get("theme", "").strip())
    else:
        as_site = options.points_as == "sites"
    if as_site:
        fields = {**values, "description": values.get("notes", values.get("description", ""))}
        # Empty coordinates make a site without a spot of its own (it keeps its stop).
        site = make_site(name, lat, lon, fields, theme=options.default_theme)
        parsed.sites.append(PendingSite(site=site, stop_index=stop_reference(fields)))
        return False
    fields = {**values, "notes": values.get("notes", values.get("description", ""))}
    fields.pop("stop", None)
    if lat and lon:
        parsed.stops.append(make_stop(name, lat, lon, fields))
        return False
    country = values.get(found.country or "", "").strip()
    match = options.city_lookup(name, country) if options.city_lookup else None
    if match is None:
        if options.city_lookup is None:
            raise ValidationError(f"{name!r} has no latitude and longitude.")
        where = f" in {country}" if country else ""
        raise ValidationError(
            f"{name!r} has no latitude and longitude, and the offline gazetteer knows "
            f"no city of that name{where}."
        )
    known = {
        "country_code": match.country_code,
        "admin1": match.admin1,
        "timezone": match.timezone,
        "population": str(match.population),
        "source_id": match.source_id,
    }
    # What the row says (dates, nights, notes…) is kept; the place is the gazetteer's.
    given = {k: v for k, v in fields.items() if v.strip() and k not in known and k != "country"}
    parsed.stops.append(make_stop(match.name, match.lat, match.lon, {**known, **given}))
    return True


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """Decode a text file: byte-order mark, then strict UTF-8, then detection."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise ValidationError(
                    f"{label} starts like {encoding.upper()} text but is not valid {encoding}."
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise ValidationError(
            f"{label} is not text in an encoding CityPlanner can recognise; "
            "save it as UTF-8 CSV and try again."
        )
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ValidationError(
            f"{label} mixes text encodings; save it as UTF-8 CSV and try again."
        ) from None
    if "\x00" in text:
        raise ValidationError(f"{label} is not a text file.")
    log.info("%s read as %s", label, best.encoding)
    return text, best.encoding


def _first_line(text: str, label: str) -> str:
    """The header line, refused if longer or with more separators than a header has."""
    end = _LINE_END.search(text, 0, MAX_HEADER_CHARS + 1)
    first = text[: end.start()] if end else text[: MAX_HEADER_CHARS + 1]
    if len(first) > MAX_HEADER_CHARS:
        raise ValidationError(
            f"{label} is not a table CityPlanner can read: its first line is longer than "
            f"{MAX_HEADER_CHARS:,} characters, and a header naming the columns is shorter."
        )
    separators = max(first.count(d) for d in _DELIMITERS)
    if separators + 1 > MAX_COLUMNS:
        raise _too_many_columns(label, separators + 1)
    return first


def _too_many_columns(label: str, count: int) -> ValidationError:
    return ValidationError(
        f"{label} is not a table CityPlanner can read: its header has {count:,} columns "
        f"(at most {MAX_COLUMNS})."
    )


def _sniff(text: str, header_length: int) -> type[csv.Dialect] | csv.Dialect:
    sample = text[: max(_SNIFF_CHARS, header_length + 1)]
    last_break = max(sample.rfind("\n"), sample.rfind("\r"))
    if last_break > header_length:  # whole lines only
        sample = sample[:last_break]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])

        class Fallback(csv.excel):
            delimiter = best if counts[best] else ","

        return Fallback


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    """The first of `names` that is one of the table's columns."""
    return next((name for name in names if name in columns), None)


def _number(text: str) -> str:
    cleaned = text.strip()
    # Spreadsheets in many languages write 43,6 for 43.6.
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return cleaned


def _delimiter_name(dialect: type[csv.Dialect] | csv.Dialect) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
    return f"separated by {names.get(str(dialect.delimiter), repr(dialect.delimiter))}"


__all__ = ["COLUMNS", "MAX_FEATURES", "decode_text", "read_csv", "write_csv"]
