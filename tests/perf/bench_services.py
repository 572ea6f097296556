"""How long media, services and the ledger take on a real database file, in process.

    .venv/bin/python tests/perf/bench_services.py [--rounds 200]

Issue 7 sets no numeric target; the app calls controller.tick() about once a second and asks
feature_block() while rendering, so both must stay far below a frame (16 ms). Prints one table.
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
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    folder = Path(tempfile.mkdtemp())
    c = Controller.open(folder / "bench.db", clock=FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)))
    rows = []
    rows.append(("feature_block('media.streaming'), none bought", *timed(lambda: c.feature_block("media.streaming"), rounds)))
    rows.append(("services.catalog() (9 services)", *timed(c.services.catalog, rounds)))
    rows.append(("controller.status() with now playing", *timed(c.status, rounds)))
    c.media.set_source("FM")
    rows.append(("media.next() (VSS write + audit)", *timed(c.media.next, rounds)))
    rows.append(("buy + cancel music (2 transactions)",
                 *timed(lambda: (c.services.buy("music", "monthly"), c.services.cancel("music")), max(20, rounds // 10))))
    # a busy marketplace: 60 profiles with subscriptions, 30 cars, two years of renewals and fees
    with c.store.write():
        pids = [c.store.profiles.add(f"P{i}", "PP", "#000000").id for i in range(60)]
    models = [m.id for m in c.models()][:30]
    for i, model in enumerate(models):
        c.car_for_model(model)
        with c.store.write():
            c.store.settings.set("active_profile_id", pids[i])
        for service in ("music", "traffic", "remote_home"):
            try:
                c.services.buy(service, "monthly")
            except Exception:  # noqa: BLE001 - not every car runs every service
                pass
    start = time.perf_counter()
    c.ledger.simulate_months(24)
    simulate_ms = (time.perf_counter() - start) * 1000
    entries = len(c.store.ledger.entries())
    rows.append((f"controller.tick(), idle, {len(c.store.services.active())} active plans", *timed(c.tick, rounds)))
    rows.append(("feature_block with active plans", *timed(lambda: c.feature_block("nav.live_traffic"), rounds)))
    month = c.ledger.months()[12]
    rows.append((f"ledger.settlement(month) over {entries} entries", *timed(lambda: c.ledger.settlement(month), 50)))
    rows.append(("ledger.csv(month)", *timed(lambda: c.ledger.csv(month), 50)))
    rows.append(("ledger.balances() (all entries)", *timed(c.ledger.balances, 20)))
    c.close()
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'operation':<{width}}{'median ms':>10}{'p95 ms':>10}")
    for name, median, p95 in rows:
        print(f"{name:<{width}}{median:>10.3f}{p95:>10.3f}")
    print(f"{'simulate 24 months (30 cars, ~90 plans)':<{width}}{simulate_ms:>10.1f}{'(once)':>10}")


if __name__ == "__main__":
    main()
