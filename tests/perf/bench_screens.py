"""Key latency on the screens of issue 17 (the car's body and health, charging, trips, alerts,
navigation) beside Climate's, with bench_app.py's own measure (a key in a real terminal, tmux,
timed until the screen changed), in one run on one database; prints one table.

    .venv/bin/python tests/perf/bench_screens.py [--keys 30] [--size 100x30]

The database holds a low tyre, 500 trips, a car charging, 200 alerts, six places and a route.
Rows: Down/Up on Climate's rows; Doors & windows (Down/Up, and Right/Left: each key moves the
driver's window, the row redrawing four times a second while it moves); Health with a tyre low;
Charging while it charges; Trips; Alerts; Navigation, parked; Software Update opened from the home
(the first open makes the demo's signed repository) and a key pressed at once after it opens,
while the signed check runs (--updates-only: just these). Not while driving: the measure is the
time until the screen changes, and a moving car's screen changes by itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app import APP_MARKER, VENV_BIN, app_cmd, go_to_tile, key_moves, median, ms  # noqa: E402
from terminal import Term, have_tmux  # noqa: E402


def seed(db: Path, alerts: int = 200, trips: int = 500) -> None:
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        c.health.set_pressure("RR", 160)
        vin = c.car.vin
        with c.store.write():
            for i in range(trips):
                day = f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
                tid = c.store.trips.open(vin, f"{day}T07:{i % 60:02d}:00+00:00", "Home", 0, 80, None)
                c.store.trips.close(tid, f"{day}T07:{i % 60:02d}:30+00:00", "Home", 12_000 + i, 1500, 2.1, None)
        c.set("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 20.0, "simulator")
        c.charging.set_limit(100)
        c.simulator.plug()
        for i in range(alerts):
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


def update_opens(db: Path, size: str, n: int) -> list[tuple[str, list]]:
    """Software Update from the home, n times: Enter until its breadcrumb is on screen (the first
    open makes the demo's signed repository), then at once Down until the highlight moved (a key
    while the signed check runs), then Backspace home."""
    term = Term(app_cmd(db), size)
    term.wait_for(APP_MARKER)
    term.settle()
    index, at = tile("updates"), 0
    opened, keyed = [], []
    crumb = "Home > Software Update"
    for _ in range(n):
        term.send("g")
        term.settle(quiet=0.05)
        at = go_to_tile(term, index, at)
        term.settle(quiet=0.08)
        opened.append(term.press_until("Enter", lambda text: crumb in text and "Head unit" in text, timeout=5.0))
        keyed.append(_key_changes(term, "Down"))
        term.settle(quiet=0.1)
        term.press_until("BSpace", lambda text: crumb not in text, timeout=3.0)
        term.settle(quiet=0.1)
    term.close()
    return [("Software Update open, first", opened[:1]), ("Software Update open", opened[1:]),
            ("Software Update Down at once after open", keyed)]


def _key_changes(term, key: str):
    """Seconds from the key until the screen (with colours: the highlight) changed."""
    import time

    from terminal import tmux

    before = term.screen(colours=True)
    t = time.perf_counter()
    tmux("send-keys", "-t", term.session, key)
    while time.perf_counter() - t < 5.0:
        if term.screen(colours=True) != before:
            return time.perf_counter() - t
        time.sleep(0.001)
    return None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keys", type=int, default=30)
    p.add_argument("--size", default="100x30")
    p.add_argument("--opens", type=int, default=12, help="Software Update opens (the first makes the demo)")
    p.add_argument("--updates-only", action="store_true", help="only the Software Update rows")
    a = p.parse_args()
    if not have_tmux():
        raise SystemExit("bench: needs tmux")
    db = Path(tempfile.mkdtemp(prefix="scbench17")) / "bench.db"
    subprocess.run([str(VENV_BIN / "smartcockpit"), "--db", str(db), "db", "check"], capture_output=True)
    seed(db)
    climate, drive, vehicle = tile("climate"), tile("drive"), str(tile("vehicle") + 1)

    def on(crumb):  # the screen, whole, before the next key
        return lambda t: t.wait_for_text(f"Home > {crumb}")

    to_drive = ("g", lambda t: go_to_tile(t, drive), "Enter", on("Drive"))
    cases = [
        ("Climate rows Down/Up", ["Down", "Up"], ("g", lambda t: go_to_tile(t, climate), "Enter", on("Climate"))),
        ("Doors & windows rows Down/Up", ["Down", "Up"], ("g", vehicle, "1")),
        ("Doors & windows Right/Left (moving)", ["Right", "Left"], ("g", vehicle, "1", "Down")),
        ("Health rows Down/Up, a tyre low", ["Down", "Up"], ("g", vehicle, "3")),
        ("Charging rows Down/Up, charging", ["Down", "Up"], (*to_drive, "c")),
        ("Trips (500) Down/Up", ["Down", "Up"], (*to_drive, "t")),
        ("Alerts (200) Down/Up", ["Down", "Up"], ("g", "!", on("Alerts"))),
        ("Navigation Down/Up, parked", ["Down", "Up"], (*to_drive, "n", on("Drive > Navigation"))),
    ]
    print(f"{'figure':<40}  {'median (ms)':>11}  {'worst (ms)':>10}")
    print(f"{'-' * 40}  {'-' * 11}  {'-' * 10}")
    for label, keys, prep in cases if not a.updates_only else ():
        med, worst = key_moves(app_cmd(db), APP_MARKER, keys, a.keys, a.size, prep)
        print(f"{label:<40}  {ms(med) or 0:>11.1f}  {ms(worst) or 0:>10.1f}")
    for label, times in update_opens(db, a.size, a.opens):
        times = [t for t in times if t is not None]
        print(f"{label:<40}  {ms(median(times)) or 0:>11.1f}  {ms(max(times, default=None)) or 0:>10.1f}")


if __name__ == "__main__":
    main()
