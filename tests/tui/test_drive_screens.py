"""Pilot journeys through the Drive dashboard (the simulator started, paused, sped up and parked
from its keys) and a snapshot of it at 80x24."""

from __future__ import annotations

import time

from textual.widgets import Static

MODE = "Vehicle.Private.SmartCockpit.DrivingMode"


def dashboard(app) -> str:
    return str(app.screen.query_one("#sim-line", Static).content)


async def drive_for(pilot, clock, seconds):
    for _ in range(int(seconds * 10)):
        clock.advance(0.1)
        await pilot.pause(0.11)


async def test_drive_journey(app, controller, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        assert type(app.screen).__name__ == "DriveScreen"
        assert "Not running" in dashboard(app)
        await pilot.press("s")
        assert controller.simulator.state == "running"
        await drive_for(pilot, clock, 3)
        assert controller.get("Vehicle.Speed") > 0
        assert app.screen.has_class("moving")
        assert "Running" in dashboard(app)
        await pilot.press("f", "f")
        assert controller.simulator.speedup == 5 and "5x" in dashboard(app)
        await pilot.press("s")
        assert controller.simulator.state == "paused"
        await pilot.press("x")
        assert controller.get("Vehicle.Speed") == 0.0
        assert controller.get("Vehicle.Powertrain.Transmission.SelectedGear") == 126
        await pilot.pause()
        assert not app.screen.has_class("moving")


async def test_driving_mode_on_the_drive_screen(app, controller):
    modes = controller.car.model.features["drive_modes"]
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        await pilot.press("right")
        assert controller.get(MODE) == modes[1]
        await pilot.press("enter")
        assert controller.get(MODE) == modes[2]
        dash = app.screen.query_one("#dashboard")
        assert dash.region.right <= 80


async def test_the_simulator_keeps_driving_on_other_screens(app, controller, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        await pilot.press("s")
        app.open_menu("climate")
        await drive_for(pilot, clock, 2)
        assert controller.get("Vehicle.Speed") > 0
        assert app.screen.has_class("moving")


def test_drive_snapshot(snap_compare, app, controller, clock):
    sim = controller.simulator
    sim.start()
    for _ in range(300):
        clock.advance(0.1)
        sim.pump()
    sim.pause()

    async def open_it(pilot):
        app.open_menu("drive")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)


async def test_choose_a_route_of_ones_own(app, controller, db_path):
    import json

    folder = db_path.parent / "routes"
    folder.mkdir()
    (folder / "school-run.json").write_text(json.dumps({"name": "School run", "points": [
        {"lat": 45.0, "lon": 7.0, "speed": 0}, {"lat": 45.01, "lon": 7.0, "speed": 50}]}))
    (folder / "broken.json").write_text("{")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "RouteScreen"
        names = [i.title for i in app.screen.query_one("#routes")._items]
        assert names[0].startswith("Home, town") and "school run" in names
        await pilot.press("2")  # broken.json sorts first: refused with the reason, nothing changes
        await pilot.pause()
        assert type(app.screen).__name__ == "RouteScreen"
        await pilot.press("3")
        await pilot.pause()
        assert type(app.screen).__name__ == "DriveScreen"
        assert controller.simulator.route.name == "School run"
        assert "School run" in dashboard(app)
        await pilot.press("s", "r")
        await pilot.pause()
        marks = {i.title: i.detail for i in app.screen.query_one("#routes")._items}
        assert marks["school run"] == "● current" and not marks[names[0]]  # by id, whatever the file's title
        await pilot.press("1")  # not while the drive runs
        await pilot.pause()
        assert controller.simulator.route.name == "School run"


async def test_route_choice_is_available_when_parked(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        controller.set("Vehicle.Speed", 30.0, source="simulator")
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "RouteScreen" and screen.has_class("parked-only")
        assert "Available when parked" in str(screen.query_one("#parked-only", Static).content)
        controller.set("Vehicle.Speed", 0.0, source="simulator")
        await pilot.pause()
        assert not screen.has_class("parked-only")


async def test_readings_redraw_at_most_five_times_a_second(app, controller, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("drive")
        await pilot.pause()
        screen = app.screen
        drawn = []
        original = screen.refresh_top
        screen.refresh_top = lambda: (drawn.append(1), original())
        started = time.monotonic()
        for n in range(10):  # ten readings, as fast as they come
            controller.set("Vehicle.Speed", float(n + 1), source="simulator")
            await pilot.pause(0.01)
        took = time.monotonic() - started
        await pilot.pause(0.3)
        assert 1 <= len(drawn) <= int(took / 0.2) + 2  # at most one redraw per 200 ms
        from rich.console import Console

        console = Console(width=100)
        with console.capture() as shown:
            console.print(screen.query_one("#dashboard", Static).content)
        assert controller.drive.dashboard().speed == "6 mph" and "6 mph" in shown.get()  # the last reading
        drawn.clear()
        await pilot.press("right")  # the driver's own change: at once
        assert drawn
