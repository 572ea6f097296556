"""The Vehicle tile by keys: Doors & windows (a window moves over time, one touch, close all,
the tailgate refused while moving), Locks (central locking, child locks, mirrors) and Health
(tyres per wheel in the driver's unit, warning lights with what to do); snapshots at 80x24."""

from __future__ import annotations


import pytest

from tests.tui.waits import until
from tui.controller import menus
from tui.widgets.control_list import ControlList

DOOR = "Vehicle.Cabin.Door."
DRIVER_WIN = DOOR + "Row1.DriverSide.Window.Position"
RR = "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure"
TILE_KEY = str([m.id for m in menus.MENUS].index("vehicle") + 1)  # the number key of the tile


async def open_vehicle(pilot, part: str | None = None) -> None:
    await pilot.press(TILE_KEY)
    assert await until(pilot, lambda: type(pilot.app.screen).__name__ == "VehicleScreen")
    if part:
        await pilot.press(part)
        await pilot.pause()


def highlight(app, control_id: str) -> None:
    lst = app.screen.query_one(ControlList)
    lst.highlighted = [i.id for i in lst._items].index(control_id)


def row_text(app, control_id: str) -> str:
    lst = app.screen.query_one(ControlList)
    return next(i.detail for i in lst._items if i.id == control_id)


async def test_a_window_moves_on_the_clock_and_close_all(app, controller, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vehicle(pilot, "1")
        assert app.screen.CRUMBS == ("Vehicle", "Doors & windows")
        await pilot.press("2", "enter")  # the driver window (row 2, under Close all), one touch
        assert controller.get(DOOR + "Row1.DriverSide.Window.Switch") == "ONE_SHOT_OPEN"
        clock.advance(2)
        controller.body.tick()
        assert await until(pilot, lambda: row_text(app, "open:Row1.DriverSide") == "Opening · 50 %")
        clock.advance(2)
        controller.body.tick()
        assert await until(pilot, lambda: row_text(app, "open:Row1.DriverSide") == "Open")
        highlight(app, "open:Row1.PassengerSide")
        await pilot.press("right")
        assert controller.body.target("Row1.PassengerSide") == 20
        clock.advance(1)
        controller.body.tick()
        highlight(app, "closeall")
        await pilot.press("enter")
        clock.advance(5)
        controller.body.tick()
        assert controller.get(DRIVER_WIN) == 0
        assert await until(pilot, lambda: row_text(app, "open:Row1.DriverSide") == "Closed")


async def test_the_tailgate_waits_until_parked(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vehicle(pilot, "1")
        controller.set("Vehicle.Speed", 30.0, source="simulator")
        await pilot.pause()
        highlight(app, "trunk:Rear")
        await pilot.press("enter")
        await pilot.pause()
        assert controller.get("Vehicle.Body.Trunk.Rear.IsOpen") is False
        controller.set("Vehicle.Speed", 0.0, source="simulator")
        assert await until(pilot, lambda: app.screen.query_one(ControlList)._items and next(
            i for i in app.screen.query_one(ControlList)._items if i.id == "trunk:Rear").disabled_reason is None)
        highlight(app, "trunk:Rear")
        await pilot.press("enter")
        assert controller.get("Vehicle.Body.Trunk.Rear.IsOpen") is True


async def test_locks_and_health(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vehicle(pilot, "2")
        assert app.screen.CRUMBS == ("Vehicle", "Locks")
        await pilot.press("left")  # central locking off: the authority asks a yes (body.unlock)
        assert await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.pause()  # its resume (which stamps when it showed) before the keys
        await pilot.press("tab", "enter")  # Yes
        assert await until(pilot, lambda: not controller.body.all_locked())
        await pilot.press("enter")
        assert controller.body.all_locked()
        await pilot.press("backspace", "3")
        await pilot.pause()
        assert app.screen.CRUMBS == ("Vehicle", "Health")
        controller.health.set_pressure("RR", 150)
        assert await until(pilot, lambda: "RR 22 psi LOW" in str(app.screen.query_one("#tyres").render()))
        highlight(app, "warn:tyres")
        await pilot.press("enter")
        await pilot.pause()
        assert any("inflate" in n.message for n in app._notifications)
        lst = app.screen.query_one(ControlList)
        assert lst.region.bottom <= 24


@pytest.fixture
def fixed_app(fixed_controller):
    from tui.app import CockpitApp

    c = fixed_controller
    c.set(DOOR + "Row1.PassengerSide.Window.Position", 40)
    c.set(DOOR + "Row2.DriverSide.IsOpen", True, "simulator")
    c.set(RR, 160, "simulator")
    c.set("Vehicle.Body.Windshield.Front.WasherFluid.Level", 10, "simulator")
    return CockpitApp(c)


@pytest.mark.parametrize("part", ["1", "2", "3"])
def test_vehicle_screens_80x24(fixed_app, snap_compare, part):
    async def open_part(pilot):
        await open_vehicle(pilot, part)

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_part)


def test_vehicle_menu_80x24(fixed_app, snap_compare):
    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_vehicle)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_row_shows_without_scrolling_when_parked(app, controller, size):
    async with app.run_test(size=size) as pilot:
        for part in ("1", "2", "3"):
            await open_vehicle(pilot, part)
            lst = app.screen.query_one(ControlList)
            assert lst.region.bottom <= size[1] - 1 and lst.max_scroll_y == 0, (part, lst.region, lst.max_scroll_y)
            await pilot.press("g")
            await pilot.pause()
