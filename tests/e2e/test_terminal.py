"""One real terminal (tmux): the installed `smartcockpit` console script on a fresh database,
the home screen painted, keys pressed as a person would, Ctrl+Q, exit code 0, the change kept."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("smartcockpit")
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, name: str, tmp: Path):
        self.name = name
        self.tmp = tmp

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=20).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, *texts: str, timeout: float = 40.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"never showed {texts!r}; the terminal shows:\n{shown}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)


@pytest.fixture
def terminal(tmp_path):
    assert SCRIPT.exists(), f"the console script is not installed beside {sys.executable}"
    name = f"smartcockpit-e2e-{os.getpid()}"
    db = tmp_path / "cockpit.db"
    rc = tmp_path / "exit-code"
    command = (f"{shlex.quote(str(SCRIPT))} --db {shlex.quote(str(db))}; "
               f"echo $? > {shlex.quote(str(rc))}; sleep 30")
    env = {k: v for k, v in os.environ.items() if k != "TMUX"}
    env["TERM"] = "xterm-256color"
    subprocess.run([TMUX, "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command],
                   check=True, env=env, timeout=20)
    term = Terminal(name, tmp_path)
    term.db, term.rc = db, rc
    try:
        yield term
    finally:
        subprocess.run([TMUX, "kill-session", "-t", name], capture_output=True, timeout=20)


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
    terminal.keys("C-q")
    deadline = time.monotonic() + 30
    while not terminal.rc.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert terminal.rc.exists(), f"the app did not quit; the terminal shows:\n{terminal.screen()}"
    assert terminal.rc.read_text().strip() == "0"
    # what was changed in the terminal is in the database
    result = subprocess.run(
        [str(SCRIPT), "--db", str(terminal.db), "state", "get", "Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert json.loads(result.stdout) == {"Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "KILOMETERS"}
