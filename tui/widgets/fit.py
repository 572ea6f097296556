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
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

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


def wrap(text: Text | str, width: int, lines: int | None = None, console: Console | None = None) -> list[Text]:
    """`text` wrapped at word boundaries into lines of at most `width` cells (a word longer than a
    line is folded); at most `lines` of them, the last ending with "…" when more did not fit."""
    if width <= 0:
        return []
    text = Text(text) if isinstance(text, str) else text.copy()
    wrapped = list(text.wrap(console or _measuring_console(), width, justify="left", overflow="fold"))
    for line in wrapped:
        line.rstrip()
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
        """Textual draws this (a Rich renderable) instead of the plain text (which it would wrap
        back to the first column)."""
        return Hanging(self)


class Hanging:
    """Draws a Row: the first line with its key column, the next ones indented as far."""

    def __init__(self, row: Row) -> None:
        self.row = row

    def lines(self, width: int, console: Console) -> list[Text]:
        row = self.row
        if width <= 0:
            return [Text("")]
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

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(options.max_width, console)
        joined = Text("\n").join(lines)
        joined.no_wrap, joined.overflow, joined.end = True, "crop", "\n"  # a line break ends each line
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.row.cell_len, self.row.indent + 4), self.row.cell_len)

    def __str__(self) -> str:
        return self.row.plain


__all__ = ["ELLIPSIS", "Hanging", "Row", "cell_len", "cut", "fit", "pad", "wrap"]
