"""One menu row (a MenuItem), drawn the same way in every list and dialog: its number key, its title,
its detail; a row that cannot be chosen now is dimmed and says why instead.

- item_row: "1 Title  detail" (menus, choices, devices, the routine editor);
- value_row: "1 Label        ‹ value ›" (rows whose value Left/Right change: settings, controls).

Both are Rows (tui/widgets/fit.py): measured in terminal cells, a title cut to its column ends with
"…", and a row too long for its list wraps under its title, past the key column.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.fit import Row, pad
from tui.widgets.menu_list import MenuItem


def _start(number: int | None, style: str = "dim") -> Row:
    """A row opening with its key: 1-9, a blank column from 10 on, nothing when number is None."""
    text = Row()
    if number is not None:
        text.append(f"{number} " if number <= 9 else "  ", style=style if number <= 9 else "dim")
    text.indent = len(text.plain)
    return text


def _title(item: MenuItem, width: int | None) -> str:
    """The title as it is (width None), or cut with "…" and padded to `width` cells."""
    return item.title if width is None else pad(item.title, width)


def item_row(item: MenuItem, number: int | None = None, *, width: int | None = None, number_style: str = "dim",
             title_style: str = "bold") -> Text:
    """number: the row's key (None: no key column). width: the title padded or cut to this many
    cells and one space before the detail; None: the title as it is and two spaces."""
    text = _start(number, number_style)
    dim = item.disabled_reason is not None
    text.append(_title(item, width), style="dim" if dim else title_style)
    detail = item.disabled_reason if dim else item.detail
    if detail:
        text.append(" " if width is not None else "  ")
        if width is not None:  # a detail too long goes on under itself, in its column
            text.indent = len(text.plain)
        text.append(detail, style="dim italic" if dim else "")
    return text


def value_row(item: MenuItem, number: int | None, width: int) -> Text:
    """The label cut or padded to `width` cells, then the value between ‹ › (the reason, dimmed,
    when the row cannot change now)."""
    text = _start(number)
    dim = item.disabled_reason is not None
    text.append(_title(item, width), style="dim" if dim else "")
    if dim:
        text.append("  ")
        text.indent = len(text.plain)  # a reason too long goes on under itself, past the label
        text.append(item.disabled_reason, style="dim italic")
    else:
        text.append(" ‹ ", style="dim")
        text.indent = len(text.plain)  # and a value under itself
        text.append(item.detail, style="bold")
        text.append(" ›", style="dim")
    return text


__all__ = ["item_row", "value_row"]
