"""Drive > Trips by keys: totals, the list (one widget, paged), details, CSV export; an 80x24 snapshot."""

from __future__ import annotations

import os

from textual.widgets import Static

from tests.tui.waits import until


def drive(controller, clock, seconds=300):
    sim = controller.simulator
    sim.set_speedup(10)
    sim.start()
    for _ in range(int(seconds / 0.5)):
        clock.advance(0.5)
        sim.pump()
        if sim.state != "running":
            break
    sim.stop()


async def open_trips(app, pilot):
    app.open_menu("drive")
    await pilot.pause()
    await pilot.press("t")
    await until(pilot, lambda: type(app.screen).__name__ == "TripsScreen")


def text(app, widget_id) -> str:
    return str(app.screen.query_one(widget_id, Static).content)


async def test_trips_list_details_and_export(app, controller, clock, db_path):
    drive(controller, clock, 60)
    drive(controller, clock, 60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trips(app, pilot)
        assert text(app, "#trips-title") == "Trips 1-2 of 2"
        assert text(app, "#trips-totals").startswith("Today: 2 · ")
        menu = app.screen.query_one("#trips")
        assert menu.option_count == 2
        await pilot.press("enter")
        await pilot.press("e")
        await until(pilot, lambda: (db_path.parent / "trips.csv").exists())
        assert len((db_path.parent / "trips.csv").read_text().splitlines()) == 3
        assert oct(os.stat(db_path.parent / "trips.csv").st_mode & 0o777) == "0o600"
        drive(controller, clock, 60)
        await pilot.press("e")  # the file from before: replaced only with a yes
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "TripsScreen")
        assert len((db_path.parent / "trips.csv").read_text().splitlines()) == 3
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("left", "enter")  # to Yes ("Replace"), then Enter
        await until(pilot, lambda: len((db_path.parent / "trips.csv").read_text().splitlines()) == 4)


async def test_long_lists_page_in_one_widget(app, controller, clock):
    store, vin = controller.store, controller.car.vin
    with store.write():
        for i in range(120):
            tid = store.trips.open(vin, f"2026-11-{1 + i % 20:02d}T07:{i % 60:02d}:00+00:00", "Home", 0, 80, None)
            store.trips.close(tid, f"2026-11-{1 + i % 20:02d}T08:{i % 60:02d}:00+00:00", "Home", 5000, 600, 1.0, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trips(app, pilot)
        assert text(app, "#trips-title") == "Trips 1-50 of 120"
        assert len(app.screen.query("#trips")) == 1 and app.screen.query_one("#trips").option_count == 50
        await pilot.press("n", "n")
        await until(pilot, lambda: text(app, "#trips-title") == "Trips 101-120 of 120")
        await pilot.press("n")  # no page after the last
        assert text(app, "#trips-title") == "Trips 101-120 of 120"
        await pilot.press("p")
        await until(pilot, lambda: text(app, "#trips-title") == "Trips 51-100 of 120")


def test_trips_snapshot(snap_compare, app, controller, clock):
    drive(controller, clock, 200)
    drive(controller, clock, 40)

    async def open_it(pilot):
        await open_trips(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)


async def test_trips_at_100x30_while_driving(app, controller, clock):
    drive(controller, clock, 60)
    sim = controller.simulator
    sim.set_speedup(1)
    sim.start()
    for _ in range(50):
        clock.advance(0.1)
        sim.pump()
    assert controller.restrictions().moving
    async with app.run_test(size=(100, 30)) as pilot:
        await open_trips(app, pilot)
        assert text(app, "#trips-title") == "Trips 1-1 of 1"  # the drive under way is not a trip yet
        menu = app.screen.query_one("#trips")
        assert menu.region.right <= 100


async def test_totals_per_day_and_week(app, controller, clock):
    drive(controller, clock, 60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trips(app, pilot)
        await pilot.press("v")
        await until(pilot, lambda: text(app, "#trips-title").startswith("Per day"))
        menu = app.screen.query_one("#trips")
        assert menu.option_count == 14 and "Today" in str(menu.get_option_at_index(0).prompt)
        assert " 1 trips" in str(menu.get_option_at_index(0).prompt)
        assert "Yesterday" in str(menu.get_option_at_index(1).prompt)
        await pilot.press("v")
        await until(pilot, lambda: text(app, "#trips-title").startswith("Per week"))
        assert "This week" in str(menu.get_option_at_index(0).prompt)
        await pilot.press("v")
        await until(pilot, lambda: text(app, "#trips-title") == "Trips 1-1 of 1")
