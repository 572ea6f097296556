"""How much CPU the routine engine takes: 200 routines evaluated against car signals arriving 10
times a second, as the drive simulator writes them.

    .venv/bin/python tests/perf/bench_routines.py [--routines 200] [--seconds 120] [--hz 10]

A real database file; 200 routines of every kind (arrive/leave at various distances with
conditions, outside/cabin temperature and charge thresholds, ignition, time of day, home device
changes). The car drives from 5 km away to home and back while outside and cabin temperature and
charge drift across thresholds; each sample is one `controller.set_many(..., source="simulator")`
of location, speed, outside and cabin temperature and charge, and the app's `controller.tick()`
runs once a second. Measured: the time spent in the routine engine (its event listener and its
tick, including the runs it logs and the actions it takes) as a share of the simulated time,
i.e. the CPU share of one core. Target (issue 5): under 5 %.
For context it also prints the whole write path (the simulator's set_many with its audit rows,
plus every listener) which is the simulator's cost, not the routines'.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_SHARE = 5.0
HOME = (42.6722, -83.1861)


def make_routines(c, n: int, rng: random.Random) -> None:
    devices = [e.entity_id for e in c.home.backend.entities() if e.domain != "sensor"]
    lights = [e.entity_id for e in c.home.backend.entities() if e.domain == "light"]
    kinds = ["arrive", "leave", "outside_temp", "cabin_temp", "charge", "ignition", "time", "device"]
    made = 0
    while made < n:
        kind = kinds[made % len(kinds)]
        if kind in ("arrive", "leave"):
            trigger = {"type": kind, "distance_m": rng.choice([100, 200, 250, 300, 500, 1000, 2000])}
        elif kind in ("outside_temp", "cabin_temp"):
            trigger = {"type": kind, "op": rng.choice(["below", "above"]), "value": rng.randint(0, 30)}
        elif kind == "charge":
            trigger = {"type": "charge", "op": "below", "value": rng.choice([20, 30, 50, 70])}
        elif kind == "ignition":
            trigger = {"type": "ignition", "state": rng.choice(["on", "off"])}
        elif kind == "time":
            trigger = {"type": "time", "at": f"{rng.randint(0, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}",
                       "days": [0, 1, 2, 3, 4]}
        else:
            trigger = {"type": "device", "device": rng.choice(devices)}
        conditions = rng.sample([{"type": "cooldown", "seconds": 60}, {"type": "min_away", "seconds": 300},
                                 {"type": "time_window", "start": "06:00", "end": "22:00"},
                                 {"type": "driving", "state": "parked"},
                                 {"type": "outside_temp", "op": "below", "value": 15}], k=rng.randint(0, 3))
        actions = [rng.choice([{"type": "home", "device": rng.choice(lights), "action": "on"},
                               {"type": "notice", "text": f"Routine {made} ran."},
                               {"type": "car", "path": "Vehicle.Cabin.HVAC.IsRecirculationActive",
                                "value": rng.choice([True, False])}])]
        c.routines.save(f"Bench {made:03d}", trigger, conditions, actions)
        made += 1


def measure(n_routines: int = 200, seconds: int = 120, hz: int = 10) -> dict:
    from tui.controller import Controller
    from tui.controller.clock import FakeClock
    from tui.controller.home import LAT, LON

    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock()
        c = Controller.open(Path(folder) / "bench.db", clock=clock)
        try:
            make_routines(c, n_routines, rng)
            spent = [0.0]
            listeners = c.events._listeners
            engine = c.routines._on_event
            index = next(i for i, fn in enumerate(listeners) if getattr(fn, "__self__", None) is c.routines)

            def timed(event, _engine=engine):
                t0 = time.perf_counter()
                _engine(event)
                spent[0] += time.perf_counter() - t0

            listeners[index] = timed
            samples = seconds * hz
            outside, cabin, soc = 8.0, 18.0, 60.0
            t_all = 0.0
            t_tick = 0.0
            for i in range(samples):
                phase = i / samples
                metres = 5000 * abs(1 - 2 * phase)  # to home and back
                outside += rng.uniform(-0.3, 0.3)
                cabin += rng.uniform(-0.5, 0.5)
                soc = max(5.0, soc - 0.02)
                values = {LAT: HOME[0] + metres / 111_195.0, LON: HOME[1], "Vehicle.Speed": 0.0 if metres < 50 else 50.0,
                          "Vehicle.Exterior.AirTemperature": round(outside, 1),
                          "Vehicle.Cabin.HVAC.AmbientAirTemperature": round(cabin, 1),
                          "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": round(soc, 1)}
                clock.advance(1 / hz)
                t0 = time.perf_counter()
                c.set_many(values, source="simulator")
                t_all += time.perf_counter() - t0
                if i % hz == hz - 1:
                    t0 = time.perf_counter()
                    c.routines.tick()
                    t_tick += time.perf_counter() - t0
                    c.home.tick()
                    c.routines.pending.clear()
            runs = len(c.store.routines.runs(None, 100000))
        finally:
            c.close()
    engine_s = spent[0] + t_tick
    return {"routines": n_routines, "samples": samples, "signals_per_sample": 6, "simulated_s": seconds,
            "engine_ms": engine_s * 1000, "engine_us_per_sample": engine_s / samples * 1e6,
            "share": engine_s / seconds * 100, "write_path_ms": t_all * 1000,
            "write_share": t_all / seconds * 100, "runs_logged": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routines", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--hz", type=int, default=10)
    args = parser.parse_args()
    r = measure(args.routines, args.seconds, args.hz)
    rows = [
        ("routines", f"{r['routines']}"),
        ("samples (signals each)", f"{r['samples']} ({r['signals_per_sample']}) at {args.hz}/s for {r['simulated_s']} s"),
        ("routine runs logged", f"{r['runs_logged']}"),
        ("routine engine, total", f"{r['engine_ms']:.1f} ms"),
        ("routine engine, per sample", f"{r['engine_us_per_sample']:.1f} µs"),
        ("routine engine, CPU share of one core", f"{r['share']:.2f} %  (target < {TARGET_SHARE:g} %)"),
        ("whole write path incl. audit rows", f"{r['write_path_ms']:.0f} ms = {r['write_share']:.1f} % of one core"),
    ]
    width = max(len(k) for k, _ in rows)
    print("Routines against car signals (issue 5)")
    for k, v in rows:
        print(f"  {k.ljust(width)}  {v}")
    print("  result: " + ("meets the target" if r["share"] < TARGET_SHARE else "MISSES the target"))


if __name__ == "__main__":
    main()
