"""Key latency with the simulator driving at 10 updates a second and the Drive screen open, beside
the idle app (same screen, simulator stopped); and the CPU the simulator costs. Prints one table.

    .venv/bin/python tests/perf/bench_drive.py [--keys 40] [--seconds 5] [--speedup 10]

Latency is measured in-process (headless Textual, real SQLite file, real clock): from posting the
key event (Right / Left on the driving-mode row: a real write with its audit row, the list redrawn)
to the first frame the app composes after the screen has handled the change. Keys are spaced
120-180 ms apart at random so they fall at every phase of the simulator's 100 ms timer; idle and
busy blocks alternate in one app so both see the same machine load.
CPU: process CPU time over a window, divided by wall time (one core = 100 %).
Targets (issue 4): key latency with the simulator within 1.5x of the idle app; the CPU reported.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5


async def _latencies(keys: int, speedup: float, rounds: int = 4) -> dict:
    """Idle and busy measured in alternating blocks in one app, so both see the same machine
    (two other helpers' test suites may be running beside this one)."""
    from textual import events

    from tui.app import CockpitApp
    from tui.controller import Controller

    with tempfile.TemporaryDirectory() as tmp:
        c = Controller.open(Path(tmp) / "bench.db")
        app = CockpitApp(c)
        paints: list[float] = []
        handled: list[float] = []
        app.post_display_hook = lambda: paints.append(time.perf_counter())
        out = {"idle": [], "busy": []}
        rate = {"busy_updates": 0, "busy_wall": 0.0}
        async with app.run_test(size=(100, 30)) as pilot:
            app.open_menu("drive")
            await pilot.pause()
            mode = "Vehicle.Private.SmartCockpit.DrivingMode"
            # the key's write is announced, and the list redrawn, in the same call from the key handler
            c.subscribe(lambda e: handled.append(time.perf_counter()) if getattr(e, "path", None) == mode else None)
            c.simulator.set_speedup(speedup)
            rng = random.Random(7)
            per_block = max(1, keys // rounds)
            n = 0
            for _ in range(rounds):
                for phase in ("idle", "busy"):
                    if phase == "busy":
                        c.simulator.start()
                        await asyncio.sleep(1.0)  # at speed, the dashboard redrawing
                        updates0, wall0 = c.simulator.updates, time.perf_counter()
                    else:
                        if c.simulator.state == "running":
                            c.simulator.pause()
                        await asyncio.sleep(0.5)
                    for _ in range(per_block):
                        await asyncio.sleep(rng.uniform(0.12, 0.18))
                        handled.clear()
                        t0 = time.perf_counter()
                        app.post_message(events.Key("right" if n % 2 == 0 else "left", None))
                        n += 1
                        deadline = t0 + 2.0
                        while time.perf_counter() < deadline:
                            await asyncio.sleep(0.0005)
                            if handled and any(p >= handled[0] for p in paints[-5:]):
                                break
                        if handled:
                            after = [p for p in paints if p >= handled[0]]
                            if after:
                                out[phase].append(after[0] - t0)
                    if phase == "busy":
                        rate["busy_updates"] += c.simulator.updates - updates0
                        rate["busy_wall"] += time.perf_counter() - wall0
            c.simulator.stop()
        c.close()
    return {"idle": out["idle"], "busy": out["busy"], "rate": rate["busy_updates"] / max(rate["busy_wall"], 1e-9)}


def _controller_cost(seconds: float, speedup: float) -> dict:
    """The simulator alone (no screen): CPU per update and audit rows it writes."""
    from tui.controller import Controller

    with tempfile.TemporaryDirectory() as tmp:
        c = Controller.open(Path(tmp) / "bench.db")
        sim = c.simulator
        sim.set_speedup(speedup)
        rows0 = c.store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
        sim.start()
        cpu0, wall0, n0 = time.process_time(), time.perf_counter(), sim.updates
        end = wall0 + seconds
        while time.perf_counter() < end and sim.state == "running":
            time.sleep(0.1 - (time.perf_counter() - wall0) % 0.1)
            sim.pump()
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - wall0
        n = sim.updates - n0
        rows = c.store.db.execute("SELECT count(*) FROM audit").fetchone()[0] - rows0
        c.close()
    return {"cpu": cpu / wall, "per_update": cpu / max(n, 1), "rate": n / wall, "rows_per_s": rows / wall}


def _idle_cpu(seconds: float) -> float:
    async def run():
        from tui.app import CockpitApp
        from tui.controller import Controller

        with tempfile.TemporaryDirectory() as tmp:
            c = Controller.open(Path(tmp) / "bench.db")
            app = CockpitApp(c)
            async with app.run_test(size=(100, 30)) as pilot:
                app.open_menu("drive")
                await pilot.pause()
                cpu0, wall0 = time.process_time(), time.perf_counter()
                await asyncio.sleep(seconds)
                cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            c.close()
        return cpu / wall

    return asyncio.run(run())


def _app_sim_cpu(seconds: float, speedup: float) -> float:
    async def run():
        from tui.app import CockpitApp
        from tui.controller import Controller

        with tempfile.TemporaryDirectory() as tmp:
            c = Controller.open(Path(tmp) / "bench.db")
            app = CockpitApp(c)
            async with app.run_test(size=(100, 30)) as pilot:
                app.open_menu("drive")
                await pilot.pause()
                c.simulator.set_speedup(speedup)
                c.simulator.start()
                await asyncio.sleep(1)
                cpu0, wall0 = time.process_time(), time.perf_counter()
                await asyncio.sleep(seconds)
                cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
                c.simulator.stop()
            c.close()
        return cpu / wall

    return asyncio.run(run())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def measure(keys: int = 40, seconds: float = 5.0, speedup: float = 10.0) -> dict:
    lat = asyncio.run(_latencies(keys, speedup))
    return {
        "idle": {"latency": lat["idle"]}, "busy": {"latency": lat["busy"], "rate": lat["rate"]},
        "controller": _controller_cost(seconds, speedup),
        "idle_cpu": _idle_cpu(seconds),
        "app_cpu": _app_sim_cpu(seconds, speedup),
    }


def rows(keys: int = 20) -> list[tuple[str, str, str]]:
    """(figure, value, target) for tests/perf/bench_app.py's summary table."""
    m = measure(keys, 3.0)
    i, b = statistics.median(m["idle"]["latency"]), statistics.median(m["busy"]["latency"])
    return [
        ("drive: key latency, idle app (median)", ms(i), ""),
        ("drive: key latency, simulator 10/s (median)", ms(b), f"<= {TARGET_RATIO}x idle ({b / i:.2f}x)"),
        ("drive: simulator CPU in the app", pct(m["app_cpu"] - m["idle_cpu"]), "reported"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--speedup", type=float, default=10.0)
    args = parser.parse_args()
    m = measure(args.keys, args.seconds, args.speedup)
    idle, busy = m["idle"]["latency"], m["busy"]["latency"]
    q = statistics.quantiles
    mi, mb = statistics.median(idle), statistics.median(busy)
    p90i, p90b = q(idle, n=10)[8], q(busy, n=10)[8]
    ctl = m["controller"]
    table = [
        ("figure", "idle app", "simulator 10/s", "ratio", "target"),
        ("key -> change painted, median", ms(mi), ms(mb), f"{mb / mi:.2f}x", f"<= {TARGET_RATIO}x"),
        ("key -> change painted, p90", ms(p90i), ms(p90b), f"{p90b / p90i:.2f}x", ""),
        ("key -> change painted, worst", ms(max(idle)), ms(max(busy)), "", ""),
        ("keys measured", str(len(idle)), str(len(busy)), "", ""),
        ("simulator updates / s (measured)", "0", f"{m['busy']['rate']:.1f}", "", "10"),
        ("process CPU, Drive screen open", pct(m["idle_cpu"]), pct(m["app_cpu"]), "", ""),
        ("CPU the simulator costs in the app", "", pct(m["app_cpu"] - m["idle_cpu"]), "", "reported"),
        ("simulator alone (controller, no UI)", "", pct(ctl["cpu"]), "", "reported"),
        ("  per update (write + audit + events)", "", ms(ctl["per_update"]), "", ""),
        ("  audit rows written / s", "", f"{ctl['rows_per_s']:.0f}", "", ""),
    ]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    print(f"Drive screen, 100x30 headless, real SQLite file, simulator at {args.speedup:g}x route speed, "
          f"Python {sys.version.split()[0]}")
    for n, r in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("target met" if mb / mi <= TARGET_RATIO else "TARGET MISSED")


if __name__ == "__main__":
    main()
