"""Files the app reads from a person (imports of profiles, routes, catalogs, backups to restore):
malformed, truncated, enormous, binary, deeply nested. Each gets a clear refusal, never a
traceback, and nothing in the database changes.

The commands are found at run time by walking the click command tree: every command whose name
says import/load/restore, or that takes a click.Path / click.File argument, or an argument named
like a file. Today that is `db restore BACKUP_FILE`; the profile import (issue 3), route files
(issue 4) and catalogs of the later issues are covered as they land.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui.cli import load_all_commands, main
from tui.controller import Controller

FILE_WORDS = ("file", "path_to", "source", "input", "backup")
COMMAND_WORDS = ("import", "load", "restore", "route", "catalog")


def leaf_commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from leaf_commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def file_param(cmd: click.Command) -> click.Parameter | None:
    for p in cmd.params:
        if isinstance(p.type, (click.Path, click.File)):
            return p
    for p in cmd.params:
        if isinstance(p, click.Argument) and any(w in p.name for w in FILE_WORDS):
            return p
    return None


def importers() -> list[tuple[tuple, str]]:
    out = []
    for words, cmd in leaf_commands(load_all_commands()):
        p = file_param(cmd)
        if p is not None and (any(w in words[-1] for w in COMMAND_WORDS) or isinstance(p.type, (click.Path, click.File))):
            out.append((words, p.name))
    return out


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def bad_files(folder: Path) -> dict[str, Path]:
    """Malformed, truncated and enormous files, each under its own name."""
    files = {
        "empty": b"",
        "garbage": bytes(range(256)) * 64,
        "text": b"my shopping list\n" * 100,
        "json_truncated": b'{"name": "Alex", "settings": {"Vehicle.Cabin.Infotainment.Media.Volume": 4',
        "json_wrong_types": json.dumps({"name": ["not", "a", "name"], "settings": "none", "version": "x"}).encode(),
        "json_list": b"[1, 2, 3]",
        "json_nested": nested(200_000).encode(),
        "json_huge": (b'{"name": "' + b"x" * 20_000_000 + b'"}'),
        "json_nan": b'{"name": "Alex", "settings": {"Vehicle.Cabin.Infotainment.Media.Volume": NaN}}',
        "utf16": "{\"name\": \"Alex\"}".encode("utf-16"),
        "sqlite_header_only": b"SQLite format 3\x00" + b"\x00" * 84,
    }
    out = {}
    for name, data in files.items():
        path = folder / f"{name}.import"
        path.write_bytes(data)
        out[name] = path
    # a real SQLite file that is not ours, and one of ours cut short
    other = folder / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.commit()
    conn.close()
    out["foreign_sqlite"] = other
    return out


def fingerprint(db: Path) -> str:
    """What the database holds (not its bytes: a refused command may still checkpoint the WAL)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


IMPORTERS = importers()


def test_the_walk_finds_the_importers():
    assert (("db", "restore"), "backup_file") in IMPORTERS


@pytest.mark.parametrize("case", IMPORTERS, ids=[" ".join(w) for w, _ in IMPORTERS])
def test_malformed_truncated_and_enormous_files_are_refused(tmp_path, case):
    words, param_name = case
    db = tmp_path / "cockpit.db"
    c = Controller.open(db)
    c.set("Vehicle.Cabin.Infotainment.Media.Volume", 40)
    c.close()
    before = fingerprint(db)
    cmd = main
    for w in words:
        cmd = cmd.commands[w]
    folder = tmp_path / "files"
    folder.mkdir()
    for name, path in bad_files(folder).items():
        argv = ["--db", str(db), *words]
        for p in cmd.params:
            if p.name == param_name:
                argv += [str(path)] if isinstance(p, click.Argument) else [p.opts[0], str(path)]
        if any("--yes" in p.opts for p in cmd.params):
            argv.append("--yes")
        result = CliRunner().invoke(main, argv, catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, repr(result.exception))
        assert result.exit_code != 0, (name, result.output)
        assert "Traceback" not in result.output
        message = result.output.strip().splitlines()[-1]
        assert message and len(message) < 300, (name, message)
        assert fingerprint(db) == before, name
        assert not db.with_name(db.name + ".damaged").exists(), name
    c = Controller.open(db)
    try:
        assert c.db_check() == []
        assert c.get("Vehicle.Cabin.Infotainment.Media.Volume") == 40
    finally:
        c.close()
