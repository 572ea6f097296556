"""A child process that writes to the cockpit database as fast as it can until it is killed.

Usage: python kill_worker.py DB MODE [COUNT]
MODE "settings": batches of five settings that always share one generation number, so a batch
is visible either wholly or not at all.
MODE "writer:PATH" COUNT: COUNT writes of PATH, then exit (two instances on one file).
"""

from __future__ import annotations

import sys

from tui.controller import Controller

BATCH = [
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed",
    "Vehicle.Cabin.HVAC.Station.Row1.Passenger.FanSpeed",
    "Vehicle.Cabin.Infotainment.Media.Volume",
    "Vehicle.Cabin.Infotainment.Navigation.Volume",
    "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Intensity",
]


def generation_values(n: int) -> dict:
    g = n % 10  # 0..9, scaled into every signal's range and step
    return {
        BATCH[0]: g * 10,
        BATCH[1]: g * 10,
        BATCH[2]: g * 10,
        BATCH[3]: g * 10,
        BATCH[4]: 5 + g * 5,
    }


def main() -> None:
    db, mode = sys.argv[1], sys.argv[2]
    c = Controller.open(db)
    print("ready", flush=True)
    n = 1
    if mode.startswith("writer:"):
        # a second instance on the same file: a fixed number of writes, then exit 0
        path = mode.split(":", 1)[1]
        for i in range(int(sys.argv[3])):
            c.sync()
            c.set(path, (i % 10) * 10, source="ui")
        print("done", flush=True)
        return
    while True:
        if mode == "settings":
            c.set_many(generation_values(n), source="ui")
        n += 1


if __name__ == "__main__":
    main()
