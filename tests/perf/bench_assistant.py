"""How long the assistant takes to understand a request, and to understand and carry it out.

    .venv/bin/python tests/perf/bench_assistant.py [--rounds 5]

Runs every request of the assistant's test table (tests/controller/test_assistant_table.py) against
a real database file, in process: "understand" is parsing and choosing the intent and slots;
"ask" is the whole request as the bar and `smartcockpit say` run it (understand, carry out through
the controller with its transaction and audit row, record the request history). Prints one table.
Target (issue 6): median under 2 ms to understand and carry out a request.
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

TARGET_MEDIAN_MS = 2.0


def requests() -> list[str]:
    from tests.controller.test_assistant_table import ROWS

    texts = []
    for row in ROWS:
        if row.text:
            texts.append(row.text)
        texts.extend(row.then)
    return texts


def measure(rounds: int = 5) -> dict:
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    texts = requests()
    with tempfile.TemporaryDirectory() as folder:
        c = Controller.open(Path(folder) / "bench.db", clock=FakeClock())
        try:
            a = c.assistant
            c.profiles.create("Alex", pin="4321")  # the table's people, so "switch to Alex" is carried out
            c.profiles.create("Sam")
            driver = c.active_profile_id()
            by_area: dict[str, list[float]] = {}
            t0 = time.perf_counter()
            a.ask("warmer")  # the first request of a session
            first = time.perf_counter() - t0
            understand, ask = [], []
            slowest = ("", 0.0)
            for _ in range(rounds):
                for text in texts:
                    t0 = time.perf_counter()
                    a.understand(text)
                    understand.append(time.perf_counter() - t0)
                for text in texts:
                    t0 = time.perf_counter()
                    reply = a.ask(text)
                    took = time.perf_counter() - t0
                    ask.append(took)
                    by_area.setdefault((reply.intent or "not understood").split(".")[0], []).append(took)
                    if took > slowest[1]:
                        slowest = (text, took)
                    c.clock.advance(1)
                    reset(c, driver)
        finally:
            c.close()
    return {"requests": len(texts), "rounds": rounds, "first": first, "understand": understand, "ask": ask,
            "slowest": slowest, "by_area": by_area}


def reset(c, driver: int) -> None:
    """Back to the Driver, out of valet mode, between requests (not timed): each request of the table
    runs in the scene it was written for, not in what the previous one left."""
    if c.profiles.valet_active():
        for pin in ("2468", "9999"):
            try:
                c.profiles.valet_off(pin)
                break
            except Exception:
                continue
    if c.active_profile_id() != driver:
        c.profiles.switch(driver, keep_changes=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def rows(rounds: int = 3) -> list[tuple[str, str, str]]:
    """(figure, value, target) for tests/perf/bench_app.py's summary table."""
    m = measure(rounds)
    return [
        ("assistant: understand, median", ms(statistics.median(m["understand"])), ""),
        ("assistant: understand + carry out, median", ms(statistics.median(m["ask"])), f"< {TARGET_MEDIAN_MS} ms"),
        ("assistant: understand + carry out, worst", ms(max(m["ask"])), ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    m = measure(args.rounds)
    und, ask = m["understand"], m["ask"]
    q = statistics.quantiles
    table = [
        ("figure", "median", "p95", "worst", "target"),
        ("understand (parse + intent + slots)", ms(statistics.median(und)), ms(q(und, n=20)[18]), ms(max(und)), ""),
        ("understand + carry out + history", ms(statistics.median(ask)), ms(q(ask, n=20)[18]), ms(max(ask)),
         f"median < {TARGET_MEDIAN_MS:g} ms"),
        ("first request of a session", ms(m["first"]), "", "", ""),
    ]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    print(f"{m['requests']} requests x {m['rounds']} rounds, real SQLite file, Python {sys.version.split()[0]}")
    for n, r in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("by area (understand + carry out)   requests  median      worst")
    for area, times in sorted(m["by_area"].items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {area:32} {len(times):8}  {ms(statistics.median(times)):10}  {ms(max(times))}")
    text, took = m["slowest"]
    print(f"slowest request: {text!r} ({ms(took)})")
    ok = statistics.median(ask) * 1000 < TARGET_MEDIAN_MS
    print("target met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
