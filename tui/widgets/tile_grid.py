"""The home screen's grid of tiles, like a head unit: arrows or h j k l move, Enter or 1-9 open.

One widget draws every tile line by line (as Textual's OptionList draws its options), rather
than one bordered widget per tile: a move of the highlight repaints the two tiles it touches and
restyles nothing, which keeps a key press on the home screen as quick as one in a plain list.
Colours come from the brand theme through the component classes below (cockpit.tcss).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.fit import fit, wrap

TILE_HEIGHT = 5  # a border line, three inner lines (title and up to two of summary), a border line
GUTTER = 1  # one blank column between tiles and one blank line between rows of tiles
# (tile height, blank lines between rows), tallest first: a short terminal gets shorter tiles (one
# line of summary), then no blank line between rows, so every tile shows without scrolling
FITS = ((TILE_HEIGHT, GUTTER), (4, GUTTER), (4, 0), (3, 0))
ROUND = "╭─╮│╰╯"  # corners and sides of a tile; the highlighted one is drawn heavy
HEAVY = "┏━┓┃┗┛"


@dataclass
class Tile:
    id: str
    title: str
    summary: str = ""
    disabled_reason: str | None = None


class TileGrid(Widget, can_focus=True):
    COLUMNS = 4
    BINDINGS = [
        Binding("up,k", "move(0,-1)", "Up", show=False),
        Binding("down,j", "move(0,1)", "Down", show=False),
        Binding("left,h", "move(-1,0)", "Left", show=False),
        Binding("right,l", "move(1,0)", "Right", show=False),
        Binding("end", "last", "Last tile", show=False),
        Binding("enter,space", "open", "Open", show=True),
    ]
    COMPONENT_CLASSES = {
        "tile-grid--tile",  # a tile's face: background and text colour
        "tile-grid--border",  # a tile's frame
        "tile-grid--number",  # the number key in the top border
        "tile-grid--title",  # the menu's name
        "tile-grid--dimmed",  # the text of a tile that cannot be opened now
        "tile-grid--highlight",  # the face of the highlighted tile
        "tile-grid--highlight-border",  # its frame
    }

    cursor: reactive[int] = reactive(0)

    class Opened(Message):
        def __init__(self, tile_id: str) -> None:
            self.tile_id = tile_id
            super().__init__()

    def __init__(self, tiles: list[Tile], **kwargs) -> None:
        super().__init__(**kwargs)
        self.tiles = list(tiles)
        self._tile_cache: dict[tuple[int, bool, int], list[Strip]] = {}
        self._line_cache: dict[int, Strip] = {}
        self.tile_height, self.row_gap = FITS[0]

    def fit(self, height: int) -> tuple[int, int]:
        """The tallest (tile height, gap) whose rows fit in `height` lines (the shortest if none do)."""
        rows = self.rows()
        for tile_height, gap in FITS:
            if rows * tile_height + max(0, rows - 1) * gap <= height:
                return tile_height, gap
        return FITS[-1]

    # ------------------------------------------------------------------ geometry
    def rows(self) -> int:
        return -(-len(self.tiles) // self.COLUMNS)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rows = self.rows()
        return rows * self.tile_height + max(0, rows - 1) * self.row_gap

    def column_spans(self, width: int | None = None) -> list[tuple[int, int]]:
        """(x, width) of each column: the width shared as a grid of 1fr columns shares it, the
        columns on the right taking the odd cells."""
        width = self.content_size.width if width is None else width
        free = max(0, width - GUTTER * (self.COLUMNS - 1))
        base, extra = divmod(free, self.COLUMNS)
        spans, x = [], 0
        for col in range(self.COLUMNS):
            w = base + (1 if col >= self.COLUMNS - extra else 0)
            spans.append((x, w))
            x += w + GUTTER
        return spans

    def tile_region(self, index: int) -> Region:
        """Where tile `index` is drawn, relative to this widget's content."""
        x, w = self.column_spans()[index % self.COLUMNS]
        return Region(x, (index // self.COLUMNS) * (self.tile_height + self.row_gap), w, self.tile_height)

    def tile_at(self, x: int, y: int) -> int | None:
        row, line = divmod(y, self.tile_height + self.row_gap)
        if line >= self.tile_height:
            return None
        for col, (left, w) in enumerate(self.column_spans()):
            if left <= x < left + w:
                index = row * self.COLUMNS + col
                return index if index < len(self.tiles) else None
        return None

    def tile_text(self, tile_id: str) -> str:
        """The tile as it reads on screen, border included (for tests and the assistant)."""
        for index, tile in enumerate(self.tiles):
            if tile.id == tile_id:
                width = self.tile_region(index).width
                return "\n".join(strip.text for strip in self._tile_strips(index, width))
        raise KeyError(tile_id)

    # ------------------------------------------------------------------ drawing
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._clear_caches()  # the theme changed: every tile is drawn again in the new colours

    def on_resize(self) -> None:
        # the grid takes the height left on the screen (cockpit.tcss): its tiles fit in it
        self.tile_height, self.row_gap = self.fit(self.size.height)
        self._clear_caches()
        self.refresh()  # lines drawn before this resize was heard are drawn again at the new fit

    def _clear_caches(self) -> None:
        self._tile_cache.clear()
        self._line_cache.clear()

    def _tile_strips(self, index: int, width: int) -> list[Strip]:
        lit = index == self.cursor
        key = (index, lit, width)
        cached = self._tile_cache.get(key)
        if cached is not None:
            return cached
        tile = self.tiles[index]
        face = self.get_component_rich_style("tile-grid--highlight" if lit else "tile-grid--tile")
        frame = face + self.get_component_rich_style(
            "tile-grid--highlight-border" if lit else "tile-grid--border", partial=True)
        number = face + self.get_component_rich_style("tile-grid--number", partial=True)
        title_style = face + self.get_component_rich_style("tile-grid--title", partial=True)
        text_style = face
        if tile.disabled_reason:
            dimmed = self.get_component_rich_style("tile-grid--dimmed", partial=True)
            title_style, text_style = title_style + dimmed, face + dimmed + Style(italic=True)
        tl, h, tr, v, bl, br = HEAVY if lit else ROUND
        inner = max(0, width - 2)

        # top border with the number key (1-9; the tenth tile and later have none)
        label = f" {index + 1} " if index < 9 else ""
        if inner >= len(label) + 1 and label:
            top = [Segment(tl + h, frame), Segment(label, number), Segment(h * (inner - 1 - len(label)) + tr, frame)]
        else:
            top = [Segment(tl + h * inner + tr, frame)] if width >= 2 else [Segment(" " * width, frame)]
        lines = [Strip(top, width)]

        console = self.app.console
        body = [self._centre(Text(tile.title, style=title_style), inner)]
        summary = Text(tile.disabled_reason or tile.summary, style=text_style)
        room = max(0, self.tile_height - 3)  # summary lines (two; one on a short tile)
        # in cells (an emoji is two), at word boundaries; the last line shown ends with "…" when
        # more would not fit
        wrapped = wrap(summary, inner, room, console) if inner else []
        body += [self._centre(line, inner) for line in wrapped]
        while len(body) < self.tile_height - 2:
            body.append(Text(" " * inner))
        for text in body:
            segments = [Segment(v, frame), *self._segments(text, inner, face, console), Segment(v, frame)]
            lines.append(Strip(segments, width))
        lines.append(Strip([Segment(bl + h * inner + br, frame)], width))
        self._tile_cache[key] = lines
        return lines

    @staticmethod
    def _centre(text: Text, width: int) -> Text:
        text = text.copy()
        text.rstrip()
        text = fit(text, width)
        pad = width - text.cell_len
        text.pad_left(pad // 2)
        text.pad_right(pad - pad // 2)
        return text

    @staticmethod
    def _segments(text: Text, width: int, face: Style, console) -> list[Segment]:
        if text.style:  # Text.render leaves the base style to its caller: made a span here
            text = text.copy()
            text.stylize(text.style)
            text.style = ""
        segments = list(text.render(console, end=""))
        segments = [Segment(s.text, face + s.style if s.style else face) for s in segments]
        return Segment.adjust_line_length(segments, width, style=face)

    def render_line(self, y: int) -> Strip:
        cached = self._line_cache.get(y)
        if cached is not None:
            return cached
        width = self.content_size.width
        blank = self.rich_style
        row, line = divmod(y, self.tile_height + self.row_gap)
        if line >= self.tile_height or row >= self.rows():
            strip = Strip.blank(width, blank)
        else:
            segments: list[Segment] = []
            at = 0
            for col, (x, w) in enumerate(self.column_spans(width)):
                index = row * self.COLUMNS + col
                if index >= len(self.tiles) or w <= 0:
                    break
                if x > at:
                    segments.append(Segment(" " * (x - at), blank))
                segments.extend(self._tile_strips(index, w)[line])
                at = x + w
            strip = Strip(segments).adjust_cell_length(width, blank)
        self._line_cache[y] = strip
        return strip

    def _repaint_tile(self, index: int) -> None:
        if not 0 <= index < len(self.tiles):
            return
        region = self.tile_region(index)
        for y in range(region.y, region.bottom):
            self._line_cache.pop(y, None)
        if self.is_mounted:
            self.refresh(region)

    # ------------------------------------------------------------------ state
    def watch_cursor(self, old: int, cursor: int) -> None:
        # only the tile left and the tile reached are drawn again
        self._repaint_tile(old)
        self._repaint_tile(cursor)

    def update_tiles(self, tiles: list[Tile]) -> None:
        by_id = {t.id: t for t in tiles}
        for index, tile in enumerate(self.tiles):
            new = by_id.get(tile.id)
            if new is not None and new != tile:  # unchanged tiles are not redrawn
                self.tiles[index] = new
                for key in [k for k in self._tile_cache if k[0] == index]:
                    del self._tile_cache[key]
                self._repaint_tile(index)

    @property
    def current(self) -> Tile | None:
        return self.tiles[self.cursor] if self.tiles else None

    # ------------------------------------------------------------------ keys and mouse
    def action_move(self, dx: int, dy: int) -> None:
        """Left/Right move along the row and wrap within it; Up/Down move along the column and wrap
        within it (past the last tile of a column, back to its first), as the lists wrap."""
        count = len(self.tiles)
        if not count:
            return
        col, row = self.cursor % self.COLUMNS, self.cursor // self.COLUMNS
        if dy:
            rows_here = len(range(col, count, self.COLUMNS))  # the last row may be short
            target = ((row + dy) % rows_here) * self.COLUMNS + col
        else:
            col = (col + dx) % self.COLUMNS
            target = row * self.COLUMNS + col
            if target >= count:
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

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.tile_at(offset.x, offset.y)
        if index is not None:
            self.cursor = index
            self.action_open()
