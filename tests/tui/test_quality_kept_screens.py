"""Top-level menus kept between visits (app.open_menu): opening again reuses the screen, and it
shows what changed while it was away (the menu-open speed fix of issues 8 and 15)."""

from __future__ import annotations

import pytest

from tests.tui.waits import must
from tui.controller import menus
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


# ------------------------------------------------------------------ every top-level menu


def screen_text(app) -> list:
    """Every cell's text and style (the brand's theme shows in the styles)."""
    return [[(seg.text, str(seg.style)) for seg in strip] for strip in app.screen._compositor.render_strips()]


async def shown(pilot, app, screen) -> None:
    await must(pilot, lambda: app.screen is screen and screen.is_mounted)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("menu_id", [m.id for m in menus.MENUS])
async def test_a_kept_menu_opened_again_shows_what_a_new_one_would(app, controller, menu_id):
    """Opened, left with the highlight moved, then the car changed (another brand and model, so
    other rows, words and theme) and the units too while it was away: opened again it is the same
    screen, at its first row, with the first list focused, and it shows exactly what a screen built
    now shows."""
    from tui.widgets.menu_list import MenuList

    async with app.run_test(size=(100, 30)) as pilot:
        assert app.open_menu(menu_id)
        kept = app.screen
        await shown(pilot, app, kept)
        await pilot.press("down", "down")
        await pilot.press("g")
        await must(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        controller.car_for_model("fiat-500e-2024")
        controller.set(UNIT, "KILOMETERS")
        await pilot.pause()
        assert app.open_menu(menu_id)
        await shown(pilot, app, kept)
        lists = list(kept.query(MenuList))
        assert lists[0].has_focus
        if menu_id != "media":  # Media highlights the source playing, as on a first visit
            for m in lists:
                first = next(i for i in range(m.option_count) if not m.get_option_at_index(i).disabled)
                assert m.highlighted == first, m.id
        again = screen_text(app)
        await pilot.press("g")
        await must(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        fresh = type(kept)()
        app.push_screen(fresh)
        await shown(pilot, app, fresh)
        assert screen_text(app) == again
