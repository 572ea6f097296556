"""Opening the SQLite file: refusals, pragmas, WAL, busy timeout, integrity and backups.

Everything here speaks in tables and files, never in domain rules.
"""

from __future__ import annotations

import glob
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from urllib.parse import quote
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE = 0o600  # the database, its -wal and -shm, and its backups: the owner only
PRIVATE_FOLDER = 0o700  # a folder the app makes for the database


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
            make_private_folders(parent)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {parent}: {exc.strerror or exc}.") from None
        if not os.access(parent, os.W_OK):
            raise StoreError(f"The folder {parent} is read-only. Choose a writable location with --db or SMARTCOCKPIT_DB.")


def make_private_folders(folder: Path) -> None:
    """Create folder and any missing parents, each one the app makes 0700 whatever the umask.
    A folder that already exists is left as it is: it is the person's."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, PRIVATE_FOLDER)
        except FileExistsError:  # made by someone else meanwhile: theirs, left as it is
            if not made.is_dir():
                raise
            continue
        os.chmod(made, PRIVATE_FOLDER)


def make_private(path: Path) -> None:
    """Create the database file 0600 (whatever the umask) before SQLite opens it, so its -wal and
    -shm, which SQLite gives the database file's mode, are 0600 too. A file of ours an earlier
    release made 0644, and its -wal and -shm, are tightened to 0600; a file of another owner (a
    shared database, root at work on someone's file) is left as it is."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    except FileExistsError:
        pass
    else:
        try:
            os.fchmod(fd, PRIVATE_FILE)
        finally:
            os.close(fd)
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        tighten(name)


def tighten(name: str | Path) -> None:
    """Make a plain file of ours that others may read 0600; anything else is left as it is."""
    try:
        info = os.stat(name)
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077 and info.st_uid == os.geteuid():
            os.chmod(name, PRIVATE_FILE)
    except OSError:  # gone meanwhile, or not ours to change: SQLite says what matters
        pass


def tighten_folder(folder: Path) -> None:
    """Make a folder of ours that others may enter 0700 (the app's own data folder, made 0755 by
    an earlier release); anything else is left as it is."""
    try:
        info = os.stat(folder)
        if stat.S_ISDIR(info.st_mode) and info.st_mode & 0o077 and info.st_uid == os.geteuid():
            os.chmod(folder, PRIVATE_FOLDER)
    except OSError:
        pass


def readonly_uri(path: Path, immutable: bool = False) -> str:
    """An SQLite URI opening path read-only; characters such as ? # % in the path are quoted."""
    return f"file:{quote(os.path.abspath(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def backup_uri(path: Path) -> str:
    """A read-only URI for a backup: immutable (no -shm made beside it), unless a -wal beside it
    holds part of it (a copy of a live database), which only a plain read-only open reads."""
    return readonly_uri(path, immutable=not os.path.exists(f"{path}-wal"))


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
        conn = sqlite3.connect(readonly_uri(path), uri=True)
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
        make_private(path)
    except OSError as exc:
        raise StoreError(f"{path} cannot be created: {exc.strerror or exc}.") from None
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
        conn = sqlite3.connect(readonly_uri(path, immutable=True), uri=True)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"SQLite cannot read it: {exc}"]
    return [] if rows == ["ok"] else rows


def backup_problem(path: Path, thorough: bool = False, ours: bool = True) -> str | None:
    """Why path cannot be put back as the database, in a sentence (None when it can): not a plain
    file, empty, not an SQLite file, damaged (quick_check, or integrity_check when thorough), or
    (with ours) an SQLite file of another program. Read without writing a byte."""
    from store.files import read_head, shown

    try:
        header = read_head(path, len(SQLITE_HEADER))
    except StoreError as exc:  # a device, a pipe
        return str(exc).rstrip(".")
    except FileNotFoundError:
        return f"there is no file {shown(path)}"
    except IsADirectoryError:
        return f"{shown(path)} is a folder, not a backup file"
    except (OSError, ValueError) as exc:  # permission denied, a name too long, a NUL byte
        return f"{shown(path)} cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not header:
        return f"{shown(path)} is empty"
    if header != SQLITE_HEADER:
        return f"{shown(path)} is not a SmartCockpit backup (not an SQLite file)"
    try:
        conn = sqlite3.connect(backup_uri(path), uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(1)" if thorough else "PRAGMA quick_check(1)")]
            # an SQLite file of another program would replace the settings with something unreadable
            mine = not ours or rows == ["ok"] and conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
            ).fetchone()[0] == 1 and conn.execute(
                f"SELECT count(*) FROM {MIGRATIONS_TABLE} WHERE migration_set = 'smartcockpit'").fetchone()[0] > 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        rows, mine = ["unreadable"], False
    if rows != ["ok"]:
        return f"the backup {shown(path)} is damaged"
    if not mine:
        return f"{shown(path)} is not a SmartCockpit backup"
    return None


def backups(path: Path) -> list[Path]:
    """Backups beside the database that can be put back, newest first (made before upgrades or by
    `db backup`). An empty, cut short, damaged or foreign file named like one is passed over."""
    found = []
    for candidate in path.parent.glob(f"{glob.escape(path.name)}.*.bak"):
        try:
            if backup_problem(candidate) is None:
                found.append((candidate.stat().st_mtime, candidate))
        except OSError:
            continue
    return [p for _, p in sorted(found, key=lambda item: item[0], reverse=True)]


def copy_pages(source: sqlite3.Connection, dest: sqlite3.Connection) -> None:
    """Every page of source into dest with SQLite's online backup API."""
    source.backup(dest)


def _remove_quietly(*paths: Path) -> None:
    for leftover in paths:
        try:
            os.unlink(leftover)
        except OSError:
            pass


class CopyFailed(Exception):
    """copy_database could not make a whole, healthy copy; str() is the reason, in a few words."""


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:  # ENOSPC
        return "the disk is full"
    if isinstance(exc, OSError):
        return str(exc.strerror or exc).lower()
    return str(exc)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind source to target, whole or not at all: the pages go to a new file
    beside target (0600 whatever the umask), which is checked (integrity_check) and only then
    renamed to target. On any failure nothing is left behind and CopyFailed says why."""
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        try:
            os.fchmod(fd, PRIVATE_FILE)
        finally:
            os.close(fd)
        dest = sqlite3.connect(str(tmp))
        try:
            copy_pages(source, dest)
        finally:
            dest.close()
        if backup_problem(tmp, thorough=True, ours=False) is not None:  # a file not yet migrated is copied too
            raise CopyFailed("the copy failed its integrity check")
        os.replace(tmp, target)
        tmp = None
    except (sqlite3.Error, OSError) as exc:
        raise CopyFailed(_reason(exc)) from None
    finally:
        if tmp is not None:
            _remove_quietly(tmp, *(Path(f"{tmp}{suffix}") for suffix in ("-journal", "-wal", "-shm")))
    return target


def restore(backup_path: Path, path: Path) -> Path:
    """Put a backup back in place of the database; the file it replaces is kept aside (.damaged).
    A backup that is not a healthy SmartCockpit database is refused with the database untouched;
    the copy is made and checked before the database is moved aside."""
    problem = backup_problem(backup_path, thorough=True)
    if problem is not None:
        raise StoreError(f"{problem[0].upper()}{problem[1:]}; the database was left as it is.")
    tmp = path.with_name(path.name + ".restoring")
    try:
        src = sqlite3.connect(backup_uri(backup_path), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{backup_path.name} cannot be read ({exc}); the database was left as it is.") from None
    try:
        copy_database(src, tmp)
    except CopyFailed as exc:
        raise StoreError(f"{backup_path.name} could not be copied in ({exc}); the database was left as it is.") from None
    finally:
        src.close()
    moved = []  # (from, to): put back if the last step fails
    try:
        aside = None
        if path.exists():
            aside = path.with_name(path.name + ".damaged")
            os.replace(path, aside)
            moved.append((path, aside))
        for suffix in ("-wal", "-shm"):
            extra = Path(str(path) + suffix)
            if extra.exists():
                extra_aside = Path(str(aside or path) + suffix + ".damaged")
                os.replace(extra, extra_aside)
                moved.append((extra, extra_aside))
        os.replace(tmp, path)
    except OSError as exc:
        for current, aside in reversed(moved):
            try:
                os.replace(aside, current)
            except OSError:
                pass
        _remove_quietly(tmp)
        raise StoreError(f"Could not put {backup_path.name} in place ({exc.strerror or exc}); "
                         "the database was left as it is.") from None
    for _, kept in moved:  # an earlier release made them 0644
        tighten(kept)
    return path


def backup(db: sqlite_utils.Database, target: Path) -> Path:
    """Copy the live database with SQLite's backup API to target (beside the file), whole and
    checked or not at all (copy_database)."""
    try:
        return copy_database(db.conn, target)
    except CopyFailed as exc:
        raise StoreError(f"No backup was made ({exc}); nothing was left behind.") from None
