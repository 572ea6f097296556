"""Key latency on the screens of issue 17 beside Climate's, with bench_app.py's own measure (a key
in a real terminal, tmux, until the screen changed), in one run; prints one table.

    .venv/bin/python tests/perf/bench_alerts_nav.py [--keys 30] [--size 100x30]

Rows: Down/Up on Climate's rows; on the Alerts screen (! from home) holding 200 alerts (BENCH_ALERTS
sets how many); on Drive > Navigation (N) with a route chosen and 6 destinations, parked. Not while driving: this measure is the time until the screen
changes, and a moving car's screen changes by itself (speed, clock), so a key's own time cannot be told.
"""

from __future__ import annotations

import argparse
import os
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
        for i in range(int(os.environ.get("BENCH_ALERTS", "200"))):
            c.alerts.raise_(("car", "home", "services", "security", "assist")[i % 5], f"k{i}", f"Alert number {i}.")
        c.services.start_trial("traffic")
        for name in ("Gym", "School", "Station", "Market"):
            c.navigation.save_here(name)
        c.navigation.go("Work")
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
    work = Path(tempfile.mkdtemp(prefix="scbench17"))
    db = work / "bench.db"
    subprocess.run([str(VENV_BIN / "smartcockpit"), "--db", str(db), "db", "check"], capture_output=True)
    seed(db)
    climate, drive = tile("climate"), tile("drive")
    on = lambda crumb: (lambda t: t.wait_for_text(f"Home > {crumb}"))  # noqa: E731 (a screen, whole, before the next key)
    cases = [
        ("Climate rows Down/Up", ("g", lambda t: go_to_tile(t, climate), "Enter", on("Climate"))),
        ("Alerts (200) Down/Up", ("!", on("Alerts"))),
        ("Navigation Down/Up, parked", ("g", lambda t: go_to_tile(t, drive), "Enter", on("Drive"), "n",
                                        on("Drive > Navigation"))),
    ]
    print(f"{'figure':<40}  {'median (ms)':>11}  {'worst (ms)':>10}")
    print(f"{'-' * 40}  {'-' * 11}  {'-' * 10}")
    for label, prep in cases:
        med, worst = key_moves(app_cmd(db), APP_MARKER, ["Down", "Up"], a.keys, a.size, prep)
        print(f"{label:<40}  {ms(med) or 0:>11.1f}  {ms(worst) or 0:>10.1f}")


if __name__ == "__main__":
    main()
