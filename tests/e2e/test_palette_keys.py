"""The command palette in a real terminal (tmux): Ctrl+P, then PageUp/PageDown/Down/Up straight
away. Textual 8.2.x raised `KeyError: 0` from OptionList._move_page when PageUp/PageDown reached
the palette's list before it had been laid out, and the app died with a traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("smartcockpit")
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, name: str, env: dict):
        self.name = name
        self.env = env

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=20, env=self.env).stdout

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

    def keys(self, *keys: str, pause: float = 0.0) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            if pause:
                time.sleep(pause)


@pytest.fixture
def terminal(tmp_path):
    assert SCRIPT.exists(), f"the console script is not installed beside {sys.executable}"
    name = f"smartcockpit-palette-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    home, tmux_tmp = tmp_path / "home", tmp_path / "tmux"
    home.mkdir(exist_ok=True)
    tmux_tmp.mkdir(mode=0o700, exist_ok=True)
    db, rc = tmp_path / "cockpit.db", tmp_path / "exit-code"
    # (Textual draws on stderr: it is left to the terminal, where a traceback would show too)
    command = f"{shlex.quote(str(SCRIPT))}; echo $? > {shlex.quote(str(rc))}; sleep 30"
    env = {k: v for k, v in os.environ.items() if k != "TMUX"}
    env.update(TERM="xterm-256color", HOME=str(home), TMUX_TMPDIR=str(tmux_tmp), SMARTCOCKPIT_DB=str(db))
    subprocess.run([TMUX, "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command],
                   check=True, env=env, timeout=20)
    term = Terminal(name, env)
    term.rc = rc
    try:
        yield term
    finally:
        subprocess.run([TMUX, "kill-session", "-t", name], capture_output=True, timeout=20, env=env)


def test_page_keys_in_the_command_palette_do_not_kill_the_app(terminal):
    terminal.wait_for("Home", "Settings", "Parked")
    for _ in range(3):  # the keys at once, as a person in a hurry presses them, then one at a time
        terminal.keys("C-p", "PPage", "NPage", "Down", "Up", "NPage", "PPage")
        time.sleep(0.5)
        assert not terminal.rc.exists(), f"the app died:\n{terminal.screen()}"
        terminal.keys("Escape")
        time.sleep(0.3)
    terminal.keys("C-p", pause=0.3)
    terminal.keys("NPage", "PPage", "Down", "Up", pause=0.2)
    shown = terminal.screen()
    assert "Traceback" not in shown and "KeyError" not in shown
    assert not terminal.rc.exists(), f"the app died:\n{shown}"
    # still answering: close the palette, open Settings by its number... the home grid moves
    terminal.keys("Escape", pause=0.3)
    terminal.keys("End", "Enter", pause=0.2)
    terminal.wait_for("Home > Settings", "Units")
    terminal.keys("C-q")
    deadline = time.monotonic() + 30
    while not terminal.rc.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert terminal.rc.exists(), f"the app did not quit; the terminal shows:\n{terminal.screen()}"
    assert terminal.rc.read_text().strip() == "0", terminal.screen()
    assert "Traceback" not in terminal.screen()
