"""What the app writes is for its owner only, and a backup is whole or not there at all.

- The database folder the app makes is 0700; the database, its -wal and -shm, the backups (made
  before an upgrade or by `db backup`), profile exports and settlement CSVs are 0600, whatever
  the umask. A database an earlier release left 0644 is tightened when the app opens it.
- `db backup` on a full disk says so in one sentence and leaves nothing behind (no 0-byte .bak
  that `db restore` would then take for the newest); a copy that fails its check is not kept.
- `db restore` without a file passes over empty, cut short, damaged and foreign backups; with a
  file it refuses one of those and leaves the database as it was.

Modes are read with os.stat: the suite runs as root on CI, and root reads any file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import store.db
from store import StoreError, backups, open_store, restore
from store.files import write_text_atomic
from tests.isolation import entries
from tests.store.test_store import build_earlier_schema
from tui.cli import main
from tui.controller import Controller

VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: what the app makes must be private by itself."""
    old = os.umask(0)
    yield
    os.umask(old)


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def one_sentence_refusal(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smartcockpit: "), result.stderr
    return lines[0]


def fingerprint(db: Path) -> list:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT path, value FROM vehicle_state ORDER BY path").fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------------- modes


def test_a_new_database_its_folders_wal_and_shm_are_private_whatever_the_umask(tmp_path, open_umask):
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    os.chmod(chosen, 0o755)  # a folder the person made: theirs, left as it is
    path = chosen / "new" / "deeper" / "cockpit.db"
    c = Controller.open(path)
    try:
        c.set(VOLUME, 30)  # the WAL and the shared memory exist while the database is open
        assert mode(path) == 0o600
        assert mode(Path(f"{path}-wal")) == 0o600
        assert mode(Path(f"{path}-shm")) == 0o600
    finally:
        c.close()
    assert mode(chosen / "new") == 0o700
    assert mode(chosen / "new" / "deeper") == 0o700
    assert mode(chosen) == 0o755


def test_the_default_data_folder_is_made_private(_isolated_home, open_umask):
    result = cli("state", "set", VOLUME, "20")
    assert result.exit_code == 0, result.output
    folder = _isolated_home / "data" / "smartcockpit"  # platformdirs: $XDG_DATA_HOME/smartcockpit
    assert mode(folder) == 0o700
    assert mode(folder / "cockpit.db") == 0o600


def test_an_earlier_release_default_folder_and_database_are_tightened(_isolated_home, open_umask):
    folder = _isolated_home / "data" / "smartcockpit"
    assert cli("state", "set", VOLUME, "20").exit_code == 0
    os.chmod(folder, 0o755)
    os.chmod(folder / "cockpit.db", 0o644)
    assert cli("state", "get", VOLUME).exit_code == 0
    assert mode(folder) == 0o700
    assert mode(folder / "cockpit.db") == 0o600


def test_a_0644_database_and_its_wal_and_shm_from_an_earlier_release_are_tightened(tmp_path):
    path = tmp_path / "cockpit.db"
    Controller.open(path).close()
    other = sqlite3.connect(path)  # another program holds it open: its -wal and -shm stay
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        other.commit()
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            os.chmod(name, 0o644)
        c = Controller.open(path)
        try:
            for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert mode(name) == 0o600, name
        finally:
            c.close()
    finally:
        other.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_a_database_of_another_owner_keeps_its_mode(tmp_path):
    path = tmp_path / "cockpit.db"
    Controller.open(path).close()
    os.chmod(path, 0o664)
    os.chown(path, 4321, 4321)  # a shared database root works on: not root's to change
    Controller.open(path).close()
    assert mode(path) == 0o664


def test_backups_made_by_db_backup_and_before_an_upgrade_are_private(tmp_path, open_umask):
    path = tmp_path / "cockpit.db"
    build_earlier_schema(path, 1)
    os.chmod(path, 0o644)
    s = open_store(path)
    try:
        assert s.backup_path is not None and s.backup_path.name.startswith("cockpit.db.schema1-")
        assert mode(s.backup_path) == 0o600
        assert mode(path) == 0o600
    finally:
        s.close()
    result = cli("--db", str(path), "db", "backup")
    assert result.exit_code == 0, result.output
    made = [p for p in tmp_path.glob("cockpit.db.manual-*.bak")]
    assert len(made) == 1 and mode(made[0]) == 0o600


def test_restored_database_is_private(tmp_path, open_umask):
    path = tmp_path / "cockpit.db"
    assert cli("--db", str(path), "state", "set", VOLUME, "20").exit_code == 0
    assert cli("--db", str(path), "db", "backup").exit_code == 0
    result = cli("--db", str(path), "db", "restore", "--yes")
    assert result.exit_code == 0, result.output
    assert mode(path) == 0o600


def test_exports_and_settlement_csvs_are_private(tmp_path, open_umask, controller):
    out = write_text_atomic(tmp_path / "profile.json", "{}")
    assert mode(out) == 0o600
    existing = tmp_path / "old.json"
    existing.write_text("old")
    os.chmod(existing, 0o644)
    write_text_atomic(existing, "new")  # replaced by a new, private file
    assert mode(existing) == 0o600 and existing.read_text() == "new"
    csv = Path(controller.ledger.export_csv(folder=tmp_path))
    assert mode(csv) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


# ---------------------------------------------------------------------- a backup is whole or not there


def fill_the_disk_half_way(source: sqlite3.Connection, dest: sqlite3.Connection) -> None:
    """SQLite's backup copies a page, then the disk is full."""
    source.backup(dest, pages=1)
    raise sqlite3.OperationalError("database or disk is full")


def test_db_backup_on_a_full_disk_says_so_and_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "cockpit.db"
    assert cli("--db", str(path), "state", "set", VOLUME, "20").exit_code == 0
    before = entries(tmp_path)
    monkeypatch.setattr(store.db, "copy_pages", fill_the_disk_half_way)
    line = one_sentence_refusal(cli("--db", str(path), "db", "backup"))
    assert "disk is full" in line
    assert entries(tmp_path) == before, "no .bak and no temporary file left"
    monkeypatch.undo()
    # so `db restore` has nothing to take for the newest backup
    line = one_sentence_refusal(cli("--db", str(path), "db", "restore", "--yes"))
    assert "no usable backup" in line.lower()


def test_a_copy_that_fails_its_check_is_not_kept(tmp_path, monkeypatch):
    path = tmp_path / "cockpit.db"
    assert cli("--db", str(path), "state", "set", VOLUME, "20").exit_code == 0
    before = entries(tmp_path)

    def copy_then_damage(source, dest):
        source.backup(dest)
        copy = dest.execute("PRAGMA database_list").fetchone()[2]
        with open(copy, "r+b") as fh:  # a bad sector, a write lost on the way
            fh.seek(4096 * 3)
            fh.write(b"\xff" * 4096 * 4)

    monkeypatch.setattr(store.db, "copy_pages", copy_then_damage)
    line = one_sentence_refusal(cli("--db", str(path), "db", "backup"))
    assert "integrity" in line
    assert entries(tmp_path) == before


def test_a_failed_schema_upgrade_backup_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "cockpit.db"
    build_earlier_schema(path, 1)
    monkeypatch.setattr(store.db, "copy_pages", fill_the_disk_half_way)
    with pytest.raises(StoreError, match="disk is full"):
        open_store(path)
    assert entries(tmp_path) == ["cockpit.db"]
    monkeypatch.undo()
    s = open_store(path)  # the upgrade was not made without its backup: it is made now
    try:
        assert s.backup_path is not None
    finally:
        s.close()


@pytest.fixture
def with_backup(tmp_path) -> tuple[Path, Path]:
    """A database whose volume is 20 in its backup and 70 now."""
    path = tmp_path / "cockpit.db"
    assert cli("--db", str(path), "state", "set", VOLUME, "20").exit_code == 0
    assert cli("--db", str(path), "db", "backup").exit_code == 0
    good = next(tmp_path.glob("cockpit.db.manual-*.bak"))
    assert cli("--db", str(path), "state", "set", VOLUME, "70").exit_code == 0
    return path, good


def bad_backups(folder: Path, good: Path) -> dict[str, Path]:
    """Files named like backups, each newer than the good one, none of which can be put back."""
    made = {}

    def add(name: str, data: bytes) -> None:
        p = folder / f"cockpit.db.{name}.bak"
        p.write_bytes(data)
        made[name] = p

    add("empty", b"")
    add("not-sqlite", b"my shopping list\n" * 200)
    add("header-only", b"SQLite format 3\x00" + b"\x00" * 84)
    add("cut-short", good.read_bytes()[:8192])
    data = bytearray(good.read_bytes())
    data[4096 * 3: 4096 * 7] = b"\xff" * 4096 * 4
    add("corrupt", bytes(data))
    foreign = folder / "cockpit.db.foreign.bak"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.commit()
    conn.close()
    made["foreign"] = foreign
    newer = good.stat().st_mtime + 3600
    for p in made.values():
        os.utime(p, (newer, newer))
    return made


def test_the_newest_backup_chosen_is_one_that_can_be_put_back(with_backup, tmp_path):
    path, good = with_backup
    bad_backups(tmp_path, good)
    assert backups(path) == [good]
    result = cli("--db", str(path), "db", "restore", "--yes")
    assert result.exit_code == 0, result.output
    assert good.name in result.output
    c = Controller.open(path)
    try:
        assert c.get(VOLUME) == 20
    finally:
        c.close()


@pytest.mark.parametrize("kind", ["empty", "not-sqlite", "header-only", "cut-short", "corrupt", "foreign"])
def test_db_restore_refuses_a_backup_that_cannot_be_put_back(with_backup, tmp_path, kind):
    path, good = with_backup
    bad = bad_backups(tmp_path, good)[kind]
    before = fingerprint(path)
    names = entries(tmp_path)
    line = one_sentence_refusal(cli("--db", str(path), "db", "restore", str(bad), "--yes"))
    assert "nothing restored" in line.lower() and bad.name in line
    assert fingerprint(path) == before
    assert entries(tmp_path) == names, "no .damaged, no .restoring"


def test_restore_refuses_an_invalid_backup_before_touching_the_database(with_backup, tmp_path):
    path, good = with_backup
    bad = bad_backups(tmp_path, good)["cut-short"]
    before = fingerprint(path)
    with pytest.raises(StoreError, match="left as it is"):
        restore(bad, path)
    assert fingerprint(path) == before
    assert not path.with_name(path.name + ".damaged").exists()
