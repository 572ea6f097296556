"""Every screen that exists obeys the restrictions while the car moves (the menus are taken from
tui.controller.menus.MENUS, so screens other issues add are covered too): no text field usable,
lists at most 6 rows on screen and 50 in total, no text longer than 80 characters, depth at most 3,
no animation, and "Available when parked" where a screen cannot comply."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Input, OptionList, Static

from tui.controller import menus
from tui.controller.restrictions import PARKED_ONLY
from tui.screens.base import CockpitScreen
from tui.widgets.menu_list import MenuItem, MenuList

MENU_IDS = [m.id for m in menus.MENUS]


def moving(controller, kmh=50.0):
    controller.set("Vehicle.Speed", kmh, source="simulator")


def check_screen(app, screen) -> None:
    assert screen.has_class("moving")
    assert app.animation_level == "none"
    if screen.has_class("parked-only"):
        shown = screen.query_one("#parked-only", Static)
        assert PARKED_ONLY in str(shown.content) and shown.display
        return
    assert len(getattr(screen, "CRUMBS", ())) <= 3
    for field in screen.query(Input):
        assert field.disabled, f"{type(screen).__name__}: a text field is usable while moving"
    for ol in screen.query(OptionList):
        if not ol.display:
            continue
        assert ol.option_count <= 50, f"{type(screen).__name__}: {ol.option_count} items while moving"
        assert ol.scrollable_content_region.height <= 6, f"{type(screen).__name__}: more than 6 rows"
        for i in range(ol.option_count):
            prompt = ol.get_option_at_index(i).prompt
            plain = prompt.plain if isinstance(prompt, Text) else str(prompt)
            assert len(plain) <= 80, f"{type(screen).__name__}: {plain!r}"


@pytest.mark.parametrize("menu_id", MENU_IDS)
async def test_every_menu_obeys_while_moving(app, controller, menu_id):
    m = menus.menu(menu_id)
    async with app.run_test(size=(100, 30)) as pilot:
        moving(controller)
        await pilot.pause()
        app.open_menu(menu_id)
        await pilot.pause()
        if m.parked_only:
            assert type(app.screen).__name__ == "HomeScreen"
            return
        screen = app.screen
        check_screen(app, screen)
        # one level deeper: every item of the screen's first menu that opens something
        lists = [ol for ol in screen.query(MenuList) if ol.display]
        if not lists:
            return
        first = lists[0]
        for index in range(min(first.option_count, 9)):
            if app.screen is not screen:
                break
            option = first.get_option_at_index(index)
            if option.disabled:
                continue
            first.focus()
            first.highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            if app.screen is not screen:
                if isinstance(app.screen, CockpitScreen):
                    check_screen(app, app.screen)
                app.pop_screen()
                await pilot.pause()


# three menus in the default set (a list, a settings page, a media page); every menu under -m crawl
FOLLOWING = [pytest.param(m, marks=() if m in ("drive", "climate", "media") else pytest.mark.crawl)
             for m in MENU_IDS]


@pytest.mark.parametrize("menu_id", FOLLOWING)
async def test_restrictions_follow_the_car_on_an_open_screen(app, controller, menu_id):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu(menu_id)
        await pilot.pause()
        screen = app.screen
        assert not screen.has_class("moving") and app.animation_level == "full"
        moving(controller)
        await pilot.pause()
        if menus.menu(menu_id).parked_only:  # opened while parked, then the car moves off
            assert screen.has_class("parked-only"), menu_id
        check_screen(app, screen)
        moving(controller, 0.0)
        await pilot.pause()
        assert not screen.has_class("moving") and not screen.has_class("parked-only")


class NameScreen(CockpitScreen):
    """A stand-in for a screen with free text (a profile name): it cannot be used while moving."""

    CRUMBS = ("Profiles", "New profile")
    TEXT_ENTRY = True

    def compose_body(self):
        yield Input(placeholder="Name", id="name")


class LongListScreen(CockpitScreen):
    CRUMBS = ("Media", "Stations")

    def compose_body(self):
        yield MenuList([MenuItem(str(n), f"Station {n}", "z" * 120) for n in range(1, 121)], id="stations")


class DeepScreen(CockpitScreen):
    CRUMBS = ("Settings", "Car", "Brand", "Model")


async def test_text_entry_screen_is_available_when_parked_only(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = NameScreen()
        app.push_screen(screen)
        await pilot.pause()
        assert not screen.query_one("#name", Input).disabled
        moving(controller)
        await pilot.pause()
        assert screen.has_class("parked-only") and screen.query_one("#name", Input).disabled
        assert not screen.query_one("#body").display
        moving(controller, 0.0)
        await pilot.pause()
        assert not screen.has_class("parked-only") and not screen.query_one("#name", Input).disabled


async def test_long_lists_are_capped_at_50_and_text_at_80(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = LongListScreen()
        app.push_screen(screen)
        await pilot.pause()
        stations = screen.query_one(MenuList)
        assert stations.option_count == 120
        moving(controller)
        await pilot.pause()
        check_screen(app, screen)
        assert stations.option_count == 50
        last = stations.get_option_at_index(49)
        assert last.disabled and "when parked" in last.prompt.plain
        moving(controller, 0.0)
        await pilot.pause()
        assert stations.option_count == 120


async def test_depth_over_three_is_available_when_parked_only(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = DeepScreen()
        app.push_screen(screen)
        await pilot.pause()
        assert not screen.has_class("parked-only")
        moving(controller)
        await pilot.pause()
        assert screen.has_class("parked-only")
