"""Two instances on one database: both work, neither fails with "database is locked", and each
sees the other's changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.faults.kill_worker import BATCH
from tui.controller import Controller

WORKER = Path(__file__).with_name("kill_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def test_two_processes_write_at_once(tmp_path):
    db = tmp_path / "two.db"
    Controller.open(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), str(db), f"writer:{path}", "150"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for path in BATCH[:2]
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode()
        assert b"locked" not in err
        assert out.split()[-1] == b"done"
    c = Controller.open(db)
    try:
        assert c.get(BATCH[0]) == 90 and c.get(BATCH[1]) == 90
        count = c.store.db.execute("SELECT count(*) FROM audit WHERE path IN (?, ?)", BATCH[:2]).fetchone()[0]
        assert count == 2 * 150  # every write audited: each one changes the value (fans start at 30)
        assert c.db_check() == []
    finally:
        c.close()


def test_each_instance_sees_the_other(tmp_path):
    db = tmp_path / "two.db"
    a = Controller.open(db)
    b = Controller.open(db)
    try:
        seen = []
        b.subscribe(seen.append)
        a.set("Vehicle.Cabin.Infotainment.Media.Volume", 64)
        assert b.get("Vehicle.Cabin.Infotainment.Media.Volume") != 64  # not yet synced
        assert b.catch_up() is True
        assert b.get("Vehicle.Cabin.Infotainment.Media.Volume") == 64
        assert seen and type(seen[-1]).__name__ == "ContextChanged"
        b.set("Vehicle.Cabin.Infotainment.Media.Volume", 20)
        assert a.catch_up() is True and a.get("Vehicle.Cabin.Infotainment.Media.Volume") == 20
        assert a.catch_up() is False  # nothing new
    finally:
        a.close()
        b.close()
