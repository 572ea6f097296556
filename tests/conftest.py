"""Shared fixtures: every test gets a real SQLite file in its own temporary folder.

The suite runs as root on CI, so it must be unable to write outside its temporary folders:
- every test runs with its working directory, HOME and XDG folders (and TMPDIR) inside tmp_path,
  so a relative or home-relative path a test types lands in there;
- an audit hook (sys.addaudithook) refuses, for the whole session, any write, rename, removal,
  mode change or new SQLite file outside pytest's base temporary folder: a test that tries one
  fails with PermissionError instead of replacing a system file (a hostile-text test once wrote
  a profile export over /etc/passwd). Compiled bytecode and the snapshot plugin's own files are
  the only exceptions.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
import sys
import tempfile
from pathlib import Path

# Compiled modules are cached in __pycache__ (ignored by git) even where PYTHONDONTWRITEBYTECODE
# is set: otherwise each of the suite's four workers compiles every test module (assertion
# rewriting) and every app module again, which took 7 s of collection per worker instead of 1.6.
sys.dont_write_bytecode = False

import pytest  # noqa: E402

from tests.isolation import GUARD, SANDBOX  # noqa: E402
from tui.controller import Controller  # noqa: E402
from tui.controller.clock import FakeClock  # noqa: E402


try:  # hypothesis keeps no example database in the working directory
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("isolated", database=None)
    _hypothesis_settings.load_profile("isolated")
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass


def pytest_configure(config):
    """The garbage collector runs less often in the test processes: (10000, 10, 10) instead of
    Python's (700, 10, 10). A test process holds every module and test item of the session, so
    each full collection took about 250 ms, and the Pilot tests' widgets set one off every few
    tests (about 16 s a worker; about 6 s now). The app manages its own collections
    (tui/idle_gc.py, tested in tests/tui/test_idle_gc.py with the thresholds it finds)."""
    import gc

    gc.set_threshold(10_000, 10, 10)


@pytest.fixture(scope="session", autouse=True)
def _write_guard(tmp_path_factory):
    """Switch the audit hook on for the session, rooted at pytest's base temporary folder."""
    base = os.path.realpath(tmp_path_factory.getbasetemp())
    session_tmp = Path(base) / "tmp"
    session_tmp.mkdir(exist_ok=True)
    old_tempdir = tempfile.tempdir
    tempfile.tempdir = str(session_tmp)
    roots = [base]
    if os.environ.get("TEXTUAL_SNAPSHOT_TEMPDIR"):  # pytest-textual-snapshot's own working folder
        roots.append(os.path.realpath(os.environ["TEXTUAL_SNAPSHOT_TEMPDIR"]))
    GUARD["roots"] = tuple(roots)
    GUARD["on"] = True
    yield
    GUARD["on"] = False
    tempfile.tempdir = old_tempdir


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Working directory, HOME, XDG folders and TMPDIR inside this test's tmp_path."""
    sandbox = tmp_path / SANDBOX
    for name in ("cwd", "home", "data", "config", "cache", "state", "runtime", "tmp"):
        (sandbox / name).mkdir(parents=True, exist_ok=True)
    (sandbox / "runtime").chmod(0o700)
    monkeypatch.chdir(sandbox / "cwd")
    monkeypatch.setenv("HOME", str(sandbox / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(sandbox / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(sandbox / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(sandbox / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(sandbox / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(sandbox / "runtime"))
    monkeypatch.setenv("TMPDIR", str(sandbox / "tmp"))
    monkeypatch.setenv("TMUX_TMPDIR", str(sandbox / "tmp"))
    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    yield sandbox


@pytest.fixture(scope="session", autouse=True)
def _new_files_from_a_template(tmp_path_factory):
    """A new database file costs about 150 ms (every migration, then the catalog), and most tests
    start from one. The first Controller.open of a new file in this worker makes one for real
    (store.open_store); later ones start from a copy of it, which open_store then opens as an
    up-to-date file. What the Controller writes on a first run (the demo car, the owner, each
    domain's demo data, at the test's clock) is still written by it, in the test. Tests of the
    store itself call store.open_store and always make their files for real."""
    import shutil

    from store import check_path, open_store
    from tui.controller import controller as controller_module

    template = tmp_path_factory.mktemp("template") / "new.db"
    real = controller_module.open_store

    def open_from_template(path):
        try:  # only a path open_store would take (a hostile one goes to it untouched, to be refused)
            target = Path(path).expanduser()
            check_path(target)
            new = not target.exists() and target.parent.is_dir()
        except Exception:
            new = False
        if new:
            if not template.exists():
                open_store(template).close()
            shutil.copyfile(template, target)
        return real(path)

    controller_module.open_store = open_from_template
    yield
    controller_module.open_store = real


@pytest.fixture(autouse=True)
def _quick_pin_hashes(request, monkeypatch):
    """PINs hashed at a low scrypt cost in tests (n=2**10 instead of 2**15: about 4 ms a hash
    instead of 150 ms; one PIN check in four of the suite's CPU time was scrypt). The rules around
    the hash (the salt field carrying the cost, rehash of a cheaper hash on the next right PIN,
    lockouts) are the same at any cost. Tests marked full_pin_cost run at the shipped cost and
    check it (tests/controller/test_authority_findings.py)."""
    if request.node.get_closest_marker("full_pin_cost"):
        return
    from tui.controller import security

    monkeypatch.setattr(security, "SCRYPT_N", 2**10)
    monkeypatch.setattr(security, "LEGACY_N", 2**9)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cockpit.db"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def cli(tmp_path):
    """cli(*args, input=None): `smartcockpit --db <tmp>/cli.db ARGS` in this process (click's
    runner); cli.db is the database file."""
    from click.testing import CliRunner

    from tui.cli import main

    db = tmp_path / "cli.db"
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, ["--db", str(db), *args], input=input, catch_exceptions=False)

    run.db = db
    return run


@pytest.fixture
def controller(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    yield c
    c.close()


SNAPSHOT_TIME = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)


@pytest.fixture
def fixed_controller(tmp_path, _isolated_home):
    """For snapshots: a fresh database with the demo car and a clock fixed at SNAPSHOT_TIME, in the
    test's home folder (About shows it as ~/snapshot.db, the same in every run)."""
    c = Controller.open(Path(os.environ["HOME"]) / "snapshot.db", clock=FakeClock(SNAPSHOT_TIME))
    yield c
    c.close()


@pytest.fixture
def fixed_app(fixed_controller):
    from tui.app import CockpitApp

    return CockpitApp(fixed_controller)


@pytest.fixture
def app(controller):
    from tui.app import CockpitApp

    return CockpitApp(controller)
