"""Help: the keys of the screen underneath, exactly those that work there (read from its active
bindings by tui/widgets/keys.py, as its footer is), its own first, then those of every screen."""

from __future__ import annotations

from rich.table import Table
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.footer import CockpitFooter
from tui.widgets.keys import KeyLine


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,backspace,question_mark,f1,q", "dismiss_help", "Close", show=True),
    ]

    def __init__(self, title: str, purpose: str, keys: list[KeyLine]) -> None:
        super().__init__()
        self.title_text = title
        self.purpose = purpose
        self.lines = list(keys)  # as shown, in order
        self.keys = [(line.text, line.description) for line in self.lines]  # (keys, what they do)

    def compose(self):
        own = Table.grid(padding=(0, 2))
        own.add_column(style="bold", no_wrap=True)
        own.add_column()
        for line in (k for k in self.lines if not k.everywhere):
            own.add_row(line.text, line.description)
        # the keys of every screen, two to a row in few words, so that help fits 80x24
        common = Table.grid(padding=(0, 1))
        for _ in range(2):
            common.add_column(style="bold", no_wrap=True)
            common.add_column()
        lines = [k for k in self.lines if k.everywhere]
        for left, right in zip(lines[0::2], lines[1::2] + [None]):
            cells = [left.text, left.description]
            cells += [right.text, right.description] if right is not None else ["", ""]
            common.add_row(*cells)
        with VerticalScroll(id="help-box") as box:
            box.border_subtitle = "Escape, Backspace or ? closes this help"
            yield Static(f"[b]Help · {self.title_text}[/b]\n{self.purpose}\n", id="help-title")
            if own.row_count:
                yield Static(own, id="help-keys")
            if lines:
                yield Static("[dim]On every screen[/dim]", id="help-common-title")
                yield Static(common, id="help-common")
        yield CockpitFooter()

    def action_dismiss_help(self) -> None:
        from tui.screens.dialogs import close

        close(self)
