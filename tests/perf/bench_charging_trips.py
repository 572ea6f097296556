"""Key latency on Drive > Charging and Drive > Trips (issue 17) beside Climate's, with bench_app.py's
own measure (a key in a real terminal, tmux, until the screen changed), in one run; prints one table.

    .venv/bin/python tests/perf/bench_charging_trips.py [--keys 30] [--size 100x30]

Rows: Down/Up on Climate's rows; on Charging while the car charges (its readings change every
tick: the busiest); on Trips holding 500 trips (one list, 50 a page).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app import APP_MARKER, VENV_BIN, app_cmd, go_to_tile, key_moves, ms  # noqa: E402
from terminal import have_tmux  # noqa: E402


def seed(db: Path) -> None:
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        vin = c.car.vin
        with c.store.write():
            for i in range(500):
                day = f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
                tid = c.store.trips.open(vin, f"{day}T07:{i % 60:02d}:00+00:00", "Home", 0, 80, None)
                c.store.trips.close(tid, f"{day}T07:{i % 60:02d}:30+00:00", "Home", 12_000 + i, 1500, 2.1, None)
        c.set("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 20.0, "simulator")
        c.charging.set_limit(100)
        c.simulator.plug()
    finally:
        c.close()


def tile(menu_id: str) -> int:
    from tui.controller.menus import MENUS

    return next(i for i, m in enumerate(MENUS) if m.id == menu_id)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keys", type=int, default=30)
    p.add_argument("--size", default="100x30")
    a = p.parse_args()
    if not have_tmux():
        raise SystemExit("bench: needs tmux")
    work = Path(tempfile.mkdtemp(prefix="scbench17c"))
    db = work / "bench.db"
    subprocess.run([str(VENV_BIN / "smartcockpit"), "--db", str(db), "db", "check"], capture_output=True)
    seed(db)
    climate, drive = tile("climate"), tile("drive")
    cases = [
        ("Climate rows Down/Up", ("g", lambda t: go_to_tile(t, climate), "Enter")),
        ("Charging rows Down/Up, charging", ("g", lambda t: go_to_tile(t, drive), "Enter", "c")),
        ("Trips (500) Down/Up", ("g", lambda t: go_to_tile(t, drive), "Enter", "t")),
    ]
    print(f"{'figure':<40}  {'median (ms)':>11}  {'worst (ms)':>10}")
    print(f"{'-' * 40}  {'-' * 11}  {'-' * 10}")
    for label, prep in cases:
        med, worst = key_moves(app_cmd(db), APP_MARKER, ["Down", "Up"], a.keys, a.size, prep)
        print(f"{label:<40}  {ms(med) or 0:>11.1f}  {ms(worst) or 0:>10.1f}")


if __name__ == "__main__":
    main()
