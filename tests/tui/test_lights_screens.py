"""Pilot journey through Lights & Display."""

from __future__ import annotations

from tui.controller.lights import PALETTE
from tui.widgets.control_list import ControlList

AMB = "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide."


async def test_lights_journey(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("lights")
        await pilot.pause()
        assert type(app.screen).__name__ == "LightsScreen"
        await pilot.press("right")  # ambient colour: next in the palette
        assert controller.get(AMB + "Color") in PALETTE.values()
        await pilot.press("2", "left", "left")  # intensity down two steps
        assert controller.get(AMB + "Intensity") == 50
        await pilot.press("3", "enter")  # exterior light switch cycles
        assert controller.get("Vehicle.Body.Lights.LightSwitch") == "BEAM"
        items = [i.id for i in app.screen.query_one(ControlList)._items]
        app.screen.query_one(ControlList).highlighted = items.index("Vehicle.Cabin.Infotainment.HMI.DayNightMode")
        await pilot.press("enter")
        assert controller.get("Vehicle.Cabin.Infotainment.HMI.DayNightMode") == "NIGHT"


async def test_lights_without_ambient(app, controller):
    controller.car_for_model("fiat-500e-2024")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("lights")
        await pilot.pause()
        first = app.screen.query_one(ControlList)._items[0]
        assert first.disabled_reason and "ambient" in first.disabled_reason
