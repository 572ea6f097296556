"""Undo of a whole user action among many audit rows (issue 16).

    .venv/bin/python tests/perf/bench_undo.py [--rows 300000] [--runs 50]

The audit table is filled with readings and people's changes (`--rows`), then, on a real database
file, in process: a single change (set), a seat memory recalled (one user action of several
settings), Ctrl+Z of the action (all of it), and Ctrl+Z of a single change. Prints the median and
worst of each. Target: every one under 10 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_MS = 10.0
VOL = "Vehicle.Cabin.Infotainment.Media.Volume"
SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide."


def fill(c, rows: int) -> None:
    vin, pid, at = c.car.vin, c.active_profile_id(), "2026-12-01T08:00:00.000+00:00"
    batch = [(vin, pid if i % 10 == 0 else None, "Vehicle.Speed" if i % 10 else VOL, "1", "2",
              "ui" if i % 10 == 0 else "simulator", at) for i in range(rows)]
    with c.store.write():
        c.store.db.conn.executemany(
            "INSERT INTO audit (vin, profile_id, path, old, new, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    c.wrote()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    from tui.controller import Controller

    with tempfile.TemporaryDirectory() as folder:
        c = Controller.open(Path(folder) / "bench.db")
        fill(c, args.rows)
        pos, height = c.spec(SEAT + "Position"), c.spec(SEAT + "Height")
        c.set_many({pos.path: pos.min, height.path: height.min})
        c.seats.save_preset(1)
        times = {"set one setting": [], "recall a seat memory (one action)": [], "Ctrl+Z of the action": [],
                 "Ctrl+Z of one change": []}
        for i in range(args.runs):
            c.set_many({pos.path: pos.max, height.path: height.max})
            times["recall a seat memory (one action)"].append(timed(lambda: c.seats.recall_preset(1, confirmed=True)))
            times["Ctrl+Z of the action"].append(timed(c.undo_action))
            times["set one setting"].append(timed(lambda: c.set(VOL, 10 + i % 50)))
            times["Ctrl+Z of one change"].append(timed(c.undo_action))
        c.close()
    print(f"audit rows: {args.rows:,}, runs: {args.runs}")
    print(f"{'operation':<36} {'median ms':>10} {'worst ms':>10}  target < {TARGET_MS:g} ms")
    for name, values in times.items():
        med, worst = statistics.median(values), max(values)
        print(f"{name:<36} {med:>10.2f} {worst:>10.2f}  {'ok' if med < TARGET_MS else 'SLOW'}")


if __name__ == "__main__":
    main()
