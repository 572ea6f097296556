"""Ending a Level 3 (eyes-off) condition from the command line (issue 17): `smartcockpit simulate
--end-l3 REASON`, in another process on the same database, starts the timed take-over that a
running app shows. The handover is kept in the database (store.handover); the app picks it up when
it catches up with outside writes (data_version), and counts down the seconds that are left."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller
from tui.controller.clock import FakeClock
from tui.controller.handover import ASKING, COUNTDOWN_S, TAKEN

ROOT = Path(__file__).resolve().parents[2]
P = "Vehicle.Private.SmartCockpit."
EO = P + "ADAS.EyesOff.IsActive"
HF = P + "ADAS.HandsFree.IsActive"
DMS = "Vehicle.ADAS.DMS.IsEnabled"
CRUISE = "Vehicle.ADAS.CruiseControl.IsEnabled"
LKA = P + "ADAS.LaneKeepAssist.Mode"


def eyes_off_on(db: Path) -> None:
    """A Level 3 car with eyes-off engaged, written to the database and closed."""
    c = Controller.open(db, clock=FakeClock(datetime.now().astimezone()))
    try:
        c.car_for_model("jeep-wagoneer-s-2024")
        c.services.start_trial("handsfree")
        c.set_many({CRUISE: True, DMS: True})
        if c.has(LKA) and "CENTERING" in c.spec(LKA).allowed:
            c.set(LKA, "CENTERING")
        c.set("Vehicle.Speed", 50.0, source="simulator")
        c.set(EO, True)
        assert c.get(EO) is True
    finally:
        c.close()


def cli_process(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=60)


def _safe(condition) -> bool:
    from textual.css.query import NoMatches

    try:
        return bool(condition())
    except NoMatches:  # the dialog has not composed yet
        return False


async def wait_for(pilot, condition, seconds: float = 15.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        if _safe(condition):
            return True
        await pilot.pause(0.1)
    return condition()


@pytest.mark.parametrize("reason, words", [("highway", "highway"), ("driver", "monitoring"), ("speed", "up to")])
async def test_the_command_line_ends_a_condition_and_the_running_app_counts_down(tmp_path, reason, words):
    from tui.app import CockpitApp
    from tui.screens.handover import HandoverScreen

    db = tmp_path / "car.db"
    eyes_off_on(db)
    clock = FakeClock(datetime.now().astimezone())
    c = Controller.open(db, clock=clock)
    app = CockpitApp(c)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            h = c.driver_assistance.handover
            assert c.get(EO) is True and h.state != ASKING
            done = cli_process(db, "simulate", "--end-l3", reason)  # another process, the same file
            assert done.returncode == 0, done.stderr
            assert "Take over" in done.stdout and "Traceback" not in done.stderr
            assert await wait_for(pilot, lambda: isinstance(app.screen, HandoverScreen))
            assert h.state == ASKING and words in h.reason
            assert c.get(EO) is False
            assert h.seconds_left() == COUNTDOWN_S  # counted from when the other process asked

            def title() -> str:
                return str(app.screen.query_one("#handover-title").render())

            assert await wait_for(pilot, lambda: "TAKE OVER NOW" in title())  # once the dialog has painted
            assert f"{COUNTDOWN_S} s" in title()
            clock.advance(4)
            assert h.seconds_left() == COUNTDOWN_S - 4
            await pilot.pause()  # the dialog's resume (which stamps when it showed) before the key
            await pilot.press("h")  # hands on the wheel
            assert await wait_for(pilot, lambda: not isinstance(app.screen, HandoverScreen)), (reason, h.state)
            assert h.state == TAKEN
            # one handover alert (the other process raised it), and the answer
            kinds = [a.kind for a in c.alerts.list(source="assist")]
            assert kinds.count("handover") == 1 and "handover_taken" in kinds
    finally:
        c.close()
    other = Controller.open(db)  # the answer is in the database too
    try:
        assert other.store.handover.get(other.car.vin).state == TAKEN
    finally:
        other.close()


async def test_leaving_the_highway_from_the_cli_keeps_eyes_off_from_engaging_in_the_app(tmp_path):
    """The highway is a condition kept in the database: the app may not engage eyes-off again."""
    from tui.app import CockpitApp
    from tui.controller.errors import NotAllowed
    from tui.screens.handover import HandoverScreen

    db = tmp_path / "car.db"
    eyes_off_on(db)
    clock = FakeClock(datetime.now().astimezone())
    c = Controller.open(db, clock=clock)
    app = CockpitApp(c)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            result = CliRunner().invoke(main, ["--db", str(db), "simulate", "--end-l3", "highway"])
            assert result.exit_code == 0, result.output
            h = c.driver_assistance.handover
            assert await wait_for(pilot, lambda: h.state == ASKING and isinstance(app.screen, HandoverScreen) and "TAKE OVER"
                                  in str(app.screen.query_one("#handover-title").render()))
            await pilot.pause()  # the dialog's resume (which stamps when it showed) before the key
            await pilot.press("h")
            assert await wait_for(pilot, lambda: h.state == TAKEN), h.state
            assert h.on_highway is False
            with pytest.raises(NotAllowed, match="highway"):
                c.set(EO, True)
    finally:
        c.close()


def test_end_l3_without_eyes_off_says_so(tmp_path):
    db = tmp_path / "car.db"
    result = CliRunner().invoke(main, ["--db", str(db), "simulate", "--end-l3", "driver"])
    assert result.exit_code == 0, result.output
    assert "nothing to hand over" in result.output
    bad = CliRunner().invoke(main, ["--db", str(db), "simulate", "--end-l3", "rain"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
