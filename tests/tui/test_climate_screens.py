"""Pilot journeys through Climate, and a snapshot of it at 80x24."""

from __future__ import annotations

from textual.widgets import Static

from tui.widgets.control_list import ControlList

DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
PT = "Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature"
SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"


def row_ids(screen):
    return [ol.id for ol in screen.query_one(ControlList)._items]


async def test_climate_journey(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("climate")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "ClimateScreen"
        assert "4 zones" in str(screen.query_one("#climate-summary", Static).content)
        await pilot.press("right")
        assert controller.get(DT) == 21.5
        await pilot.press("l", "h", "left")
        assert controller.get(DT) == 21.0
        entry = controller.store.audit.page(limit=1)[0]
        assert (entry.path, entry.source) == (DT, "ui")
        ids = row_ids(screen)
        await pilot.press(str(ids.index("sync") + 1), "enter")  # 1-9 jump to a row, Enter toggles
        await pilot.pause()
        assert controller.get("Vehicle.Private.SmartCockpit.HVAC.IsZoneSyncActive") is True
        await pilot.press("1", "right", "right")
        assert controller.get(PT) == controller.get(DT) == 22.0
        assert "zones synced" in str(screen.query_one("#climate-summary", Static).content)
        # seat heating: a level each Right
        lst = screen.query_one(ControlList)
        lst.highlighted = row_ids(screen).index("seatheat:DriverSide")
        await pilot.press("right", "right")
        assert controller.get(SEAT) == 67
        await pilot.press("backspace")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_change_from_elsewhere_shows_on_the_screen(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("climate")
        await pilot.pause()
        controller.climate.set_fan(80, source="assistant")
        await pilot.pause()
        await pilot.pause()
        fan = next(i for i in app.screen.query_one(ControlList)._items if i.id == "fan")
        assert fan.detail == "80 %"


async def test_a_single_zone_car_without_seat_heating(app, controller):
    controller.car_for_model("fiat-500e-2024")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("climate")
        await pilot.pause()
        items = {i.id: i for i in app.screen.query_one(ControlList)._items}
        assert "temp:Row1.Passenger" not in items and "sync" not in items
        assert items["seatheat:DriverSide"].disabled_reason
        lst = app.screen.query_one(ControlList)
        lst.highlighted = list(items).index("seatheat:DriverSide")
        await pilot.press("right")
        assert controller.get(SEAT) is None
        assert lst.region.right <= 80 and lst.region.bottom <= 24


def test_climate_snapshot(snap_compare, app, controller):
    controller.set("Vehicle.Cabin.Infotainment.HMI.TemperatureUnit", "C")
    controller.climate.set_seat_level("DriverSide", 2)

    async def open_it(pilot):
        app.open_menu("climate")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)
