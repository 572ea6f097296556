"""The home screen's grid of tiles, like a head unit: arrows or h j k l move, Enter or 1-9 open."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


@dataclass
class Tile:
    id: str
    title: str
    summary: str = ""
    disabled_reason: str | None = None


class TileView(Static):
    def __init__(self, tile: Tile, number: int, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.tile = tile
        self.number = number

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        # The number sits in the top border, so the three inner lines hold the title and a
        # summary of up to two lines: at 80x24 a tile is 16 characters wide inside.
        self.border_title = str(self.number) if self.number <= 9 else ""  # 1-9 jump; no key for 10+
        text = Text(justify="center", overflow="ellipsis")
        text.append(self.tile.title + "\n", style="bold")
        if self.tile.disabled_reason:
            text.append(self.tile.disabled_reason, style="italic")
        else:
            text.append(self.tile.summary)
        self.update(text)
        self.set_class(bool(self.tile.disabled_reason), "-dimmed")

    def on_click(self) -> None:
        grid = self.parent
        if isinstance(grid, TileGrid):
            grid.cursor = self.number - 1
            grid.action_open()


class TileGrid(Grid, can_focus=True):
    COLUMNS = 4
    BINDINGS = [
        Binding("up,k", "move(0,-1)", "Up", show=False),
        Binding("down,j", "move(0,1)", "Down", show=False),
        Binding("left,h", "move(-1,0)", "Left", show=False),
        Binding("right,l", "move(1,0)", "Right", show=False),
        Binding("end", "last", "Last tile", show=False),
        Binding("enter,space", "open", "Open", show=True),
    ]

    cursor: reactive[int] = reactive(0)

    class Opened(Message):
        def __init__(self, tile_id: str) -> None:
            self.tile_id = tile_id
            super().__init__()

    def __init__(self, tiles: list[Tile], **kwargs) -> None:
        super().__init__(**kwargs)
        self.tiles = tiles

    def compose(self):
        for n, tile in enumerate(self.tiles, 1):
            yield TileView(tile, n, id=f"tile-{tile.id}", classes="tile")

    def on_mount(self) -> None:
        for n, view in enumerate(self.query(TileView)):
            view.set_class(n == self.cursor, "-highlight")

    def watch_cursor(self, old: int, cursor: int) -> None:
        # Only the tile left and the tile reached change: each class toggle restyles its tile.
        views = list(self.query_children(TileView))
        if 0 <= old < len(views) and old != cursor:
            views[old].remove_class("-highlight")
        if 0 <= cursor < len(views):
            views[cursor].add_class("-highlight")

    def update_tiles(self, tiles: list[Tile]) -> None:
        by_id = {t.id: t for t in tiles}
        for view in self.query(TileView):
            if view.tile.id in by_id and by_id[view.tile.id] != view.tile:  # unchanged tiles are not redrawn
                view.tile = by_id[view.tile.id]
                view.draw()

    def action_move(self, dx: int, dy: int) -> None:
        count = len(self.tiles)
        if not count:
            return
        col, row = self.cursor % self.COLUMNS, self.cursor // self.COLUMNS
        col = (col + dx) % self.COLUMNS
        row = row + dy
        target = row * self.COLUMNS + col
        if dy and not 0 <= target < count:
            return
        if dx and target >= count:
            target = row * self.COLUMNS if dx > 0 else count - 1
        self.cursor = max(0, min(count - 1, target))

    def action_last(self) -> None:
        """End: the last tile (Settings), which has no number key once there are ten tiles."""
        if self.tiles:
            self.cursor = len(self.tiles) - 1

    def action_open(self) -> None:
        if self.tiles:
            self.post_message(self.Opened(self.tiles[self.cursor].id))

    def jump(self, number: int) -> None:
        if 1 <= number <= len(self.tiles):
            self.cursor = number - 1
            self.action_open()

    @property
    def current(self) -> Tile | None:
        return self.tiles[self.cursor] if self.tiles else None
