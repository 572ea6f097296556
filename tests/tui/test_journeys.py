"""Journeys through the app with Pilot, keys only: every tile opens and Back, Escape and Backspace
return; g and Home go home; ? and F1 help; Ctrl+P lists every screen and action; a car chosen in
Settings brings its brand's theme; under 80x24 the app asks for a larger window; Ctrl+Q quits."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from tests.tui.waits import palette_shows
from tui.controller import menus
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.settings import AboutScreen, CarScreen, DisplayScreen, SettingsScreen, UnitsScreen
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.status_bar import StatusBar
from tui.widgets.footer import CockpitFooter
from tui.widgets.tile_grid import TileGrid

SIZE = (100, 30)


def screen_class(menu):
    from tui.screens.menu_screens import screen_for

    return screen_for(menu.id)


def footer_keys(app) -> set[str]:
    return set(app.screen.query_one(CockpitFooter).descriptions())


def crumbs(app) -> str:
    return str(app.screen.query_one(Breadcrumbs).content)


def status(app) -> str:
    return str(app.screen.query_one(StatusBar).content)


def screen_text(app) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


async def shown(app, pilot, text: str, tries: int = 50) -> str:
    """The screen's text once `text` is on it (a loaded machine may need more than two frames)."""
    for _ in range(tries):
        found = screen_text(app)
        if text in found:
            return found
        await pilot.pause(0.02)
    return screen_text(app)


async def test_home_shows_a_tile_per_menu_status_and_footer(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        grid = app.screen.query_one(TileGrid)
        assert [t.id for t in grid.tiles] == [m.id for m in menus.MENUS]
        assert grid.has_focus
        assert crumbs(app).endswith("Home")
        line = status(app)
        for part in ("Driver", "Jeep Wagoneer S", "P ", "mph", "°F", "80 %", "mi", "Parked"):
            assert part in line, (part, line)
        assert {"Open", "Back", "Home", "Help", "Quit"} <= footer_keys(app)


@pytest.mark.crawl  # every tile, three ways back (each screen is also reached by keys in test_screen_journeys)
async def test_every_tile_opens_and_back_escape_backspace_return(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for index, menu in enumerate(menus.MENUS):
            expected = screen_class(menu)
            for back in ("escape", "backspace"):
                # walk to the tile with the arrows (down rows, then right), open with Enter
                grid = app.screen.query_one(TileGrid)
                grid.cursor = 0
                await pilot.press(*["down"] * (index // TileGrid.COLUMNS), *["right"] * (index % TileGrid.COLUMNS))
                assert grid.cursor == index
                await pilot.press("enter")
                await settle(pilot)
                assert type(app.screen) is expected, (menu.id, app.screen)
                assert menu.title in crumbs(app)
                assert app.screen.query(StatusBar)
                await pilot.press(back)
                await settle(pilot)
                assert isinstance(app.screen, HomeScreen), (menu.id, back)
            if index < 9:  # 1-9 jump straight to a tile and open it
                await pilot.press(str(index + 1))
                await settle(pilot)
                assert type(app.screen) is expected
                await pilot.press("escape")
                await settle(pilot)


async def test_hjkl_move_the_highlight(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(TileGrid)
        count = len(grid.tiles)
        await pilot.press("l")
        assert grid.cursor == min(1, count - 1)
        await pilot.press("h")
        assert grid.cursor == 0
        await pilot.press("j")
        assert grid.cursor == (TileGrid.COLUMNS if count > TileGrid.COLUMNS else 0)
        await pilot.press("k")
        assert grid.cursor == 0
        # exactly one tile is drawn heavy: the one under the cursor
        heavy = [t.id for t in grid.tiles if grid.tile_text(t.id).startswith("┏")]
        assert heavy == [grid.tiles[0].id]
        await pilot.press("l")
        heavy = [t.id for t in grid.tiles if grid.tile_text(t.id).startswith("┏")]
        assert heavy == [grid.tiles[1].id]
        assert "┏" in screen_text(app) and screen_text(app).count("┏") == 1


async def test_back_goes_one_level_and_g_or_home_go_home(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("2")  # Units
        await settle(pilot)
        assert isinstance(app.screen, UnitsScreen)
        assert crumbs(app).endswith("Home > Settings > Units")
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, DisplayScreen)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, AboutScreen)
        about = await shown(app, pilot, "Schema version")
        # the path is shown whole, or cut with an ellipsis where it does not fit (a long temporary folder)
        line = next(ln for ln in about.splitlines() if "Database" in ln)
        shown_path = line.split("Database", 1)[1].strip(" │")
        path = str(controller.store.path)
        assert "Schema version" in about
        assert shown_path == path or (shown_path.endswith("…") and path.startswith(shown_path[:-1])), shown_path
        assert "Database" in about and "SmartCockpit" in about
        await pilot.press("home")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        await pilot.press("backspace")  # at the top, Back stays home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_question_mark_and_f1_show_help_for_this_screen(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        for key, close in (("question_mark", "escape"), ("f1", "backspace")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            title = str(app.screen.query_one("#help-title", Static).content)
            assert "Home > Settings > Units" in title
            keys = app.screen.keys
            assert ("←", "Less") in keys or any(d == "Less" for _, d in keys)
            await pilot.press(close)
            await settle(pilot)
            assert isinstance(app.screen, UnitsScreen)


async def palette_prompts(pilot) -> list[str]:
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    options = app.screen.query_one(CommandList)
    previous = -1
    for _ in range(40):  # the palette gathers its hits in the background
        await pilot.pause(0.05)
        if options.option_count == previous and previous > 0:
            break
        previous = options.option_count
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def test_ctrl_p_lists_every_screen_and_action_and_runs_them(app, controller):
    controller.add_vehicle("maserati-grecale-folgore-2024", use=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompts = await palette_prompts(pilot)
        wanted = ["Go home", *(f"Open {m.title}" for m in menus.MENUS),
                  "Open Settings > Units", "Open Settings > Display", "Open Settings > Car", "Open Settings > About",
                  "Switch car to Maserati Grecale Folgore 2024", "Undo last change", "Help", "Ask the assistant", "Quit"]
        for name in wanted:
            assert any(p.startswith(name) for p in prompts), (name, prompts)
        await pilot.press(*"units")
        await palette_shows(pilot, "Units")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnitsScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"switch car")
        await palette_shows(pilot, "Switch car")
        await pilot.press("enter")
        await settle(pilot)
        assert controller.car.brand.id == "maserati"
        assert app.theme == "brand-maserati"


async def test_choosing_a_car_in_settings_brings_its_brands_theme(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "brand-jeep"
        jeep_primary = app.current_theme.primary
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("1")  # Car
        await settle(pilot)
        assert isinstance(app.screen, CarScreen)
        brands = [b.id for b in controller.brands()]
        here = brands.index("jeep")
        there = brands.index("maserati")
        await pilot.press(*["down"] * (there - here))
        await settle(pilot)
        await pilot.press("enter")  # to the models of Maserati
        await settle(pilot)
        first = controller.models("maserati")[0]
        await pilot.press("enter")
        await settle(pilot)
        assert controller.car.model.id == first.id
        assert isinstance(app.screen, SettingsScreen)
        assert app.theme == "brand-maserati"
        brand = controller.car.brand
        assert app.current_theme.primary == brand.theme["primary"] != jeep_primary
        assert app.title == brand.title
        assert crumbs(app).startswith(brand.logo)
        assert "Maserati" in status(app)
        await pilot.press("g")
        await settle(pilot)
        title = str(app.screen.query_one("#home-title", Static).content)
        assert first.name in title and brand.title in title
        # and back to the Jeep: the theme follows again
        app.switch_car(controller.vehicles()[0].vin)
        await settle(pilot)
        assert app.theme == "brand-jeep"


async def test_every_brand_has_its_theme(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = set()
        for brand in controller.brands():
            model = controller.models(brand.id)[0]
            controller.car_for_model(model.id)
            await settle(pilot)
            assert app.theme == f"brand-{brand.id}"
            seen.add(app.current_theme.primary)
        assert len(controller.brands()) == 14
        assert len(seen) >= 12, "the brands look different"


async def test_under_80x24_the_app_asks_for_a_larger_window(app, controller):
    async with app.run_test(size=(79, 24)) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#too-small", Static)
        assert message.display and "at least 80 x 24" in str(message.content)
        assert not app.screen.query_one("#body").display
        await pilot.resize_terminal(80, 23)
        await settle(pilot)
        assert app.screen.query_one("#too-small").display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.query_one("#too-small").display
        assert app.screen.query_one("#body").display
        app.open_menu("settings")
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert app.screen.query_one("#too-small").display, "every screen, not only home"


async def test_nothing_is_cut_at_80x24(app, controller):
    controller.car_for_model("peugeot-308-phev-2024")  # a long model name
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = status(app)
        assert line.rstrip().endswith("Parked") and len(line) <= 78, line
        grid = app.screen.query_one(TileGrid)
        for index, tile in enumerate(grid.tiles):
            region = grid.tile_region(index)
            assert region.width - 2 >= 16 and region.height - 2 >= 3
            assert tile.title in grid.tile_text(tile.id), tile.title  # whole, not cut
        text = screen_text(app)
        lines = text.splitlines()
        assert len(lines) == 24
        assert "Parked" in lines[1]
        for tile in app.screen.query_one(TileGrid).tiles:
            assert tile.title in text
            for word in tile.summary.split():
                assert word in text, (word, text)
        for menu_key in ("Open", "Back", "Help", "Quit"):
            assert menu_key in lines[-1]


async def test_ctrl_q_quits(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
    assert app.return_code == 0


async def test_display_theme_and_night_mode_change_the_look(app, controller):
    controller.car_for_model("fiat-500e-2024")  # a light brand theme
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "brand-fiat" and not app.current_theme.dark
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("3")  # Display; its first row is Day / night
        await settle(pilot)
        assert isinstance(app.screen, DisplayScreen)
        await pilot.press("right")
        await settle(pilot)
        assert controller.get("Vehicle.Cabin.Infotainment.HMI.DayNightMode") == "NIGHT"
        assert app.current_theme.dark, "a light brand theme turns dark at night"
        await pilot.press("left")
        await settle(pilot)
        assert app.theme == "brand-fiat"
        await pilot.press("3", "enter")  # Theme row: Brand colours -> Dark
        await settle(pilot)
        assert controller.get("Vehicle.Private.SmartCockpit.Display.Theme") == "DARK"
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.theme == "brand-fiat"


async def test_help_fits_80x24_without_scrolling(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_menu("settings")
        await settle(pilot)
        await pilot.press("2", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for line in ("Less", "More", "Backspace, Escape", "g, Home", "Ctrl+P", "Ctrl+Z", "?, F1", "Ctrl+Q",
                     "alerts", "closes this help"):
            assert line in text, (line, text)


async def test_status_bar_follows_the_car_and_settings_obey_moving(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Parked" in status(app) and "0 mph" in status(app)
        app.open_menu("settings")
        await settle(pilot)
        controller.set_many({"Vehicle.Speed": 80.0, "Vehicle.Powertrain.Transmission.SelectedGear": 127,
                             "Vehicle.Exterior.AirTemperature": 20.0}, source="simulator")
        await settle(pilot)
        line = status(app)
        assert "Moving" in line and "D 50 mph" in line and "68 °F" in line, line
        assert app.screen.has_class("moving")
        assert "Available when parked" in screen_text(app)
        await pilot.press("1")  # Car: not while moving
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert controller.car.model.id == "jeep-wagoneer-s-2024"
        controller.set(  # units change the status bar at once
            "Vehicle.Cabin.Infotainment.HMI.SpeedUnit", "KILOMETERS_PER_HOUR")
        controller.set("Vehicle.Cabin.Infotainment.HMI.TimeFormat", "HR_24")
        await settle(pilot)
        assert "D 80 km/h" in status(app) and controller.clock.now().strftime("%H:%M") in status(app)


async def test_the_mouse_also_works(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(TileGrid)
        index = [t.id for t in grid.tiles].index("settings")
        region = grid.tile_region(index)
        await pilot.click(TileGrid, offset=(region.x + 3, region.y + 2))
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_up_and_down_wrap_within_a_column_as_the_lists_do(app, controller):
    """Down past the last tile of a column goes back to its first, Up from the top to its last (a
    column of a short last row has one tile fewer); a held key never stops doing something."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(TileGrid)
        cols, count = TileGrid.COLUMNS, len(grid.tiles)
        column0 = list(range(0, count, cols))
        seen = []
        for _ in range(len(column0) + 1):
            await pilot.press("down")
            seen.append(grid.cursor)
        assert seen == column0[1:] + [0, column0[1 % len(column0)]]
        last_col = cols - 1
        grid.cursor = last_col
        await pilot.press("up")
        assert grid.cursor == list(range(last_col, count, cols))[-1]  # its column's last tile
        await pilot.press("down")
        assert grid.cursor == last_col
