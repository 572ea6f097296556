"""How long the settlement's what-if takes (issue 16): the database copied into memory, the
marketplace domains built on the copy, the month(s) run there. The screen calls it on the key m.

    .venv/bin/python tests/perf/bench_settlement_whatif.py [--rounds 30]

Prints one table (median and 95th percentile, ms), for a fresh database and for one with three
cars and two years of renewals and fees.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def timed(fn, rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    folder = Path(tempfile.mkdtemp())
    start = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    fresh = Controller.open(folder / "fresh.db", clock=FakeClock(start))
    fresh.services.start_trial("handsfree")
    busy = Controller.open(folder / "busy.db", clock=FakeClock(start))
    busy.add_vehicle("fiat-500e-2024")
    busy.add_vehicle("peugeot-e-208-2024")
    busy.services.buy("music", "monthly")
    busy.ledger.simulate_months(24)  # two years of renewals and fees, for real, in this file only
    rows = [("what_if(1), fresh database", lambda: fresh.ledger.what_if(1)),
            ("what_if(1), 3 cars, 2 years of books", lambda: busy.ledger.what_if(1)),
            ("what_if(12), 3 cars, 2 years of books", lambda: busy.ledger.what_if(12)),
            ("settlement(), for comparison", lambda: busy.ledger.settlement())]
    print(f"{'operation':<40}{'median ms':>12}{'p95 ms':>10}")
    for name, fn in rows:
        median, p95 = timed(fn, rounds)
        print(f"{name:<40}{median:>12.1f}{p95:>10.1f}")
    fresh.close()
    busy.close()


if __name__ == "__main__":
    main()
