"""Drive > Charging by keys: the rows change the car, the history pages; an 80x24 snapshot."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.waits import until
from tui.controller.charging import CURRENT, IS_CHARGING, LIMIT, SCHEDULE_ON, SCHEDULE_START, SOC
from tui.widgets.control_list import ControlList


async def open_charging(app, pilot):
    app.open_menu("drive")
    await pilot.pause()
    await pilot.press("c")
    await until(pilot, lambda: type(app.screen).__name__ == "ChargingScreen")


def summary(app) -> str:
    return str(app.screen.query_one("#charging-summary", Static).content)


def row_index(app, control_id) -> int:
    ids = [ctl.id for ctl in app.controller.charging.controls()]
    return ids.index(control_id)


async def goto(app, pilot, control_id):
    lst = app.screen.query_one(ControlList)
    lst.focus()
    lst.highlighted = row_index(app, control_id)
    await pilot.pause()


async def test_plug_charge_and_change_rows_by_keys(app, controller, clock):
    controller.set(SOC, 60.0, "simulator")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charging(app, pilot)
        assert "Not plugged in" in summary(app)
        await pilot.press("enter")  # the first row: the cable goes in
        assert controller.charging.status().plugged
        clock.advance(1)
        controller.tick()
        await until(pilot, lambda: "Charging at 11 kW" in summary(app))
        assert controller.get(IS_CHARGING)
        await goto(app, pilot, LIMIT)
        await pilot.press("right")
        assert controller.get(LIMIT) == 85
        await goto(app, pilot, CURRENT)
        await pilot.press("left", "left")
        assert controller.get(CURRENT) == 12
        await goto(app, pilot, SCHEDULE_START)
        await pilot.press("right")
        assert controller.get(SCHEDULE_START) == "01:15"
        await goto(app, pilot, SCHEDULE_ON)
        await pilot.press("enter")
        assert controller.get(SCHEDULE_ON) is True and not controller.get(IS_CHARGING)
        await until(pilot, lambda: "waiting for the cheap hours" in summary(app))
        await pilot.press("backspace")
        await until(pilot, lambda: type(app.screen).__name__ == "DriveScreen")


async def test_history_lists_sessions(app, controller, clock):
    controller.set(SOC, 78.0, "simulator")
    controller.simulator.plug()
    for _ in range(120):
        clock.advance(30)
        controller.tick()
    assert not controller.get(IS_CHARGING)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charging(app, pilot)
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ == "ChargingHistoryScreen")
        title = str(app.screen.query_one("#sessions-title", Static).content)
        assert title == "1-1 of 1"
        menu = app.screen.query_one("#sessions")
        assert menu.option_count == 1 and "78 → 80 %" in str(menu.get_option_at_index(0).prompt)


async def test_a_car_without_battery_says_so(app, controller):
    controller.add_vehicle("jeep-cherokee-2023", "Petrol")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charging(app, pilot)
        assert "has no battery to charge" in summary(app)


def test_charging_snapshot(snap_compare, app, controller, clock):
    controller.set(SOC, 62.0, "simulator")
    controller.simulator.plug()
    clock.advance(1)
    controller.tick()

    async def open_it(pilot):
        await open_charging(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)


async def test_while_driving_the_cable_and_port_wait_for_park(app, controller, clock):
    sim = controller.simulator
    sim.start()
    for _ in range(50):
        clock.advance(0.1)
        sim.pump()
    assert controller.restrictions().moving
    async with app.run_test(size=(100, 30)) as pilot:
        await open_charging(app, pilot)
        rows = {ctl.id: ctl for ctl in controller.charging.controls()}
        assert rows["plug"].reason == "Parked only"
        await goto(app, pilot, "plug")
        await pilot.press("enter")
        assert not controller.charging.status().plugged
        await goto(app, pilot, LIMIT)  # the limit may change while driving
        await pilot.press("left")
        assert controller.get(LIMIT) == 75
        lst = app.screen.query_one(ControlList)
        assert lst.region.right <= 100 and lst.region.bottom <= 30


async def test_the_palette_opens_charging_and_trips(app):
    from tests.tui.waits import palette_shows

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"charging")
        await palette_shows(pilot, "Drive > Charging")
        await pilot.press("enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ChargingScreen")
        await pilot.press("backspace")
        assert await until(pilot, lambda: type(app.screen).__name__ == "DriveScreen")  # Charging is under Drive
        await pilot.press("ctrl+p")
        await pilot.press(*"trips")
        await palette_shows(pilot, "Drive > Trips")
        await pilot.press("enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "TripsScreen")


async def test_the_assistant_opens_charging_and_trips(app, controller):
    assert controller.assistant.ask("open charging").navigate == "drive/charging"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await pilot.press(*"show my trips", "enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "TripsScreen")
        await pilot.press("backspace")
        assert await until(pilot, lambda: type(app.screen).__name__ == "DriveScreen")
