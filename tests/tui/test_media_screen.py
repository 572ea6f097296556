"""Pilot journeys on the Media screen: sources and items, play/pause, skip, volume, presets and
favourites, streaming gated with one key to Services, the now-playing line, limits while moving."""

from __future__ import annotations

from textual.widgets import Static

from tui.widgets.tile_grid import TileGrid
from tui.screens.media import MediaScreen
from tui.screens.services import ServicesScreen
from tui.widgets.menu_list import MenuList
from tui.widgets.status_bar import StatusBar

M = "Vehicle.Cabin.Infotainment.Media."


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def plain(widget) -> str:
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


async def open_media(app, pilot):
    app.open_menu("media")
    await pilot.pause()
    assert isinstance(app.screen, MediaScreen)


async def test_choose_a_source_then_a_station_and_control_it(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_media(app, pilot)
        await pilot.press("enter")  # FM radio: plays the first station and moves to the list
        await pilot.pause()
        assert controller.media.now_playing().station == "WJZZ Smooth Jazz"
        assert app.screen.focused.id == "media-items"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert controller.media.now_playing().station == "Hits 95.5"
        assert "Hits 95.5" in plain(app.screen.query_one("#media-now", Static))
        await pilot.press("n")
        assert controller.media.now_playing().station == "Country 99.1"
        await pilot.press("b")
        assert controller.media.now_playing().station == "Hits 95.5"
        await pilot.press("p")
        assert not controller.media.now_playing().playing and controller.get(M + "Action") == "STOP"
        await pilot.press("p")
        assert controller.media.now_playing().playing
        await pilot.press("plus", "plus")
        assert controller.get(M + "Volume") == 34
        await pilot.press("minus")
        assert controller.get(M + "Volume") == 32
        await pilot.press("m")
        assert controller.get(M + "Volume") == 0
        await pilot.press("m")
        assert controller.get(M + "Volume") == 32


async def test_presets_and_favourites_from_the_keys(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_media(app, pilot)
        await pilot.press("right", "down")  # Classic Rock 93.1, highlighted
        await pilot.press("a")
        await pilot.pause()
        assert [p.title for p in controller.media.presets("FM")] == ["Classic Rock 93.1"]
        assert any("preset 1" in n for n in notes(app))
        items = app.screen.query_one("#media-items", MenuList)
        assert "P1 Classic Rock" in str(items.get_option_at_index(1).prompt)
        await pilot.press("f")
        await pilot.pause()
        assert [f.title for f in controller.media.favourites()] == ["Classic Rock 93.1"]
        await pilot.press("left")
        await pilot.press("6")  # Favourites (no DAB in the US: FM, AM, Streaming, USB, Phone, Favourites)
        await pilot.pause()
        assert app.screen.query_one("#media-items", MenuList).border_title == "Favourites"


async def test_streaming_says_what_is_needed_and_s_opens_services(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_media(app, pilot)
        await pilot.press("down", "down")  # Streaming
        await pilot.pause()
        hint = plain(app.screen.query_one("#media-hint", Static))
        assert "Needs Music Streaming" in hint and "Press s" in hint
        await pilot.press("enter")
        await pilot.pause()
        assert controller.get(M + "Played.Source") == "FM"  # nothing changed
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ServicesScreen)
        assert app.screen.query_one("#offers", MenuList).highlighted_option.id == "music"
        await pilot.press("t")  # start the trial
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, MediaScreen)
        assert plain(app.screen.query_one("#media-hint", Static)) == ""
        await pilot.press("enter")
        await pilot.pause()
        assert controller.media.now_playing().source == "INTERNET"


async def test_the_status_bar_shows_what_plays_at_80_columns(app, controller):
    controller.media.set_source("USB")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(StatusBar)
        text = plain(bar)
        assert "♪" in text and "Parked" in text and len(text) <= 78
        assert "♪" in app.screen.query_one(TileGrid).tile_text("media")


async def test_while_moving_lists_show_at_most_six_rows(app, controller):
    controller.set_many({"Vehicle.Speed": 50.0}, source="simulator")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_media(app, pilot)
        await pilot.press("right")
        items = app.screen.query_one("#media-items", MenuList)
        assert items.region.height <= 8  # six rows and the border
        assert items.option_count == 7  # all seven stations are reachable (below 50)


async def test_services_wait_until_parked(app, controller):
    controller.set_many({"Vehicle.Speed": 30.0}, source="simulator")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_media(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MediaScreen)
        assert any("Available when parked" in n for n in notes(app))
        app.open_menu("services")
        await pilot.pause()
        assert not isinstance(app.screen, ServicesScreen)
