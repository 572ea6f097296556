"""Pilot journey through Driver Assist: hands-free dimmed with the reason until its conditions
hold, then available; eyes-off refused above 60 km/h."""

from __future__ import annotations

from textual.widgets import Static

from tui.widgets.control_list import ControlList

P = "Vehicle.Private.SmartCockpit."
HF = P + "ADAS.HandsFree.IsActive"
EO = P + "ADAS.EyesOff.IsActive"


def item(app, cid):
    return next(i for i in app.screen.query_one(ControlList)._items if i.id == cid)


def highlight(app, cid):
    lst = app.screen.query_one(ControlList)
    lst.highlighted = [i.id for i in lst._items].index(cid)


async def test_assist_journey(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("assist")
        await pilot.pause()
        assert "AutoDrive Level 3" in str(app.screen.query_one("#assist-summary", Static).content)
        # no AutoDrive Hands-Free service yet: the row says so and one key leads to it
        assert "AutoDrive Hands-Free" in item(app, HF).disabled_reason
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ServicesScreen"
        await pilot.press("backspace")
        await pilot.pause()
        controller.services.start_trial("handsfree")
        await pilot.pause()
        assert "adaptive cruise" in item(app, HF).disabled_reason
        highlight(app, HF)
        await pilot.press("enter")
        assert controller.get(HF) is False
        await pilot.press("1", "enter")  # adaptive cruise on
        assert controller.get("Vehicle.ADAS.CruiseControl.IsEnabled") is True
        await pilot.pause()
        assert item(app, HF).disabled_reason is None
        highlight(app, HF)
        await pilot.press("enter")
        assert controller.get(HF) is True
        # parked: armed, it engages once the car drives (issue 16)
        assert "Hands-free armed" in str(app.screen.query_one("#assist-summary", Static).content)
        controller.set("Vehicle.Speed", 90.0, source="simulator")
        for _ in range(100):  # readings redraw within 200 ms: wait for it, no longer
            if "Only up to" in (item(app, EO).disabled_reason or ""):
                break
            await pilot.pause(0.02)
        assert "Only up to" in item(app, EO).disabled_reason
        highlight(app, EO)
        await pilot.press("enter")
        assert controller.get(EO) is False


async def test_a_level_1_car_says_why(app, controller):
    controller.car_for_model("fiat-500e-2024")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("assist")
        await pilot.pause()
        assert "Level 1" in item(app, HF).disabled_reason
        assert "Level 1" in item(app, EO).disabled_reason
