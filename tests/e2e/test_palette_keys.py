"""The command palette in a real terminal (tmux): Ctrl+P, then PageUp/PageDown/Down/Up straight
away. Textual 8.2.x raised `KeyError: 0` from OptionList._move_page when PageUp/PageDown reached
the palette's list before it had been laid out, and the app died with a traceback."""

from __future__ import annotations

import time

import pytest

from tests.e2e.terminal import TMUX

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


def test_page_keys_in_the_command_palette_do_not_kill_the_app(terminal):
    terminal.wait_for("Home", "Settings", "Parked")
    for _ in range(3):  # the keys at once, as a person in a hurry presses them, then one at a time
        terminal.keys("C-p", "PPage", "NPage", "Down", "Up", "NPage", "PPage", pause=0)
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
    assert terminal.quit_and_wait() == "0", terminal.screen()
    assert "Traceback" not in terminal.screen()
