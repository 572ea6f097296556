"""Drive > Navigation by keys (issue 17): n on Drive opens it, Enter on a destination routes there,
the status line follows the simulator's drive, a saves a place (named when parked), c cancels;
an 80x24 snapshot."""

from __future__ import annotations


import pytest

from tests.tui.waits import until


def status(app) -> str:
    return str(app.screen.query_one("#nav-status").render())


async def open_navigation(app, pilot):
    from tui.screens.drive import DriveScreen
    from tui.screens.navigation import NavigationScreen

    app.open_menu("drive")
    assert await until(pilot, lambda: isinstance(app.screen, DriveScreen))
    await pilot.press("n")
    assert await until(pilot, lambda: isinstance(app.screen, NavigationScreen))


async def test_route_to_work_by_keys_and_follow_the_drive(app):
    c = app.controller
    c.services.start_trial("traffic")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_navigation(app, pilot)
        assert "No route" in status(app)
        await pilot.press("down", "enter")  # Home is first, Work second
        assert await until(pilot, lambda: status(app).startswith("To Work:"))
        before = c.navigation.guidance().left_m
        c.simulator.set_speedup(30)
        c.simulator.start()
        c.clock.advance(10)
        c.simulator.pump()
        assert await until(pilot, lambda: c.navigation.guidance().left_m < before - 300)
        assert await until(pilot, lambda: status(app) == c.navigation.status_text())
        await pilot.press("c")
        assert await until(pilot, lambda: "No route" in status(app))


async def test_save_here_named_when_parked(app):
    c = app.controller
    c.services.start_trial("traffic")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_navigation(app, pilot)
        await pilot.press("a")
        assert await until(pilot, lambda: type(app.screen).__name__ == "PromptScreen")
        await pilot.press(*"Gym", "enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NavigationScreen")
        assert "Gym" in [d.name for d in c.navigation.destinations()]
        menu = app.screen.query_one("#destinations")
        assert await until(pilot, lambda: menu.option_count == 3)


async def test_without_the_service_destinations_say_why(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_navigation(app, pilot)
        await pilot.press("enter")
        assert app.controller.navigation.active() is None


@pytest.fixture
def fixed_app(fixed_controller):
    from tui.app import CockpitApp

    fixed_controller.services.start_trial("traffic")
    fixed_controller.navigation.go("Work")
    return CockpitApp(fixed_controller)


def test_navigation_80x24(fixed_app, snap_compare):
    async def open_it(pilot):
        pilot.app.open_menu("drive")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_it)
