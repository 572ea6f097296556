"""The store: migrations from an empty file and from every earlier schema (with the backup made
before the upgrade), the house pragmas, the shipped catalogs, transactions, and each refusal
(folder, not SQLite, another program's SQLite file, a newer release, a read-only location), the
refused file left byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.isolation import entries
import pytest
from sqlite_utils import Migrations

from store import DamagedDatabaseError, NewerDatabaseError, StoreError, open_store
from store.catalog import catalog_version, signal_rows, vehicle_catalog
from store.db import BUSY_TIMEOUT_MS, connect
from store.migrations import known_names, migrations


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def applied_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'smartcockpit' ORDER BY rowid")]
    finally:
        conn.close()


def build_earlier_schema(path: Path, steps: int) -> None:
    """A database as an earlier release left it: only the first `steps` migrations applied (the
    way that release opened files: WAL and the house pragmas), and something a person saved."""
    db = connect(path)
    earlier = Migrations(migrations().name)
    earlier._migrations = list(migrations()._migrations[:steps])
    earlier.apply(db.database)
    if steps >= 1:  # m001 made app_settings
        db.execute("INSERT INTO app_settings (key, value) VALUES ('saved_by_person', ?)", [json.dumps("kept")])
        db.conn.commit()
    db.close()


def test_there_is_something_to_upgrade_from():
    names = known_names()
    assert names[0] == "m001_core"
    assert names == sorted(names), "migrations must be applied in their numbered order"
    assert len(set(names)) == len(names)


def test_new_database_in_a_folder_that_does_not_exist_yet(tmp_path):
    path = tmp_path / "deep" / "er" / "cockpit.db"
    store = open_store(path)
    try:
        assert path.is_file()
        assert store.schema_version() == len(known_names())
        assert [m.name for m in migrations().applied(store.db.database)] == known_names()
        assert store.backup_path is None
        assert not list(path.parent.glob("*.bak")), "a new database needs no backup"
        # the shipped catalogs are loaded on first open
        signals = store.catalog.signals()
        assert len(signals) == len({r["path"] for r in signal_rows()})
        assert {s.origin for s in signals.values()} == {"vss", "overlay"}
        assert len(store.catalog.brands()) == len(vehicle_catalog()["brands"]) == 14
        assert len(store.catalog.models()) == len(vehicle_catalog()["models"]) >= 40
        assert store.settings.get("catalog_version") == catalog_version()
        assert store.check() == []
    finally:
        store.close()


def test_empty_file_is_migrated_without_a_backup(tmp_path):
    path = tmp_path / "cockpit.db"
    path.touch()
    store = open_store(path)
    try:
        assert store.schema_version() == len(known_names())
        assert store.backup_path is None
    finally:
        store.close()


@pytest.mark.parametrize("steps", range(len(known_names())))
def test_upgrade_from_every_earlier_schema_backs_up_first(tmp_path, steps):
    path = tmp_path / "cockpit.db"
    build_earlier_schema(path, steps)
    assert applied_names(path) == known_names()[:steps]

    store = open_store(path)
    try:
        assert [m.name for m in migrations().applied(store.db.database)] == known_names()
        assert store.check() == []
        if steps >= 1:
            assert store.settings.get("saved_by_person") == "kept"
        assert len(store.catalog.models()) >= 40
        backup = store.backup_path
    finally:
        store.close()

    # the backup sits beside the file, is a healthy SQLite copy of the schema *before* the upgrade
    assert backup is not None and backup.parent == path.parent
    assert backup.name.startswith(f"cockpit.db.schema{steps}-") and backup.name.endswith(".bak")
    assert applied_names(backup) == known_names()[:steps]
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if steps >= 1:
            assert conn.execute("SELECT value FROM app_settings WHERE key = 'saved_by_person'").fetchone()[0] == '"kept"'
    finally:
        conn.close()


def test_an_up_to_date_database_is_opened_without_a_backup_and_keeps_its_data(tmp_path):
    path = tmp_path / "cockpit.db"
    store = open_store(path)
    with store.write():
        store.settings.set("saved_by_person", 42)
    store.close()
    again = open_store(path)
    try:
        assert again.backup_path is None
        assert again.settings.get("saved_by_person") == 42
        assert not list(tmp_path.glob("*.bak"))
    finally:
        again.close()


def test_a_changed_catalog_is_reloaded_and_the_cars_data_stays(tmp_path):
    path = tmp_path / "cockpit.db"
    store = open_store(path)
    with store.write():
        store.settings.set("catalog_version", "from-an-older-release")
        store.db.execute("DELETE FROM model_signals WHERE model_id = 'fiat-panda-2024'")
        store.settings.set("saved_by_person", "yes")
    store.close()
    store = open_store(path)
    try:
        assert store.settings.get("catalog_version") == catalog_version()
        assert store.catalog.capabilities("fiat-panda-2024"), "the catalog was loaded again"
        assert store.settings.get("saved_by_person") == "yes"
    finally:
        store.close()


def test_pragmas(tmp_path):
    store = open_store(tmp_path / "cockpit.db")
    try:
        db = store.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS == 5000
        # foreign keys are enforced, not only declared
        with pytest.raises(StoreError):
            with store.write():
                db.execute("INSERT INTO vehicles (vin, model_id, created_at) VALUES ('X', 'no-such-model', 'now')")
        assert store.vehicles.get("X") is None
    finally:
        store.close()


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    store = open_store(tmp_path / "cockpit.db")
    try:
        with pytest.raises(RuntimeError):
            with store.write():
                store.settings.set("half", 1)
                raise RuntimeError("power cut")
        assert store.settings.get("half") is None
        assert not store.db.conn.in_transaction
    finally:
        store.close()


# ---------------------------------------------------------------------------- refusals
def assert_untouched(path: Path, before: str, folder: Path) -> None:
    assert digest(path) == before
    assert entries(folder) == [path.name], "no journal, WAL or backup left beside it"


def test_refuses_a_folder(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_store(folder)
    assert entries(folder) == []


def test_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\n" * 200)
    before = digest(path)
    with pytest.raises(DamagedDatabaseError, match="not an SQLite file"):
        open_store(path)
    assert_untouched(path, before, tmp_path)


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_refuses_another_programs_sqlite_file(tmp_path, wal):
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.execute("INSERT INTO photos VALUES ('beach.jpg')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="another program"):
        open_store(path)
    assert_untouched(path, before, tmp_path)


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_refuses_a_database_from_a_newer_release(tmp_path, wal):
    path = tmp_path / "cockpit.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('smartcockpit', 'm999_from_the_future', '2031-01-01')")
    conn.commit()
    if not wal:
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabaseError, match="newer SmartCockpit"):
        open_store(path)
    assert_untouched(path, before, tmp_path)


def make_read_only(folder: Path):
    """Make folder read-only for this process. Root ignores file modes, so as root the folder is
    bind-mounted read-only on itself (the CI container allows it)."""
    for p in folder.iterdir():
        os.chmod(p, 0o444)
    os.chmod(folder, 0o555)
    if os.geteuid() != 0:
        return lambda: os.chmod(folder, 0o755)
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True)
    if bind.returncode or ro.returncode:
        if not bind.returncode:
            subprocess.run(["umount", str(folder)])
        os.chmod(folder, 0o755)
        pytest.skip("root without the right to mount: no location is read-only for root here")

    def undo():
        subprocess.run(["umount", str(folder)], check=True)
        os.chmod(folder, 0o755)

    return undo


def test_refuses_an_existing_database_in_a_read_only_location(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "cockpit.db"
    open_store(path).close()
    before = digest(path)
    undo = make_read_only(folder)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_store(path)
        assert_untouched(path, before, folder)
    finally:
        undo()


def test_refuses_a_new_database_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = make_read_only(folder)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_store(folder / "cockpit.db")
        assert entries(folder) == []
    finally:
        undo()


def test_an_up_to_date_file_opens_without_importing_sqlite_utils(tmp_path):
    """The app's first screen needs only SQL: a database that is up to date opens, and the
    controller's core reads the car, its state and the status, before sqlite-utils is imported
    (store/db.py LazyDatabase). A new file imports it to run the migrations."""
    db = tmp_path / "cockpit.db"
    probe = (
        "import sys\n"
        "from tui.controller import Controller\n"
        "import tui.app, tui.screens.home\n"
        f"c = Controller.open({str(db)!r}, staged=True)\n"
        "c.status(); c.state(); c.car.title\n"
        "print('sqlite_utils' in sys.modules, c.store.db.loaded)\n"
        "c.finish_start(); c.set('Vehicle.Cabin.Infotainment.Media.Volume', 41)\n"
        "print(c.get('Vehicle.Cabin.Infotainment.Media.Volume'))\n"
    )
    root = Path(__file__).resolve().parents[2]

    def run() -> list[str]:
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout.split("\n")

    assert run()[0] == "True True"  # a new file: the migrations ran with sqlite-utils
    first, volume = run()[:2]
    assert first == "False False" and volume == "41"


def test_lazy_database_reads_as_sqlite_utils_does(tmp_path):
    """execute and query answer exactly as sqlite_utils.Database's; anything else is sqlite-utils'."""
    import sqlite_utils

    open_store(tmp_path / "cockpit.db").close()
    store = open_store(tmp_path / "cockpit.db")
    lazy = store.db
    assert not lazy.loaded
    real = sqlite_utils.Database(lazy.conn, execute_plugins=False)
    sql = "SELECT * FROM brands WHERE market = ? ORDER BY id"
    assert list(lazy.query(sql, ["EU"])) == list(real.query(sql, ["EU"]))
    assert list(lazy.query("SELECT count(*) AS n FROM signals")) == list(real.query("SELECT count(*) AS n FROM signals"))
    assert lazy.execute("SELECT 1").fetchall() == real.execute("SELECT 1").fetchall()
    assert lazy["brands"].count == real["brands"].count  # a table object: sqlite-utils made on demand
    assert lazy.loaded and isinstance(lazy.database, sqlite_utils.Database)
    assert lazy.table_names() == real.table_names()
    with pytest.raises(AttributeError):
        lazy.no_such_thing
    store.close()


def test_files_the_person_asks_for_are_written_whole_or_refused(tmp_path):
    """store/files.py: a rename over the target; a pipe (or /dev/null) is refused and left as it is;
    a failure leaves no temporary file and says why."""
    import stat

    from store.files import write_text_atomic

    target = tmp_path / "out.csv"
    write_text_atomic(target, "a,b\n")
    write_text_atomic(target, "c,d\n")
    assert target.read_text() == "c,d\n" and entries(tmp_path) == ["out.csv"]
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="not a plain file"):
        write_text_atomic(pipe, "x")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    with pytest.raises(StoreError, match="Could not write"):
        write_text_atomic(tmp_path / "no-such-folder" / "out.csv", "x")
    assert entries(tmp_path) == ["out.csv", "pipe"]
