"""Key latency on the Vehicle screens (issue 17) beside Climate's, with bench_app.py's own measure
(a key in a real terminal, tmux, until the screen changed), in one run; prints one table.

    .venv/bin/python tests/perf/bench_vehicle.py [--keys 30] [--size 100x30]

Rows: Down/Up on Climate's rows; Down/Up on Doors & windows; Right/Left on the driver window there
(each key moves the window: the row redraws four times a second while it moves: the busiest);
Down/Up on Health with a tyre low (the tyres drawn above the rows).
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
        c.health.set_pressure("RR", 160)
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
    work = Path(tempfile.mkdtemp(prefix="scbench17v"))
    db = work / "bench.db"
    subprocess.run([str(VENV_BIN / "smartcockpit"), "--db", str(db), "db", "check"], capture_output=True)
    seed(db)
    climate, vehicle = tile("climate"), tile("vehicle")
    key = str(vehicle + 1)  # the tile's number key, then the part's
    cases = [
        ("Climate rows Down/Up", ["Down", "Up"], ("g", lambda t: go_to_tile(t, climate), "Enter")),
        ("Doors & windows rows Down/Up", ["Down", "Up"], ("g", key, "1")),
        ("Doors & windows Right/Left (moving)", ["Right", "Left"], ("g", key, "1", "Down")),
        ("Health rows Down/Up, a tyre low", ["Down", "Up"], ("g", key, "3")),
    ]
    print(f"{'figure':<40}  {'median (ms)':>11}  {'worst (ms)':>10}")
    print(f"{'-' * 40}  {'-' * 11}  {'-' * 10}")
    for label, keys, prep in cases:
        med, worst = key_moves(app_cmd(db), APP_MARKER, keys, a.keys, a.size, prep)
        print(f"{label:<40}  {ms(med) or 0:>11.1f}  {ms(worst) or 0:>10.1f}")


if __name__ == "__main__":
    main()
