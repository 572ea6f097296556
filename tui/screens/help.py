"""Help: the keys of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

from rich.table import Table
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GLOBAL_KEYS = [
    ("arrows, h j k l", "move between tiles and rows"),
    ("Enter, Space", "open the highlighted item, or toggle it"),
    ("Left / Right", "change a setting one step"),
    ("1 to 9", "jump straight to the n-th item"),
    ("Backspace, Escape", "back one level; Escape also closes a dialog"),
    ("g, Home", "back to the home screen"),
    ("/ or :", "the assistant: a request in plain words"),
    ("Ctrl+P", "command palette: every screen and action"),
    ("Ctrl+Z", "undo the last change"),
    ("!", "alerts (M there: every message the app showed)"),
    ("?, F1", "this help"),
    ("Ctrl+Q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,backspace,question_mark,f1,q", "dismiss_help", "Close", show=True),
    ]

    def __init__(self, title: str, purpose: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.purpose = purpose
        self.keys = keys

    def compose(self):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        # the keys that work everywhere are listed once, below the ones of this screen
        seen = {"Open", "Back", "Home", "Help", "Quit", "Ask"}
        for key, what in [*self.keys, *GLOBAL_KEYS]:
            if what in seen:
                continue
            seen.add(what)
            table.add_row(key, what)
        with VerticalScroll(id="help-box") as box:
            box.border_subtitle = "Escape, Backspace or ? closes this help"
            yield Static(f"[b]Help · {self.title_text}[/b]\n{self.purpose}\n", id="help-title")
            yield Static(table, id="help-keys")

    def action_dismiss_help(self) -> None:
        from tui.screens.dialogs import close

        close(self)
