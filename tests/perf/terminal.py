"""Drive a program in a real terminal (tmux) and time what a person would see.

Used by the benchmarks in this folder (never by the test suite). The screen is read with its
colours, so a moved highlight counts as a change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

BASELINE_APP = '''
from textual.app import App
from textual.widgets import Header, Footer, OptionList
class Baseline(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Header(); yield OptionList(*[f"Menu item {i}" for i in range(12)]); yield Footer()
Baseline().run()
'''
BASELINE_MARKER = "Menu item 11"


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


def tmux(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", *args], capture_output=True, text=True)


class Term:
    """One program in a detached tmux session of a fixed size."""

    def __init__(self, cmd: str, size: str = "100x30"):
        self.session = f"bench{os.getpid()}_{time.monotonic_ns()}"
        cols, rows = size.split("x")
        self.t0 = time.perf_counter()
        tmux("new-session", "-d", "-s", self.session, "-x", cols, "-y", rows, cmd)
        tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def screen(self, colours: bool = True) -> str:
        args = ["capture-pane", "-p", "-t", self.session] + (["-e"] if colours else [])
        return tmux(*args).stdout

    def dead(self) -> bool:
        out = tmux("display-message", "-p", "-t", self.session, "#{pane_dead}").stdout.strip()
        return out in ("1", "")

    def wait_for(self, marker: str, timeout: float = 20.0) -> float | None:
        """Seconds from start until marker is on screen (None on timeout or death)."""
        while time.perf_counter() - self.t0 < timeout:
            if marker in self.screen(colours=False):
                return time.perf_counter() - self.t0
            if self.dead():
                return None
            time.sleep(0.002)
        return None

    def wait_for_text(self, text: str, timeout: float = 5.0) -> bool:
        t = time.perf_counter()
        while time.perf_counter() - t < timeout:
            if text in self.screen(colours=False):
                return True
            time.sleep(0.005)
        return False

    def press(self, key: str, timeout: float = 5.0, literal: bool = False) -> float | None:
        """Seconds from sending key until the screen changes (None if it never does)."""
        before = self.screen()
        t = time.perf_counter()
        tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), key)
        while time.perf_counter() - t < timeout:
            if self.screen() != before:
                return time.perf_counter() - t
            time.sleep(0.001)
        return None

    def press_until(self, key: str, done, timeout: float = 5.0) -> float | None:
        """Seconds from sending key until done(screen text) holds (None if it never does)."""
        t = time.perf_counter()
        tmux("send-keys", "-t", self.session, key)
        while time.perf_counter() - t < timeout:
            if done(self.screen(colours=False)):
                return time.perf_counter() - t
            time.sleep(0.001)
        return None

    def settle(self, quiet: float = 0.15, timeout: float = 3.0) -> None:
        """Wait until the screen stops changing for `quiet` seconds."""
        last, since, t = self.screen(), time.perf_counter(), time.perf_counter()
        while time.perf_counter() - t < timeout:
            time.sleep(0.01)
            now = self.screen()
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since > quiet:
                return

    def send(self, *keys: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        tmux("kill-session", "-t", self.session)
