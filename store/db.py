"""Opening the SQLite file: refusals, pragmas, WAL, busy timeout, integrity and backups.

Everything here speaks in tables and files, never in domain rules.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class UserError(Exception):
    """Root of every error whose message is meant for the person (the controller's CockpitError
    is this class): catching it never lets a traceback reach the screen."""


class StoreError(UserError):
    """A problem with the database file, worded for the person at the wheel."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer SmartCockpit release."""


class DamagedDatabaseError(StoreError):
    """The file is not a healthy SQLite database (corrupt, truncated, overwritten): the one case
    where putting a backup back is the right offer."""


def sqlite_error(path: Path, exc: BaseException) -> StoreError:
    """The StoreError to raise for an sqlite3 error on path."""
    message = describe_sqlite_error(path, exc)
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DamagedDatabaseError(message)
    return StoreError(message)


def check_path(path: Path) -> None:
    """Refuse, without touching anything, a path that cannot hold our database."""
    if "\x00" in str(path):
        raise StoreError("The database path contains a NUL character; give a plain file path.")
    try:
        _check_path(path)
    except OSError as exc:
        raise StoreError(f"{path} cannot be used as a database: {exc.strerror or exc}.") from None


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Give a file path instead.")
    if path.exists():
        if not path.is_file():  # /dev/null, a pipe, a socket: a backup or a restore would replace it
            raise StoreError(f"{path} is not a plain file, so it cannot hold a database. Give a file path instead.")
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path} cannot be read (permission denied).")
        size = path.stat().st_size
        if size:
            with open(path, "rb") as handle:
                header = handle.read(16)
            if header != SQLITE_HEADER:
                raise DamagedDatabaseError(f"{path} is not a SmartCockpit database (not an SQLite file). It was left untouched.")
        if not os.access(path, os.W_OK):
            raise StoreError(f"{path} is read-only. Choose a writable location with --db or SMARTCOCKPIT_DB.")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(
                f"The folder {path.parent} is read-only; SQLite needs to write its journal beside the database."
            )
    else:
        parent = path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {parent}: {exc.strerror or exc}.") from None
        if not os.access(parent, os.W_OK):
            raise StoreError(f"The folder {parent} is read-only. Choose a writable location with --db or SMARTCOCKPIT_DB.")


MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite_utils.Migrations records the steps applied


def read_schema(conn: sqlite3.Connection, migration_set: str = "smartcockpit") -> tuple[list[str], list[str]]:
    """(names of the migration steps applied, in order; table names), read with plain SQL."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    applied = []
    if MIGRATIONS_TABLE in tables:
        applied = [r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [migration_set])]
    return applied, tables


def peek(path: Path) -> tuple[list[str], list[str]] | None:
    """(applied migration names, table names) of an existing file still in rollback-journal mode,
    read without writing a byte; None for a file already in WAL mode (or empty). Switching such a
    file to WAL rewrites its header, so a file we are about to refuse is looked at this way first."""
    with open(path, "rb") as handle:
        header = handle.read(20)
    if len(header) < 20 or header[18] == 2:
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return read_schema(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise sqlite_error(path, exc) from None


class LazyDatabase:
    """An open connection as a sqlite_utils.Database, made the first time anything beyond plain
    SQL is asked of it (a table object, upserts, savepoints, migrations).

    The store reads and writes with SQL (execute, query), which needs only the connection, so a
    database that is up to date opens, and the app paints its first screen, before sqlite-utils
    is imported: its import compiles a large regular expression and costs about a tenth of the
    app's start-up (measured: 21 ms of 250). Everything else is sqlite-utils' own, unchanged."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._database: sqlite_utils.Database | None = None

    @property
    def database(self) -> sqlite_utils.Database:
        if self._database is None:
            import sqlite_utils

            self._database = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._database

    @property
    def loaded(self) -> bool:
        """Whether the sqlite_utils.Database has been made (tests, the start-up benchmark)."""
        return self._database is not None

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """As sqlite_utils.Database.execute."""
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict]:
        """As sqlite_utils.Database.query: each row as a dict of column to value."""
        cursor = self.execute(sql, params or ())
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str):
        return self.database[name]

    def __getattr__(self, name: str):
        # only reached for what is not defined above: sqlite-utils' own API
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.database, name)


def connect(path: Path) -> LazyDatabase:
    """Open the database with the house pragmas. The caller has run check_path first."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = LazyDatabase(conn)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA recursive_triggers=ON")  # as sqlite_utils.Database sets it
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous=NORMAL")
        if str(mode).lower() != "wal":  # pragma: no cover - only on file systems without shared memory
            conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as exc:
        raise sqlite_error(path, exc) from None
    return db


def describe_sqlite_error(path: Path, exc: BaseException) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program and stayed locked for {BUSY_TIMEOUT_MS // 1000} s. Try again."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged ({exc}). It was left untouched; `smartcockpit db check` says more."
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only. Choose a writable location with --db or SMARTCOCKPIT_DB."
    if "disk is full" in text or "full" in text:
        return f"The disk holding {path} is full. Nothing was changed; free some space and try again."
    if "disk i/o error" in text:
        return (f"Could not write to {path} (disk I/O error: the disk may be full or the file may not grow). "
                "Nothing was changed.")
    if "unable to open" in text:
        return f"{path} cannot be opened ({exc})."
    return f"Database error on {path}: {exc}"


def integrity(db: sqlite_utils.Database) -> list[str]:
    """Return the problems PRAGMA integrity_check and foreign_key_check find (empty when healthy)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"{table} row {rowid} points at a missing {parent} row")
    return problems


def inspect_damaged(path: Path, limit: int = 20) -> list[str]:
    """What PRAGMA integrity_check says of a file that would not open, read without writing a
    byte (immutable mode: no journal, no shared memory)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"SQLite cannot read it: {exc}"]
    return [] if rows == ["ok"] else rows


def backups(path: Path) -> list[Path]:
    """Backups beside the database, newest first (made before upgrades or by `db backup`)."""
    found = [p for p in path.parent.glob(f"{path.name}.*.bak") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def restore(backup_path: Path, path: Path) -> Path:
    """Put a backup back in place of a damaged database; the damaged file is kept aside."""
    with open(backup_path, "rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise StoreError(f"{backup_path} is not a SmartCockpit backup.")
    check = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    ours = False
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # an SQLite file of another program would replace the settings with something unreadable
        ours = ok and check.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone()[0] == 1 \
            and check.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'smartcockpit'").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        ok = False
    finally:
        check.close()
    if not ok:
        raise StoreError(f"The backup {backup_path} is damaged too.")
    if not ours:
        raise StoreError(f"{backup_path} is not a SmartCockpit backup.")
    aside = None
    if path.exists():
        aside = path.with_name(path.name + ".damaged")
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            os.replace(extra, Path(str(aside or path) + suffix + ".damaged"))
    tmp = path.with_name(path.name + ".restoring")
    src = sqlite3.connect(str(backup_path))
    dest = sqlite3.connect(str(tmp))
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
    os.replace(tmp, path)
    return path


def backup(db: sqlite_utils.Database, target: Path) -> Path:
    """Copy the live database with SQLite's backup API to target (beside the file)."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target
