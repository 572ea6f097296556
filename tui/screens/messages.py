"""Messages: what the app has told the driver (every toast), newest first, to read again. Opened
with M on the Alerts screen (!) or from the palette. Opening it marks the warnings as read."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.screens.base import CockpitScreen

MARKS = {"information": ("·", ""), "warning": ("!", "bold yellow"), "error": ("✖", "bold red")}


class MessagesScreen(CockpitScreen):
    CRUMBS = ("Messages",)
    HELP = "What the app has told you, newest first. A message said again is counted (×n)."

    def compose_body(self):
        with VerticalScroll(id="messages-scroll"):
            yield Static(id="messages")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_messages()
        self.query_one("#messages-scroll").focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.show_messages()

    def show_messages(self) -> None:
        log = self.app.messages
        c = self.controller
        text = Text()
        items = log.newest_first()
        for m in items:
            mark, style = MARKS.get(m.severity, MARKS["information"])
            text.append(f"{c.time_text(m.at)}  ", style="dim")
            text.append(f"{mark} ", style=style)
            text.append(m.text)
            if m.count > 1:
                text.append(f"  ×{m.count}", style="dim")
            text.append("\n")
        if not items:
            text.append("Nothing yet.", style="dim")
        self.query_one("#messages", Static).update(text)
        log.read()

