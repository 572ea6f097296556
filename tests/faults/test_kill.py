"""SIGKILL in the middle of writes: the database stays healthy, batches stay whole, and the audit
log matches the state. The long version (hundreds of kills) runs with `pytest -m slow`."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.kill_worker import BATCH
from tui.controller import Controller

WORKER = Path(__file__).with_name("kill_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def kill_once(db: Path, mode: str, rng: random.Random) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db), mode], stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.15))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()


def check_consistent(db: Path) -> None:
    c = Controller.open(db)
    try:
        assert c.db_check() == []
        values = [c.get(p) for p in BATCH]
        generation = values[0] // 10
        assert values[:4] == [generation * 10] * 4, values
        assert values[4] == 5 + generation * 5, values
        # the audit log matches the state: the last audited value of each path is the value now
        for path in BATCH:
            row = c.store.db.execute(
                "SELECT new FROM audit WHERE vin = ? AND path = ? ORDER BY id DESC LIMIT 1", [c.car.vin, path]
            ).fetchone()
            if row is not None:
                import json

                assert json.loads(row[0]) == c.get(path), path
    finally:
        c.close()


def run_kills(tmp_path: Path, count: int, seed: int) -> None:
    db = tmp_path / "kill.db"
    Controller.open(db).close()
    rng = random.Random(seed)
    for _ in range(count):
        kill_once(db, "settings", rng)
        check_consistent(db)


def test_kill_during_setting_changes(tmp_path):
    run_kills(tmp_path, 8, seed=1)


@pytest.mark.slow
def test_kill_during_setting_changes_many(tmp_path):
    run_kills(tmp_path, 200, seed=2)
