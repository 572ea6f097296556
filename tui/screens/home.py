"""The home screen: a grid of tiles, one per menu that exists."""

from __future__ import annotations

from textual import on
from textual.widgets import Static

from tui.controller import menus
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.widgets.tile_grid import Tile, TileGrid


class HomeScreen(CockpitScreen):
    CRUMBS = ()
    HELP = "Pick a menu: arrows or h j k l move, Enter or 1-9 open it."

    def compose_body(self):
        yield Static("", id="home-title")
        yield TileGrid(self.tiles(), id="tiles")

    def tiles(self) -> list[Tile]:
        c = self.controller
        # The first frame comes before the domains are built (a staged start): the tiles show
        # their names at once and their summaries a moment later (the app refreshes them).
        return [
            Tile(m.id, m.title, menus.summary(c, m) if c.ready else "", menus.unavailable_reason(c, m))
            for m in menus.MENUS
        ]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TileGrid).focus()
        self.refresh_title()

    def refresh_title(self) -> None:
        car = self.controller.car
        self.query_one("#home-title", Static).update(f"{car.brand.title} · {car.title} {car.model.model_year}")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_tiles()

    def refresh_tiles(self) -> None:
        self.query_one(TileGrid).update_tiles(self.tiles())
        self.refresh_title()

    _tiles_pending = False

    @on(ControllerChanged)
    def tiles_follow(self, message: ControllerChanged) -> None:
        # the tiles' summaries: changes coming fast (the simulator's, ten times a second) redraw once
        # per frame; the first one after the staged start fills them in
        if not self._tiles_pending:
            self._tiles_pending = True
            self.call_after_refresh(self._refresh_pending)

    def _refresh_pending(self) -> None:
        self._tiles_pending = False
        if not self.gone and self.is_mounted:
            self.refresh_tiles()

    def on_tile_grid_opened(self, event: TileGrid.Opened) -> None:
        self.app.open_menu(event.tile_id)

    def action_back(self) -> None:
        """Home is the top: Back does nothing here."""
