"""Pilot journeys through Seats & Mirrors: a seat part, seat memory (save; recall asks first, "No"
by default, refused while moving), mirrors and the wheel."""

from __future__ import annotations

from tui.screens.dialogs import ConfirmScreen
from tui.widgets.control_list import ControlList

POS = "Vehicle.Cabin.Seat.Row1.DriverSide.Position"
FOLD = "Vehicle.Body.Mirrors.DriverSide.IsFolded"
TILT = "Vehicle.Chassis.SteeringWheel.Tilt"


async def test_seat_part_mirrors_and_wheel(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("seats")
        await pilot.pause()
        assert type(app.screen).__name__ == "SeatsScreen"
        start = controller.get(POS)
        await pilot.press("1")  # Driver seat
        await pilot.pause()
        assert app.screen.CRUMBS == ("Seats & Mirrors", "Driver seat")
        await pilot.press("right")
        assert controller.get(POS) == start + controller.spec(POS).step
        await pilot.press("backspace", "4")  # Mirrors
        await pilot.pause()
        items = [i.id for i in app.screen.query_one(ControlList)._items]
        app.screen.query_one(ControlList).highlighted = items.index("fold")
        await pilot.press("enter")
        assert controller.get(FOLD) is True
        await pilot.press("backspace", "5")  # Steering wheel
        await pilot.pause()
        await pilot.press("left")
        assert controller.get(TILT) == 45
        lst = app.screen.query_one(ControlList)
        assert lst.region.right <= 80 and lst.region.bottom <= 24


async def test_seat_memory_save_and_recall_asks_first(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        controller.set(POS, 200)
        app.open_menu("seats")
        await pilot.pause()
        await pilot.press("3")  # Seat memory
        await pilot.pause()
        assert type(app.screen).__name__ == "SeatMemoryScreen"
        await pilot.press("s")  # save to memory 1
        await pilot.pause()
        assert controller.seats.presets()[1].positions[POS] == 200
        controller.set(POS, 50)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert not any("Move now" in n.message for n in app._notifications)  # asked once, in the dialog
        await pilot.press("enter")  # the default answer is No
        await pilot.pause()
        assert controller.get(POS) == 50
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert controller.get(POS) == 200


async def test_seat_memory_recall_refused_while_moving(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        controller.seats.save_preset(2)
        controller.set(POS, 60)
        app.open_menu("seats")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        controller.set("Vehicle.Speed", 40.0, source="simulator")
        await pilot.pause()
        await pilot.pause()
        item = app.screen.query_one(ControlList)._items[1]
        assert item.disabled_reason and "parked" in item.disabled_reason
        await pilot.press("2", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert controller.get(POS) == 60


async def test_a_car_without_memory_or_power_passenger_seat(app, controller):
    controller.car_for_model("abarth-500e-2024")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("seats")
        await pilot.pause()
        items = {i.id: i for i in app.screen.query_one("#menu")._items}
        assert items["memory"].disabled_reason and items["passenger"].disabled_reason
        await pilot.press("3")
        await pilot.pause()
        assert type(app.screen).__name__ == "SeatsScreen"
