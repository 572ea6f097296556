"""One real terminal (tmux): the installed `smartcockpit` console script on a fresh database,
the home screen painted, keys pressed as a person would, Ctrl+Q, exit code 0, the change kept."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.e2e.terminal import SCRIPT, TMUX

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


def test_start_keys_and_quit_in_a_real_terminal(terminal):
    home = terminal.wait_for("Home", "Settings", "Parked", "Jeep Wagoneer S")
    assert "too small" not in home
    terminal.keys("End", "Enter")               # the last tile, Settings, then open it
    terminal.wait_for("Home > Settings", "Units")
    terminal.keys("2")                          # Units
    terminal.wait_for("Home > Settings > Units", "Distance unit", "Miles")
    terminal.keys("Right")                      # Distance unit: Miles -> Kilometres
    terminal.wait_for("Kilometres")
    terminal.keys("BSpace")                     # back one level
    terminal.wait_for("Kilometres, Fahrenheit")
    terminal.keys("?")
    terminal.wait_for("Help · Home > Settings")
    terminal.keys("Escape", "g")                # close help, then home
    terminal.wait_for("Jeep Uconnect · Jeep Wagoneer S")
    assert terminal.quit_and_wait() == "0"
    # what was changed in the terminal is in the database
    result = subprocess.run(
        [str(SCRIPT), "--db", str(terminal.db), "state", "get", "Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert json.loads(result.stdout) == {"Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "KILOMETERS"}
