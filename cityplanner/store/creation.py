"""Give a new file its name only once it is complete: a crash leaves nothing or all of it.

The file is built under a temporary name in the same folder (so the rename cannot cross
disks), then linked to its name, which fails rather than replace a file another program
created meanwhile; only a 0-byte leftover is ever replaced. What a killed creation leaves
behind is removed by the next one.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from cityplanner.domain.errors import StoreError

log = logging.getLogger(__name__)

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def side_file(path: Path, suffix: str) -> Path:
    """The `-wal`, `-shm` or `-journal` file SQLite keeps beside `path`."""
    return path.with_name(path.name + suffix)


def create_whole(target: Path, build: Callable[[Path], None]) -> bool:
    """Have `build` write a complete file at a temporary path, then name it `target`.

    Returns False when another program put a file at `target` meanwhile; it is kept, and
    ours is dropped. `build` must leave nothing in side files (checkpoint, then close).
    """
    check_can_create(target)
    _sweep_abandoned(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.creating")
    try:
        build(temp)
        return _place(temp, target)
    except OSError as exc:
        raise StoreError(f"Cannot create {target}: {exc.strerror or exc}.") from None
    finally:
        for name in (temp, *(side_file(temp, s) for s in SIDE_SUFFIXES)):
            with contextlib.suppress(OSError):
                name.unlink(missing_ok=True)


def is_empty_leftover(path: Path) -> bool:
    """A 0-byte file with no log beside it: what an older version left when killed at once."""
    wal = side_file(path, "-wal")
    try:
        return (
            path.is_file()
            and path.stat().st_size == 0
            and (not wal.exists() or wal.stat().st_size == 0)
        )
    except OSError:
        return False


def check_can_create(target: Path) -> None:
    parent = target.parent
    if not parent.exists():
        raise StoreError(f"Cannot create {target}: the folder {parent} does not exist.")
    if not parent.is_dir():
        raise StoreError(f"Cannot create {target}: {parent} is not a folder.")
    probe = parent / f".{target.name}.probe"
    try:
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise StoreError(
            f"Cannot create {target}: the folder {parent} cannot be written "
            f"({exc.strerror or exc})."
        ) from None
    free = shutil.disk_usage(parent).free
    if free < 1_000_000:
        raise StoreError(f"Cannot create {target}: the disk is full.")


def _place(temp: Path, target: Path) -> bool:
    if target.exists():
        if not is_empty_leftover(target):
            return False
        log.warning("Replacing the empty file %s left by an interrupted first start", target)
        os.replace(temp, target)
    else:
        try:
            # Unlike a rename, a link never replaces a file another program created meanwhile.
            os.link(temp, target)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            os.replace(temp, target)
    if os.name == "posix":  # the new name itself survives a power cut
        with contextlib.suppress(OSError):
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    return True


def _sweep_abandoned(target: Path) -> None:
    """Remove the temporary files of creations whose process is gone (POSIX only).

    The process id in the name tells; elsewhere the leftovers stay, a few kilobytes each.
    """
    if os.name != "posix":
        return
    pattern = re.compile(
        rf"^\.{re.escape(target.name)}\.(\d+)\.[0-9a-f]+\.creating(?:-wal|-shm|-journal)?$"
    )
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.creating*"):
        found = pattern.match(leftover.name)
        if found and not _process_alive(int(found[1])):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
