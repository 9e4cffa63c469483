"""The command line on a damaged or read-only file: reading works, changing is refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from cityplanner.cli import main
from cityplanner.store import Store, database

REPO = Path(__file__).resolve().parents[2]
PAGE = 4096
ADD_STOP = ["add-stop", "1", "Lyon", "--lat", "45.76", "--lon", "4.84"]


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityplanner", "--db", str(db), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo_file(folder: Path) -> Path:
    path = folder / "trip.db"
    Store.open(path).close()
    return path


def _overwrite_page(path: Path, page_number: int) -> None:
    with path.open("r+b") as handle:
        handle.seek((page_number - 1) * PAGE)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(PAGE)))


def _assert_clear(result: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_file_is_listed_with_a_note_and_never_changed(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    # A page of data (the costs'), named: the middle of the file can be its schema.
    conn = sqlite3.connect(path)
    (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'costs'").fetchone()
    conn.close()
    _overwrite_page(path, page)
    before = digest(path)
    listed = run("trips", db=path)
    _assert_clear(listed)
    assert listed.returncode == 0
    assert "Smart city tour 2017" in listed.stdout
    assert "cityplanner: note: The file is damaged: SQLite found" in listed.stderr
    for args in (["new-trip", "Not here"], ADD_STOP):
        refused = run(*args, db=path)
        _assert_clear(refused)
        assert refused.returncode == 1
        assert "is open read-only (the file is damaged): nothing was changed." in refused.stderr
    assert digest(path) == before


def test_damage_met_while_reading_is_one_clear_line(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    conn = sqlite3.connect(path)
    (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stops'").fetchone()
    conn.close()
    _overwrite_page(path, page)
    before = digest(path)
    for args in (["trips"], ["show", "1"], ADD_STOP):
        result = run(*args, db=path)
        _assert_clear(result)
        assert result.returncode == 1
        assert "damaged" in result.stderr.splitlines()[-1]
    assert digest(path) == before


def test_a_folder_that_cannot_be_written_reads_and_refuses_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _demo_file(tmp_path)
    before = digest(path)
    real = database._can_write
    monkeypatch.setattr(database, "_can_write", lambda p: p != tmp_path and real(p))
    db = ["--db", str(path)]
    capsys.readouterr()

    assert main([*db, "trips", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["stops"] == 8
    assert main([*db, "show", "1"]) == 0
    assert "Yerevan" in capsys.readouterr().out
    (tmp_path / "out").mkdir()
    exported = tmp_path / "out" / "trip.gpx"
    assert main([*db, "export", "1", "gpx", "-o", str(exported)]) == 0
    assert "Toulouse" in exported.read_text(encoding="utf-8")
    capsys.readouterr()

    for args in (["new-trip", "Not here"], ADD_STOP, ["demo"]):
        assert main([*db, *args]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "is open read-only (the folder cannot be written): nothing was changed." in err
    assert digest(path) == before


def test_a_zero_byte_file_becomes_the_demo_database(tmp_path: Path) -> None:
    path = tmp_path / "trip.db"
    path.write_bytes(b"")
    result = run("trips", db=path)
    assert result.returncode == 0, result.stderr
    assert "Smart city tour 2017" in result.stdout


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_a_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _demo_file(folder)
    folder.chmod(0o555)
    try:
        listed = run("trips", db=path)
        refused = run("new-trip", "Not here", db=path)
    finally:
        folder.chmod(0o755)
    assert listed.returncode == 0 and "Smart city tour 2017" in listed.stdout
    assert refused.returncode == 1
    assert "is open read-only (the folder cannot be written)" in refused.stderr


_ON_A_READ_ONLY_MOUNT = textwrap.dedent(
    """
    import json, subprocess, sys
    source, mount, out = sys.argv[1:4]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], check=True)
    subprocess.run(["cp", source, mount + "/trip.db"], check=True)
    subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
    results = {}
    for name, args in {
        "trips": ["trips", "--json"],
        "show": ["show", "1", "--json"],
        "export": ["export", "1", "geojson", "-o", out],
        "new-trip": ["new-trip", "Not here"],
        "add-stop": ["add-stop", "1", "Lyon", "--lat", "45.76", "--lon", "4.84"],
    }.items():
        done = subprocess.run(
            [sys.executable, "-m", "cityplanner", "--db", mount + "/trip.db", *args],
            capture_output=True, text=True, timeout=120,
        )
        results[name] = [done.returncode, done.stdout, done.stderr]
    print(json.dumps(results))
    """
)


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "--mount", "mount", "-t", "tmpfs", "tmpfs", folder],
            capture_output=True,
            timeout=30,
        )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs root and a private mount namespace")
def test_a_read_only_mount_reads_exports_and_refuses_changes(tmp_path: Path) -> None:
    source = _demo_file(tmp_path)
    mount = tmp_path / "mnt"
    mount.mkdir()
    out = tmp_path / "trip.geojson"
    paths = (source, mount, out)
    # A private mount namespace: the mount vanishes with the process, whatever happens.
    done = subprocess.run(
        ["unshare", "--mount", sys.executable, "-c", _ON_A_READ_ONLY_MOUNT, *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for name in ("trips", "show", "export"):
        code, _, err = results[name]
        assert code == 0, err
    assert json.loads(results["trips"][1])[0]["stops"] == 8
    assert "Toulouse" in out.read_text(encoding="utf-8")
    for name in ("new-trip", "add-stop"):
        code, _, err = results[name]
        assert code == 1
        assert err.count("\n") == 1
        assert "is open read-only (the disk it is on is read-only): nothing was changed." in err
