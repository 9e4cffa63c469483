"""Guards for reading files from elsewhere: size limits, hostile XML and zip bombs."""

from __future__ import annotations

import gc
import logging
import lzma
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from cityplanner.domain.errors import ValidationError

log = logging.getLogger(__name__)

#: Largest file CityPlanner reads (an export of 100,000 places is about 10 MB).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: Most places (points, placemarks, rows) one import may bring in.
MAX_FEATURES = 250_000
#: Largest file unpacked from a KMZ archive, counted while unpacking.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
#: KML compresses well, but not a thousandfold: beyond this an entry is a zip bomb.
MAX_COMPRESSION_RATIO = 200
MAX_ARCHIVE_ENTRIES = 1000
#: Tags ('<') one XML file may hold; bounds the memory of its parsed tree (~0.5 GB).
MAX_XML_TAGS = 5_000_000
#: Deepest nesting of XML elements, or of JSON arrays and objects, a file may have.
#: GPX needs 6 levels and KML about 10 plus its folders; deeper is broken or hostile,
#: and would exhaust the stack of whatever walks it recursively.
MAX_DEPTH = 64
#: What can go wrong inside `zipfile` and its decompressors with a damaged archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
    OverflowError,
    RuntimeError,
)
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"'>]{0,40})")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while an import builds its objects.

    Reading 100,000 points makes about a million objects, none of them in
    reference cycles, and the collector would walk the growing heap again and
    again: a quarter of the import's time. It runs again as soon as the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_limited(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of `path`, refusing folders, empty files and files above `limit`."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a file to import.")
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValidationError(
                f"{path.name} is too large to import ({_mb(size)}; at most {_mb(limit)})."
            )
        with path.open("rb") as handle:
            # The size the file has now, in one piece (read(limit + 1) would set aside the
            # whole limit for any file, and pieces joined would hold the file twice); then
            # in pieces whatever it grew by since, up to the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                chunks = [data]
                total = len(data)
                while total <= limit and (chunk := handle.read(1024 * 1024)):
                    chunks.append(chunk)
                    total += len(chunk)
                data = b"".join(chunks)
    except FileNotFoundError:
        raise ValidationError(f"There is no file {path}.") from None
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    check_size(data, path.name, limit=limit)
    return data


def check_size(data: bytes, label: str, *, limit: int | None = None) -> None:
    limit = MAX_FILE_BYTES if limit is None else limit
    if not data.strip():
        raise ValidationError(f"{label} is empty: there is nothing to import.")
    if len(data) > limit:
        raise ValidationError(f"{label} is too large to import (more than {_mb(limit)}).")


def check_feature_count(count: int, label: str, what: str = "places") -> None:
    if count > MAX_FEATURES:
        raise ValidationError(
            f"{label} holds more than {MAX_FEATURES:,} {what}; "
            "split it into smaller files and import them one by one."
        )


def parse_xml(data: bytes, label: str, kind: str) -> Element:
    """Parse XML that may be hostile: any DTD or entity declaration is refused outright.

    First defusedxml's parser reads the prolog, the only place a DOCTYPE (and so
    an entity declaration) may stand, and refuses any: neither local files (XXE)
    nor memory ("billion laughs") can be reached. It stops at the root element,
    and the C parser of the standard library, about three times faster than the
    pure-Python one defusedxml subclasses, then builds the tree of a file proven
    to declare nothing.
    """
    if data.count(b"<") > MAX_XML_TAGS:
        raise ValidationError(
            f"{label} holds too many XML elements to import at once (over "
            f"{MAX_XML_TAGS // 2:,}); split it into smaller files."
        )
    try:
        _refuse_declarations(data)
        root = ElementTree.fromstring(data)
    except (DefusedXmlException, ParseError, LookupError, ValueError) as exc:
        raise _xml_error(exc, data, label, kind) from None
    _check_xml_depth(root, label, kind)
    return root


def stream_xml(data: bytes, label: str, kind: str) -> Iterator[tuple[str, Element]]:
    """The ("start" | "end", element) events of XML that may be hostile, as it is read.

    The same refusals as `parse_xml`, without building the whole tree: a reader that
    empties what it has read keeps a file of millions of elements in little memory
    (GPX tracks). The caller bounds the depth, which it follows anyway.
    """
    try:
        _refuse_declarations(data)
        yield from ElementTree.iterparse(BytesIO(data), events=("start", "end"))
    except (DefusedXmlException, ParseError, LookupError, ValueError) as exc:
        raise _xml_error(exc, data, label, kind) from None


def _xml_error(exc: Exception, data: bytes, label: str, kind: str) -> ValidationError:
    if isinstance(exc, DefusedXmlException):
        return ValidationError(
            f"{label} was refused: it declares a DTD or XML entities, which {kind} files "
            "never need and which can be used to read local files or exhaust memory."
        )
    if isinstance(exc, ParseError):
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        hint = ""
        if "invalid token" in reason or "encoding" in reason:
            hint = " (it may be saved in another encoding than it declares)"
        return ValidationError(
            f"{label} is not a valid {kind} file: the XML is broken at line {line}, "
            f"column {column + 1}: {reason}{hint}."
        )
    # expat reads UTF-8, UTF-16 and single-byte encodings; Python refuses the others.
    return ValidationError(_encoding_message(data, label, kind))


def _encoding_message(data: bytes, label: str, kind: str) -> str:
    found = _DECLARED_ENCODING.match(data[:1024])
    declared = found.group(1).decode("ascii", "replace").strip() if found else ""
    if not declared:
        return f"{label} is not a valid {kind} file: its text encoding cannot be read."
    return (
        f"{label} declares its text in the encoding {declared!r}, which CityPlanner cannot "
        f"read (or the file is not in it); save it as UTF-8 and try again."
    )


def _check_xml_depth(root: Element, label: str, kind: str) -> None:
    """Refuse elements nested deeper than `MAX_DEPTH`, walking the tree level by level."""
    level, depth = [root], 1
    while level:
        if depth > MAX_DEPTH:
            raise too_deep(label, kind, "elements")
        level = [child for element in level for child in element]
        depth += 1


def check_json_depth(root: object, label: str, kind: str) -> None:
    """Refuse arrays and objects nested deeper than `MAX_DEPTH`, level by level."""
    level: list[dict[Any, Any] | list[Any]] = [root] if isinstance(root, dict | list) else []
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            raise too_deep(label, kind, "arrays and objects")
        deeper: list[dict[Any, Any] | list[Any]] = []
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            for value in values:
                # A type test, not isinstance: json.loads makes no subclasses, and this
                # runs for every value of a file of 100,000 features.
                kind_of = type(value)
                if kind_of is dict or kind_of is list:
                    deeper.append(value)
        level = deeper
        depth += 1


def too_deep(label: str, kind: str, what: str) -> ValidationError:
    """The refusal of a file whose `what` are nested more than `MAX_DEPTH` levels deep."""
    return ValidationError(
        f"{label} is not a {kind} file CityPlanner can read: it nests its {what} more "
        f"than {MAX_DEPTH} levels deep."
    )


class _RootReached(Exception):
    """The prolog is over: what follows cannot declare a DTD or an entity."""


class _StopAtRoot:
    """A parser target that ends the check at the root element's start tag."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise _RootReached

    def close(self) -> None:
        return None


def _refuse_declarations(data: bytes) -> None:
    parser = DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        # In pieces: the prolog is over within the first few, and expat copies what
        # it is fed but has not parsed, which for a whole file is the whole file again.
        for start in range(0, len(data), _PROLOG_PIECE):
            parser.feed(data[start : start + _PROLOG_PIECE])
        parser.close()
    except _RootReached:
        return


_PROLOG_PIECE = 64 * 1024


def unpack_kmz(data: bytes, label: str) -> bytes:
    """The main KML document of a KMZ archive, unpacked within size and ratio limits."""
    with KmzArchive(data, label) as archive:
        return archive.read(archive.main)


class KmzArchive:
    """The KML files of a KMZ archive, unpacked on request within the archive's limits.

    `MAX_UNPACKED_BYTES` bounds all the files read together, not each one, so that
    a document linking to many files costs no more than one large file.
    """

    def __init__(self, data: bytes, label: str) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
        except ZIP_ERRORS:
            raise ValidationError(
                f"{label} is not a valid KMZ file: it is not a zip archive, or its list of "
                "contents is damaged."
            ) from None
        entries = self._zip.infolist()
        if len(entries) > MAX_ARCHIVE_ENTRIES:
            self._zip.close()
            raise ValidationError(f"{label} holds too many files ({len(entries)}) to be a KMZ.")
        kml = [e for e in entries if e.filename.lower().endswith(".kml") and not e.is_dir()]
        if not kml:
            self._zip.close()
            raise ValidationError(f"{label} is not a valid KMZ file: it holds no .kml document.")
        self._label, self._size, self._unpacked = label, len(data), 0
        self._entries = {e.filename: e for e in kml}
        self._folded = {e.filename.casefold(): e.filename for e in kml}
        # The KML spec reads the first .kml entry; doc.kml is the conventional name.
        self.main = self._folded.get("doc.kml", kml[0].filename)

    def __enter__(self) -> KmzArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def find(self, href: str, *, relative_to: str) -> str | None:
        """The entry a link names, relative to the file holding it; None for a link to
        the network, an absolute path, or a file the archive does not hold."""
        target = unquote(href.strip().split("#")[0].split("?")[0]).replace("\\", "/")
        if not target or "://" in target or target.startswith("/") or ":" in target:
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(relative_to), target))
        if path == ".." or path.startswith("../"):
            return None
        return path if path in self._entries else self._folded.get(path.casefold())

    def read(self, name: str) -> bytes:
        budget = MAX_UNPACKED_BYTES - self._unpacked
        data = _unpack_entry(
            self._zip, self._entries[name], self._label, archive_size=self._size, limit=budget
        )
        self._unpacked += len(data)
        return data


def _unpack_entry(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    label: str,
    *,
    archive_size: int,
    limit: int = MAX_UNPACKED_BYTES,
) -> bytes:
    if entry.header_offset < 0 or entry.header_offset + entry.compress_size > archive_size:
        # Checked first, so that a damaged directory is not mistaken for a zip bomb.
        raise ValidationError(
            f"{label} is a damaged KMZ archive: its list of contents places "
            f"{entry.filename!r} beyond the end of the file."
        )
    return unpack_counted(archive, entry, label, limit=limit)


def unpack_counted(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    label: str,
    *,
    limit: int = MAX_UNPACKED_BYTES,
    ratio: float = MAX_COMPRESSION_RATIO,
    kind: str = "KMZ archive",
) -> bytes:
    """An archive entry's bytes, refused as a zip bomb past `limit` bytes or `ratio` times
    its packed size, and as a damaged `kind` when it cannot be unpacked."""
    declared = entry.file_size
    packed = max(entry.compress_size, 1)
    if declared > limit or declared / packed > ratio:
        raise ValidationError(bomb_message(label, entry.filename))
    # The sizes in the archive's directory can lie: count the bytes while unpacking too.
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(1024 * 1024):
                total += len(chunk)
                if total > limit or total / packed > ratio:
                    raise ValidationError(bomb_message(label, entry.filename))
                chunks.append(chunk)
    except NotImplementedError:
        raise ValidationError(
            f"{label} uses a zip compression method CityPlanner cannot read."
        ) from None
    except ZIP_ERRORS as exc:  # bad CRC, damaged deflate data, encrypted entry…
        reason = str(exc).rstrip(".") or type(exc).__name__
        raise ValidationError(
            f"{label} is a damaged {kind}: {entry.filename!r} cannot be unpacked ({reason})."
        ) from None
    return b"".join(chunks)


def bomb_message(label: str, name: str) -> str:
    return (
        f"{label} was refused: its entry {name!r} unpacks to far more than it could hold "
        f"(over {_mb(MAX_UNPACKED_BYTES)} or {MAX_COMPRESSION_RATIO} times its packed size), "
        "as a zip bomb does."
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
