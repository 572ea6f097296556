"""SIGKILL in the middle of writes: afterwards `smartcockpit db check` passes, batches of settings
are whole, every profile is wholly before or wholly after its switch, and the audit log matches
the state (the last audited value of every path is the value stored).

The worker (tests/faults/kill_worker.py) changes settings, switches profiles, or buys and
cancels services, through the domains' own methods. A few dozen kills run in the normal suite;
hundreds run with `pytest -m slow`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.kill_worker import (
    BATCH, PROFILE_NAMES, audit_mismatches, prepare_profiles, services_consistency, switch_to,
)
from tui.controller import Controller

WORKER = Path(__file__).with_name("kill_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def kill_once(db: Path, mode: str, rng: random.Random) -> str:
    """Start the worker, let it write for a random moment, SIGKILL it. Returns what it printed after 'ready'."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db), mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    try:
        first = proc.stdout.readline().strip()
        assert first == b"ready", (first, proc.stderr.read().decode()[-2000:])
        time.sleep(rng.uniform(0.0, 0.15))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    rest = proc.stdout.read().decode()
    err = proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    assert "Traceback" not in err, err[-3000:]
    return rest


def db_check_cli(db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "tui", "--db", str(db), "db", "check"], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def check_settings(c: Controller) -> None:
    values = [c.get(p) for p in BATCH]
    generation = values[0] // 10
    assert values[:4] == [generation * 10] * 4, values
    assert values[4] == 5 + generation * 5, values


def check_profiles(c: Controller, expected: dict[str, dict]) -> None:
    """The car shows exactly the active profile's settings (never a mix of the two), and each
    profile is whole: switching to it afterwards brings back all of its settings."""
    active = c.active_profile_name()
    assert active in PROFILE_NAMES, active
    shown = {p: c.get(p) for p in expected[active]}
    assert shown == expected[active], (active, shown)
    for name in PROFILE_NAMES:
        switch_to(c, name)
        assert {p: c.get(p) for p in expected[name]} == expected[name], name


def check_consistent(db: Path, mode: str, expected=None, cli: bool = True) -> None:
    if cli:
        db_check_cli(db)
    c = Controller.open(db)
    try:
        assert c.db_check() == []
        assert audit_mismatches(c) == []
        if mode == "settings":
            check_settings(c)
        elif mode == "profiles":
            check_profiles(c, expected)
            assert audit_mismatches(c) == []
        elif mode == "purchases":
            assert services_consistency(c) == []
    finally:
        c.close()


def run_kills(tmp_path: Path, mode: str, count: int, seed: int) -> None:
    db = tmp_path / f"kill-{mode}.db"
    c = Controller.open(db)
    try:
        expected = prepare_profiles(c) if mode == "profiles" else None
    finally:
        c.close()
    rng = random.Random(seed)
    for i in range(count):
        out = kill_once(db, mode, rng)
        assert not out.startswith("unsupported"), out
        # the command-line check costs a process start: every few kills, and the last
        check_consistent(db, mode, expected, cli=(i % 4 == 0 or i == count - 1))


MODES = ["settings", "profiles", "purchases"]


@pytest.mark.parametrize("mode", MODES)
def test_kill_during_writes(tmp_path, mode):
    run_kills(tmp_path, mode, 4, seed=1)


@pytest.mark.crawl
@pytest.mark.parametrize("mode", MODES)
def test_kill_during_writes_more(tmp_path, mode):
    run_kills(tmp_path, mode, 12, seed=3)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_kill_during_writes_many(tmp_path, mode):
    run_kills(tmp_path, mode, 200, seed=2)


def test_the_purchase_check_sees_a_broken_trail(tmp_path):
    """The consistency check can fail: a sale whose ledger entry is gone, a purchase without a
    receipt and a service active twice are each reported."""
    c = Controller.open(tmp_path / "trail.db")
    try:
        offer = next(o for o in c.services.catalog() if o.prices and o.status == "available")
        c.services.buy(offer.id, source="ui")
        assert services_consistency(c) == []
        with c.store.write():
            c.store.db.execute("DELETE FROM ledger_entries")
            c.store.db.execute("INSERT INTO service_purchases (service_id, plan, vin, brand_id, transfer, currency, "
                               "price, started_at, period_start, anchor_day, status, profile_id) SELECT service_id, "
                               "plan, vin, brand_id, transfer, currency, price, started_at, period_start, anchor_day, "
                               "status, profile_id FROM service_purchases")
        problems = services_consistency(c)
        assert any("has no ledger entry" in p for p in problems), problems
        assert any("has no receipt" in p for p in problems), problems
        assert any("active 2 times" in p for p in problems), problems
    finally:
        c.close()
