"""The full-screen app starts staged (the home screen paints before the domains are built): once
it runs, every domain is there and the tiles and the status bar say what they know."""

from __future__ import annotations

from tui.app import CockpitApp
from tui.controller import Controller
from tui.widgets.status_bar import StatusBar
from tui.widgets.tile_grid import TileGrid


async def test_the_home_screen_fills_in_once_the_domains_are_built(db_path, clock):
    first = Controller.open(db_path, clock=clock)  # first run done, as on a second start
    first.media.play()  # something plays: the status bar shows it once media is built
    first.close()
    c = Controller.open(db_path, clock=clock, staged=True)
    app = CockpitApp(c)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert c.ready
        grid = app.screen.query_one(TileGrid)
        assert "Driver at the wheel" in grid.tile_text("profiles")
        assert "P 0 mph" in grid.tile_text("drive")
        bar = app.screen.query_one(StatusBar).content
        assert "♪" in getattr(bar, "plain", str(bar))  # now playing, from the media domain
        for tile in grid.tiles:
            if tile.id != "settings":
                assert tile.summary, tile.id  # every tile has its summary
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.screen.CRUMBS == ("Profiles",)
    c.close()
