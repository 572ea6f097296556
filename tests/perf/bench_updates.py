"""Software updates on the car: signing, verifying and installing, timed; prints one table.

    .venv/bin/python tests/perf/bench_updates.py [--cars 10000] [--rounds 20]

Rows: making the keys and both repositories; publishing a 1.5 MiB release; one assignment; the
director assigning to N cars at once (each of the 256 hash bins signed once); the car's check of both repositories (tuf's
Updater: timestamp, snapshot, targets of each) with one car assigned and with N, and the part of it the
Software Update screen runs on its own (UI) thread (check_plan + apply_check: the rest runs on a
worker thread); the first open's demo repository and check; the UI loop's longest stall while the
tile opens and checks, with the check on the UI thread as before and on a worker thread now (Pilot,
in-process: the time a key would wait); one committed
install step (64 KiB downloaded or written, fsync, commit); a whole 1.5 MiB install."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.controller import Controller  # noqa: E402
from tui.controller.updates import repository  # noqa: E402
from tui.controller.updates.demo import payload  # noqa: E402


def timed(fn, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(cars: int = 10_000, rounds: int = 20) -> list[tuple[str, float, float]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        c = Controller.open(Path(tmp) / "cockpit.db")
        u = c.updates
        folder = u.repository()
        ms = once(lambda: repository.init_keys(folder))
        out.append(("init_keys: 8 Ed25519 keys, 2 repositories", ms, ms))
        hw = u.hardware()["head-unit"]
        image = payload("head-unit", "5.3.0", 1536 * 1024)
        ms = once(lambda: repository.publish_release(folder, "head-unit", "5.3.0", image, [hw]))
        out.append(("publish_release 1.5 MiB (hash, sign 3 roles)", ms, ms))
        out.append(("assign one car", *timed(lambda: repository.assign(folder, c.car.vin, "head-unit", "5.3.0"),
                                             rounds)))
        out.append(("car check, 1 car in the director", *timed(u.check, rounds)))
        # what the Software Update screen's thread does of a check: read what it needs, then keep the
        # verdict; the signatures (CheckPlan.run) run on a worker thread
        verdict = u.check_plan().run()
        out.append(("  of it on the UI thread: check_plan + apply_check", *timed(lambda: u.apply_check(verdict)
                                                                                   if u.check_plan() else None,
                                                                                   rounds)))
        with tempfile.TemporaryDirectory() as other:
            c2 = Controller.open(Path(other) / "demo.db")
            ms = once(lambda: c2.updates.check_plan(demo=True).run())
            out.append(("first open: demo repository + check (worker thread)", ms, ms))
            c2.close()
        fleet = [(f"FLEETCAR{n:09d}", "head-unit", "5.3.0", hw) for n in range(cars)]
        ms = once(lambda: repository.assign_many(folder, fleet))
        meta = repository.metadata_dir(folder, "director")
        size = (meta / f"{repository.bin_for(folder, f'{c.car.vin}/head-unit')}.json").stat().st_size
        out.append((f"assign_many {cars:,} cars (the bins they fall in signed once)", ms, ms))
        out.append((f"car check, {cars:,} cars in the director (its bin {size / 1e3:.0f} kB)", *timed(u.check, 5)))
        u.chunk = 64 * 1024
        u.install("head-unit")
        steps = []
        progress = u.progress()
        start = time.perf_counter()
        while not progress.finished:
            t0 = time.perf_counter()
            progress = u.step()
            steps.append((time.perf_counter() - t0) * 1000)
        whole = (time.perf_counter() - start) * 1000
        steps.sort()
        out.append((f"install step (64 KiB, fsync, commit), {len(steps)} steps", statistics.median(steps),
                    steps[int(len(steps) * 0.95)]))
        out.append(("whole install 1.5 MiB (download, verify, write, switch)", whole, whole))
        c.close()
    return out


def loop_stalls(opens: int = 10, on_ui_thread: bool | None = False) -> tuple[float, float, float]:
    """The Software Update tile opened by keys `opens` times (Pilot, 80x24, a fresh database: the
    first open makes the demo repository): the UI loop's longest stall from Enter until the
    signed check is done, per open; (first open, median of the others, worst of the others) in ms.
    on_ui_thread: the check as it ran before (on the UI thread, after the first paint), to compare;
    None: no check at all (what opening the tile costs by itself)."""
    import asyncio

    from tui.app import CockpitApp
    from tui.screens import software_update

    def old_start(screen, demo=False, announce=True):  # the check as it was: on the UI thread
        screen.checking = True
        updates = screen.controller.updates
        if demo:
            updates.ensure_demo()
        screen.checking = False
        screen.checked(updates.check(), announce)

    async def run(app) -> list[float]:
        out = []
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(opens):
                stalls, stop = [0.0], []

                async def probe():
                    last = time.perf_counter()
                    while not stop:
                        await asyncio.sleep(0.001)
                        now = time.perf_counter()
                        stalls.append(now - last - 0.001)
                        last = now

                await pilot.press("g")
                await pilot.pause(0.05)
                task = asyncio.create_task(probe())
                await pilot.press("end", "left", "enter")
                for _ in range(2000):
                    screen = app.screen
                    if type(screen).__name__ == "SoftwareUpdateScreen" and not screen.checking and \
                            "Checked" in str(screen.query_one("#update-note").content):
                        break
                    await asyncio.sleep(0.002)
                stop.append(True)
                await task
                out.append(max(stalls) * 1000)
        return out

    def no_check(screen, demo=False, announce=True):
        screen.query_one("#update-note").update("Checked (not: the baseline)")

    real = software_update.SoftwareUpdateScreen.start_check
    if on_ui_thread is None:
        software_update.SoftwareUpdateScreen.start_check = no_check
    elif on_ui_thread:
        software_update.SoftwareUpdateScreen.start_check = old_start
    try:
        with tempfile.TemporaryDirectory() as tmp:
            c = Controller.open(Path(tmp) / "cockpit.db")
            try:
                times = asyncio.run(run(CockpitApp(c)))
            finally:
                c.close()
    finally:
        software_update.SoftwareUpdateScreen.start_check = real
    rest = sorted(times[1:])
    return times[0], statistics.median(rest), rest[-1]


def rows() -> list[tuple[str, str, str]]:
    """For bench_app.py's table: (figure, value, target)."""
    return [(f"updates: {name} (ms)", f"{median:.1f}", "reported") for name, median, _p95 in measure(rounds=5)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cars", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--opens", type=int, default=10, help="Software Update opens for the UI loop's stalls")
    parser.add_argument("--stalls-only", action="store_true", help="only the UI loop's stalls")
    args = parser.parse_args()
    table = [] if args.stalls_only else measure(args.cars, args.rounds)
    for label, on_ui in (("UI loop's longest stall opening Software Update, no check (baseline)", None),
                         ("UI loop's longest stall opening Software Update, check on the UI thread (before)", True),
                         ("UI loop's longest stall opening Software Update, check on a worker thread (now)", False)):
        first, med, worst = loop_stalls(args.opens, on_ui)
        table += [(label.replace("opening", "first open"), first, first), (label, med, worst)]
    width = max(len(r[0]) for r in table) + 2
    print(f"{'operation':<{width}}{'median ms':>10}{'p95 ms':>10}")
    for name, median, p95 in table:
        print(f"{name:<{width}}{median:>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
