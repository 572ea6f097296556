"""Text that fits: every widget that puts text into a width measures it in terminal cells (Rich's
cell widths: an emoji or a CJK character is two, a combining accent none) and cuts it with an
ellipsis, never mid-glyph; a row that wraps goes on under the text it continues (UX.md, Messages).

- cut(text, width): a str of at most `width` cells, ending with "…" when it was longer;
- pad(text, width): cut, then filled with spaces to exactly `width` cells;
- fit(text, width): the same for a Rich Text (its styles kept);
- wrap(text, width, lines): words wrapped into at most `lines` lines, the last ending with "…"
  when more did not fit;
- Row: a menu row (a Rich Text, so str() and .plain read as ever) whose wrapped lines are
  indented under its text, past its key column.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual._context import active_app
from textual.strip import Strip
from textual.visual import Visual

ELLIPSIS = "…"


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells: as it is when it fits, else cut and ending with "…"."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    # set_cell_size never splits a wide character (it pads with a space instead): stripped here
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    """`text` cut to `width` cells and filled with spaces to exactly that many."""
    text = cut(text, width)
    return text + " " * max(0, width - cell_len(text))


def fit(text: Text, width: int) -> Text:
    """A copy of `text` in at most `width` cells, ending with "…" when it was cut."""
    text = text.copy()
    if text.cell_len > width:
        if width <= 1:
            text = Text(ELLIPSIS if width == 1 else "", style=text.style, end=text.end)
        else:
            text.truncate(width - 1)
            text.rstrip()
            text.append(ELLIPSIS)
    return text


_console: Console | None = None


def _measuring_console() -> Console:
    global _console
    if _console is None:
        _console = Console(width=200, color_system=None, legacy_windows=False)
    return _console


def _breaks(plain: str, width: int) -> list[int]:
    """Where the lines of `plain` start (after the first), wrapped greedily at spaces into lines of
    at most `width` cells; a word longer than a line is folded between its characters."""
    starts: list[int] = []
    used = cell_len(plain) - cell_len(plain.lstrip()) if plain[:1].isspace() else 0  # cells on the current line
    for match in _WORD.finditer(plain):
        word = match.group(1)
        cells = cell_len(word)
        if used and used + cells > width:  # the word starts the next line
            starts.append(match.start())
            used = 0
        if cells > width:  # folded, a character at a time
            at = match.start()
            for ch in word:
                w = cell_len(ch)
                if used + w > width and used:
                    starts.append(at)
                    used = 0
                used += w
                at += 1
        else:
            used += cells
        used += cell_len(match.group(2))
    return starts


_WORD = re.compile(r"(\S+)(\s*)")


def wrap(text: Text | str, width: int, lines: int | None = None, console: Console | None = None) -> list[Text]:
    """`text` wrapped at word boundaries into lines of at most `width` cells (a word longer than a
    line is folded); at most `lines` of them, the last ending with "…" when more did not fit."""
    if width <= 0:
        return []
    text = Text(text) if isinstance(text, str) else text.copy()
    wrapped = list(text.divide(_breaks(text.plain, width)))
    for line in wrapped:
        line.rstrip()
        line.end = "\n"
    if lines is not None and len(wrapped) > lines:
        wrapped = wrapped[:lines]
        if wrapped:
            last = wrapped[-1]
            last.append(ELLIPSIS)
            wrapped[-1] = fit(last, width) if last.cell_len > width else last
    return wrapped


# -------------------------------------------------------------------------- rows that wrap
_KEY_COLUMN = re.compile(r"^ *(?:\d{1,2} +)?")


class Row(Text):
    """A menu row: a Rich Text that, drawn in a list, wraps its text under itself, past its first
    `indent` characters (the key column: "1 ", or nothing). no_wrap=True rows stay on one line and
    end with "…" when cut."""

    def __init__(self, *args, indent: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indent = indent

    @classmethod
    def of(cls, text: Text, indent: int | None = None) -> "Row":
        """`text` as a Row; its indent by default the key column it opens with."""
        if isinstance(text, Row) and indent is None:
            return text
        if indent is None:
            indent = len(_KEY_COLUMN.match(text.plain).group(0))
        row = cls(text.plain, style=text.style, justify=text.justify, overflow=text.overflow,
                  no_wrap=text.no_wrap, end=text.end, tab_size=text.tab_size, spans=list(text.spans),
                  indent=indent)
        return row

    def copy(self) -> "Row":
        return Row.of(super().copy(), self.indent)

    def visualize(self):
        """Textual draws this instead of the plain text (which it would wrap back to the first
        column)."""
        return Hanging(self)


class Hanging(Visual):
    """How Textual draws a Row: the first line with its key column, the next ones indented as far.
    A Visual of its own (not a Rich renderable), so that a list's layout, which asks every row's
    height at a few widths, gets it from the lines wrapped once per width."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self._wrapped: dict[int, list[Text]] = {}  # width -> lines (layout asks at a few widths)

    def lines(self, width: int, console: Console | None = None) -> list[Text]:
        found = self._wrapped.get(width)
        if found is None:
            if len(self._wrapped) > 4:
                self._wrapped.clear()
            found = self._wrapped[width] = self._wrap(width, console or _console_now())
        return found

    def _wrap(self, width: int, console: Console) -> list[Text]:
        row = self.row
        if width <= 0:
            return [Text("")]
        if row.cell_len <= width:  # most rows: one line as it is
            return [row]
        if row.no_wrap or width - row.indent < 4:  # one line, cut with an ellipsis
            return [fit(Text(row.plain, style=row.style, spans=list(row.spans)), width)]
        head, body = row[: row.indent], row[row.indent:]
        room = width - head.cell_len
        body.no_wrap = False
        wrapped = wrap(body, room, console=console) or [Text("")]
        out = []
        for n, line in enumerate(wrapped):
            start = head.copy() if n == 0 else Text(" " * head.cell_len)
            start.append_text(line)
            out.append(start)
        return out

    # ---- the Visual protocol (as textual.visual.RichVisual draws a Rich Text)
    def render_strips(self, width: int, height: int | None, style, options) -> list[Strip]:
        console = _console_now()
        base = style.rich_style
        strips = []
        for line in self.lines(width, console)[:height]:
            segments = Segment.apply_style(line.render(console, end=""), base)
            strips.append(Strip(list(segments)).crop(0, width))
        return strips

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.row.cell_len

    def get_height(self, rules, width: int) -> int:
        return len(self.lines(width))

    def __str__(self) -> str:
        return self.row.plain


def _console_now() -> Console:
    try:
        return active_app.get().console
    except LookupError:  # drawn outside an app (a test)
        return _measuring_console()


__all__ = ["ELLIPSIS", "Hanging", "Row", "cell_len", "cut", "fit", "pad", "wrap"]
