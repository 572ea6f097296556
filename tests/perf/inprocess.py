"""In-process figures for the benchmark table (issue 8): profile switch, an audit history page over
a million audit rows, routine evaluation. Each figure covers what exists at run time: a domain that
is not built yet prints "n/a (... not built)".

    .venv/bin/python tests/perf/inprocess.py [--audit-rows 1000000]

`rows()` returns [(figure, value, target)] for tests/perf/bench_app.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def timed(fn, n: int) -> tuple[float, float]:
    """Median and worst of n calls, in seconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


# ------------------------------------------------------------------------------ profiles
def ensure_profiles(c, names=("Bench A", "Bench B")):
    """Two named profiles, made through the profiles domain."""
    for name in names:
        if c.store.profiles.by_name(name) is None:
            c.profiles.create(name, source="ui")
    return [c.store.profiles.by_name(name) for name in names]


def switch_to(c, profile) -> None:
    c.profiles.switch(profile.id, keep_changes=True, source="ui")


def profile_switch_row(db: Path, n: int = 40):
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        a, b = ensure_profiles(c)
        # give each profile settings of its own, so a switch really moves values
        for profile, volume in ((a, 10), (b, 70)):
            switch_to(c, profile)
            c.set_many({VOLUME: volume, FAN: volume}, source="ui")
        state = {"i": 0}

        def one():
            state["i"] += 1
            switch_to(c, a if state["i"] % 2 else b)

        med, worst = timed(one, n)
        return ("profile switch, in process (median/worst)", f"{ms(med)} / {ms(worst)}", "")
    finally:
        c.close()


# ------------------------------------------------------------------------------ audit history
def fill_audit(c, rows: int, batch: int = 50_000) -> None:
    """`rows` audit rows spread over the car, three profiles and a few paths, as executemany batches."""
    vin = c.car.vin
    paths = [VOLUME, FAN, "Vehicle.Cabin.Infotainment.HMI.Brightness", "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Intensity"]
    profile_ids = [p.id for p in c.store.profiles.list()] or [None]
    sources = ["ui", "assistant", "routine", "profile", "cli", "simulator"]
    sql = "INSERT INTO audit (vin, profile_id, path, old, new, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
    done = 0
    while done < rows:
        chunk = []
        for i in range(done, min(rows, done + batch)):
            chunk.append((vin, profile_ids[i % len(profile_ids)], paths[i % len(paths)], json.dumps(i % 100),
                          json.dumps((i + 1) % 100), sources[i % len(sources)], f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}"))
        with c.store.write():
            c.store.db.conn.executemany(sql, chunk)
        done += len(chunk)


def audit_rows(db: Path, rows: int):
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        existing = c.store.audit.count()
        t = time.perf_counter()
        if existing < rows:
            fill_audit(c, rows - existing)
        fill = time.perf_counter() - t
        vin = c.car.vin
        first = c.store.audit.page(vin=vin, limit=50)
        mid_id = first[0].id // 2
        pid = c.active_profile_id()
        med1, worst1 = timed(lambda: c.store.audit.page(vin=vin, limit=50), 50)
        med2, worst2 = timed(lambda: c.store.audit.page(vin=vin, before_id=mid_id, limit=50), 50)
        med3, worst3 = timed(lambda: c.store.audit.page(profile_id=pid, limit=50), 50)
        count = c.store.audit.count()
        return [
            (f"audit: {count:,} rows written by executemany", f"{fill:.1f} s", ""),
            ("audit history, first page of 50 (median/worst)", f"{ms(med1)} / {ms(worst1)}", "< 50 ms"),
            ("audit history, page from the middle", f"{ms(med2)} / {ms(worst2)}", "< 50 ms"),
            ("audit history, one profile's first page", f"{ms(med3)} / {ms(worst3)}", "< 50 ms"),
        ]
    finally:
        c.close()


# ------------------------------------------------------------------------------ routines
def routine_row(db: Path, n: int = 50):
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        count = len(c.routines.list())
        med, worst = timed(c.routines.tick, n)
        return (f"routine evaluation, {count} routines (tick; median/worst)", f"{ms(med)} / {ms(worst)}", "")
    finally:
        c.close()


def rows(audit_rows_n: int = 1_000_000) -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="scinproc"))
    out = [profile_switch_row(work / "profiles.db")]
    out.extend(audit_rows(work / "audit.db", audit_rows_n))
    out.append(routine_row(work / "routines.db"))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--audit-rows", type=int, default=1_000_000)
    a = p.parse_args()
    for figure, value, target in rows(a.audit_rows):
        print(f"{figure:55} {value:28} {target}")


if __name__ == "__main__":
    main()
