"""Files the person names: written whole or not at all (a profile export, a settlement CSV), only
the owner may read them (0600), and read with a bound (a profile to import, a route to drive)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from store.db import StoreError

PRIVATE_FILE = 0o600  # the database, its backups and what the person exports: the owner only
PRIVATE_FOLDER = 0o700


class NotPlainFile(StoreError):
    """A device, a pipe or a socket where a file to read was expected."""


class TooLarge(StoreError):
    """A file longer than the caller's limit."""

    def __init__(self, message: str, limit: int):
        super().__init__(message)
        self.limit = limit


def shown(path: Path) -> str:
    """A path short enough for a message (its end, which names the file)."""
    text = str(path)
    return text if len(text) <= 60 else "…" + text[-59:]


def write_text_atomic(target: Path, text: str) -> Path:
    """Write beside the target, flush to disk, rename over it. A device, a pipe or a socket is
    refused: renaming over it would put a plain file in its place (as root, over /dev/null).
    Any failure leaves no temporary file behind and raises StoreError with the reason."""
    try:
        if (target.exists() or target.is_symlink()) and not target.is_file():
            raise StoreError(f"{shown(target)} is not a plain file; choose a file name or a folder.")
    except OSError as exc:  # a name too long for the file system, a folder we may not read
        raise StoreError(f"Cannot write a file there: {exc.strerror or exc}.") from None
    tmp = None
    try:
        # a new name of our own (O_EXCL: never through a link someone left there), 0600 whatever the umask
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        with open(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fd, PRIVATE_FILE)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
        raise StoreError(f"Could not write {shown(target)}: {exc.strerror or exc}.") from None
    return target


def _open_plain(path: Path) -> int:
    """A descriptor open for reading on path, which must be a plain file (a link to one is fine).
    Never blocks: a pipe with no writer or a device is refused before anything is read from it,
    judged by what was actually opened (fstat), so a file swapped in between cannot slip through.
    A folder raises IsADirectoryError, a missing file FileNotFoundError, as open() would."""
    before = os.stat(path)  # devices are refused without opening them at all
    if stat.S_ISDIR(before.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(before.st_mode):
        raise NotPlainFile(f"{shown(path)} is not a plain file.")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        now = os.fstat(fd)
        if stat.S_ISDIR(now.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(now.st_mode):
            raise NotPlainFile(f"{shown(path)} is not a plain file.")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_at_most(fd: int, count: int) -> bytes:
    chunks = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_limited(path: str | Path, limit: int) -> bytes:
    """The whole of a file the person named, if it is a plain file of at most limit bytes.

    Reads at most limit + 1 bytes whatever stat says (a file that grows, a /proc file that says
    0), so nothing the person names can fill the memory; never waits on a pipe or a device.
    Raises NotPlainFile (a device, a pipe, a socket), TooLarge, or the OSError of open()
    (FileNotFoundError, IsADirectoryError, PermissionError, ...)."""
    path = Path(path)
    fd = _open_plain(path)
    try:
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(f"{shown(path)} is larger than {limit} bytes.", limit)
    return data


def read_head(path: str | Path, count: int) -> bytes:
    """The first count bytes of a plain file (fewer when it is shorter), with read_limited's
    refusals: for looking at a file's header (a backup) before trusting it."""
    fd = _open_plain(Path(path))
    try:
        return _read_at_most(fd, count)
    finally:
        os.close(fd)
