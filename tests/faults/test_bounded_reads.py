"""Files a person names for reading are read with a bound and never block, and options that are
numbers are numbers: one sentence and exit code 1, never a traceback, a hang or 5 GB of memory.

`profile import /dev/zero` once grew to 5 GB, `/dev/urandom` and a named pipe hung, and so did
`simulate /dev/zero`: stat says 0 bytes for all of them. The commands run in a child process with
a timeout and a memory cap, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.files import NotPlainFile, TooLarge, read_head, read_limited
from tui.cli import main
from tui.controller import Controller
from tui.controller.profiles import ImportProblems

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1536 * 1024 * 1024  # the CLI needs about a tenth of it


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # HOME, XDG folders, TMPDIR: inside tmp_path (conftest)
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), *args], capture_output=True, text=True, env=env,
        cwd=db.parent, stdin=subprocess.DEVNULL, preexec_fn=cap_memory, timeout=20,
    )


@pytest.fixture
def fifo(tmp_path) -> Path:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    return pipe


def special(name: str, fifo: Path) -> Path:
    return fifo if name == "fifo" else Path(f"/dev/{name}")


SPECIALS = ["zero", "urandom", "fifo"]


def refused_in_one_go(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.stderr.startswith("smartcockpit: "), result.stderr
    assert "not a plain file" in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize("name", SPECIALS)
def test_profile_import_of_a_device_or_a_pipe_is_refused_at_once(tmp_path, fifo, name):
    db = tmp_path / "cockpit.db"
    source = special(name, fifo)
    refused_in_one_go(run(db, "profile", "import", str(source)))
    c = Controller.open(db)
    try:
        assert [p.name for p in c.profiles.list() if not p.is_guest] == ["Driver"]
    finally:
        c.close()


@pytest.mark.parametrize("name", SPECIALS)
def test_simulate_a_device_or_a_pipe_is_refused_at_once(tmp_path, fifo, name):
    refused_in_one_go(run(tmp_path / "cockpit.db", "simulate", str(special(name, fifo)), "--quiet"))


def in_a_thread(call, fifo: Path | None = None):
    """call() in a thread, given 10 s; a reader stuck on the pipe is let go by opening its far end."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive() and fifo is not None:
        with open(fifo, "wb"):  # a writer that closes at once: the reader sees the end
            pass
        worker.join(5)
    assert "value" in outcome or "error" in outcome, "the read blocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.parametrize("name", SPECIALS)
def test_the_controllers_refuse_a_device_or_a_pipe_without_blocking(controller, fifo, name):
    source = special(name, fifo)
    with pytest.raises(ImportProblems) as problems:
        in_a_thread(lambda: controller.profiles.read_import(source), fifo)
    assert problems.value.problems == [f"{source} is not a plain file, so it cannot be a profile file."]
    with pytest.raises(Exception, match="not a plain file"):
        in_a_thread(lambda: controller.simulator.load(str(source)), fifo)


def test_read_limited_refuses_devices_pipes_and_links_to_them(tmp_path, fifo):
    link = tmp_path / "zero-link.json"
    link.symlink_to("/dev/zero")
    for source in (Path("/dev/zero"), Path("/dev/urandom"), fifo, link):
        with pytest.raises(NotPlainFile, match="is not a plain file"):
            in_a_thread(lambda: read_limited(source, 1000), fifo)
        with pytest.raises(NotPlainFile):
            in_a_thread(lambda: read_head(source, 16), fifo)
    with pytest.raises(IsADirectoryError):
        read_limited(tmp_path, 1000)
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "missing.json", 1000)


def test_read_limited_reads_a_plain_file_or_a_link_to_one_up_to_its_limit(tmp_path):
    exact = tmp_path / "exact.json"
    exact.write_bytes(b"x" * 1000)
    link = tmp_path / "link.json"
    link.symlink_to(exact)
    assert read_limited(exact, 1000) == b"x" * 1000
    assert read_limited(link, 1000) == b"x" * 1000
    assert read_head(exact, 16) == b"x" * 16
    with pytest.raises(TooLarge):
        read_limited(exact, 999)


def test_read_limited_stops_at_its_limit_whatever_the_size(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:  # 4 GB that take no room on the disk (sparse)
        fh.truncate(4 * 1024**3)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            read_limited(huge, 1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak


def test_a_route_or_profile_over_the_limit_is_refused_with_its_message(controller, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(6_000_000)
    with pytest.raises(ImportProblems) as problems:
        controller.profiles.read_import(big)
    assert problems.value.problems == ["big.json is larger than 1 MB; a profile file is much smaller."]
    with pytest.raises(Exception, match="too large"):
        controller.simulator.load(str(big))


# ---------------------------------------------------------------------- numbers that are not


def cli(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=True)


def one_sentence(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smartcockpit: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "9223372036854775808",
                                   "0", "-1"])
def test_profile_history_before_an_impossible_id_is_one_sentence(tmp_path, value):
    db = tmp_path / "cockpit.db"
    line = one_sentence(cli(db, "profile", "history", "Driver", "--before", value))
    assert "--before" in line


def test_profile_history_before_the_largest_id_is_the_first_page(tmp_path):
    db = tmp_path / "cockpit.db"
    result = cli(db, "profile", "history", "Driver", "--before", str(2**63 - 1))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("option,value", [
    ("--rate", "nan"), ("--rate", "inf"), ("--rate", "-inf"), ("--rate", "0"),
    ("--speedup", "nan"), ("--speedup", "inf"), ("--speedup", "-inf"), ("--speedup", "1001"),
])
def test_simulate_refuses_a_rate_or_speedup_that_is_not_in_range(tmp_path, option, value):
    db = tmp_path / "cockpit.db"
    line = one_sentence(cli(db, "simulate", option, value, "--quiet"))
    assert option in line
    assert not db.exists(), "refused before the database is opened"
