"""Test isolation: the suite runs as root on CI and must be unable to write outside its temporary
folders. An audit hook (sys.addaudithook) refuses, while switched on, any write, rename, removal,
mode change or new SQLite file outside the allowed roots (pytest's base temporary folder): a test
that tries one fails with PermissionError instead of replacing a system file (a hostile-text test
once wrote a profile export over /etc/passwd). Compiled bytecode and the snapshot plugin's own
files are the only exceptions. conftest.py switches it on for the session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
GUARD: dict = {"roots": (), "on": False}
_PROJECT = os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_ALWAYS = ("/dev/null",)
refused_writes: list[str] = []
SANDBOX = "sandbox"  # the folder inside each tmp_path holding the test's cwd, HOME and XDG folders


def _allowed(path, opening: bool = False) -> bool:
    if isinstance(path, int) or path is None:
        return True
    try:
        text = os.fsdecode(path)
    except TypeError:
        return True
    if text in ("", ":memory:") or text.startswith("file:") and "mode=ro" in text:
        return True
    if text.startswith("file:"):
        text = text[5:].split("?", 1)[0]
    real = os.path.realpath(text)
    if opening and real in _ALWAYS or real.endswith(".pyc") and f"{os.sep}__pycache__{os.sep}" in real:
        return True
    if real.startswith(os.path.join(_PROJECT, "tests", "tui", "__snapshots__")) or \
            real == os.path.join(_PROJECT, "snapshot_report.html"):
        return True  # pytest-textual-snapshot's own files (--snapshot-update, failure report)
    return any(real == root or real.startswith(root + os.sep) for root in GUARD["roots"])


def _in_dir(path, dir_fd):
    """A path relative to an open directory (shutil.rmtree removes by name inside one) as the path
    it names; otherwise the path as given."""
    if not isinstance(dir_fd, int) or isinstance(path, int) or path is None or os.path.isabs(os.fsdecode(path)):
        return path
    try:
        return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), os.fsdecode(path))
    except OSError:
        return path


def _audit(event: str, args: tuple) -> None:
    if not GUARD["on"]:
        return
    paths: tuple = ()
    if event == "open":
        path, _mode, flags = args
        if isinstance(flags, int) and flags & _WRITE_FLAGS:
            paths = (path,)
    elif event in ("os.rename", "shutil.move", "os.link", "os.symlink"):
        paths = (args[1],) if event == "os.symlink" else (args[0], args[1])
    elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate",
                   "os.utime", "shutil.rmtree", "sqlite3.connect"):
        paths = (args[0],)
    elif event in ("shutil.copyfile", "shutil.copytree"):
        paths = (args[1],)
    dir_fds = {"os.remove": 1, "os.rmdir": 1, "shutil.rmtree": 1, "os.mkdir": 2, "os.chmod": 2}
    if event in dir_fds and len(args) > dir_fds[event]:
        paths = tuple(_in_dir(p, args[dir_fds[event]]) for p in paths)
    for path in paths:
        if not _allowed(path, opening=event == "open"):
            refused_writes.append(f"{event} {path!r}")
            raise PermissionError(f"test isolation: {event} outside the test's temporary folders: {path!r}")


sys.addaudithook(_audit)


def entries(folder: Path) -> list[str]:
    """The names in a folder, leaving out the test's own sandbox (cwd, HOME, XDG folders)."""
    return sorted(p.name for p in Path(folder).iterdir() if p.name != SANDBOX)
