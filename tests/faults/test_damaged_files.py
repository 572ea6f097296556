"""Damaged, foreign, newer, read-only, full and locked databases, through the real command line.

Each case: a clear message on stderr, exit code 1, no traceback, the file byte-for-byte as it was,
and, where a backup exists beside a damaged file, the offer to restore it.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from tests.isolation import entries
import pytest

SC = [sys.executable, "-m", "tui"]
ROOT = Path(__file__).resolve().parents[2]
VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"


def run(db: Path, *args: str, preexec=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [*SC, "--db", str(db), *args], capture_output=True, text=True, env=env, cwd=ROOT,
        stdin=subprocess.DEVNULL, preexec_fn=preexec, timeout=60,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("smartcockpit: "), result.stderr
    for word in words:
        assert word in result.stderr.lower(), result.stderr


@pytest.fixture
def good_db(tmp_path) -> Path:
    db = tmp_path / "cockpit.db"
    assert run(db, "state", "set", VOLUME, "40").returncode == 0
    return db


def test_corrupt_file_is_refused_untouched_and_check_reports_it(good_db):
    with open(good_db, "r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xff" * 4096)
    before = digest(good_db)
    refused(run(good_db, "state", "get", VOLUME), "damaged")
    check = run(good_db, "db", "check", "--json")
    assert check.returncode == 1 and '"ok": false' in check.stdout
    assert digest(good_db) == before


@pytest.mark.parametrize("keep", [3000, 10])
def test_truncated_file_is_refused_untouched(good_db, keep):
    data = good_db.read_bytes()[:keep]
    good_db.write_bytes(data)
    for extra in (good_db.with_name(good_db.name + "-wal"), good_db.with_name(good_db.name + "-shm")):
        extra.unlink(missing_ok=True)
    refused(run(good_db, "state", "get", VOLUME), "damaged" if keep >= 100 else "not a smartcockpit database")
    assert good_db.read_bytes() == data


def overwrite_page(path: Path) -> None:
    with open(path, "r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xff" * 4096)


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:3000])


@pytest.mark.parametrize("damage", [truncate, overwrite_page], ids=["truncated", "corrupt"])
def test_damaged_file_offers_its_backup_and_restore_brings_the_settings_back(good_db, damage):
    assert run(good_db, "db", "backup").returncode == 0
    run(good_db, "db", "check")  # checkpointed: the damage lands in the file itself
    damage(good_db)
    result = run(good_db, "state", "get", VOLUME)
    refused(result, "damaged")
    assert "a backup exists" in result.stderr and "db restore" in result.stderr
    restored = run(good_db, "db", "restore", "--yes")
    assert restored.returncode == 0, restored.stderr
    assert good_db.with_name(good_db.name + ".damaged").exists()
    after = run(good_db, "state", "get", VOLUME, "--json")
    assert after.returncode == 0 and '"Vehicle.Cabin.Infotainment.Media.Volume": 40' in after.stdout


def test_foreign_file_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my shopping list\n" * 100)
    before = digest(db)
    refused(run(db, "vehicle", "list"), "not a smartcockpit database")
    assert digest(db) == before


def test_database_from_a_newer_release_is_refused_untouched(good_db):
    conn = sqlite3.connect(good_db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('smartcockpit', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(good_db)
    refused(run(good_db, "state", "get", VOLUME), "newer")
    assert digest(good_db) == before


def read_only_folder(folder: Path):
    """Make folder read-only for this process. Root ignores file modes, so as root the folder is
    bind-mounted read-only on itself (needs CAP_SYS_ADMIN, which the CI container has)."""
    os.chmod(folder / "cockpit.db", 0o444)
    os.chmod(folder, 0o555)
    if os.geteuid() != 0:
        return lambda: os.chmod(folder, 0o755)
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True)
    if bind.returncode or ro.returncode:
        if not bind.returncode:
            subprocess.run(["umount", str(folder)])
        pytest.skip("running as root without the right to mount: no location here is read-only for root")

    def undo():
        subprocess.run(["umount", str(folder)], check=True)
        os.chmod(folder, 0o755)

    return undo


def test_read_only_location_is_refused_untouched(good_db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "cockpit.db"
    db.write_bytes(good_db.read_bytes())
    before = digest(db)
    undo = read_only_folder(folder)
    try:
        result = run(db, "state", "set", VOLUME, "55")
        refused(result, "read-only")
        assert digest(db) == before
        assert entries(folder) == ["cockpit.db"]
    finally:
        undo()


def test_full_disk_changes_nothing(good_db):
    """A file-size limit (RLIMIT_FSIZE) stands for a full disk: the write fails, nothing changes."""
    run(good_db, "db", "check")  # leaves the WAL checkpointed and empty
    before = digest(good_db)

    def tiny_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    result = run(good_db, "state", "set", VOLUME, "70", preexec=tiny_files)
    refused(result, "nothing was changed")
    assert digest(good_db) == before
    after = run(good_db, "state", "get", VOLUME, "--json")
    assert '"Vehicle.Cabin.Infotainment.Media.Volume": 40' in after.stdout
    assert run(good_db, "db", "check").returncode == 0


def test_database_locked_by_another_process(good_db):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(8)", str(good_db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run(good_db, "state", "set", VOLUME, "80")
        refused(result, "locked")
    finally:
        holder.kill()
        holder.wait()
    after = run(good_db, "state", "get", VOLUME, "--json")
    assert '"Vehicle.Cabin.Infotainment.Media.Volume": 40' in after.stdout


def small_tmpfs(folder: Path, size: int):
    """A tmpfs of `size` bytes mounted on folder (needs root with CAP_SYS_ADMIN, as in CI)."""
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip("no right to mount a tmpfs here: the file-size limit test stands for a full disk")
    return lambda: subprocess.run(["umount", "-l", str(folder)], check=True)


def test_full_disk_on_a_small_tmpfs(good_db, tmp_path):
    """A real full disk: the database on a tmpfs filled to the last byte. The write is refused
    with a clear message, the file is left as it was, and once there is room again it works."""
    run(good_db, "db", "check")
    folder = tmp_path / "small"
    folder.mkdir()
    size = good_db.stat().st_size + 512 * 1024
    undo = small_tmpfs(folder, size)
    try:
        db = folder / "cockpit.db"
        db.write_bytes(good_db.read_bytes())
        assert run(db, "state", "get", VOLUME).returncode == 0  # -wal and -shm made while there is room
        filler = folder / "filler"
        with open(filler, "wb", buffering=0) as f:  # unbuffered: nothing left to flush at close
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        before = digest(db)
        result = run(db, "state", "set", VOLUME, "70")
        refused(result)
        assert "full" in result.stderr.lower() or "nothing was changed" in result.stderr.lower(), result.stderr
        assert digest(db) == before
        filler.unlink()
        assert run(db, "state", "set", VOLUME, "70").returncode == 0
        after = run(db, "state", "get", VOLUME, "--json")
        assert '"Vehicle.Cabin.Infotainment.Media.Volume": 70' in after.stdout
        assert run(db, "db", "check").returncode == 0
    finally:
        undo()


def test_a_pipe_is_refused_as_a_database_and_left_as_it_is(tmp_path):
    """A special file (a pipe here; /dev/null for root) cannot hold the database; a backup or a
    restore would otherwise put a plain file in its place."""
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    refused(run(pipe, "vehicle", "list"), "not a plain file")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert entries(tmp_path) == ["pipe.db"]
