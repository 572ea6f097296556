"""`smartcockpit body ...` and `state get/set` for the body and health signals: a window moved
and waited for, close-all, the simulated readings, and refusals as one sentence."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.cli import main

FL = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure"
SUN_SWITCH = "Vehicle.Cabin.Sunroof.Switch"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    db = tmp_path / "cockpit.db"
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["--db", str(db), *args], catch_exceptions=False)

    return run


def test_window_close_all_and_status(cli):
    moved = cli("body", "window", "passenger", "40")
    assert moved.exit_code == 0, moved.output
    assert moved.output.splitlines() == ["Passenger window opening to 40 %.", "Passenger window: Open 40 %"]
    data = json.loads(cli("body", "status", "--json").output)
    assert data["openings"]["Passenger window"] == "Open 40 %"
    assert data["locked"] is True and data["warnings"] == []
    assert data["health"]["Tyre front left"] == "35 psi"
    closed = cli("body", "close-all")
    assert closed.exit_code == 0 and closed.output.strip() == "Closing the passenger window."
    assert json.loads(cli("body", "status", "--json").output)["openings"]["Passenger window"] == "Closed"


def test_simulated_readings_and_anti_pinch(cli):
    assert cli("body", "simulate", "tyre", "FL", "2.0bar").output.strip() == "Front left tyre: 29 psi"
    assert json.loads(cli("state", "get", FL, "--json").output)[FL] == 200
    status = cli("body", "status").output
    assert "Tyre front left: 29 psi · check" in status
    cli("body", "simulate", "battery", "11.5")
    assert "⚠ 12 V battery: The 12 V battery is low (11.5 V)." in cli("body", "status").output
    cli("body", "window", "sunroof", "40")
    assert "Something is in the way of the sunroof." in cli("body", "simulate", "obstacle", "sunroof").output
    blocked = cli("body", "close-all")
    assert blocked.exit_code == 1 and "Not closed: Sunroof" in blocked.output
    cli("body", "simulate", "obstacle", "none")
    assert cli("body", "close-all").exit_code == 0


def test_state_set_of_a_switch_moves_and_readings_are_refused(cli):
    result = cli("state", "set", SUN_SWITCH, "TILT_UP")
    assert result.exit_code == 0, result.output
    refused = cli("state", "set", FL, "100")
    assert refused.exit_code == 1 and "reading from the car" in refused.output
    bad = cli("body", "window", "boot", "10")
    assert bad.exit_code == 1 and "This car has: driver, passenger, rear left, rear right, sunroof" in bad.output
    assert "Traceback" not in bad.output
