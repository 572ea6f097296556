"""Screens kept between visits (KEEP = True, app.open_menu): opening again reuses the screen, and
it shows what changed while it was away (the menu-open speed fix of issue 8)."""

from __future__ import annotations

from tui.widgets.menu_list import MenuList

UNIT = "Vehicle.Cabin.Infotainment.HMI.DistanceUnit"


def units_detail(app) -> str:
    menu = app.screen.query_one(MenuList)
    return str(menu.get_option("units").prompt)


async def test_a_kept_screen_is_reused_and_shows_changes_made_while_away(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.open_menu("settings")
        await pilot.pause()
        first = app.screen
        assert "Miles" in units_detail(app)
        await pilot.press("g")
        await pilot.pause()
        controller.set(UNIT, "KILOMETERS")
        assert app.open_menu("settings")
        await pilot.pause()
        assert app.screen is first
        assert "Kilometres" in units_detail(app)
        assert app.screen.query_one(MenuList).has_focus
        await pilot.press("backspace")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
