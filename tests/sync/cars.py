"""A car as its own process: the `smartcockpit` command line on its own database file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
UNIT = "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit"


class Car:
    def __init__(self, folder: Path, name: str):
        self.db = Path(folder) / f"{name}.db"
        self.name = name

    def run(self, *args, stdin: str = "", check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "tui", "--db", str(self.db), *args], input=stdin,
                              capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{self.name} {' '.join(args)}: {done.stderr or done.stdout}")
        return done

    def json(self, *args, **kw):
        return json.loads(self.run(*args, "--json", **kw).stdout)

    def spawn(self, *args) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "tui", "--db", str(self.db), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def prefs(self, profile: str) -> dict:
        from tui.controller import Controller

        c = Controller.open(self.db)
        try:
            pid = c.store.profiles.by_name(profile).id
            return {p: pref.value for p, pref in c.store.profiles.prefs(pid).items()}
        finally:
            c.close()


def paired_pair(folder: Path, url: str) -> tuple[Car, Car]:
    """Car A makes the account and shares its Driver profile; car B joins with A's code."""
    a, b = Car(folder, "car-a"), Car(folder, "car-b")
    a.run("cloud", "connect", url)
    a.run("state", "set", UNIT, "C")  # temperatures below are typed in °C, whatever the car's default
    a.run("cloud", "pair", "--new", "--yes")
    a.run("cloud", "share", "Driver", "--on")
    a.run("cloud", "sync")
    code = a.json("cloud", "pair")["code"]
    b.run("cloud", "connect", url)
    b.run("cloud", "pair", "--code", code, "--yes")
    return a, b
