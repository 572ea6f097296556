"""The home and routine rules are plain Python: a fresh interpreter that opens the controller and
uses both never loads Textual or Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from tui.controller import Controller
from tui.controller.clock import FakeClock
c = Controller.open(sys.argv[1], clock=FakeClock())
c.home.do("porch light", "on")
c.routines.dry_run("Open the garage on arrival")
c.routines.draft().rows()
print("textual" in sys.modules, "rich" in sys.modules)
"""


def test_no_textual_in_the_home_and_routine_rules(tmp_path):
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "c.db")], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
