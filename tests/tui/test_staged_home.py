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


async def test_sqlite_utils_is_loaded_at_the_first_pause_in_the_keys(db_path, clock):
    """Nothing on screen needs sqlite-utils, but the first nested write would import it in the middle
    of a key press: the app loads it once the start is done and nobody has pressed a key for a
    moment (never while keys are coming)."""
    import importlib

    from tui.idle_gc import IDLE_SECONDS

    Controller.open(db_path, clock=clock).close()
    c = Controller.open(db_path, clock=clock, staged=True)
    assert not c.store.db.loaded
    app = CockpitApp(c)
    imported = []
    real = importlib.import_module

    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert c.ready and app._idle_imports == ["sqlite_utils"]
        import tui.app as app_module

        app_module.importlib.import_module = lambda name: imported.append(name) or real(name)
        try:
            await pilot.press("right")
            app._tick()
            assert imported == []  # a key was just pressed: not now
            app.idle.last_input -= IDLE_SECONDS
            app._tick()
            assert imported == ["sqlite_utils"] and app._idle_imports == []
        finally:
            app_module.importlib.import_module = real
        c.media.play()  # a nested write: sqlite-utils' savepoint
        assert c.store.db.loaded
    c.close()
