"""Issue 16, "Small", on screen at 80x24, reached by keys: the Drive dashboard's trip time after
parking and its Stopped / Parked word, a slower key beside the faster one, Driver Assist armed
while parked and its tile, and a two-valued setting flipped by Left/Right."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.waits import until
from tui.controller import menus
from tui.widgets.tile_grid import TileGrid

SIZE = (80, 24)
HF = "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"
TIME_FORMAT = "Vehicle.Cabin.Infotainment.HMI.TimeFormat"


def tile(menu_id: str) -> list[str]:
    index = [m.id for m in menus.MENUS].index(menu_id)
    return ["down"] * (index // TileGrid.COLUMNS) + ["right"] * (index % TileGrid.COLUMNS) + ["enter"]


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def dashboard(app) -> str:
    """The dashboard's lines as drawn (speed and gear, energy, assist, trip and Moving/Stopped/Parked)."""
    region = app.screen.query_one("#dashboard", Static).region
    lines = screen_text(app).splitlines()
    return "\n".join(lines[region.y:region.y + region.height])


def driving_style(app, word: str) -> str | None:
    """The style of the status bar's driving word (Moving, Stopped or Parked), None if not shown."""
    from tui.widgets.status_bar import StatusBar

    text = app.screen.query_one(StatusBar).content
    for span in text.spans:
        if text.plain[span.start:span.end] == word:
            return str(span.style)
    return None


async def drive_for(pilot, clock, seconds):
    for _ in range(int(seconds * 10)):
        clock.advance(0.1)
        await pilot.pause(0.11)


async def test_drive_dashboard_after_parking_and_the_slower_key(app, controller, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*tile("drive"))
        assert await until(pilot, lambda: type(app.screen).__name__ == "DriveScreen")
        footer = screen_text(app).splitlines()[-1]
        assert "f Faster" in footer and "x Park" in footer, footer  # the footer keeps Park beside Faster
        assert "Shift+F slower" in screen_text(app)  # and the keys line under the simulator names Slower
        assert driving_style(app, "Parked") == "bold"
        await pilot.press("s")  # ignition on, in D, still standing
        assert await until(pilot, lambda: "Stopped" in dashboard(app))
        assert "Parked" not in dashboard(app)
        assert await until(pilot, lambda: driving_style(app, "Stopped") == "bold")  # standing still: as parked, not as moving
        await pilot.press("f", "f", "f")  # 10x
        assert controller.simulator.speedup == 10
        await pilot.press("F")  # Shift+F: slower
        assert controller.simulator.speedup == 5
        await drive_for(pilot, clock, 3)  # 15 s of driving
        assert controller.restrictions().moving
        assert await until(pilot, lambda: driving_style(app, "Moving") == "bold reverse")  # what restricts shows
        await pilot.press("x")  # park
        assert await until(pilot, lambda: "Parked" in dashboard(app))
        text = dashboard(app)
        assert "0:00" not in text and "0:15" in text, text
        await pilot.press("question_mark")
        assert await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert "Shift+F" in screen_text(app)


async def test_hands_free_parked_is_armed_and_the_tile_matches_the_screen(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert "L3" not in menus.summary(controller, next(m for m in menus.MENUS if m.id == "assist"))
        assert "L3 ·" not in screen_text(app)  # no AutoDrive Hands-Free service: the tile does not promise L3
        controller.services.start_trial("handsfree")
        controller.set_many({"Vehicle.ADAS.CruiseControl.IsEnabled": True, "Vehicle.ADAS.DMS.IsEnabled": True})
        await pilot.press(*tile("assist"))
        assert await until(pilot, lambda: type(app.screen).__name__ == "DriverAssistanceScreen")
        from tui.widgets.control_list import ControlList

        lst = app.screen.query_one(ControlList)
        lst.highlighted = [i.id for i in lst._items].index(HF)
        await pilot.press("enter")
        assert await until(pilot, lambda: "Armed" in screen_text(app))
        assert controller.get(HF) is True
        assert "Hands-free armed" in str(app.screen.query_one("#assist-summary", Static).content)
        await pilot.press("escape")
        assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert await until(pilot, lambda: "L3 · hands-free" in screen_text(app))  # the tile, on two lines:
        assert "armed" in screen_text(app)  # "L3 · hands-free / armed"


async def test_a_two_valued_setting_flips_with_left_and_right(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*tile("settings"))
        assert await until(pilot, lambda: type(app.screen).__name__ == "SettingsScreen")
        await pilot.press("2")  # Units
        assert await until(pilot, lambda: type(app.screen).__name__ == "UnitsScreen")
        await pilot.press("down", "down", "down")  # Time format: 12-hour or 24-hour
        assert controller.get(TIME_FORMAT) == "HR_12"
        await pilot.press("left")  # at the first of two: it flips, never "at its limit"
        assert await until(pilot, lambda: controller.get(TIME_FORMAT) == "HR_24")
        await pilot.press("right")
        assert await until(pilot, lambda: controller.get(TIME_FORMAT) == "HR_12")
        await pilot.press("right")
        assert await until(pilot, lambda: controller.get(TIME_FORMAT) == "HR_24")
        assert not any("at its limit" in str(n.message) for n in app._notifications)


def test_drive_parked_after_a_drive_snapshot(snap_compare, fixed_app, fixed_controller):
    """80x24, reached by keys: the Drive dashboard after a 12-minute drive and X: "P", "Parked" and
    the trip's real time (never "· 0:00"); the keys line names Shift+F slower."""
    c = fixed_controller
    sim = c.simulator
    sim.set_speedup(60)
    sim.start()
    for _ in range(24):
        c.clock.advance(0.5)
        sim.pump()
    sim.stop()

    async def by_keys(pilot):
        await pilot.press(*tile("drive"))
        assert await until(pilot, lambda: type(fixed_app.screen).__name__ == "DriveScreen")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=SIZE, run_before=by_keys)
