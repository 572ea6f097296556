"""A real terminal for the end-to-end tests: the installed `smartcockpit` console script in a tmux
session of its own (its socket, HOME and database inside the test's tmp_path), read with
capture-pane, typed into with send-keys, and the app's exit code kept in a file."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("smartcockpit")
TMUX = shutil.which("tmux")


class Terminal:
    def __init__(self, tmp: Path, prefix: str = "smartcockpit-e2e"):
        assert SCRIPT.exists(), f"the console script is not installed beside {sys.executable}"
        self.name = f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.db, self.rc = tmp / "cockpit.db", tmp / "exit-code"
        home, sockets = tmp / "term-home", tmp / "tmux"
        home.mkdir(exist_ok=True)
        sockets.mkdir(mode=0o700, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        self.env.update(TERM="xterm-256color", HOME=str(home), TMUX_TMPDIR=str(sockets), SMARTCOCKPIT_DB=str(self.db))

    def start(self, width: int = 100, height: int = 30) -> "Terminal":
        # Textual draws on stderr: it is left to the terminal, where a traceback would show too
        command = f"{shlex.quote(str(SCRIPT))}; echo $? > {shlex.quote(str(self.rc))}; sleep 30"
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],
                       check=True, env=self.env, timeout=20)
        return self

    def stop(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True, timeout=20, env=self.env)

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

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            if pause:
                time.sleep(pause)

    def quit_and_wait(self, timeout: float = 30) -> str:
        """Ctrl+Q, then the app's exit code (it must quit by itself within the time)."""
        self.keys("C-q")
        deadline = time.monotonic() + timeout
        while not self.rc.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert self.rc.exists(), f"the app did not quit; the terminal shows:\n{self.screen()}"
        return self.rc.read_text().strip()
