"""`state set` reads a number in the driver's unit or with a unit suffix, says which unit it read,
and refuses in the driver's unit (issue 16). The demo car (a Jeep) shows °F, mph and US dates."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from tui.cli import main

TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
CRUISE = "Vehicle.ADAS.CruiseControl.SpeedSet"
UNIT = "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["--db", str(tmp_path / "cockpit.db"), *args], catch_exceptions=False)

    return run


def test_a_bare_number_is_read_in_the_cars_unit_and_said_so(cli):
    out = cli("state", "set", TEMP, "72")
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["Temperature (driver): 72 °F", "Read as 72 °F (this car shows °F)."]
    data = json.loads(cli("state", "get", TEMP, "--json").output)
    assert data == {TEMP: 22.0}  # kept in °C, on the car's 0.5 °C step


@pytest.mark.parametrize("typed, lines", [
    ("72F", ["Temperature (driver): 72 °F"]),
    ("72 °F", ["Temperature (driver): 72 °F"]),
    ("22C", ["Temperature (driver): 72 °F", "Read as 22 °C = 72 °F (this car shows °F)."]),
    ("22 °C", ["Temperature (driver): 72 °F", "Read as 22 °C = 72 °F (this car shows °F)."]),
])
def test_a_unit_suffix_is_taken_as_said(cli, typed, lines):
    out = cli("state", "set", TEMP, typed)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == lines


def test_speeds_take_mph_and_kmh(cli):
    out = cli("state", "set", CRUISE, "100 km/h", "--json")
    assert json.loads(out.output)["value"] == 100.0
    assert json.loads(out.output)["read_as"] == "100 km/h = 62 mph (this car shows mph)"
    out = cli("state", "set", CRUISE, "60mph")
    assert out.output.splitlines() == ["Cruise control speed set: 60 mph"]


def test_refusals_speak_the_drivers_unit_and_change_nothing(cli):
    out = cli("state", "set", TEMP, "95")
    assert out.exit_code == 1
    assert out.stderr.strip() == ("smartcockpit: Temperature (driver) must be between 60 °F and 83 °F; "
                                  "95 °F is out of range.")
    for typed in ("72X", "nan", "1e400", "", "-- "):
        out = cli("state", "set", TEMP, typed)
        assert out.exit_code == 1 and "Traceback" not in out.output, (typed, out.output)
        assert out.stderr.startswith("smartcockpit: Temperature (driver) takes a"), (typed, out.stderr)
    out = cli("state", "set", TEMP, "--", "--")  # "--" itself, after the end of options
    assert out.exit_code == 1 and "takes a number" in out.stderr, out.output
    assert json.loads(cli("state", "get", TEMP, "--json").output) == {TEMP: 21.0}


def test_a_celsius_car_reads_celsius(cli):
    assert cli("state", "set", UNIT, "C").exit_code == 0
    out = cli("state", "set", TEMP, "22")
    assert out.output.splitlines() == ["Temperature (driver): 22.0 °C", "Read as 22 °C (this car shows °C)."]
    out = cli("state", "set", TEMP, "72F")
    assert out.output.splitlines() == ["Temperature (driver): 22.0 °C (unchanged)",
                                       "Read as 72 °F = 22.0 °C (this car shows °C)."]
    out = cli("state", "set", TEMP, "35")
    assert out.exit_code == 1 and "between 15.5 °C and 28.5 °C; 35.0 °C is out of range" in out.stderr


def test_a_trial_ends_on_a_date_in_the_drivers_format(cli):
    out = cli("services", "trial", "music")
    assert out.exit_code == 0, out.output
    assert re.search(r"it ends on \d\d/\d\d/\d{4} and nothing is charged", out.output), out.output  # MM/DD/YYYY


def test_profile_history_reads_when_in_the_drivers_clock(cli):
    cli("state", "set", TEMP, "73")
    out = cli("profile", "history", "Driver")
    first = out.output.splitlines()[0]
    assert re.match(r"\s*\d+ (Today|\d\d/\d\d) \d{1,2}:\d\d [AP]M Temperature \(driver\): 70 °F -> 73 °F \(Command line\)$", first), first
