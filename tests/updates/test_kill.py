"""SIGKILL at random points of an install: reopened, the car always starts from a slot holding a
whole version, the installed version is the old or the new one (never between), the job agrees
with the slots, and the install then goes on to the end.

A few kills run by default; many more with `pytest -m slow`."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.updates.conftest import Repo
from tui.controller import Controller
from tui.controller.clock import FakeClock

WORKER = Path(__file__).with_name("kill_worker.py")
ROOT = Path(__file__).resolve().parents[2]
CHUNK = 2048
PAYLOAD = bytes(range(256)) * 400  # 100 KiB: about 50 download and 50 write steps


def prepared(folder: Path, fail_at: str | None = None) -> Path:
    db = folder / "cockpit.db"
    c = Controller.open(db, clock=FakeClock())
    try:
        Repo(c).release("head-unit", "5.3.0", PAYLOAD)
        c.updates.check()
        if fail_at:
            c.updates.fail_next(fail_at)
    finally:
        c.close()
    return db


def kill_worker(db: Path, rng: random.Random, longest: float) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db), str(CHUNK)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    try:
        first = proc.stdout.readline().strip()
        assert first == b"ready", (first, proc.stderr.read().decode()[-2000:])
        time.sleep(rng.uniform(0.0, longest))
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
    return out.decode().split()


def check_after_kill(db: Path) -> str:
    """Reopen: consistent slots, a version that is whole; returns the job's state."""
    c = Controller.open(db, clock=FakeClock())
    try:
        assert c.updates.problems() == []
        head = next(s for s in c.updates.status() if s.component.id == "head-unit")
        job = c.store.updates.recent_jobs(c.car.vin, 1)[0]
        if job.state in ("booting", "done"):
            assert (head.version, head.active_slot) == ("5.3.0", "B")
        else:  # everything before the switch, a failure, or a rollback: the old version, slot A
            assert (head.version, head.active_slot) == ("5.2.0", "A"), job.state
        if job.state == "done":
            assert [h.outcome for h in c.updates.history("head-unit")] == ["installed", "factory"]
        # and the install goes on from where it was, to the end
        c.updates.chunk = CHUNK * 8
        progress = c.updates.progress()
        while progress is not None and not progress.finished:
            progress = c.updates.step()
        assert c.updates.problems() == []
        final = c.store.updates.recent_jobs(c.car.vin, 1)[0]
        assert final.state in ("done", "rolled_back", "failed")
        head = next(s for s in c.updates.status() if s.component.id == "head-unit")
        assert head.version == ("5.3.0" if final.state == "done" else "5.2.0")
        return job.state
    finally:
        c.close()


def run_kills(tmp_path: Path, rounds: int, seed: int, fail_at: str | None = None) -> set[str]:
    rng = random.Random(seed)
    seen = set()
    for n in range(rounds):
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        db = prepared(folder, fail_at)
        kill_worker(db, rng, 0.6)
        seen.add(check_after_kill(db))
    return seen


def test_killed_installs_leave_a_bootable_slot(tmp_path):
    seen = run_kills(tmp_path, 6, seed=20)
    assert seen & {"downloading", "installing", "downloaded", "verified", "installed", "booting", "done"}


def test_killed_installs_that_roll_back_leave_a_bootable_slot(tmp_path):
    run_kills(tmp_path, 3, seed=21, fail_at="boot")


@pytest.mark.slow
def test_many_kills(tmp_path):
    seen = run_kills(tmp_path, 40, seed=7)
    assert len(seen) >= 3, seen


@pytest.mark.slow
def test_many_kills_with_a_rollback(tmp_path):
    run_kills(tmp_path, 20, seed=9, fail_at="boot")
