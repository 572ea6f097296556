"""The fleet operator's figures (issue 20); prints one table.

    .venv/bin/python tests/perf/bench_fleet.py [--cars 100000] [--runs 3] [--keys 30] [--no-terminal]

Rows: generating the simulated fleet; planning a rollout over it (compatibility with a dependency
chain, stable hashed groups, one target row per car; the operator PIN check included, about
0.1 s of scrypt); one group of 10,000 status reports taken in one batch (thresholds checked after
each, the next group started when the success threshold is reached); and, in a real terminal
(tmux), the home screen's key latency while idle and while a rollout advances in the background
(another process on the same database file, batches of 1,000 reports back to back, as the fleet's
backend would).
`rows()` gives [(figure, value, target)] for tests/perf/bench_app.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PIN = "8080"
ADVANCER = """
import sys, time
sys.path.insert(0, {root!r})
from tui.controller import Controller
from tui.controller.fleet import Fleet
from tui.controller.fleet.simulate import SimulatedCars
c = Controller.open({db!r})
f = Fleet(c)
cars = SimulatedCars({{"default": 0.0}})
rid, batches = {rid}, 0
out = open({count!r}, "w")
while True:
    r = f.advance(rid, 1000, cars)
    batches += 1
    out.seek(0); out.write(str(batches)); out.flush()
    if r.status != "running":
        rid = f.create_rollout({release}, pin={pin!r}).id
        f.start(rid, pin={pin!r})
"""


def timed(fn, runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def prepare(db: Path, cars: int):
    """A database with an operator PIN, `cars` cars, a connectivity release and a head unit release
    that requires it. Returns (controller, fleet, head unit release, generate seconds)."""
    from tui.controller import Controller
    from tui.controller.fleet import Fleet

    c = Controller.open(db)
    c.ledger.set_operator_pin(PIN)
    f = Fleet(c)
    t = time.perf_counter()
    f.generate(cars, pin=PIN)
    generated = time.perf_counter() - t
    f.add_release("connectivity", "2.0.0", pin=PIN)
    hu = f.add_release("head_unit", "6.0.0", rules={"requires": {"connectivity": "2.0"}}, pin=PIN)
    return c, f, hu, generated


def in_process(cars: int, runs: int, work: Path) -> tuple[list, Path, int, int]:
    c, f, hu, generated = prepare(work / "fleet.db", cars)
    rows = [(f"generate a fleet of {cars:,} cars (s)", f"{generated:.2f}", "in seconds")]
    plan_s, rollout = timed(lambda: f.create_rollout(hu.id, pin=PIN), runs)
    planned = sum(g.total for g in c.store.fleet.groups(rollout.id))
    rows.append((f"plan a rollout over {cars:,} cars ({planned:,} planned) (s)", f"{plan_s:.2f}", "< 2 s"))
    # one group of 10,000: a rollout whose first group is 10 % of a 100,000-car fleet's planned cars
    share = min(100.0, 100.0 * 10_000 / max(1, planned))
    r = f.create_rollout(hu.id, percentages=[share, 100], pin=PIN)
    f.start(r.id, pin=PIN)
    running = c.store.fleet.running(r.id)
    reports = [(t.car_id, True, "installed") for t in running]
    t = time.perf_counter()
    result = f.receive(r.id, reports)
    took = time.perf_counter() - t
    rows.append((f"advance one group: {len(reports):,} status reports in one batch (s)", f"{took:.2f}",
                 "reported" + (f"; group {result.started_groups[0]} started" if result.started_groups else "")))
    c.close()
    return rows, work / "fleet.db", r.id, hu.id


def over_nats(work: Path) -> list:
    """One group of about 10,000 cars through NATS as real cars: assignments published, the simulated
    cars' reports published back, taken in a batch and applied (a local nats-server -js)."""
    import asyncio

    from tui.controller.fleet import transport
    from tui.controller.fleet.simulate import SimulatedCars
    from tui.controller.net.nats import Link, LinkError, LocalServer

    try:
        server = LocalServer(work / "nats", name="bench").start()
    except LinkError as exc:
        return [("one group of 10,000 through NATS", f"n/a ({exc})", "")]
    try:
        c, f, hu, _ = prepare(work / "nats.db", 100_000)
        r = f.create_rollout(hu.id, percentages=[11.8, 100], pin=PIN)  # ~10,000 of the ~85,000 it reaches
        f.start(r.id, pin=PIN)
        n = len(c.store.fleet.running(r.id))

        async def go():
            link = await Link(server.url).connect()
            try:
                t = time.perf_counter()
                result = await transport.simulated_round(link, f, r.id, n, SimulatedCars({"default": 0.0}))
                return time.perf_counter() - t, result
            finally:
                await link.close()

        took, result = asyncio.run(go())
        c.close()
        return [(f"one group through NATS: {n:,} assignments out, {result.applied:,} reports back and applied (s)",
                 f"{took:.2f}", "reported")]
    finally:
        server.stop()


def key_latency(db: Path, rid: int, release: int, keys: int, size: str, work: Path) -> list:
    from bench_app import APP_MARKER, app_cmd, key_moves
    from terminal import have_tmux

    if not have_tmux():
        return [("home key latency", "n/a (tmux not found)", "")]
    idle_med, idle_worst = key_moves(app_cmd(db), APP_MARKER, ["Right", "Left"], keys, size)
    count = work / "batches.txt"
    script = work / "advancer.py"
    script.write_text(ADVANCER.format(root=str(ROOT), db=str(db), rid=rid, count=str(count), release=release,
                                      pin=PIN))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not (count.exists() and count.read_text().strip()):
            time.sleep(0.05)
        before = int(count.read_text() or 0) if count.exists() else 0
        busy_med, busy_worst = key_moves(app_cmd(db), APP_MARKER, ["Right", "Left"], keys, size)
        batches = int(count.read_text() or 0) - before if count.exists() else 0
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def f(v):
        return "n/a" if v is None else f"{v * 1000:.1f}"

    return [("home key move, idle: median / worst (ms)", f"{f(idle_med)} / {f(idle_worst)}", "reported"),
            ("home key move, rollout advancing beside: median / worst (ms)", f"{f(busy_med)} / {f(busy_worst)}",
             f"beside idle ({batches} batches of 1,000 reports meanwhile)")]


def rows(cars: int = 100_000, runs: int = 3, keys: int = 30, size: str = "80x24", terminal: bool = True) -> list:
    work = Path(tempfile.mkdtemp(prefix="scfleet"))
    out, db, rid, release = in_process(cars, runs, work)
    out += over_nats(work)
    if terminal:
        out += key_latency(db, rid, release, keys, size, work)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cars", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--keys", type=int, default=30)
    p.add_argument("--size", default="80x24")
    p.add_argument("--no-terminal", action="store_true", help="only the in-process figures")
    a = p.parse_args()
    table = rows(a.cars, a.runs, a.keys, a.size, not a.no_terminal)
    header = ("figure", "value", "target")
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(3)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    os.environ.setdefault("TERM", "xterm-256color")
    main()
